package dev.rollcall.cli;

import dev.rollcall.core.PlanTable;
import dev.rollcall.core.UploadPlan;
import dev.rollcall.core.UploadResult;
import dev.rollcall.jdbc.JdbcUserRepository;
import picocli.CommandLine.Command;

/** {@code rollcall apply FILE}: plans the file, then writes the plan through the store. */
@Command(name = "apply", mixinStandardHelpOptions = true,
        description = "Plan an upload and apply it to the store. A refused file writes nothing.")
final class ApplyCommand extends UploadRun {

    @Override
    public Integer call() {
        checkReportSuffix();
        try (JdbcUserRepository repository = StoreOption.open(spec)) {
            UploadPlan plan = plan(repository);
            printPlan(plan);
            writeErrors(plan);
            if (plan.isRefused() || plan.safetyStop().isPresent()) {
                writeReport(plan, null);
                return exitCode(plan, null);
            }
            UploadResult result = plan.apply();
            out().print(PlanTable.render(result));
            writeReport(plan, result);
            return exitCode(plan, result);
        }
    }
}
