package dev.rollcall.cli;

import dev.rollcall.core.Action;
import dev.rollcall.core.PlanTable;
import dev.rollcall.core.PlannedChange;
import dev.rollcall.core.Reports;
import dev.rollcall.core.UploadPlan;
import dev.rollcall.core.UploadPlanner;
import dev.rollcall.core.UploadResult;
import dev.rollcall.spi.UserRepository;
import dev.rollcall.spi.Codes;
import dev.rollcall.spi.Notifier;
import dev.rollcall.spi.StandardFields;
import dev.rollcall.spi.UserStatus;
import dev.rollcall.spi.WelcomeMessage;
import dev.rollcall.spi.UploadFileException;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** What {@code plan} and {@code apply} share: the file, the options, the store, the report. */
abstract class UploadRun implements Callable<Integer> {

    /** The most rows the terminal table shows; the report holds them all. */
    static final int TABLE_ROWS = 200;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", description = "the upload file")
    Path file;

    @Mixin
    UploadOptions options;

    @Option(names = "--report", paramLabel = "FILE", description = "write the full report: .json, .csv or .html")
    Path report;

    @Option(names = "--errors", paramLabel = "FILE",
            description = "write the rejected rows, as they were, with an errors column: fix them and upload the file again")
    Path errors;

    @Option(names = "--exclude", split = ",", paramLabel = "LINE",
            description = "leave these lines of the file out of the plan (a reviewer's choice), e.g. --exclude 7,12")
    long[] exclude = {};

    @Option(names = "--welcome", paramLabel = "none|all", defaultValue = "none",
            description = "which new users get a welcome message once created: none (default) or all; "
                    + "the command lists them, a host application sends them")
    String welcome;

    private ProgressBar progress;

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    void checkReportSuffix() {
        if (report != null && reportKind() == null) {
            throw new IllegalArgumentException("--report must end in .json, .csv or .html: " + report);
        }
    }

    private String reportKind() {
        String name = report.getFileName().toString().toLowerCase(Locale.ROOT);
        for (String kind : new String[] {"json", "csv", "html"}) {
            if (name.endsWith("." + kind)) {
                return kind;
            }
        }
        return null;
    }

    UploadPlan plan(UserRepository repository) {
        if (file == null) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "Missing required parameter: 'FILE'");
        }
        if (!Files.isRegularFile(file)) {
            throw new UploadFileException(Codes.UNREADABLE_FILE, 0, 0, "no such file: " + file);
        }
        progress = ProgressBar.onTerminal(err(), file.toFile().length());
        UploadPlanner planner = planner(repository, file).progress(progress).build();
        try (InputStream in = progress.counting(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            return planner.plan(in, file.getFileName().toString());
        } catch (IOException e) {
            throw new UploadFileException(Codes.UNREADABLE_FILE, 0, 0, "cannot read " + file + ": " + e.getMessage());
        } finally {
            progress.done();
        }
    }

    /**
     * @param file the upload file, or null for a saved plan
     * @return the planner's settings: the upload options, and a notifier listing welcome messages
     */
    UploadPlanner.Builder planner(UserRepository repository, Path file) {
        UploadPlanner.Builder b = options.builder(repository, file);
        if (welcomeAll()) {
            b.notifier(new Notifier() {
                @Override
                public void welcome(WelcomeMessage message) {
                    out().println("Welcome message for " + message.username()
                            + message.email().map(e -> " <" + e + ">").orElse(""));
                }
            });
        }
        return b;
    }

    private boolean welcomeAll() {
        return switch (welcome.toLowerCase(Locale.ROOT)) {
            case "none" -> false;
            case "all" -> true;
            default -> throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--welcome must be none or all, not " + welcome);
        };
    }

    /**
     * @return the plan as the reviewer wants it: the {@code --exclude} lines left out, and new
     *         users welcomed with {@code --welcome all}; the plan itself when neither is given
     *         (close both: closing one twice is harmless)
     */
    UploadPlan reviewed(UploadPlan plan) {
        UploadPlan p = plan;
        if (exclude.length > 0 && !p.isRefused()) {
            p = p.exclude(exclude);
        }
        if (welcomeAll() && !p.isRefused()) {
            UploadPlan welcomed = p.welcomeAll();
            if (p != plan) {
                p.close();
            }
            p = welcomed;
        }
        return p;
    }

    /** Applies the plan, with the progress bar, if any, of its planning. */
    UploadResult apply(UploadPlan plan) {
        try {
            return plan.apply();
        } finally {
            if (progress != null) {
                progress.done();
            }
        }
    }

    /** Checks, before anything is done, that the report and the error file could be written. */
    void checkOutputs() {
        Outputs.check(report, errors);
    }

    void writeReport(UploadPlan plan, UploadResult result) {
        if (report == null) {
            return;
        }
        Outputs.write(report, "the report", stream -> {
            Writer w = new OutputStreamWriter(stream, StandardCharsets.UTF_8);
            switch (reportKind()) {
                case "json" -> {
                    if (result == null) {
                        Reports.json(plan, w);
                    } else {
                        Reports.json(plan, result, w);
                    }
                }
                case "csv" -> Reports.csv(plan, result, w);
                default -> Reports.html(plan, result, w);
            }
            w.flush();
        });
        out().println("Report written to " + report);
    }

    void writeErrors(UploadPlan plan) {
        if (errors == null || plan.isRefused()) {
            return;
        }
        long[] n = {0};
        Outputs.write(errors, "the error file", stream -> n[0] = plan.writeErrorFile(stream));
        out().println(n[0] == 0 ? "No rejected rows; " + errors + " holds only the header"
                : n[0] + " rejected rows written to " + errors);
    }

    void printPlan(UploadPlan plan) {
        out().print(PlanTable.render(plan, TABLE_ROWS, width(System.getenv("COLUMNS"))));
    }

    /**
     * @param columns the {@code COLUMNS} environment variable, or null
     * @return the terminal's width it gives, or 0 (no limit) when it gives none
     */
    static int width(String columns) {
        try {
            return columns == null ? 0 : Math.max(0, Integer.parseInt(columns.strip()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /**
     * Seed 001: new users are inactive unless the row or {@code --new-user-status} says
     * otherwise. Says so once, when it happens without {@code --new-user-status}.
     *
     * @param created the new users planned or written
     * @param done    whether they were written (apply) or only planned
     */
    void noteInactive(java.util.stream.Stream<PlannedChange> created, boolean done) {
        if (!options.newUsersInactiveByDefault()) {
            return;
        }
        long inactive = created.filter(c -> c.action() == Action.CREATE && c.changes().stream().anyMatch(
                f -> f.field().equals(StandardFields.STATUS) && UserStatus.INACTIVE.name().equals(f.to()))).count();
        if (inactive > 0) {
            out().println(inactive + (inactive == 1 ? " new user " : " new users ") + (done ? "created" : "will be created")
                    + " inactive; --new-user-status active to change");
        }
    }

    static int exitCode(UploadPlan plan, UploadResult result) {
        if (plan.isRefused()) {
            return Main.FILE_REFUSED;
        }
        if (plan.safetyStop().isPresent()) {
            return Main.THRESHOLD;
        }
        boolean bad = result == null ? plan.summary().rejected() > 0
                : result.summary().rejected() > 0 || result.summary().failed() > 0 || result.summary().notAttempted() > 0;
        return bad ? Main.ROWS_REJECTED : Main.OK;
    }
}
