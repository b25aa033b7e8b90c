package dev.rollcall.jobs;

import dev.rollcall.spi.Codes;
import dev.rollcall.spi.JobCompletion;
import dev.rollcall.spi.UserChange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import static dev.rollcall.jobs.Feeds.users;
import static dev.rollcall.jobs.Feeds.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Several runners over one database and one shared work directory: each in a thread of its
 * own with a connection of its own, or each in a JVM of its own. Each database's test runs it.
 */
abstract class SeveralRunnersContract {

    @TempDir
    Path dir;

    /** @return the database, empty of job tables */
    abstract Databases.Database database();

    static final Instant T0 = RunnerProcess.T0;
    static final Duration LEASE = RunnerProcess.LEASE;

    private Databases.Database db;
    private final List<JobRunner> runners = new ArrayList<>();
    private final ExecutorService threads = Executors.newCachedThreadPool();
    /** The users' store all runners write to, counting each user's creations. */
    private final Counting users = new Counting();

    @AfterEach
    void tearDown() {
        threads.shutdownNow();
        runners.forEach(JobRunner::close);
        Databases.closeAll();
        if (db != null) {
            db.close();
        }
    }

    private String url() {
        if (db == null) {
            db = database();
        }
        return db.url();
    }

    private Path work() {
        return dir.resolve("work");
    }

