package dev.rollcall.cli;

import dev.rollcall.jdbc.JdbcUserRepository;
import dev.rollcall.jobs.FileResult;
import dev.rollcall.jobs.HistoryEntry;
import dev.rollcall.jobs.JdbcJobStore;
import dev.rollcall.jobs.Job;
import dev.rollcall.jobs.JobDefinition;
import dev.rollcall.jobs.JobInbox;
import dev.rollcall.jobs.JobRunner;
import dev.rollcall.jobs.JobState;
import dev.rollcall.jobs.LoadType;
import dev.rollcall.jobs.RunRecord;
import dev.rollcall.jobs.Schedule;
import dev.rollcall.jobs.StoredJob;
import dev.rollcall.notify.email.EmailNotifier;
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
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;

/**
 * {@code rollcall jobs …}: scheduled feeds (seeds 000 and 002), kept in the store beside the
 * users: added, edited, listed, disabled and deleted there, run by any number of workers.
 */
@Command(name = "jobs", mixinStandardHelpOptions = true,
        description = "Scheduled feeds, kept in the store: add, edit, list and run jobs, and read what each run did. "
                + "A job's settings are the keys of a jobs file (docs/FEEDS.md).",
        subcommands = {JobsCommand.Add.class, JobsCommand.Edit.class, JobsCommand.ListJobs.class, JobsCommand.Show.class,
                JobsCommand.Disable.class, JobsCommand.Enable.class, JobsCommand.Delete.class, JobsCommand.History.class,
                JobsCommand.RunJobs.class, JobsCommand.NextRuns.class, JobsCommand.Import.class, JobsCommand.Requeue.class,
                JobsCommand.Config.class})
final class JobsCommand {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm zzz (EEE)", Locale.ROOT);

    private JobsCommand() {
    }

    /** The users' store and the job store in the same database; closed together. */
    static final class Stores implements AutoCloseable {
        final JdbcUserRepository users;
        final JdbcJobStore jobs;

        private Stores(JdbcUserRepository users) {
            this.users = users;
            this.jobs = JdbcJobStore.create(users.dataSource()).initialize();
        }

        static Stores open(CommandSpec spec) {
            JdbcUserRepository users = StoreOption.open(spec);
            try {
                return new Stores(users);
            } catch (RuntimeException e) {
                users.close();
                throw e;
            }
        }

        StoredJob find(String name) {
            return jobs.find(name).orElseThrow(() -> new IllegalArgumentException("no job named " + name
                    + " (rollcall jobs list shows the jobs)"));
        }

        @Override
        public void close() {
            users.close();
        }
    }

    /** The environment for checking a job's settings: a variable that is not set here may be set where jobs run. */
    static final Function<String, String> CHECKING_ENV = v -> Optional.ofNullable(System.getenv(v)).orElse("unset");

