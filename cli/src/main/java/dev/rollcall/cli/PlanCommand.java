package dev.rollcall.cli;

import dev.rollcall.core.UploadPlan;
import dev.rollcall.jdbc.JdbcUserRepository;
import picocli.CommandLine.Command;

/** {@code rollcall plan FILE}: a dry run. Reads the file and the store; writes nothing. */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = "Show what an upload would do, without writing anything (a dry run).")
final class PlanCommand extends UploadRun {

    @Override
    public Integer call() {
        checkReportSuffix();
        try (JdbcUserRepository repository = StoreOption.open(spec)) {
            UploadPlan plan = plan(repository);
            printPlan(plan);
            writeReport(plan, null);
            writeErrors(plan);
            return exitCode(plan, null);
        }
    }
}
