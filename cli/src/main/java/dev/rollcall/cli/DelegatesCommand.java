package dev.rollcall.cli;

import dev.rollcall.core.Action;
import dev.rollcall.core.DelegateChange;
import dev.rollcall.core.DelegatePlan;
import dev.rollcall.core.DelegateReports;
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
        @Parameters(index = "0", paramLabel = "FILE", description = "the delegate file")
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
        @Mixin
        DecodeOptions decode;
        @Option(names = "--format", paramLabel = "csv|xml|xlsx", description = "the file's format (default: by its name)")
        String format;
        @Option(names = "--report", paramLabel = "FILE", description = "write the full report: .json, .csv or .html")
        Path report;
        @Option(names = "--errors", paramLabel = "FILE",
                description = "write the rejected rows, as they were, with an errors column: fix them and upload the file again")
        Path errors;

        /** Checks, before anything is done, the report's suffix and that the outputs could be written. */
        void checkOutputs() {
            if (report != null && reportKind() == null) {
                throw new IllegalArgumentException("--report must end in .json, .csv or .html: " + report);
            }
            Outputs.check(report, errors);
        }

        private String reportKind() {
            String name = report.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
            for (String kind : new String[] {"json", "csv", "html"}) {
                if (name.endsWith("." + kind)) {
                    return kind;
                }
            }
            return null;
        }

        /** Writes the report and the error file, when asked for. */
        void writeOutputs(DelegatePlan plan, List<RowOutcome.State> states) {
            PrintWriter out = spec.commandLine().getOut();
            if (report != null) {
                Outputs.write(report, "the report", stream -> {
                    java.io.Writer w = new java.io.OutputStreamWriter(stream, java.nio.charset.StandardCharsets.UTF_8);
                    switch (reportKind()) {
                        case "json" -> DelegateReports.json(plan, states, w);
                        case "csv" -> DelegateReports.csv(plan, states, w);
                        default -> DelegateReports.html(plan, states, w);
                    }
                    w.flush();
                });
                out.println("Report written to " + report);
            }
            if (errors != null && !plan.isRefused()) {
                long[] n = {0};
                Outputs.write(errors, "the error file", stream -> n[0] = plan.writeErrorFile(stream));
                out.println(n[0] == 0 ? "No rejected rows; " + errors + " holds only the header"
                        : n[0] + " rejected rows written to " + errors);
            }
        }

        DelegatePlan plan(JdbcUserRepository repository) {
            if (!Files.isRegularFile(file)) {
                throw new UploadFileException(Codes.UNREADABLE_FILE, 0, 0, "no such file: " + file);
            }
            DelegatePlan.Builder b = DelegatePlan.builder().repository(repository).format(format(file))
                    .onlyListedUsers(onlyListed).maxRemovalPercent(maxRemoval).allowMassRemoval(allowMassRemoval);
            decode.decoder().ifPresent(b::decoder);
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
                    : dev.rollcall.core.Formats.decodedName(f.getFileName().toString())
                            .toLowerCase(java.util.Locale.ROOT).endsWith(".xml");
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
            plan.safetyStop().ifPresent(p -> out.println("STOPPED: " + p.describe()));
            out.println(String.format("%6s  %-10s  %-20s  %s", "line", "action", "user", "delegates"));
            for (int i = 0; i < plan.changes().size(); i++) {
                DelegateChange c = plan.changes().get(i);
                String action = states == null ? c.action().label() : states.get(i).label();
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
            checkOutputs();
            try (JdbcUserRepository repository = StoreOption.open(spec)) {
                DelegatePlan plan = plan(repository);
                int code = print(plan, null);
                writeOutputs(plan, null);
                return code;
            }
        }
    }

    @Command(name = "apply", mixinStandardHelpOptions = true, description = "Apply a delegate file.")
    static final class ApplyDelegates extends Run {
        @Override
        public Integer call() {
            checkOutputs();
            try (JdbcUserRepository repository = StoreOption.open(spec)) {
                DelegatePlan plan = plan(repository);
                List<RowOutcome.State> states = plan.isRefused() || plan.safetyStop().isPresent() ? null : plan.apply();
                int code = print(plan, states);
                writeOutputs(plan, states);
                return code;
            }
        }
    }
}
