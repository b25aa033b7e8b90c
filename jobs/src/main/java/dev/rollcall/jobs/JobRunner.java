package dev.rollcall.jobs;

import dev.rollcall.jobs.internal.DurableFileOps;
import dev.rollcall.jobs.internal.FileOps;
import dev.rollcall.spi.Notifier;
import dev.rollcall.spi.UserRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs {@link Job}s on their schedules, driven by the host: either hand it a
 * {@link ScheduledExecutorService} ({@link #start}) or call {@link #runDue(Instant)} from the
 * host's own scheduler. A job never has two runs at a time; each run goes into the job's
 * {@link #history history}.
 *
 * <pre>{@code
 * try (JobRunner runner = JobRunner.builder()
 *         .repository(repository)
 *         .workDirectory(Path.of("/var/lib/rollcall/jobs"))
 *         .notifier(emailNotifier)
 *         .build()) {
 *     runner.add(job);
 *     runner.start(executor);
 *     ...
 * }
 * }</pre>
 *
 * <h2>The work directory</h2>
 * Each job has a folder there: its durable inbox (see {@code docs/FEEDS.md}), its error
 * files, and its state (the last scheduled run it took, whether it is disabled), so a
 * restarted runner neither repeats a run nor forgets one. Only one runner may use a work
 * directory at a time: it is locked until {@link #close()}.
 *
 * <h2>Missed runs</h2>
 * A job's first run is its schedule's first at or after the moment the job was first added
 * (for a {@link Schedule#now()} job: at once, each time it is added). When the runner was
 * not running, or a run took longer than the interval, the runs missed are made up by one
 * run, not one each.
 *
 * <p>Thread-safe.
 */
public final class JobRunner implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(JobRunner.class);
    private static final Duration MIN_TICK = Duration.ofMillis(10);

    private final UserRepository repository;
    private final Path workDirectory;
    private final Clock clock;
    private final Notifier notifier;
    private final int historyLimit;
    private final int keepProcessedFiles;
    private final Duration tick;
    private final FileOps ops;
    private final JobExecution.Sleeper sleeper;
    private final ConcurrentSkipListMap<String, Entry> entries = new ConcurrentSkipListMap<>();
    private final FileChannel lockChannel;
    private final FileLock lock;

    private final Object lifecycle = new Object();
    private ScheduledExecutorService executor;
    private ScheduledFuture<?> nextTick;
    private boolean stopped;
    private boolean closed;

    private JobRunner(Builder b) {
        this.repository = b.repository;
        this.workDirectory = b.workDirectory;
        this.clock = b.clock == null ? Clock.systemUTC() : b.clock;
        this.notifier = b.notifier == null ? new LoggingNotifier() : b.notifier;
        this.historyLimit = b.historyLimit == null ? 100 : b.historyLimit;
        this.keepProcessedFiles = b.keepProcessedFiles == null ? 20 : b.keepProcessedFiles;
        this.tick = b.tick == null ? Duration.ofSeconds(1) : b.tick;
        this.ops = b.ops == null ? DurableFileOps.INSTANCE : b.ops;
        this.sleeper = b.sleeper == null ? d -> Thread.sleep(d.toMillis()) : b.sleeper;
        try {
            Files.createDirectories(workDirectory);
            this.lockChannel = FileChannel.open(workDirectory.resolve(".lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use the work directory " + workDirectory, e);
        }
        FileLock l;
        try {
            l = lockChannel.tryLock();
        } catch (OverlappingFileLockException | IOException e) {
            l = null;
        }
        if (l == null) {
            closeQuietly();
            throw new IllegalStateException("another job runner uses the work directory " + workDirectory);
        }
        this.lock = l;
    }

    /** @return a builder */
    public static Builder builder() {
        return new Builder();
    }

    // ---- jobs ----

    /**
     * Adds a job. If the work directory holds its state from an earlier runner, with the same
     * schedule, the job carries on from there (runs taken are not repeated, a disabled job
     * stays disabled); otherwise its schedule starts now.
     *
     * @param job the job
     * @throws IllegalStateException when a job of that name was added already, or the runner is closed
     */
    public void add(Job job) {
        Objects.requireNonNull(job, "job must not be null");
        synchronized (lifecycle) {
            if (closed) {
                throw new IllegalStateException("the runner is closed");
            }
        }
        if (entries.containsKey(job.name())) {
            throw new IllegalStateException("a job named " + job.name() + " was added already");
        }
        Path folder = workDirectory.resolve(job.name());
        Entry e = new Entry(job, new JobExecution(job, repository, notifier, clock, folder, ops, keepProcessedFiles, sleeper),
                folder.resolve("state.properties"));
        if (entries.putIfAbsent(job.name(), e) != null) {
            throw new IllegalStateException("a job named " + job.name() + " was added already");
        }
        e.load();
        LOG.info("job {} added: {}, {}", job.name(), job.source().describe(), job.schedule().describe());
        wake();
    }

    /**
     * Disables a job (seed 000): it stays, {@link JobState#CANCELLED}, and does not run until
     * enabled. A run under way finishes.
     *
     * @param name the job's name
     * @throws IllegalArgumentException when there is no such job
     */
    public void disable(String name) {
        entry(name).setCancelled(true);
    }

    /**
     * Enables a disabled job: its schedule starts again from now (runs missed while it was
     * disabled are not made up). Enabling an active job does nothing.
     *
     * @param name the job's name
     * @throws IllegalArgumentException when there is no such job
     */
    public void enable(String name) {
        entry(name).setCancelled(false);
        wake();
    }

    /**
     * Deletes a job: it no longer runs and its state is forgotten. Files still in its inbox
     * stay on disk (they are never deleted unprocessed). A run under way finishes.
     *
     * @param name the job's name
     * @throws IllegalArgumentException when there is no such job
     */
    public void delete(String name) {
        Entry e = entry(name);
        entries.remove(name, e);
        try {
            Files.deleteIfExists(e.stateFile);
            List<String> waiting = e.execution.inbox().ready();
            if (!waiting.isEmpty()) {
                LOG.warn("job {} deleted; files still in its inbox stay in {}: {}", name, e.execution.inbox().root(), waiting);
            }
        } catch (IOException ex) {
            LOG.warn("job {} deleted; its folder could not be tidied ({})", name, ex.getClass().getSimpleName());
        }
    }

    /** @return every job, by name */
    public List<JobStatus> jobs() {
        return entries.values().stream().map(Entry::status).toList();
    }

    /**
     * Seed 002's schedule list: the jobs of one load type in one state.
     *
     * @param type  user profiles or delegates
     * @param state active, cancelled or expired
     * @return those jobs, by name
     */
    public List<JobStatus> jobs(LoadType type, JobState state) {
        Objects.requireNonNull(type, "type must not be null");
        Objects.requireNonNull(state, "state must not be null");
        return jobs().stream().filter(s -> s.job().loadType() == type && s.state() == state).toList();
    }

    /**
     * @param name a job's name
     * @return the job's status, if there is such a job
     */
    public Optional<JobStatus> job(String name) {
        Entry e = entries.get(Objects.requireNonNull(name, "name must not be null"));
        return e == null ? Optional.empty() : Optional.of(e.status());
    }

    /**
     * @param name  a job's name
     * @param count how many
     * @return the job's next runs, from its next due run (none when it is disabled or expired)
     */
    public List<Instant> nextRuns(String name, int count) {
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative: " + count);
        }
        Entry e = entry(name);
        List<Instant> runs = new ArrayList<>();
        Optional<Instant> next = e.due();
        while (next.isPresent() && runs.size() < count) {
            runs.add(next.get());
            next = e.job.schedule().nextRunAfter(next.get());
        }
        return runs;
    }

    /**
     * @param name a job's name
     * @return its runs, oldest first (at most the history limit)
     */
    public List<RunRecord> history(String name) {
        return entry(name).history();
    }

    /**
     * @param name a job's name
     * @return files whose applying was interrupted, kept in its inbox's {@code interrupted/} folder
     */
    public List<String> interruptedFiles(String name) {
        try {
            return entry(name).execution.inbox().interrupted();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * An operator's decision to process an interrupted (or already processed) file again, at
     * the job's next run. Applying is idempotent: only what is missing is written.
     *
     * @param name a job's name
     * @param file an entry of {@link #interruptedFiles}, or of the inbox's {@code done/} folder
     * @throws IllegalStateException    when the job is running
     * @throws IllegalArgumentException when there is no such job or file
     */
    public void requeue(String name, String file) {
        Entry e = entry(name);
        if (!e.running.compareAndSet(false, true)) {
            throw new IllegalStateException("job " + name + " is running; requeue the file when it is done");
        }
        try {
            e.execution.inbox().requeue(file);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        } finally {
            e.running.set(false);
        }
    }

    // ---- running ----

    /**
     * Runs, one after the other in this thread, every active job that is due at {@code now}
     * and not already running. For hosts that drive the runner from their own scheduler.
     *
     * @param now the moment to run for (usually the clock's instant)
     * @return the runs made, by job name
     */
    public List<RunRecord> runDue(Instant now) {
        Objects.requireNonNull(now, "now must not be null");
        List<RunRecord> runs = new ArrayList<>();
        for (Entry e : entries.values()) {
            Optional<Instant> scheduled = e.claimDue(now);
            if (scheduled.isPresent()) {
                try {
                    runs.add(e.run(scheduled.get()));
                } finally {
                    e.running.set(false);
                }
            }
        }
        return runs;
    }

    /**
     * Runs a job now, whatever its schedule or state says; its schedule is not changed.
     *
     * @param name a job's name
     * @return the run; empty when the job is running already
     * @throws IllegalArgumentException when there is no such job
     */
    public Optional<RunRecord> runNow(String name) {
        Entry e = entry(name);
        if (!e.running.compareAndSet(false, true)) {
            return Optional.empty();
        }
        try {
            return Optional.of(e.run(clock.instant()));
        } finally {
            e.running.set(false);
        }
    }

    /**
     * Runs jobs on an executor until {@link #stop()}: the runner wakes when the next job is
     * due (at least every {@link Builder#tick tick}) and runs each due job as a task of the
     * executor. The executor stays the host's: the runner never shuts it down.
     *
     * @param value the executor
     * @throws IllegalStateException when the runner was started already, or is closed
     */
    public void start(ScheduledExecutorService value) {
        Objects.requireNonNull(value, "executor must not be null");
        synchronized (lifecycle) {
            if (closed) {
                throw new IllegalStateException("the runner is closed");
            }
            if (executor != null && !stopped) {
                throw new IllegalStateException("the runner was started already");
            }
            executor = value;
            stopped = false;
            nextTick = executor.schedule(this::tick, 0, TimeUnit.MILLISECONDS);
        }
    }

    /** Stops starting runs (runs under way finish). {@link #start} may be called again. */
    public void stop() {
        synchronized (lifecycle) {
            stopped = true;
            if (nextTick != null) {
                nextTick.cancel(false);
                nextTick = null;
            }
        }
    }

    /**
     * Waits until no run is under way.
     *
     * @param timeout how long to wait at most
     * @return whether the runner is idle
     * @throws InterruptedException when interrupted while waiting
     */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (entries.values().stream().anyMatch(e -> e.running.get())) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    /** @return whether a run of any job is under way */
    public boolean isBusy() {
        return entries.values().stream().anyMatch(e -> e.running.get());
    }

    /**
     * Stops the runner, waits for runs under way to finish, and releases the work directory.
     */
    @Override
    public void close() {
        stop();
        try {
            while (!awaitIdle(Duration.ofMinutes(1))) {
                LOG.info("waiting for job runs to finish: {}", entries.values().stream().filter(e -> e.running.get())
                        .map(e -> e.job.name()).toList());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (lifecycle) {
            closed = true;
        }
        closeQuietly();
    }

    private void closeQuietly() {
        try {
            if (lock != null) {
                lock.release();
            }
        } catch (IOException e) {
            LOG.debug("releasing the work directory's lock failed", e);
        }
        try {
            lockChannel.close();
        } catch (IOException e) {
            LOG.debug("closing the work directory's lock failed", e);
        }
    }

    private void tick() {
        ScheduledExecutorService ex;
        synchronized (lifecycle) {
            if (stopped || executor == null) {
                return;
            }
            ex = executor;
        }
        try {
            startDueRuns(ex);
        } catch (RuntimeException failure) {
            // an executor drops a task that throws: log, and keep ticking
            LOG.error("the job runner could not start the runs that are due; it tries again", failure);
        } finally {
            scheduleTick();
        }
    }

    private void startDueRuns(ScheduledExecutorService ex) {
        Instant now = clock.instant();
        for (Entry e : entries.values()) {
            Optional<Instant> scheduled = e.claimDue(now);
            if (scheduled.isPresent()) {
                try {
                    ex.execute(() -> {
                        try {
                            e.run(scheduled.get());
                        } catch (RuntimeException | Error failure) {
                            LOG.error("job {}: the run failed", e.job.name(), failure);
                        } finally {
                            e.running.set(false);
                            wake();
                        }
                    });
                } catch (RejectedExecutionException rejected) {
                    e.running.set(false);
                    LOG.warn("job {}: the executor refused the run", e.job.name());
                }
            }
        }
    }

    private void scheduleTick() {
        Instant now = clock.instant();
        Duration delay = tick;
        for (Entry e : entries.values()) {
            if (!e.running.get()) {
                Optional<Instant> due = e.due();
                if (due.isPresent()) {
                    Duration until = Duration.between(now, due.get());
                    if (until.compareTo(delay) < 0) {
                        delay = until;
                    }
                }
            }
        }
        if (delay.compareTo(MIN_TICK) < 0) {
            delay = MIN_TICK;
        }
        synchronized (lifecycle) {
            if (stopped || executor == null) {
                return;
            }
            if (nextTick != null) {
                nextTick.cancel(false);
            }
            try {
                nextTick = executor.schedule(this::tick, delay.toMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                LOG.warn("the executor was shut down; the job runner stops");
                stopped = true;
            }
        }
    }

    /** Looks again soon: a job was added or enabled, or a run finished. */
    private void wake() {
        synchronized (lifecycle) {
            if (stopped || executor == null) {
                return;
            }
            if (nextTick != null) {
                nextTick.cancel(false);
            }
            try {
                nextTick = executor.schedule(this::tick, 0, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                stopped = true;
            }
        }
    }

    private Entry entry(String name) {
        Objects.requireNonNull(name, "name must not be null");
        Entry e = entries.get(name);
        if (e == null) {
            throw new IllegalArgumentException("no job named " + name);
        }
        return e;
    }

    /** A job in this runner: its schedule's progress, its history, whether it runs. */
    private final class Entry {
        final Job job;
        final JobExecution execution;
        final Path stateFile;
        final AtomicBoolean running = new AtomicBoolean();
        private final ArrayDeque<RunRecord> history = new ArrayDeque<>();
        private Instant since;
        private Instant last;
        private boolean cancelled;

        Entry(Job job, JobExecution execution, Path stateFile) {
            this.job = job;
            this.execution = execution;
            this.stateFile = stateFile;
        }

        synchronized Optional<Instant> due() {
            if (cancelled) {
                return Optional.empty();
            }
            return last == null ? job.schedule().firstRunAtOrAfter(since) : job.schedule().nextRunAfter(last);
        }

        synchronized JobStatus status() {
            Optional<Instant> due = due();
            JobState state = cancelled ? JobState.CANCELLED : due.isEmpty() ? JobState.EXPIRED : JobState.ACTIVE;
            return new JobStatus(job, state, due, running.get(), Optional.ofNullable(history.peekLast()));
        }

        synchronized List<RunRecord> history() {
            return List.copyOf(history);
        }

        /** If the job is due and not running: marks it running and takes the latest run due. */
        synchronized Optional<Instant> claimDue(Instant now) {
            Optional<Instant> due = due();
            if (due.isEmpty() || due.get().isAfter(now) || !running.compareAndSet(false, true)) {
                return Optional.empty();
            }
            Instant scheduled = due.get();
            for (Optional<Instant> n = job.schedule().nextRunAfter(scheduled); n.isPresent() && !n.get().isAfter(now);
                 n = job.schedule().nextRunAfter(scheduled)) {
                scheduled = n.get();
            }
            Instant before = last;
            last = scheduled;
            try {
                save();
            } catch (RuntimeException failure) {
                last = before;
                running.set(false);
                throw failure;
            }
            return Optional.of(scheduled);
        }

        RunRecord run(Instant scheduled) {
            RunRecord record = execution.run(scheduled);
            synchronized (this) {
                history.addLast(record);
                while (history.size() > historyLimit) {
                    history.removeFirst();
                }
            }
            return record;
        }

        synchronized void setCancelled(boolean value) {
            if (cancelled == value) {
                return;
            }
            cancelled = value;
            if (!value) {
                since = clock.instant();
                last = null;
            }
            save();
            LOG.info("job {} {}", job.name(), value ? "disabled" : "enabled");
        }

        /** Carries on from the state an earlier runner saved, if it is for the same schedule. */
        synchronized void load() {
            since = clock.instant();
            try {
                if (job.schedule().kind() != Schedule.Kind.NOW && Files.exists(stateFile)) {
                    Properties p = new Properties();
                    p.load(new StringReader(Files.readString(stateFile, StandardCharsets.UTF_8)));
                    if (job.schedule().describe().equals(p.getProperty("schedule"))) {
                        since = Instant.parse(p.getProperty("since"));
                        String l = p.getProperty("last", "");
                        last = l.isEmpty() ? null : Instant.parse(l);
                        cancelled = Boolean.parseBoolean(p.getProperty("cancelled"));
                    }
                }
            } catch (IOException | RuntimeException e) {
                LOG.warn("job {}: its saved state {} cannot be read; its schedule starts now ({})", job.name(), stateFile,
                        e.getClass().getSimpleName());
            }
            save();
        }

        private void save() {
            Properties p = new Properties();
            p.setProperty("schedule", job.schedule().describe());
            p.setProperty("since", since.toString());
            p.setProperty("last", last == null ? "" : last.toString());
            p.setProperty("cancelled", Boolean.toString(cancelled));
            StringWriter w = new StringWriter();
            try {
                p.store(w, "job " + job.name() + ": the runner's progress through its schedule");
                Files.createDirectories(stateFile.getParent());
                ops.write(stateFile, w.toString().getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot save the state of job " + job.name() + " in " + stateFile, e);
            }
        }
    }

    /**
     * Configures a {@link JobRunner}. Each setting may be given once. Not thread-safe.
     */
    public static final class Builder {
        private UserRepository repository;
        private Path workDirectory;
        private Clock clock;
        private Notifier notifier;
        private Integer historyLimit;
        private Integer keepProcessedFiles;
        private Duration tick;
        private FileOps ops;
        private JobExecution.Sleeper sleeper;

        private Builder() {
        }

        private static void once(Object current, String setting) {
            if (current != null) {
                throw new IllegalStateException(setting + " was already set");
            }
        }

        /** The host's storage, which every job writes to (required). */
        public Builder repository(UserRepository value) {
            Objects.requireNonNull(value, "repository must not be null");
            once(repository, "repository");
            this.repository = value;
            return this;
        }

        /** Where jobs keep their inboxes, error files and state (required; created if need be). */
        public Builder workDirectory(Path value) {
            Objects.requireNonNull(value, "workDirectory must not be null");
            once(workDirectory, "workDirectory");
            this.workDirectory = value;
            return this;
        }

        /** The clock schedules are read against (default: the system clock, UTC). */
        public Builder clock(Clock value) {
            Objects.requireNonNull(value, "clock must not be null");
            once(clock, "clock");
            this.clock = value;
            return this;
        }

        /**
         * Hears about every job run (default: a {@link LoggingNotifier}). A {@link dev.rollcall.spi.JobNotifier}
         * learns the job and its completion-email address; a plain notifier hears each
         * upload's completion.
         */
        public Builder notifier(Notifier value) {
            Objects.requireNonNull(value, "notifier must not be null");
            once(notifier, "notifier");
            this.notifier = value;
            return this;
        }

        /** How many runs each job's history keeps (default 100). */
        public Builder historyLimit(int value) {
            once(historyLimit, "historyLimit");
            if (value < 1) {
                throw new IllegalArgumentException("historyLimit must be at least 1: " + value);
            }
            this.historyLimit = value;
            return this;
        }

        /** How many processed files (and error files) each job keeps on disk (default 20). */
        public Builder keepProcessedFiles(int value) {
            once(keepProcessedFiles, "keepProcessedFiles");
            if (value < 0) {
                throw new IllegalArgumentException("keepProcessedFiles must not be negative: " + value);
            }
            this.keepProcessedFiles = value;
            return this;
        }

        /**
         * The longest a started runner sleeps between looking at its jobs (default 1 second);
         * a change of the clock is noticed within it.
         */
        public Builder tick(Duration value) {
            Objects.requireNonNull(value, "tick must not be null");
            once(tick, "tick");
            if (value.compareTo(MIN_TICK) < 0) {
                throw new IllegalArgumentException("tick must be at least 10 ms: " + value);
            }
            this.tick = value;
            return this;
        }

        Builder fileOps(FileOps value) {
            this.ops = value;
            return this;
        }

        Builder sleeper(JobExecution.Sleeper value) {
            this.sleeper = value;
            return this;
        }

        /**
         * @return a runner, holding the work directory's lock
         * @throws IllegalStateException when the repository or work directory is missing, or
         *                               another runner uses the work directory
         */
        public JobRunner build() {
            if (repository == null) {
                throw new IllegalStateException("repository must be set");
            }
            if (workDirectory == null) {
                throw new IllegalStateException("workDirectory must be set");
            }
            return new JobRunner(this);
        }
    }
}