    private Path in() {
        Path in = dir.resolve("in");
        try {
            Files.createDirectories(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return in;
    }

    private JobRunner runner(String name, Consumer<String> checkpoint) {
        JobRunner.Builder b = Feeds.runner(users, work(), new Feeds.MutableClock(T0), new Feeds.RecordingNotifier())
                .store(JdbcJobStore.create(Databases.oneConnection(url()))).name(name).lease(LEASE);
        if (checkpoint != null) {
            b.checkpoint(checkpoint);
        }
        JobRunner r = b.build();
        runners.add(r);
        return r;
    }

    private JobStore store() {
        return JdbcJobStore.create(Databases.connecting(url()));
    }

    private static Schedule everyMinute() {
        return Schedule.periodic().starting(LocalDate.ofInstant(T0, ZoneOffset.UTC)).at(LocalTime.ofInstant(T0, ZoneOffset.UTC))
                .every(Duration.ofMinutes(1)).zone(ZoneOffset.UTC).build();
    }

    /**
     * Each runner, in a thread of its own, calls {@code runDue} at each instant, all
     * runners together (a barrier before each); {@code beforeEach} runs before each round.
     *
     * @return the runs each runner made
     */
    private int[] inLockstep(List<JobRunner> rs, List<Instant> instants, Runnable beforeEach) throws Exception {
        AtomicInteger round = new AtomicInteger();
        CyclicBarrier barrier = new CyclicBarrier(rs.size(), () -> {
            if (round.getAndIncrement() < instants.size()) {
                beforeEach.run();
            }
        });
        List<Future<Integer>> done = new ArrayList<>();
        for (JobRunner r : rs) {
            done.add(threads.submit(() -> {
                int runs = 0;
                for (Instant at : instants) {
                    barrier.await(1, TimeUnit.MINUTES);
                    runs += r.runDue(at).size();
                }
                return runs;
            }));
        }
        int[] runs = new int[rs.size()];
        for (int i = 0; i < runs.length; i++) {
            runs[i] = done.get(i).get(5, TimeUnit.MINUTES);
        }
        return runs;
    }

    private List<JobRunner> runners(int count) {
        List<JobRunner> rs = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            rs.add(runner("node-" + i, null));
        }
        return rs;
    }

    @ParameterizedTest(name = "{0} runners")
    @ValueSource(ints = {2, 3})
    void hundredDueOccurrences_eachRunOnce(int count) throws Exception {
        List<JobRunner> rs = runners(count);
        Job job = Feeds.job("tick", FileSources.folder(in()), everyMinute()).build();
        rs.forEach(r -> r.add(job));
        List<Instant> minutes = new ArrayList<>();
        for (int m = 0; m < 100; m++) {
            minutes.add(T0.plus(Duration.ofMinutes(m)));
        }
        int[] runs = inLockstep(rs, minutes, () -> { });

        List<HistoryEntry> history = store().history(Optional.of("tick"), 1000);
        assertEquals(minutes, history.stream().map(e -> e.run().scheduled()).toList(), "each occurrence ran, once, in order");
        assertTrue(history.stream().allMatch(e -> e.run().outcome() == RunRecord.Outcome.NOTHING_NEW));
        assertEquals(100, java.util.Arrays.stream(runs).sum());
    }

    @ParameterizedTest(name = "{0} runners")
    @ValueSource(ints = {2, 3})
    void hundredJobsDueAtOnce_eachRunOnce(int count) throws Exception {
        List<JobRunner> rs = runners(count);
        rs.forEach(r -> RunnerProcess.raceJobs(in()).forEach(r::add));
        int[] runs = inLockstep(rs, List.of(T0), () -> { });

        assertEquals(100, java.util.Arrays.stream(runs).sum());
        assertEachJobRanOnce();
    }

    private void assertEachJobRanOnce() {
        Map<String, Integer> perJob = new ConcurrentHashMap<>();
        for (HistoryEntry e : store().history(Optional.empty(), 1000)) {
            assertEquals(RunRecord.Outcome.NOTHING_NEW, e.run().outcome());
            perJob.merge(e.job().orElseThrow(), 1, Integer::sum);
        }
        assertEquals(RunnerProcess.JOBS, perJob.size());
        assertTrue(perJob.values().stream().allMatch(n -> n == 1), "each job ran once: " + perJob);
    }

    @ParameterizedTest(name = "{0} runners")
    @ValueSource(ints = {2, 3})
    void fiftyDroppedFiles_eachAppliedOnce(int count) throws Exception {
        List<JobRunner> rs = runners(count);
        Job job = Feeds.job("hr", FileSources.folder(in()), everyMinute()).build();
        rs.forEach(r -> r.add(job));
        List<Instant> minutes = new ArrayList<>();
        for (int m = 0; m < 12; m++) {
            minutes.add(T0.plus(Duration.ofMinutes(m)));
        }
        AtomicInteger dropped = new AtomicInteger();
        int[] runs = inLockstep(rs, minutes, () -> {
            for (int i = 0; i < 5 && dropped.get() < 50; i++) {
                int n = dropped.getAndIncrement();
                write(in().resolve(String.format("users_%02d.csv", n)), users(String.format("user%02d", n)));
            }
        });

        assertEquals(12, java.util.Arrays.stream(runs).sum(), "one run a minute, whichever runner made it");
        List<FileResult> files = store().history(Optional.of("hr"), 1000).stream().flatMap(e -> e.run().files().stream())
                .toList();
        assertEquals(50, files.size());
        assertEquals(50, files.stream().map(FileResult::file).distinct().count(), "each file once");
        assertTrue(files.stream().allMatch(f -> f.status() == JobCompletion.Status.APPLIED));
        assertEquals(50, users.created.size());
        assertTrue(users.created.values().stream().allMatch(n -> n.get() == 1), "each user created once: " + users.created);
        try (var left = Files.list(in())) {
            assertEquals(0, left.count(), "every file was taken");
        }
    }

    @Test
    void aRunnerKilledMidRun_anotherTakesOverWhenTheLeaseEnds_andFinishesTheFile() throws Exception {
        CountDownLatch frozen = new CountDownLatch(1);
        CountDownLatch thaw = new CountDownLatch(1);
        JobRunner a = runner("node-a", step -> {
            if (step.startsWith("hr: apply") && frozen.getCount() > 0) {
                frozen.countDown();     // node-a stops here, as if killed: it renews nothing more
                try {
                    thaw.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        JobRunner b = runner("node-b", null);
        Job job = RunnerProcess.hrJob(in());
        a.add(job);
        b.add(job);
        write(in().resolve("users.csv"), users("alice", "bob"));
        Future<List<RunRecord>> aRuns = threads.submit(() -> a.runDue(T0));
        assertTrue(frozen.await(1, TimeUnit.MINUTES));

        assertEquals(List.of(), b.runDue(T0.plus(LEASE).minusMillis(1)), "the lease still holds");
        List<RunRecord> bRuns = b.runDue(T0.plus(LEASE));
        assertEquals(1, bRuns.size());
        FileResult f = bRuns.get(0).files().get(0);
        assertEquals("users.csv", f.file());
        assertEquals(JobCompletion.Status.APPLIED, f.status());
        assertEquals(T0, bRuns.get(0).scheduled(), "the same run, finished");

        thaw.countDown();
        assertEquals(List.of(), aRuns.get(1, TimeUnit.MINUTES), "node-a lost its claim, and touches nothing more");
        assertEquals(Map.of("alice", 1, "bob", 1), users.counts());
        List<HistoryEntry> history = store().history(Optional.of("hr"), 10);
        assertEquals(1, history.size());
        assertEquals("node-b (took over from node-a)", history.get(0).by());
        assertEquals(RunRecord.Outcome.PROCESSED, history.get(0).run().outcome());
    }

    @Test
    void aRunnerStoppedMidApply_theRunnerTakingOverReportsTheFileInterrupted_andTheStoreIsLeftExactlyRight()
            throws Exception {
        CountDownLatch frozen = new CountDownLatch(1);
        CountDownLatch thaw = new CountDownLatch(1);
        users.afterWrite = () -> {
            if (frozen.getCount() > 0) {
                frozen.countDown();     // node-a has written the users, and stops before it records anything
                try {
                    thaw.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        JobRunner a = runner("node-a", null);
        JobRunner b = runner("node-b", null);
        Job job = RunnerProcess.hrJob(in());
        a.add(job);
        b.add(job);
        write(in().resolve("users.csv"), users("alice", "bob"));
        Future<List<RunRecord>> aRuns = threads.submit(() -> a.runDue(T0));
        assertTrue(frozen.await(1, TimeUnit.MINUTES));
        IllegalStateException busy = assertThrows(IllegalStateException.class,
                () -> JobInbox.of(store(), work(), "hr").requeue("0000000001_users.csv", "admin", T0));
        assertEquals("job hr is running (on node-a); requeue the file when the run is over", busy.getMessage());

        List<RunRecord> bRuns = b.runDue(T0.plus(LEASE));
        assertEquals(1, bRuns.size());
        assertEquals(T0, bRuns.get(0).scheduled(), "the same run, finished by node-b");
        FileResult f = bRuns.get(0).files().get(0);
        assertEquals(List.of("users.csv", "INTERRUPTED", Codes.RUN_INTERRUPTED),
                List.of(f.file(), f.status().name(), f.problems().get(0).code()),
                "a file that was being applied is not applied again by itself: it is reported interrupted");
        thaw.countDown();
        assertEquals(List.of(), aRuns.get(1, TimeUnit.MINUTES), "node-a lost its claim, and records nothing");

        // the store: the run ended, once, by node-b; the job's progress is the run; no lease is left
        JobStore store = store();
        StoredJob s = store.find("hr").orElseThrow();
        assertEquals(List.of(Optional.of(T0), java.util.OptionalLong.empty(), Optional.empty(), Optional.empty()),
                List.of(s.lastRun(), s.runId(), s.leaseOwner(), s.leaseUntil()));
        List<HistoryEntry> history = store.history(Optional.empty(), 10);
        assertEquals(1, history.size(), "one entry: node-a's run, finished by node-b");
        HistoryEntry e = history.get(0);
        assertEquals(List.of("node-b (took over from node-a)", "PROCESSED", "1", "INTERRUPTED"),
                List.of(e.by(), e.run().outcome().name(), String.valueOf(e.run().files().size()),
                        e.run().files().get(0).status().name()));
        assertEquals(Map.of("alice", 1, "bob", 1), users.counts(), "applied once, by node-a");
        // the inbox: the file kept in interrupted/, nothing anywhere else
        Path inbox = work().resolve("hr").resolve("inbox");
        assertEquals(List.of("0000000001_users.csv"), b.interruptedFiles("hr"));
        for (String folder : List.of("incoming", "ready", "processing", "applying")) {
            try (java.util.stream.Stream<Path> files = Files.list(inbox.resolve(folder))) {
                assertEquals(List.of(), files.toList(), folder);
            }
        }
        try (java.util.stream.Stream<Path> files = Files.list(inbox.resolve("done"))) {
            assertEquals(List.of(), files.toList(), "node-a did not finish the file after losing its claim");
        }

        // an administrator requeues it, from any node: under a claim, recorded; the next run applies it idempotently
        RunRecord requeued = JobInbox.of(store, work(), "hr").requeue("0000000001_users.csv", "admin",
                T0.plus(LEASE).plusSeconds(1));
        assertEquals(RunRecord.Outcome.REQUEUED, requeued.outcome());
        assertEquals(List.of(), b.interruptedFiles("hr"));
        RunRecord again = a.runNow("hr").orElseThrow();
        assertEquals(JobCompletion.Status.APPLIED, again.files().get(0).status());
        assertEquals(2, again.files().get(0).summary().unchanged(), "planned again against the store: nothing to write");
        assertEquals(Map.of("alice", 1, "bob", 1), users.counts());
        List<HistoryEntry> all = store.history(Optional.of("hr"), 10);
        assertEquals(List.of("SCHEDULED node-b (took over from node-a)", "REQUEUE admin", "ON_DEMAND node-a"),
                all.stream().map(h -> h.kind() + " " + h.by()).toList());
        assertEquals(java.util.OptionalLong.empty(), store.find("hr").orElseThrow().runId(), "no claim is left");
    }

    @Test
    void aLongRun_keepsItsClaim_byRenewingTheLease() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Feeds.MutableClock clockA = new Feeds.MutableClock(T0);
        JobRunner a = Feeds.runner(users, work(), clockA, new Feeds.RecordingNotifier())
                .store(JdbcJobStore.create(Databases.oneConnection(url()))).name("node-a").lease(Duration.ofSeconds(3))
                .checkpoint(step -> {
                    if (step.startsWith("hr: apply") && inside.getCount() > 0) {
                        inside.countDown();     // a long apply: node-a is alive, its heartbeat goes on
                        try {
                            release.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                }).build();
        runners.add(a);
        JobRunner b = runner("node-b", null);
        Job job = RunnerProcess.hrJob(in());
        a.add(job);
        b.add(job);
        write(in().resolve("users.csv"), users("alice"));
        Future<List<RunRecord>> aRuns = threads.submit(() -> a.runDue(T0));
        assertTrue(inside.await(1, TimeUnit.MINUTES));
        Instant later = T0.plus(Duration.ofHours(1));
        clockA.set(later);
        JobStore store = store();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!store.find("hr").orElseThrow().leaseUntil().orElseThrow().isAfter(later)) {
            assertTrue(System.nanoTime() < deadline, "node-a's heartbeat renews its lease");
            Thread.sleep(20);
        }
        assertEquals(List.of(), b.runDue(later), "node-b sees the lease renewed: no take-over");
        release.countDown();
        List<RunRecord> done = aRuns.get(1, TimeUnit.MINUTES);
        assertEquals(1, done.size());
        assertEquals(JobCompletion.Status.APPLIED, done.get(0).files().get(0).status());
        assertEquals(Map.of("alice", 1), users.counts());
    }

    // ---- separate JVMs ----

    private Process start(String mode, String name) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", RunnerProcess.class.getName(), mode, url(),
                work().toString(), name).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    @Test
    void threeJvms_hundredJobsDueAtOnce_eachRunOnce() throws Exception {
        in();
        store().list();     // the tables exist before the processes race
        List<Process> ps = new ArrayList<>();
        List<BufferedReader> outs = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            Process p = start("race", "jvm-" + i);
            ps.add(p);
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            outs.add(out);
            assertEquals("ready", out.readLine());
        }
        for (Process p : ps) {
            Writer w = new java.io.OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8);
            w.write("go\n");
            w.flush();
        }
        int total = 0;
        for (int i = 0; i < ps.size(); i++) {
            String line = outs.get(i).readLine();
            assertTrue(ps.get(i).waitFor(2, TimeUnit.MINUTES));
            assertEquals(0, ps.get(i).exitValue());
            total += Integer.parseInt(line.substring("ran ".length()));
        }
        assertEquals(100, total);
        assertEachJobRanOnce();
    }

    @Test
    void aJvmKilledMidRun_anotherRunnerFinishesTheFile() throws Exception {
        write(in().resolve("users.csv"), users("alice"));
        Process p = start("die", "jvm-dead");
        assertTrue(p.waitFor(2, TimeUnit.MINUTES));
        assertEquals(RunnerProcess.DIED, p.exitValue());
        assertEquals(RunRecord.Outcome.RUNNING, store().history(Optional.of("hr"), 1).get(0).run().outcome());

        JobRunner b = runner("node-b", null);
        b.add(RunnerProcess.hrJob(in()));
        List<RunRecord> runs = b.runDue(T0.plus(LEASE));
        assertEquals(1, runs.size());
        assertEquals(JobCompletion.Status.APPLIED, runs.get(0).files().get(0).status());
        assertEquals(Map.of("alice", 1), users.counts());
        HistoryEntry e = store().history(Optional.of("hr"), 10).get(0);
        assertEquals("node-b (took over from jvm-dead)", e.by());
    }

    /** The users' store, counting how often each user is created. */
    static final class Counting extends Feeds.ForwardingRepository {
        final Map<String, AtomicInteger> created = new ConcurrentHashMap<>();
        /** Called after each write, in the writer's thread. */
        volatile Runnable afterWrite = () -> { };

        @Override
        public List<String> write(List<UserChange> changes) {
            List<String> ids = super.write(changes);
            for (UserChange c : changes) {
                if (c instanceof UserChange.Create create) {
                    created.computeIfAbsent(create.fields().get("username"), k -> new AtomicInteger()).incrementAndGet();
                }
            }
            afterWrite.run();
            return ids;
        }

        Map<String, Integer> counts() {
            Map<String, Integer> m = new java.util.TreeMap<>();
            created.forEach((k, v) -> m.put(k, v.get()));
            return m;
        }
    }
}
