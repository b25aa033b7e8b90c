package dev.rollcall.cli;

import dev.rollcall.core.PlanTable;
import dev.rollcall.core.RowOutcome;
import dev.rollcall.core.UploadPlan;
import dev.rollcall.core.UploadResult;
import dev.rollcall.spi.Codes;
import dev.rollcall.spi.RollcallException;
import dev.rollcall.spi.UploadFileException;
import dev.rollcall.spi.UserRepository;
import picocli.CommandLine.Command;

import java.nio.file.Files;

/** {@code rollcall apply FILE}: plans the file, then writes the plan through the store. */
@Command(name = "apply", mixinStandardHelpOptions = true,
        description = "Plan an upload and apply it to the store. A refused file writes nothing.")
final class ApplyCommand extends UploadRun {

    @picocli.CommandLine.Option(names = "--plan", paramLabel = "PLANFILE",
            description = "apply a plan saved by plan --save instead of a file; refused whole (status 2) if the "
                    + "plan was changed or made for another store, or the store changed since")
    java.nio.file.Path saved;

    @picocli.CommandLine.Option(names = "--applied-by", paramLabel = "NAME",
            description = "who applies the upload, as the job history records it (default: the system user name)")
    String appliedBy = ManualHistory.defaultUser();

    @Override
    public Integer call() {
        checkReportSuffix();
        if ((saved == null) == (file == null)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "give either FILE or --plan PLANFILE, not both or neither");
        }
        checkOutputs();
        try (StoreOption.Users users = StoreOption.openUsers(spec);
             UploadPlan planned = saved != null ? load(users.repository()) : plan(users.repository());
             UploadPlan plan = reviewed(planned)) {
            printPlan(plan);
            writeErrors(plan);
            if (plan.isRefused() || plan.safetyStop().isPresent()) {
                writeReport(plan, null);
                return exitCode(plan, null);
            }
            java.time.Instant started = java.time.Instant.now();
            UploadResult result = apply(plan);
            ManualHistory.record(users.database(), file != null ? file : saved, result,
                    java.util.Optional.ofNullable(errors).filter(e -> plan.summary().rejected() > 0), appliedBy, started, err());
            out().print(PlanTable.render(result, width(System.getenv("COLUMNS"))));
            noteInactive(result.rows().stream().filter(o -> o.state() == RowOutcome.State.APPLIED)
                    .map(RowOutcome::change), true);
            writeReport(plan, result);
            return exitCode(plan, result);
        }
    }

    /**
     * @return the saved plan
     * @throws CommandFailure ({@link Main#FILE_REFUSED}) when core refuses it (it is not a
     *                        plan, or not one it can trust): the saved plan is this command's input file
     */
    private UploadPlan load(UserRepository repository) {
        if (!Files.isRegularFile(saved)) {
            throw new UploadFileException(Codes.UNREADABLE_FILE, 0, 0, "no such file: " + saved);
        }
        try {
            return planner(repository, null).build().load(saved);
        } catch (RollcallException e) {
            if (Codes.STORE_FAILED.equals(e.code())) {
                throw e;
            }
            throw new CommandFailure(Main.FILE_REFUSED, "the saved plan " + saved + " is refused: " + e.getMessage()
                    + " [" + e.code() + "]", e);
        }
    }
}
