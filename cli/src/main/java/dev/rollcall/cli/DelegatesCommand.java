package dev.rollcall.cli;

import dev.rollcall.core.Action;
import dev.rollcall.core.DelegateChange;
import dev.rollcall.core.DelegatePlan;
import dev.rollcall.core.RowOutcome;
import dev.rollcall.jdbc.JdbcUserRepository;
import dev.rollcall.spi.Codes;
import dev.rollcall.spi.ControlCharacters;
import dev.rollcall.spi.Problem;
import dev.rollcall.spi.UploadFileException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code rollcall delegates plan|apply FILE}: user-delegate relationships (seeds 002, 004). */
@Command(name = "delegates", mixinStandardHelpOptions = true,
        description = "Replace user-delegate relationships from a file: the user's external id in the first column, one "
                + "delegate's external id per further column. Any delegate not in the file is removed.",
        subcommands = {DelegatesCommand.PlanDelegates.class, DelegatesCommand.ApplyDelegates.class})
final class DelegatesCommand {

    /** What both subcommands share. */
    abstract static class Run implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", paramLabel = "FILE")
        Path file;
        @Option(names = "--site", paramLabel = "PATH", description = "only users of this site and below")
        String site;
        @Option(names = "--only-listed-users", description = "leave the delegates of users the file does not list alone")
        boolean onlyListed;
        @Option(names = "--max-removal", paramLabel = "PERCENT", defaultValue = "10",
                description = "an upload removing more of the existing delegate links than this is stopped (default 10)")
        double maxRemoval;
        @Option(names = "--allow-mass-removal", description = "let the upload remove more than --max-removal")
        boolean allowMassRemoval;
        @Mixin
        CsvOptions csv;
        @Option(names = "--format", paramLabel = "csv|xml|xlsx", description = "the file's format (default: by its name)")
        String format;

        DelegatePlan plan(JdbcUserRepository repository) {
            if (!Files.isRegularFile(file)) {
                throw new UploadFileException(Codes.UNREADABLE_FILE, 0, 0, "no such file: " + file);
            }
            DelegatePlan.Builder b = DelegatePlan.builder().repository(repository).format(format(file))
                    .onlyListedUsers(onlyListed).maxRemovalPercent(maxRemoval).allowMassRemoval(allowMassRemoval);
            if (site != null) {
                b.site(site);
            }
            return b.build().plan(file);
        }

        dev.rollcall.spi.UploadFormat format(Path f) {
            dev.rollcall.xlsx.XlsxFormat xlsx = new dev.rollcall.xlsx.XlsxFormat();
            if (format != null ? format.equalsIgnoreCase("xlsx") : xlsx.accepts(f.getFileName().toString())) {
                return xlsx;
            }
            boolean xml = format != null ? format.equalsIgnoreCase("xml")
                    : f.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".xml");
            if (format != null && !xml && !format.equalsIgnoreCase("csv")) {
                throw new IllegalArgumentException("--format must be csv, xml or xlsx, not '" + format + "'");
            }
            return xml ? new dev.rollcall.xml.XmlDelegateFormat() : csv.format();
        }

        int print(DelegatePlan plan, List<RowOutcome.State> states) {
            PrintWriter out = spec.commandLine().getOut();
            if (plan.isRefused()) {
                out.println(ControlCharacters.escape(plan.source()) + ": the file is refused; nothing will be written");
                plan.fileProblems().forEach(p -> out.println("  " + p.describe()));
                return Main.FILE_REFUSED;
            }
            out.println("Delegates in " + ControlCharacters.escape(plan.source()) + ": " + plan.describe());
            plan.safetyStop().ifPresent(p -> out.println("STOPPED: " + ControlCharacters.escape(p.message())));
            out.println(String.format("%6s  %-10s  %-20s  %s", "line", "action", "user", "delegates"));
            for (int i = 0; i < plan.changes().size(); i++) {
                DelegateChange c = plan.changes().get(i);
                String action = states == null ? c.action().label()
                        : states.get(i).name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
                String delegates = (c.addedShown().isEmpty() ? "" : "+" + String.join(" +", c.addedShown()))
                        + (c.removedShown().isEmpty() ? "" : " -" + String.join(" -", c.removedShown()));
                out.println(String.format("%6s  %-10s  %-20s  %s", c.line() == 0 ? "-" : c.line(), action,
                        c.externalId() == null ? "-" : ControlCharacters.escape(c.externalId()),
                        ControlCharacters.escape(delegates.strip())));
                for (Problem p : c.messages()) {
                    if (p.severity() != dev.rollcall.spi.Severity.INFO) {
                        out.println(String.format("%6s  %-10s  %s", "", "", p.severity().label() + ": " + p.describe()));
                    }
                }
            }
            if (plan.safetyStop().isPresent()) {
                return Main.THRESHOLD;
            }
            boolean failed = states != null && states.contains(RowOutcome.State.FAILED);
            return failed || plan.changes().stream().anyMatch(c -> c.action() == Action.REJECT) ? Main.ROWS_REJECTED : Main.OK;
        }
    }

    @Command(name = "plan", mixinStandardHelpOptions = true, description = "Show what a delegate file would change.")
    static final class PlanDelegates extends Run {
        @Override
        public Integer call() {
            try (JdbcUserRepository repository = StoreOption.open(spec)) {
                return print(plan(repository), null);
            }
        }
    }

    @Command(name = "apply", mixinStandardHelpOptions = true, description = "Apply a delegate file.")
    static final class ApplyDelegates extends Run {
        @Override
        public Integer call() {
            try (JdbcUserRepository repository = StoreOption.open(spec)) {
                DelegatePlan plan = plan(repository);
                if (plan.isRefused() || plan.safetyStop().isPresent()) {
                    return print(plan, null);
                }
                return print(plan, plan.apply());
            }
        }
    }
}
