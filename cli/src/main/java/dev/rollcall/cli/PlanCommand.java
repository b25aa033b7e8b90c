package dev.rollcall.cli;

import dev.rollcall.core.UploadPlan;
import picocli.CommandLine.Command;

import java.io.UncheckedIOException;

/** {@code rollcall plan FILE}: a dry run. Reads the file and the store; writes nothing. */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = "Show what an upload would do, without writing anything (a dry run).")
final class PlanCommand extends UploadRun {

    @picocli.CommandLine.Option(names = "--save", paramLabel = "PLANFILE",
            description = "save the plan, to review and apply later with apply --plan PLANFILE: signed with the "
                    + "store's key, secrets encrypted, readable by its owner only")
    java.nio.file.Path save;

    @Override
    public Integer call() {
        checkReportSuffix();
        checkOutputs();
        Outputs.check(save);
        try (StoreOption.Users users = StoreOption.openUsers(spec); UploadPlan planned = plan(users.repository());
             UploadPlan plan = reviewed(planned)) {
            printPlan(plan);
            if (!plan.isRefused() && plan.safetyStop().isEmpty()) {
                noteInactive(plan.stream(), false);
            }
            writeReport(plan, null);
            writeErrors(plan);
            if (save != null && !plan.isRefused()) {
                try {
                    plan.save(save);
                } catch (UncheckedIOException e) {
                    throw Outputs.failed(save, "the plan", e.getCause());
                }
                out().println("Plan saved to " + save + "; apply it with: rollcall apply --plan " + save);
            }
            return exitCode(plan, null);
        }
    }
}
