package dev.rollcall.cli;

import dev.rollcall.jobs.FileResult;
import dev.rollcall.jobs.Job;
import dev.rollcall.jobs.JobRunner;
import dev.rollcall.jobs.RunRecord;
import dev.rollcall.jdbc.JdbcUserRepository;
import dev.rollcall.spi.Problem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/** {@code rollcall jobs run|next JOBFILE}: scheduled feeds (seeds 000 and 002), described in a jobs file. */
@Command(name = "jobs", mixinStandardHelpOptions = true,
        description = "Scheduled feeds: run the jobs a jobs file describes, or preview their next runs. "
                + "The jobs file is described in docs/FEEDS.md.",
        subcommands = {JobsCommand.RunJobs.class, JobsCommand.NextRuns.class})
final class JobsCommand {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm zzz (EEE)", Locale.ROOT);

    /** {@code rollcall jobs run JOBFILE}. */
    @Command(name = "run", mixinStandardHelpOptions = true,
            description = "Run the jobs until stopped (Ctrl-C or SIGTERM stop it cleanly once the runs under way "
                    + "finish), printing a line per file processed. With --once, run the jobs that are due now and exit.",
            exitCodeListHeading = "%nExit status (with --once):%n",
            exitCodeList = {
                    "0:every file applied, no rows rejected (or nothing was due)",
                    "1:some rows rejected or failed",
                    "2:a file was refused",
                    "3:a file was stopped by a safety threshold",
                    "64:the jobs file is wrong",
                    "70:a source could not be read, or a run failed"})
    static final class RunJobs implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "JOBFILE", description = "the jobs file")
        Path file;

        @Option(names = "--once", description = "run the jobs due now (a job with schedule = now, or whose run time has "
                + "come since the last run) and exit; for cron")
        boolean once;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            JobsFile jobs = readJobs(file);
            JdbcUserRepository repository = StoreOption.open(spec);
            JobRunner runner;
            try {
                runner = JobRunner.builder().repository(repository).workDirectory(jobs.work)
                        .notifier(new ConsoleNotifier(out, jobs.email.orElse(null), Clock.systemUTC())).build();
            } catch (RuntimeException e) {
                repository.close();
                throw e;
            }
            for (Job job : jobs.jobs) {
                runner.add(job);
                if (jobs.disabled.contains(job.name())) {
                    runner.disable(job.name());
                } else {
                    runner.enable(job.name());
                }
            }
            if (once) {
                try {
                    List<RunRecord> runs = runner.runDue(Instant.now());
                    out.println(runs.isEmpty() ? "No job was due." : runs.size() + (runs.size() == 1 ? " job ran." : " jobs ran."));
                    for (RunRecord r : runs) {
                        for (Problem p : r.problems()) {
                            out.println(r.job() + ": " + p.describe());
                        }
                    }
                    return exitCode(runs);
                } finally {
                    runner.close();
                    repository.close();
                }
            }
            return runUntilStopped(out, jobs, runner, repository);
        }

        private static int runUntilStopped(PrintWriter out, JobsFile jobs, JobRunner runner, JdbcUserRepository repository)
                throws InterruptedException {
            out.println("Running " + jobs.jobs.size() + (jobs.jobs.size() == 1 ? " job" : " jobs") + " from " + jobs.file
                    + " (work directory " + jobs.work + "); stop with Ctrl-C.");
            runner.jobs().forEach(s -> out.println("  " + s.name() + ": " + s.state().label()
                    + s.nextRun().map(t -> ", next run " + t).orElse("")));
            out.flush();
            ScheduledExecutorService executor = Executors.newScheduledThreadPool(2, r -> {
                Thread t = new Thread(r, "rollcall-jobs");
                t.setDaemon(true);
                return t;
            });
            CountDownLatch stopped = new CountDownLatch(1);
            Thread hook = new Thread(() -> {
                runner.stop();
                out.println("Stopping: waiting for the runs under way to finish.");
                out.flush();
                runner.close();
                executor.shutdownNow();
                repository.close();
                out.println("Stopped.");
                out.flush();
                stopped.countDown();
            }, "rollcall-jobs-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            runner.start(executor);
            stopped.await();
            return Main.OK;
        }

        private static int exitCode(List<RunRecord> runs) {
            int code = Main.OK;
            for (RunRecord r : runs) {
                if (r.outcome() == RunRecord.Outcome.FAILED) {
                    code = Math.max(code, Main.FAILURE);
                }
                for (FileResult f : r.files()) {
                    code = Math.max(code, fileCode(f));
                }
            }
            return code;
        }

        private static int fileCode(FileResult f) {
            switch (f.status()) {
                case APPLIED:
                    return f.summary().rejected() + f.summary().failed() + f.summary().notAttempted() > 0
                            ? Main.ROWS_REJECTED : Main.OK;
                case REFUSED:
                    return Main.FILE_REFUSED;
                case STOPPED:
                    return Main.THRESHOLD;
                default:
                    return Main.FAILURE;
            }
        }
    }

    /** {@code rollcall jobs next JOBFILE}. */
    @Command(name = "next", mixinStandardHelpOptions = true,
            description = "Preview each job's next run times and the file name each run reads (dated names resolved). "
                    + "Needs no store and connects to nothing.")
    static final class NextRuns implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "JOBFILE", description = "the jobs file")
        Path file;

        @Option(names = "--count", paramLabel = "N", defaultValue = "5", description = "how many runs per job (default 5)")
        int count;

        @Option(names = "--from", paramLabel = "DATE_TIME",
                description = "preview from this moment, e.g. 2026-12-01T00:00 in each job's zone (default: now)")
        String from;

        @Override
        public Integer call() {
            if (count < 1) {
                throw new IllegalArgumentException("--count must be at least 1: " + count);
            }
            PrintWriter out = spec.commandLine().getOut();
            JobsFile jobs = readJobs(file);
            for (Job job : jobs.jobs) {
                Instant start = start(job);
                out.println(job.name() + (job.description().equals(job.name()) ? "" : " - " + job.description())
                        + (jobs.disabled.contains(job.name()) ? " (disabled)" : ""));
                out.println("  schedule: " + job.schedule().describe());
                out.println("  source:   " + job.source().describe());
                List<Instant> runs = job.schedule().preview(start, count);
                if (runs.isEmpty()) {
                    out.println("  no more runs");
                }
                for (Instant run : runs) {
                    ZonedDateTime local = run.atZone(job.zone());
                    out.println("  " + WHEN.format(local) + "  " + job.source().preview(local.toLocalDate()));
                }
            }
            return Main.OK;
        }

        private Instant start(Job job) {
            if (from == null) {
                return Instant.now();
            }
            try {
                return from.length() == 10 ? LocalDate.parse(from).atStartOfDay(job.zone()).toInstant()
                        : LocalDateTime.parse(from).atZone(job.zone()).toInstant();
            } catch (java.time.format.DateTimeParseException e) {
                throw new IllegalArgumentException("--from must be a date or date-time like 2026-12-01T00:00, not '" + from + "'");
            }
        }
    }

    static JobsFile readJobs(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new dev.rollcall.spi.UploadFileException(dev.rollcall.spi.Codes.UNREADABLE_FILE, 0, 0,
                    "no such jobs file: " + file);
        }
        return JobsFile.read(file, System::getenv);
    }

    private JobsCommand() {
    }

}