    /** Settings given as {@code KEY=VALUE}. */
    private static Map<String, String> settings(List<String> pairs) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String p : pairs) {
            int eq = p.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("settings are KEY=VALUE, e.g. schedule=daily, not '" + p + "'");
            }
            String key = p.substring(0, eq).strip();
            if (key.equals(JobsFile.BASE) || key.equals("enabled")) {
                throw new IllegalArgumentException(key + " is not set this way (enabled: rollcall jobs enable/disable)");
            }
            m.put(key, p.substring(eq + 1).strip());
        }
        return m;
    }

    /** Checks the settings by building the job, then saves it: the completion email beside the other settings. */
    private static StoredJob save(Stores stores, String name, Map<String, String> settings) {
        Job job = JobsFile.job(name, settings, CHECKING_ENV);
        Map<String, String> stored = new TreeMap<>(settings);
        stored.remove(JobsFile.EMAIL);
        return stores.jobs.save(JobDefinition.of(job, stored), Instant.now());
    }

    private static Schedule schedule(StoredJob s) {
        return JobsFile.schedule(s.name(), s.definition().settings());
    }

    private static String when(Instant at, ZoneId zone) {
        return WHEN.format(at.atZone(zone));
    }

    private static ZoneId zone(Schedule schedule) {
        return schedule.zone().orElse(ZoneId.systemDefault());
    }

    // ---- managing ----

    /** {@code rollcall jobs add NAME KEY=VALUE…}. */
    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Add a job to the store. Its settings are the keys of a jobs file, e.g. source=folder "
                    + "path=/srv/feeds/hr schedule=daily start=2026-12-01 time=02:30 zone=Europe/London; relative paths "
                    + "are relative to the current folder. Secrets are never settings: name the environment variable "
                    + "that holds each (sftp.password-env=…), set where the jobs run.")
    static final class Add implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME", description = "the job's name: letters, digits, '.', '-', '_'")
        String name;

        @Parameters(index = "1..*", paramLabel = "KEY=VALUE", description = "the job's settings")
        List<String> pairs = new ArrayList<>();

        @Option(names = "--email", paramLabel = "ADDRESS", description = "the completion email's address (seed 002's "
                + "\"Job Completion Email\"; the same as email=ADDRESS)")
        String email;

        @Override
        public Integer call() {
            Map<String, String> settings = settings(pairs);
            if (email != null) {
                settings.put(JobsFile.EMAIL, email);
            }
            settings.put(JobsFile.BASE, Path.of("").toAbsolutePath().toString());
            try (Stores stores = Stores.open(spec)) {
                if (stores.jobs.find(name).filter(s -> s.state() != JobState.CANCELLED).isPresent()) {
                    throw new IllegalArgumentException("a job named " + name + " exists already: rollcall jobs edit changes it");
                }
                StoredJob s = save(stores, name, settings);
                PrintWriter out = spec.commandLine().getOut();
                out.println("Added job " + name + ": " + s.definition().schedule() + "; "
                        + JobRunner.due(s, schedule(s)).map(t -> "next run " + when(t, zone(schedule(s)))).orElse("no run to come")
                        + ".");
            }
            return Main.OK;
        }
    }

    /** {@code rollcall jobs edit NAME KEY=VALUE… [--unset KEY]}. */
    @Command(name = "edit", mixinStandardHelpOptions = true,
            description = "Change a job's settings (KEY=VALUE as for add; --unset removes one). Its state and history "
                    + "stay; a changed schedule starts from now.")
    static final class Edit implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME", description = "the job")
        String name;

        @Parameters(index = "1..*", paramLabel = "KEY=VALUE", description = "settings to set")
        List<String> pairs = new ArrayList<>();

        @Option(names = "--unset", paramLabel = "KEY", description = "a setting to remove (may be repeated; "
                + "--unset email removes the completion email)")
        List<String> unset = new ArrayList<>();

        @Option(names = "--email", paramLabel = "ADDRESS", description = "the completion email's address")
        String email;

        @Override
        public Integer call() {
            try (Stores stores = Stores.open(spec)) {
                StoredJob old = stores.find(name);
                Map<String, String> settings = JobsFile.withEmail(old);
                unset.forEach(settings::remove);
                settings.putAll(settings(pairs));
                if (email != null) {
                    settings.put(JobsFile.EMAIL, email);
                }
                StoredJob s = save(stores, name, settings);
                spec.commandLine().getOut().println("Changed job " + name + ": " + s.definition().schedule() + ", "
                        + JobRunner.state(s, schedule(s)).label() + ".");
            }
            return Main.OK;
        }
    }

    /** {@code rollcall jobs list [--load TYPE] [--state STATE]}. */
    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List the jobs (seed 002's schedule list): name, load type, state, schedule, next and last run.")
    static final class ListJobs implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--load", paramLabel = "TYPE", description = "only jobs loading users or delegates")
        String load;

        @Option(names = "--state", paramLabel = "STATE", description = "only active, disabled, cancelled or expired jobs")
        String state;

        @Override
        public Integer call() {
            Optional<LoadType> type = Optional.ofNullable(load).map(LoadType::parse);
            Optional<JobState> wanted = Optional.ofNullable(state).map(JobState::parse);
            PrintWriter out = spec.commandLine().getOut();
            try (Stores stores = Stores.open(spec)) {
                List<String[]> rows = new ArrayList<>();
                rows.add(new String[] {"NAME", "LOAD", "STATE", "NEXT RUN", "LAST RUN", "SCHEDULE"});
                for (StoredJob s : stores.jobs.list()) {
                    Schedule schedule = schedule(s);
                    JobState st = JobRunner.state(s, schedule);
                    if (type.map(t -> t != s.definition().loadType()).orElse(false) || wanted.map(w -> w != st).orElse(false)) {
                        continue;
                    }
                    String last = stores.jobs.history(Optional.of(s.name()), 1).stream()
                            .map(e -> when(e.run().scheduled(), zone(schedule)) + " " + outcome(e.run())).findFirst().orElse("-");
                    rows.add(new String[] {s.name(), s.definition().loadType().label(), st.label()
                            + (s.runId().isPresent() ? " (running)" : ""),
                            JobRunner.due(s, schedule).map(t -> when(t, zone(schedule))).orElse("-"), last,
                            s.definition().schedule()});
                }
                if (rows.size() == 1) {
                    out.println("No jobs" + (type.isPresent() || wanted.isPresent() ? " match." : ": rollcall jobs add adds one."));
                    return Main.OK;
                }
                table(out, rows);
            }
            return Main.OK;
        }
    }

    private static void table(PrintWriter out, List<String[]> rows) {
        int[] widths = new int[rows.get(0).length];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                widths[i] = Math.max(widths[i], r[i].length());
            }
        }
        for (String[] r : rows) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < r.length; i++) {
                sb.append(i == r.length - 1 ? r[i] : String.format("%-" + widths[i] + "s  ", r[i]));
            }
            out.println(sb.toString().stripTrailing());
        }
    }

    private static String outcome(RunRecord r) {
        return r.outcome().name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    /** {@code rollcall jobs show NAME}. */
    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Show a job: its settings, state, next runs and latest runs.")
    static final class Show implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME", description = "the job")
        String name;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try (Stores stores = Stores.open(spec)) {
                StoredJob s = stores.find(name);
                Schedule schedule = schedule(s);
                out.println(s.name() + (s.definition().description().equals(s.name()) ? "" : " - " + s.definition().description()));
                out.println("  state:     " + JobRunner.state(s, schedule).label());
                out.println("  load:      " + s.definition().loadType().label());
                out.println("  email:     " + s.definition().completionEmail().orElse("none"));
                out.println("  schedule:  " + s.definition().schedule());
                List<Instant> next = new ArrayList<>();
                Optional<Instant> n = JobRunner.due(s, schedule);
                while (n.isPresent() && next.size() < 3) {
                    next.add(n.get());
                    n = schedule.nextRunAfter(n.get());
                }
                out.println("  next runs: " + (next.isEmpty() ? "none" : String.join(", ",
                        next.stream().map(t -> when(t, zone(schedule))).toList())));
                s.runId().ifPresent(id -> out.println("  running:   on " + s.leaseOwner().orElse("?") + ", its lease until "
                        + s.leaseUntil().map(Instant::toString).orElse("?")));
                Optional<Path> shared = stores.jobs.sharedWorkDirectory();
                List<String> interrupted = shared.map(w -> JobInbox.of(stores.jobs, w, name).interrupted()).orElse(List.of());
                if (!interrupted.isEmpty()) {
                    out.println("  interrupted: " + String.join(", ", interrupted) + " (rollcall jobs requeue " + name
                            + " FILE applies one again)");
                }
                out.println("  settings:");
                s.definition().settings().forEach((k, v) -> out.println("    " + k + " = " + v));
                List<HistoryEntry> last = stores.jobs.history(Optional.of(name), 5);
                out.println("  latest runs:" + (last.isEmpty() ? " none" : ""));
                last.forEach(e -> printEntry(out, e, "    "));
            }
            return Main.OK;
        }
    }

    /** {@code rollcall jobs disable NAME}. */
    @Command(name = "disable", mixinStandardHelpOptions = true,
            description = "Disable a job: it keeps its schedule and does not run until enabled. A run under way finishes.")
    static final class Disable implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME", description = "the job")
        String name;

        @Override
        public Integer call() {
            return setState(spec, name, JobState.DISABLED, "Disabled");
        }
    }

    /** {@code rollcall jobs enable NAME}. */
    @Command(name = "enable", mixinStandardHelpOptions = true,
            description = "Enable a disabled job: its schedule starts again from now (runs missed meanwhile are not made up).")
    static final class Enable implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME", description = "the job")
        String name;

        @Override
        public Integer call() {
            return setState(spec, name, JobState.ACTIVE, "Enabled");
        }
    }

    private static int setState(CommandSpec spec, String name, JobState state, String done) {
        try (Stores stores = Stores.open(spec)) {
            stores.find(name);
            try {
                stores.jobs.setState(name, state, Instant.now());
            } catch (IllegalStateException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
            spec.commandLine().getOut().println(done + " job " + name + ".");
        }
        return Main.OK;
    }

    /** {@code rollcall jobs delete NAME [--purge]}. */
    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = "Delete a job: it is cancelled and never runs again; it stays listed, with its history, as "
                    + "cancelled. With --purge, the job and its history are removed from the store.")
    static final class Delete implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME", description = "the job")
        String name;

        @Option(names = "--purge", description = "remove the job and its history")
        boolean purge;

        @Override
        public Integer call() {
            try (Stores stores = Stores.open(spec)) {
                stores.find(name);
                if (purge) {
                    stores.jobs.delete(name);
                } else {
                    stores.jobs.setState(name, JobState.CANCELLED, Instant.now());
                }
                spec.commandLine().getOut().println((purge ? "Removed job " : "Cancelled job ") + name + ".");
            }
            return Main.OK;
        }
    }

    /** {@code rollcall jobs history [NAME] [--limit N]}. */
    @Command(name = "history", mixinStandardHelpOptions = true,
            description = "What each run did, oldest first: when, who ran it, each file (name, size, SHA-256), its "
                    + "counters and outcome. Without NAME, every job's runs and the uploads applied by hand.")
    static final class History implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "the job (default: all)")
        String name;

        @Option(names = "--limit", paramLabel = "N", defaultValue = "20", description = "the latest N entries (default 20)")
        int limit;

        @Option(names = "--prune-before", paramLabel = "DATE", description = "instead of printing, forget every entry "
                + "(jobs' runs and uploads applied by hand) that finished before this date, e.g. 2026-01-01 (midnight, "
                + "this machine's zone); runs under way are kept")
        LocalDate pruneBefore;

        @Override
        public Integer call() {
            if (pruneBefore != null) {
                if (name != null) {
                    throw new IllegalArgumentException("--prune-before prunes every job's history: give no NAME");
                }
                try (Stores stores = Stores.open(spec)) {
                    int n = stores.jobs.pruneHistory(pruneBefore.atStartOfDay(ZoneId.systemDefault()).toInstant());
                    spec.commandLine().getOut().println("Removed " + n + (n == 1 ? " history entry" : " history entries")
                            + " that finished before " + pruneBefore + ".");
                }
                return Main.OK;
            }
            if (limit < 1) {
                throw new IllegalArgumentException("--limit must be at least 1: " + limit);
            }
            PrintWriter out = spec.commandLine().getOut();
            try (Stores stores = Stores.open(spec)) {
                if (name != null) {
                    stores.find(name);
                }
                List<HistoryEntry> entries = stores.jobs.history(Optional.ofNullable(name), limit);
                if (entries.isEmpty()) {
                    out.println("No runs yet.");
                }
                entries.forEach(e -> printEntry(out, e, ""));
            }
            return Main.OK;
        }
    }

    private static void printEntry(PrintWriter out, HistoryEntry e, String indent) {
        RunRecord r = e.run();
        String what = switch (e.kind()) {
            case SCHEDULED -> r.job() + ", run of " + r.scheduled();
            case ON_DEMAND -> r.job() + ", run by hand";
            case MANUAL -> r.job();
            case REQUEUE -> r.job() + ", requeue";
        };
        out.println(indent + "#" + e.id() + " " + r.startedAt() + "  " + what + " by " + e.by() + ": "
                + (r.outcome() == RunRecord.Outcome.UNCHANGED ? "skipped, unchanged since the last run" : outcome(r)));
        for (FileResult f : r.files()) {
            out.println(indent + "    " + f.file() + " (" + (f.size() < 0 ? "?" : f.size()) + " bytes, sha256 "
                    + (f.sha256().isEmpty() ? "?" : f.sha256().substring(0, 12) + "…") + "): "
                    + f.status().name().toLowerCase(Locale.ROOT) + ", " + f.description()
                    + f.errorFile().map(p -> "; error file " + p).orElse(""));
            f.problems().stream().limit(5).forEach(p -> out.println(indent + "      " + p.describe()));
        }
        r.problems().forEach(p -> out.println(indent + "    " + p.describe()));
    }

    /** {@code rollcall jobs import JOBFILE}. */
    @Command(name = "import", mixinStandardHelpOptions = true,
            description = "Add (or update) the jobs a jobs file describes to the store, so that nothing already written "
                    + "is lost; enabled = false disables a job.")
    static final class Import implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "JOBFILE", description = "the jobs file")
        Path file;

        @Override
        public Integer call() {
            JobsFile jobs = readJobs(file);
            try (Stores stores = Stores.open(spec)) {
                int n = importJobs(stores, jobs);
                spec.commandLine().getOut().println("Imported " + jobs.jobs.size() + (jobs.jobs.size() == 1 ? " job" : " jobs")
                        + " from " + file + " (" + n + " added or changed).");
            }
            return Main.OK;
        }
    }

    /** Saves the file's jobs whose definition differs from the store's, and sets each one's state as the file says. */
    private static int importJobs(Stores stores, JobsFile jobs) {
        int changed = 0;
        Instant now = Instant.now();
        for (Job job : jobs.jobs) {
            JobDefinition d = JobDefinition.of(job, jobs.settings.get(job.name()));    // the email is beside them
            Optional<StoredJob> old = stores.jobs.find(job.name());
            if (old.isEmpty() || !old.get().definition().equals(d) || old.get().state() == JobState.CANCELLED) {
                stores.jobs.save(d, now);
                changed++;
            }
            stores.jobs.setState(job.name(), jobs.disabled.contains(job.name()) ? JobState.DISABLED : JobState.ACTIVE, now);
        }
        return changed;
    }

    // ---- running ----

    /** {@code rollcall jobs run [JOBFILE] [--once]}. */
    @Command(name = "run", mixinStandardHelpOptions = true,
            description = "Run the store's jobs until stopped (Ctrl-C or SIGTERM stop it cleanly once the runs under way "
                    + "finish), printing a line per file processed; follows jobs added, changed or disabled meanwhile. "
                    + "Any number of workers may run at once, on one machine or many, over one store and one shared "
                    + "work folder: each run happens once. With --once, run the jobs that are due now and exit. "
                    + "The work folder is the one the store declares (rollcall jobs config --work), which must exist here; "
                    + "without one, --work. Completion emails need this node's SMTP server: --smtp FILE (or a JOBFILE's "
                    + "email.* keys). A JOBFILE is imported first.",
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

        @Parameters(index = "0", arity = "0..1", paramLabel = "JOBFILE", description = "a jobs file to import first")
        Path file;

        @Option(names = "--once", description = "run the jobs due now (a job with schedule = now, or whose run time has "
                + "come since the last run) and exit; for cron")
        boolean once;

        @Option(names = "--work", paramLabel = "DIR", description = "the work folder, where each job keeps its inbox and "
                + "error files; shared by every worker (default: the one the store declares, else the jobs file's work, "
                + "else ./rollcall-jobs; with a declared one, must be the same)")
        Path work;

        @Option(names = "--smtp", paramLabel = "FILE", description = "this node's SMTP server for completion emails: a "
                + "properties file with the email.* keys of a jobs file (email.host, email.port, email.from, "
                + "email.username, email.password-env, email.starttls, email.ssl, email.to); the password comes from "
                + "the environment variable email.password-env names, never from the store")
        Path smtp;

        @Option(names = "--name", paramLabel = "NAME", description = "this worker's name in the history "
                + "(default: host name and process id)")
        String name;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            Optional<JobsFile> jobs = Optional.ofNullable(file).map(JobsCommand::readJobs);
            Optional<EmailNotifier> email = smtp != null ? Optional.of(readSmtp(smtp)) : jobs.flatMap(j -> j.email);
            Stores stores = Stores.open(spec);
            JobRunner runner;
            try {
                Optional<Path> declared = stores.jobs.sharedWorkDirectory();
                jobs.ifPresent(j -> importJobs(stores, j));
                JobRunner.Builder b = JobRunner.builder().repository(stores.users).store(stores.jobs)
                        .notifier(new ConsoleNotifier(out, email.orElse(null), Clock.systemUTC()))
                        .jobs(s -> JobsFile.job(s, System::getenv));
                if (work != null || declared.isEmpty()) {
                    b.workDirectory(work != null ? work : jobs.map(j -> j.work).orElse(Path.of("rollcall-jobs")));
                }
                if (name != null) {
                    b.name(name);
                }
                try {
                    runner = b.build();
                } catch (IllegalStateException e) {
                    if (declared.isPresent() && !Files.isDirectory(declared.get())) {
                        throw new CommandFailure(Main.NO_INPUT, e.getMessage(), e);
                    }
                    throw e;
                }
                runner.refresh();
            } catch (RuntimeException e) {
                stores.close();
                throw e;
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
                    stores.close();
                }
            }
            return runUntilStopped(out, runner.workDirectory(), runner, stores);
        }

        private static int runUntilStopped(PrintWriter out, Path folder, JobRunner runner, Stores stores)
                throws InterruptedException {
            out.println("Worker " + runner.name() + ": running " + runner.jobs().size()
                    + (runner.jobs().size() == 1 ? " job" : " jobs") + " from the store (work folder " + folder
                    + "); stop with Ctrl-C.");
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
                stores.close();
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

    /** {@code rollcall jobs next [JOBFILE]}. */
    @Command(name = "next", mixinStandardHelpOptions = true,
            description = "Preview each job's next run times and the file name each run reads (dated names resolved): "
                    + "the store's jobs, or a jobs file's (then needs no store and connects to nothing).")
    static final class NextRuns implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", arity = "0..1", paramLabel = "JOBFILE", description = "a jobs file (default: the store's jobs)")
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
            if (file != null) {
                JobsFile jobs = readJobs(file);
                for (Job job : jobs.jobs) {
                    preview(out, job, jobs.disabled.contains(job.name()) ? " (disabled)" : "",
                            job.schedule().preview(start(job.zone()), count));
                }
                return Main.OK;
            }
            try (Stores stores = Stores.open(spec)) {
                for (StoredJob s : stores.jobs.list()) {
                    Job job;
                    try {
                        job = JobsFile.job(s, CHECKING_ENV);
                    } catch (IllegalArgumentException e) {
                        out.println(s.name() + ": " + e.getMessage());
                        continue;
                    }
                    JobState state = JobRunner.state(s, job.schedule());
                    List<Instant> runs = new ArrayList<>();
                    Optional<Instant> n = from == null ? JobRunner.due(s, job.schedule())
                            : state == JobState.ACTIVE ? job.schedule().firstRunAtOrAfter(start(job.zone())) : Optional.empty();
                    while (n.isPresent() && runs.size() < count) {
                        runs.add(n.get());
                        n = job.schedule().nextRunAfter(n.get());
                    }
                    preview(out, job, state == JobState.ACTIVE ? "" : " (" + state.label() + ")", runs);
                }
            }
            return Main.OK;
        }

        private static void preview(PrintWriter out, Job job, String state, List<Instant> runs) {
            out.println(job.name() + (job.description().equals(job.name()) ? "" : " - " + job.description()) + state);
            out.println("  schedule: " + job.schedule().describe());
            out.println("  source:   " + job.source().describe());
            if (runs.isEmpty()) {
                out.println("  no more runs");
            }
            for (Instant run : runs) {
                ZonedDateTime local = run.atZone(job.zone());
                out.println("  " + WHEN.format(local) + "  " + job.source().preview(local.toLocalDate()));
            }
        }

        private Instant start(ZoneId zone) {
            if (from == null) {
                return Instant.now();
            }
            try {
                return from.length() == 10 ? LocalDate.parse(from).atStartOfDay(zone).toInstant()
                        : LocalDateTime.parse(from).atZone(zone).toInstant();
            } catch (java.time.format.DateTimeParseException e) {
                throw new IllegalArgumentException("--from must be a date or date-time like 2026-12-01T00:00, not '" + from + "'");
            }
        }
    }

    static EmailNotifier readSmtp(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new dev.rollcall.spi.UploadFileException(dev.rollcall.spi.Codes.UNREADABLE_FILE, 0, 0,
                    "no such SMTP settings file: " + file);
        }
        return JobsFile.smtp(file, System::getenv);
    }

    /** {@code rollcall jobs requeue NAME [FILE]}. */
    @Command(name = "requeue", mixinStandardHelpOptions = true,
            description = "Apply an interrupted file again, at the job's next run. A file is interrupted when the worker "
                    + "applying it stopped part way: it is kept aside and never applied again by itself. Applying is "
                    + "idempotent (the file is planned again against the store), so only what is missing is written. "
                    + "Without FILE, lists the job's interrupted files. Works from any machine that sees the shared "
                    + "work folder; refused while a run of the job is under way; recorded in the job's history.")
    static final class Requeue implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME", description = "the job")
        String name;

        @Parameters(index = "1", arity = "0..1", paramLabel = "FILE", description = "an interrupted file, as listed")
        String file;

        @Option(names = "--work", paramLabel = "DIR", description = "the work folder (default: the one the store declares)")
        Path work;

        @Option(names = "--by", paramLabel = "NAME", description = "who requeues it, as the history records it "
                + "(default: the system user name)")
        String by;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try (Stores stores = Stores.open(spec)) {
                stores.find(name);
                Path folder = work != null ? work : stores.jobs.sharedWorkDirectory().orElseThrow(() ->
                        new IllegalArgumentException("the store declares no shared work folder (rollcall jobs config "
                                + "--work DIR): give the workers' work folder with --work"));
                JobInbox inbox = JobInbox.of(stores.jobs, folder, name);
                if (file == null) {
                    List<String> interrupted = inbox.interrupted();
                    out.println(interrupted.isEmpty() ? "Job " + name + " has no interrupted file."
                            : String.join("\n", interrupted));
                    return Main.OK;
                }
                inbox.requeue(file, by != null ? by : ManualHistory.defaultUser(), Instant.now());
                out.println("Requeued " + file + ": job " + name + " applies it at its next run.");
            }
            return Main.OK;
        }
    }

    /** {@code rollcall jobs config [--work DIR]}. */
    @Command(name = "config", mixinStandardHelpOptions = true,
            description = "Show or set what every worker sharing the store uses: the shared work folder, where each job "
                    + "keeps its inbox and error files. Declare it once, as a path every node mounts alike (NFS, SMB, a "
                    + "cloud file share); a worker then uses it, and refuses to start where it is missing.")
    static final class Config implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--work", paramLabel = "DIR", description = "declare the shared work folder (an absolute path)")
        Path work;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try (Stores stores = Stores.open(spec)) {
                if (work != null) {
                    stores.jobs.declareSharedWorkDirectory(work);
                    out.println("Declared the shared work folder " + work.normalize() + ": every worker uses it."
                            + (Files.isDirectory(work) ? "" : " It does not exist on this machine: a worker here would "
                            + "refuse to start."));
                    return Main.OK;
                }
                out.println("work: " + stores.jobs.sharedWorkDirectory().map(Path::toString)
                        .orElse("not declared (each worker's --work, by default ./rollcall-jobs)"));
            }
            return Main.OK;
        }
    }

    static JobsFile readJobs(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new dev.rollcall.spi.UploadFileException(dev.rollcall.spi.Codes.UNREADABLE_FILE, 0, 0,
                    "no such jobs file: " + file);
        }
        return JobsFile.read(file, System::getenv);
    }
}
