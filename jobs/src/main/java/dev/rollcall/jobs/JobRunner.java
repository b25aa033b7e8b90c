package dev.rollcall.jobs;

import dev.rollcall.jobs.internal.DurableFileOps;
import dev.rollcall.jobs.internal.FileOps;
import dev.rollcall.spi.Notifier;
import dev.rollcall.spi.UserRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs {@link Job}s on their schedules, driven by the host: either hand it a
 * {@link ScheduledExecutorService} ({@link #start}) or call {@link #runDue(Instant)} from the
 * host's own scheduler. A job never has two runs at a time, in this runner or any other
 * sharing its {@link JobStore}; each run goes into the store's history.
 *
 * <pre>{@code
 * try (JobRunner runner = JobRunner.builder()
 *         .repository(repository)
 *         .store(JdbcJobStore.create(dataSource))       // jobs, progress and history in the users' database
 *         .workDirectory(Path.of("/srv/shared/rollcall-jobs"))
 *         .notifier(emailNotifier)
 *         .build()) {
 *     runner.add(job);
 *     runner.start(executor);
 *     ...
 * }
 * }</pre>
 *
 * <h2>The store</h2>
 * The {@link JobStore} keeps each job's definition, state and progress through its schedule
 * (the last scheduled run taken), and the history of its runs, so a restarted runner neither
 * repeats a run nor forgets one. Without a store the runner keeps them in memory, for its
 * own life only.
 *
 * <h2>Several runners</h2>
 * Runners on any number of nodes may share one store and one work directory: each scheduled
 * run is claimed in the store by exactly one of them (see {@link JobStore}), and held under
 * a lease the runner renews while it works. A runner that dies loses its claim when the
 * lease ends; the next runner to look takes the run over and finishes it from the job's
 * inbox. The work directory must therefore be shared by them all (a network file system
 * with atomic renames), and their clocks must agree to well within the lease.
 *
 * <h2>The work directory</h2>
 * Each job has a folder there: its durable inbox (see {@code docs/FEEDS.md}) and its error
 * files. A runner without a store of its own locks the work directory until {@link #close()}:
 * only runners sharing a store may share a work directory.
 *
 * <h2>Missed runs</h2>
 * A job's first run is its schedule's first at or after the moment the job was first added
 * (for a {@link Schedule#now()} job: that moment). When no runner was running, or a run
 * took longer than the interval, the runs missed are made up by one run, not one each.
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
    private final JobStore store;
    private final String name;
    private final Duration lease;
    private final Function<StoredJob, Job> factory;
    private final Consumer<String> checkpoint;
    private final ConcurrentSkipListMap<String, Entry> entries = new ConcurrentSkipListMap<>();
    /** Stored jobs the factory could not build, with the version that failed. */
    private final java.util.Map<String, Instant> unbuildable = new java.util.concurrent.ConcurrentHashMap<>();
    private final ScheduledExecutorService leases;
    private final FileChannel lockChannel;
    private final FileLock lock;

    private final Object lifecycle = new Object();
    private ScheduledExecutorService executor;
    private ScheduledFuture<?> nextTick;
    private boolean stopped;
    private boolean closed;

    private JobRunner(Builder b) {
        this.repository = b.repository;
        this.store = b.store == null ? new InMemoryJobStore() : b.store;
        this.workDirectory = workDirectory(b.workDirectory, store.sharedWorkDirectory());
        this.clock = b.clock == null ? Clock.systemUTC() : b.clock;
        this.notifier = b.notifier == null ? new LoggingNotifier() : b.notifier;
        this.historyLimit = b.historyLimit == null ? 100 : b.historyLimit;
        this.keepProcessedFiles = b.keepProcessedFiles == null ? 20 : b.keepProcessedFiles;
        this.tick = b.tick == null ? Duration.ofSeconds(1) : b.tick;
        this.ops = b.ops == null ? DurableFileOps.INSTANCE : b.ops;
        this.sleeper = b.sleeper == null ? d -> Thread.sleep(d.toMillis()) : b.sleeper;
        this.name = b.name == null ? defaultName() : b.name;
        this.lease = b.lease == null ? DEFAULT_LEASE : b.lease;
        this.factory = b.factory;
        this.checkpoint = b.checkpoint == null ? step -> { } : b.checkpoint;
        try {
            Files.createDirectories(workDirectory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use the work directory " + workDirectory, e);
        }
        if (b.store == null) {
            try {
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
            this.lock = l;
            if (l == null) {
                closeQuietly();
                throw new IllegalStateException("another job runner uses the work directory " + workDirectory);
            }
        } else {
            this.lockChannel = null;
            this.lock = null;
        }
        this.leases = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "rollcall-job-leases-" + this.name);
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * The work folder: the one the store declares, which must exist here (it is never created:
     * a folder missing on this node is a share not mounted, and a local folder in its place
     * would split the inbox), else the builder's.
     */
    private static Path workDirectory(Path given, Optional<Path> declared) {
        if (declared.isEmpty()) {
            if (given == null) {
                throw new IllegalStateException("workDirectory must be set");
            }
            return given;
        }
        Path shared = declared.get();
        if (given != null && !given.toAbsolutePath().normalize().equals(shared)) {
            throw new IllegalStateException("the work folder " + given + " is not the shared work folder the job store "
                    + "declares, " + shared + ": every runner sharing a store uses that one");
        }
        if (!Files.isDirectory(shared)) {
            throw new IllegalStateException("the shared work folder the job store declares, " + shared + ", does not exist "
                    + "on this node: mount the folder every runner shares there (the runner does not create it, so "
                    + "that no job's inbox is split off on a local disk)");
        }
        return shared;
    }

    /** How long a runner's claim on a run holds unless renewed, by default. */
    public static final Duration DEFAULT_LEASE = Duration.ofMinutes(5);

    private static String defaultName() {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException | SecurityException e) {
            host = "localhost";
        }
        return host + "-" + ProcessHandle.current().pid() + "-"
                + Long.toString(java.util.concurrent.ThreadLocalRandom.current().nextLong(36L * 36 * 36 * 36), 36);
    }

    /** @return a builder */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the runner's name, as its claims and the history show it */
    public String name() {
        return name;
    }

    /** @return the work folder: the jobs' inboxes and error files */
    public Path workDirectory() {
        return workDirectory;
    }

    /** @return the store it keeps jobs, progress and history in */
    public JobStore store() {
        return store;
    }

    /** The runner's clock, to the millisecond (what a store keeps). */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    // ---- jobs ----

    /**
     * Adds a job. If the store holds it already, with the same schedule, the job carries on
     * from there (runs taken are not repeated, a disabled or cancelled job stays so);
     * otherwise it is saved, and its schedule starts now.
     *
     * @param job the job
     * @throws IllegalStateException when a job of that name was added already, or the runner is closed
     */
    public void add(Job job) {
        Objects.requireNonNull(job, "job must not be null");
        checkOpen();
        if (entries.containsKey(job.name())) {
            throw new IllegalStateException("a job named " + job.name() + " was added already");
        }
        Optional<StoredJob> stored = store.find(job.name());
        JobDefinition definition = JobDefinition.of(job,
                stored.map(s -> s.definition().settings()).orElse(java.util.Map.of()));
        if (stored.isEmpty() || !stored.get().definition().equals(definition)) {
            store.save(definition, now());
        }
        if (entries.putIfAbsent(job.name(), newEntry(job, null)) != null) {
            throw new IllegalStateException("a job named " + job.name() + " was added already");
        }
        LOG.info("job {} added: {}, {}", job.name(), job.source().describe(), job.schedule().describe());
        wake();
    }

    private Entry newEntry(Job job, Instant updated) {
        return new Entry(job, new JobExecution(job, repository, notifier, clock, workDirectory.resolve(job.name()), ops,
                keepProcessedFiles, sleeper), updated);
    }

    private void checkOpen() {
        synchronized (lifecycle) {
            if (closed) {
                throw new IllegalStateException("the runner is closed");
            }
        }
    }

    /**
     * Brings the runner's jobs in step with the store, for a runner built with a
     * {@link Builder#jobs job factory}: jobs saved in the store (by any process) are added,
     * changed ones rebuilt, cancelled and deleted ones dropped. A job the factory cannot
     * build is logged and left out. The runner does this by itself at each tick.
     *
     * @throws IllegalStateException when the runner has no job factory
     */
    public void refresh() {
        if (factory == null) {
            throw new IllegalStateException("the runner has no job factory: add jobs with add(Job)");
        }
        checkOpen();
        java.util.Set<String> live = new java.util.HashSet<>();
        for (StoredJob s : store.list()) {
            if (s.state() == JobState.CANCELLED) {
                continue;
            }
            live.add(s.name());
            Entry e = entries.get(s.name());
            boolean current = e != null && (e.updated == null || e.updated.equals(s.updated()));
            if (current || (e != null && e.running.get())) {
                continue;   // added in code, up to date, or rebuilt once its run is over
            }
            if (s.updated().equals(unbuildable.get(s.name()))) {
                continue;   // said so already
            }
            try {
                entries.put(s.name(), newEntry(factory.apply(s), s.updated()));
                unbuildable.remove(s.name());
            } catch (RuntimeException failure) {
                unbuildable.put(s.name(), s.updated());
                LOG.warn("job {} cannot be built from its stored settings; it does not run until they change: {}",
                        s.name(), failure.getMessage());
            }
        }
        entries.values().removeIf(e -> e.updated != null && !e.running.get() && !live.contains(e.job.name()));
    }

    /**
     * Disables a job (seed 000): it keeps its schedule, {@link JobState#DISABLED}, and does
     * not run until enabled. A run under way finishes.
     *
     * @param name the job's name
     * @throws IllegalArgumentException when there is no such job
     */
    public void disable(String name) {
        setState(name, JobState.DISABLED);
    }

    /**
     * Enables a disabled job: its schedule starts again from now (runs missed while it was
     * disabled are not made up). Enabling an active job does nothing.
     *
     * @param name the job's name
     * @throws IllegalArgumentException when there is no such job
     * @throws IllegalStateException    when the job was cancelled
     */
    public void enable(String name) {
        setState(name, JobState.ACTIVE);
        wake();
    }

    /**
     * Cancels a job (seed 002's "Cancelled"): it never runs again; it stays in the store,
     * with its history, until deleted.
     *
     * @param name the job's name
     * @throws IllegalArgumentException when there is no such job
     */
    public void cancel(String name) {
        setState(name, JobState.CANCELLED);
    }

    private void setState(String name, JobState state) {
        entry(name);
        if (!store.setState(name, state, now())) {
            throw new IllegalArgumentException("no job named " + name);
        }
        LOG.info("job {} {}", name, state == JobState.ACTIVE ? "enabled" : state.label());
    }

    /**
     * Deletes a job: it no longer runs, and the store forgets it and its history. Files
     * still in its inbox stay on disk (they are never deleted unprocessed). A run under way
     * finishes.
     *
     * @param name the job's name
     * @throws IllegalArgumentException when there is no such job
     */
    public void delete(String name) {
        Entry e = entry(name);
        entries.remove(name, e);
        store.delete(name);
        try {
            List<String> waiting = e.execution.inbox().ready();
            if (!waiting.isEmpty()) {
                LOG.warn("job {} deleted; files still in its inbox stay in {}: {}", name, e.execution.inbox().root(), waiting);
            }
        } catch (IOException ex) {
            LOG.warn("job {} deleted; its inbox could not be read ({})", name, ex.getClass().getSimpleName());
        }
    }

    /** @return every job of this runner, by name */
    public List<JobStatus> jobs() {
        return entries.values().stream().map(Entry::status).flatMap(Optional::stream).toList();
    }

    /**
     * Seed 002's schedule list: the jobs of one load type in one state.
     *
     * @param type  user profiles or delegates
     * @param state active, disabled, cancelled or expired
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
        return e == null ? Optional.empty() : e.status();
    }

    /**
     * @param name  a job's name
     * @param count how many
     * @return the job's next runs, from its next due run (none when it is not active, or expired)
     */
    public List<Instant> nextRuns(String name, int count) {
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative: " + count);
        }
        Entry e = entry(name);
        List<Instant> runs = new ArrayList<>();
        Optional<Instant> next = store.find(name).flatMap(s -> due(s, e.job));
        while (next.isPresent() && runs.size() < count) {
            runs.add(next.get());
            next = e.job.schedule().nextRunAfter(next.get());
        }
        return runs;
    }

    /**
     * The first run a stored job has not taken yet, by its stored state and progress.
     *
     * @param stored   the job as stored
     * @param schedule its schedule
     * @return its next run; empty when it is not active, or its schedule has ended
     */
    public static Optional<Instant> due(StoredJob stored, Schedule schedule) {
        if (stored.state() != JobState.ACTIVE) {
            return Optional.empty();
        }
        return stored.lastRun().isEmpty() ? schedule.firstRunAtOrAfter(stored.since())
                : schedule.nextRunAfter(stored.lastRun().get());
    }

    private static Optional<Instant> due(StoredJob stored, Job job) {
        return due(stored, job.schedule());
    }

    /**
     * A stored job's state as a list shows it: {@link JobState#EXPIRED} for an active job
     * whose schedule has ended.
     *
     * @param stored   the job as stored
     * @param schedule its schedule
     * @return its state
     */
    public static JobState state(StoredJob stored, Schedule schedule) {
        return stored.state() == JobState.ACTIVE && due(stored, schedule).isEmpty() ? JobState.EXPIRED : stored.state();
    }

    /**
     * @param name a job's name
     * @return its finished runs, oldest first (at most the history limit)
     */
    public List<RunRecord> history(String name) {
        entry(name);
        return store.history(Optional.of(name), historyLimit).stream().map(HistoryEntry::run)
                .filter(r -> r.outcome() != RunRecord.Outcome.RUNNING).toList();
    }

    /**
     * @param name a job's name
     * @return files whose applying was interrupted, kept in its inbox's {@code interrupted/} folder
     */
    public List<String> interruptedFiles(String name) {
        return inbox(name).interrupted();
    }

    /**
     * An operator's decision to process an interrupted file again, at the job's next run, under
     * a claim on the job and recorded in its history, with this runner's name as who did it
     * (see {@link JobInbox#requeue}).
     *
     * @param name a job's name
     * @param file an entry of {@link #interruptedFiles}
     * @throws IllegalStateException    when the job is running, here or in another runner
     * @throws IllegalArgumentException when there is no such job or file
     */
    public void requeue(String name, String file) {
        inbox(name).requeue(file, this.name, now());
    }

    private JobInbox inbox(String name) {
        entry(name);
        return new JobInbox(store, workDirectory, name, ops);
    }

    // ---- running ----

    /**
     * Runs, one after the other in this thread, every job that is due at {@code now} and
     * that this runner claims, and finishes runs whose runner's lease ended before
     * {@code now}. For hosts that drive the runner from their own scheduler.
     *
     * @param now the moment to run for (usually the clock's instant)
     * @return the runs made, by job name
     */
    public List<RunRecord> runDue(Instant now) {
        Objects.requireNonNull(now, "now must not be null");
        refreshIfBuilt();
        Instant at = now.truncatedTo(ChronoUnit.MILLIS);
        List<RunRecord> runs = new ArrayList<>();
        for (Entry e : entries.values()) {
            Optional<Claim> claim = e.claimDue(at);
            if (claim.isPresent()) {
                try {
                    e.run(claim.get()).ifPresent(runs::add);
                } finally {
                    e.running.set(false);
                }
            }
        }
        return runs;
    }

    private void refreshIfBuilt() {
        if (factory != null) {
            refresh();
        }
    }

    /**
     * Runs a job now, whatever its schedule or state says; its schedule is not changed.
     *
     * @param name a job's name
     * @return the run; empty when the job is running already (here or in another runner)
     * @throws IllegalArgumentException when there is no such job
     */
    public Optional<RunRecord> runNow(String name) {
        Entry e = entry(name);
        if (!e.running.compareAndSet(false, true)) {
            return Optional.empty();
        }
        try {
            Instant now = now();
            Optional<Claim> claim = store.find(name)
                    .flatMap(s -> store.claim(s, now, HistoryEntry.Kind.ON_DEMAND, this.name, now, now.plus(lease)));
            return claim.flatMap(e::run);
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
        while (isBusy()) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    /** @return whether a run of any job is under way in this runner */
    public boolean isBusy() {
        return entries.values().stream().anyMatch(e -> e.running.get());
    }

    /**
     * Stops the runner, waits for runs under way to finish, and releases the work directory.
     * The store stays the host's: the runner never closes it.
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
        leases.shutdownNow();
        closeQuietly();
    }

    private void closeQuietly() {
        if (lockChannel == null) {
            return;
        }
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
            refreshIfBuilt();
            startDueRuns(ex);
        } catch (RuntimeException failure) {
            // an executor drops a task that throws: log, and keep ticking
            LOG.error("the job runner could not start the runs that are due; it tries again", failure);
        } finally {
            scheduleTick();
        }
    }

    private void startDueRuns(ScheduledExecutorService ex) {
        Instant now = now();
        for (Entry e : entries.values()) {
            Optional<Claim> claim = e.claimDue(now);
            if (claim.isPresent()) {
                try {
                    ex.execute(() -> {
                        try {
                            e.run(claim.get());
                        } catch (RuntimeException | Error failure) {
                            LOG.error("job {}: the run failed", e.job.name(), failure);
                        } finally {
                            e.running.set(false);
                            wake();
                        }
                    });
                } catch (RejectedExecutionException rejected) {
                    e.running.set(false);
                    LOG.warn("job {}: the executor refused the run; another runner takes it over when its lease ends",
                            e.job.name());
                }
            }
        }
    }

    private void scheduleTick() {
        Instant now = clock.instant();
        Duration delay = tick;
        for (StoredJob s : store.list()) {
            Entry e = entries.get(s.name());
            if (e != null && !e.running.get()) {
                Optional<Instant> due = s.runId().isPresent() ? s.leaseUntil() : due(s, e.job);
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

    /** A job in this runner; its state, progress and history are in the store. */
    private final class Entry {
        final Job job;
        final JobExecution execution;
        /** When the store's definition was last changed, for a job the factory built; null for one added. */
        final Instant updated;
        final AtomicBoolean running = new AtomicBoolean();

        Entry(Job job, JobExecution execution, Instant updated) {
            this.job = job;
            this.execution = execution;
            this.updated = updated;
        }

        Optional<JobStatus> status() {
            Optional<StoredJob> stored = store.find(job.name());
            if (stored.isEmpty()) {
                return Optional.empty();
            }
            StoredJob s = stored.get();
            Optional<RunRecord> last = store.history(Optional.of(job.name()), 1).stream().map(HistoryEntry::run).findFirst();
            return Optional.of(new JobStatus(job, state(s, job.schedule()), due(s, job),
                    running.get() || s.runId().isPresent(), last));
        }

        /**
         * If the job is due and not running, or its run's lease has ended: marks it running
         * here and claims the latest run due (or takes the run over).
         */
        Optional<Claim> claimDue(Instant now) {
            if (!running.compareAndSet(false, true)) {
                return Optional.empty();
            }
            Optional<Claim> claim = Optional.empty();
            try {
                Optional<StoredJob> stored = store.find(job.name());
                if (stored.isPresent() && stored.get().definition().schedule().equals(job.schedule().describe())) {
                    StoredJob s = stored.get();
                    if (s.runId().isPresent()) {
                        if (s.leaseUntil().map(u -> !u.isAfter(now)).orElse(true)) {
                            claim = store.takeOver(s, name, now, now.plus(lease));
                            claim.ifPresent(c -> LOG.warn("job {}: the lease of {} ended; {} takes the run over",
                                    job.name(), s.leaseOwner().orElse("?"), name));
                        }
                    } else {
                        Optional<Instant> due = due(s, job);
                        if (due.isPresent() && !due.get().isAfter(now)) {
                            Instant scheduled = due.get();
                            for (Optional<Instant> n = job.schedule().nextRunAfter(scheduled);
                                 n.isPresent() && !n.get().isAfter(now); n = job.schedule().nextRunAfter(scheduled)) {
                                scheduled = n.get();
                            }
                            claim = store.claim(s, scheduled, HistoryEntry.Kind.SCHEDULED, name, now, now.plus(lease));
                        }
                    }
                }
                return claim;
            } finally {
                if (claim.isEmpty()) {
                    running.set(false);
                }
            }
        }

        /** Runs a claimed run, renewing the claim's lease, and records it; empty when the claim was lost. */
        Optional<RunRecord> run(Claim claim) {
            AtomicBoolean lost = new AtomicBoolean();
            long every = Math.max(1, lease.toMillis() / 3);
            ScheduledFuture<?> heartbeat = leases.scheduleAtFixedRate(() -> {
                try {
                    if (!lost.get() && !store.renew(claim, now().plus(lease))) {
                        lost.set(true);
                    }
                } catch (RuntimeException e) {
                    LOG.warn("job {}: renewing the claim failed ({}); trying again", job.name(), e.getClass().getSimpleName());
                }
            }, every, every, TimeUnit.MILLISECONDS);
            try {
                JobExecution.Fence fence = step -> {
                    checkpoint.accept(job.name() + ": " + step);
                    if (lost.get() || !store.renew(claim, now().plus(lease))) {
                        lost.set(true);
                        throw new JobExecution.ClaimLost("job " + job.name() + ": " + name + " lost its claim on the run "
                                + claim.scheduled() + " (its lease ended and another runner took it over)");
                    }
                };
                RunRecord record = execution.run(claim.scheduled(), fence);
                heartbeat.cancel(false);
                if (!store.finish(claim, record)) {
                    LOG.warn("job {}: {} lost its claim on the run {} before recording it; the runner holding it now "
                            + "records it", job.name(), name, claim.scheduled());
                    return Optional.empty();
                }
                return Optional.of(record);
            } catch (JobExecution.ClaimLost e) {
                LOG.warn(e.getMessage());
                return Optional.empty();
            } finally {
                heartbeat.cancel(false);
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
        private JobStore store;
        private String name;
        private Duration lease;
        private Function<StoredJob, Job> factory;
        private Consumer<String> checkpoint;

        private Builder() {
        }

        /** The host's storage, which every job writes to (required). */
        public Builder repository(UserRepository value) {
            Objects.requireNonNull(value, "repository must not be null");
            SetOnce.check(repository, "repository");
            this.repository = value;
            return this;
        }

        /**
         * Where jobs, their progress and their history are kept (default: in memory, for
         * this runner's life). Runners that share a store may share a work directory. The
         * runner never closes it.
         */
        public Builder store(JobStore value) {
            Objects.requireNonNull(value, "store must not be null");
            SetOnce.check(store, "store");
            this.store = value;
            return this;
        }

        /** The runner's name in claims and the history (default: host name, process id and a random suffix). */
        public Builder name(String value) {
            Objects.requireNonNull(value, "name must not be null");
            SetOnce.check(name, "name");
            if (value.isBlank() || value.length() > 100) {
                throw new IllegalArgumentException("name must be 1 to 100 characters: '" + value + "'");
            }
            this.name = value.strip();
            return this;
        }

        /**
         * How long a claim on a run holds unless renewed (default {@link JobRunner#DEFAULT_LEASE});
         * the runner renews it every third of that while the run goes on. When a runner dies
         * mid-run, another takes the run over once the lease has ended.
         */
        public Builder lease(Duration value) {
            Objects.requireNonNull(value, "lease must not be null");
            SetOnce.check(lease, "lease");
            if (value.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new IllegalArgumentException("lease must be at least a second: " + value);
            }
            this.lease = value;
            return this;
        }

        /**
         * Builds the store's jobs from their stored definitions (see {@link JobRunner#refresh()}):
         * the runner then runs every job saved in the store, by any process, and follows
         * their changes. A host that adds its jobs in code with {@link JobRunner#add} needs none.
         */
        public Builder jobs(Function<StoredJob, Job> value) {
            Objects.requireNonNull(value, "jobs must not be null");
            SetOnce.check(factory, "jobs");
            this.factory = value;
            return this;
        }

        /** A test's hook, called before each step of a run that changes the inbox. */
        Builder checkpoint(Consumer<String> value) {
            this.checkpoint = value;
            return this;
        }

        /**
         * Where jobs keep their inboxes and error files (created if need be). Required unless
         * the store declares a shared work folder ({@link JobStore#sharedWorkDirectory()}); then
         * that folder is used, and this one, if given, must be the same.
         */
        public Builder workDirectory(Path value) {
            Objects.requireNonNull(value, "workDirectory must not be null");
            SetOnce.check(workDirectory, "workDirectory");
            this.workDirectory = value;
            return this;
        }

        /** The clock schedules are read against (default: the system clock, UTC). */
        public Builder clock(Clock value) {
            Objects.requireNonNull(value, "clock must not be null");
            SetOnce.check(clock, "clock");
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
            SetOnce.check(notifier, "notifier");
            this.notifier = value;
            return this;
        }

        /** How many runs each job's history keeps (default 100). */
        public Builder historyLimit(int value) {
            SetOnce.check(historyLimit, "historyLimit");
            if (value < 1) {
                throw new IllegalArgumentException("historyLimit must be at least 1: " + value);
            }
            this.historyLimit = value;
            return this;
        }

        /** How many processed files (and error files) each job keeps on disk (default 20). */
        public Builder keepProcessedFiles(int value) {
            SetOnce.check(keepProcessedFiles, "keepProcessedFiles");
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
            SetOnce.check(tick, "tick");
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
         * @throws IllegalStateException when the repository or work directory is missing, the
         *                               store's shared work folder is missing here or differs
         *                               from the work directory given, or another runner
         *                               uses the work directory
         */
        public JobRunner build() {
            if (repository == null) {
                throw new IllegalStateException("repository must be set");
            }
            return new JobRunner(this);
        }
    }
}
