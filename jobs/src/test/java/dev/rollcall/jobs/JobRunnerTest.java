package dev.rollcall.jobs;

import dev.rollcall.core.InMemoryUserRepository;
import dev.rollcall.csv.CsvFormat;
import dev.rollcall.spi.Codes;
import dev.rollcall.spi.Decoder;
import dev.rollcall.spi.FileSource;
import dev.rollcall.spi.JobCompletion;
import dev.rollcall.spi.Notifier;
import dev.rollcall.spi.RollcallException;
import dev.rollcall.spi.SourceFile;
import dev.rollcall.spi.UploadCompletion;
import dev.rollcall.spi.UserChange;
import dev.rollcall.spi.UserRecord;
import dev.rollcall.spi.UserStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static dev.rollcall.jobs.Feeds.daily;
import static dev.rollcall.jobs.Feeds.job;
import static dev.rollcall.jobs.Feeds.users;
import static dev.rollcall.jobs.Feeds.utc;
import static dev.rollcall.jobs.Feeds.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JobRunnerTest {

    @TempDir
    Path dir;

    private final InMemoryUserRepository repository = new InMemoryUserRepository();
    private final Feeds.MutableClock clock = new Feeds.MutableClock(utc("2026-11-20T10:00"));
    private final Feeds.RecordingNotifier notifier = new Feeds.RecordingNotifier();

    /** The database the runners of a test share: a restarted runner finds its jobs there. */
    private final InMemoryJobStore store = new InMemoryJobStore();

    private JobRunner runner() {
        return Feeds.runner(repository, dir.resolve("work"), clock, notifier).store(store).build();
    }

    @Test
    void theSharedWorkFolderTheStoreDeclares_isUsed_andARunnerRefusesToStartWhereItIsMissing() throws Exception {
        Path shared = dir.resolve("shared");
        store.declareSharedWorkDirectory(shared);
        JobRunner.Builder b = JobRunner.builder().repository(repository).store(store).clock(clock);
        IllegalStateException missing = assertThrows(IllegalStateException.class, b::build);
        assertEquals("the shared work folder the job store declares, " + shared + ", does not exist on this node: mount "
                + "the folder every runner shares there (the runner does not create it, so that no job's inbox is split "
                + "off on a local disk)", missing.getMessage());
        assertFalse(Files.exists(shared), "not created");
        Files.createDirectories(shared);
        IllegalStateException other = assertThrows(IllegalStateException.class, () -> JobRunner.builder()
                .repository(repository).store(store).workDirectory(dir.resolve("local")).build());
        assertTrue(other.getMessage().startsWith("the work folder " + dir.resolve("local") + " is not the shared work "
                + "folder the job store declares"), other.getMessage());
        Files.createDirectories(in());
        Feeds.write(in().resolve("users.csv"), Feeds.users("alice"));
        try (JobRunner r = JobRunner.builder().repository(repository).store(store).clock(clock).notifier(notifier)
                .sleeper(d -> { }).build()) {
            r.add(job("hr", FileSources.folder(in()), Schedule.now()).build());
            assertEquals(JobCompletion.Status.APPLIED, r.runNow("hr").orElseThrow().files().get(0).status());
        }
        try (java.util.stream.Stream<Path> done = Files.list(shared.resolve("hr/inbox/done"))) {
            assertEquals(List.of("0000000001_users.csv"), done.map(p -> p.getFileName().toString()).toList(),
                    "the inbox is in the shared folder");
        }
    }

    private Path in() {
        return dir.resolve("in");
    }

    // ---- driving by runDue with a fake clock ----

    @Test
    void runDue_runsAJobWhenItIsDue_andNotBefore() {
        write(in().resolve("users.csv"), users("alice"));
        try (JobRunner r = runner()) {
            r.add(job("hr", FileSources.folder(in()), daily("2026-11-01", "02:30")).build());
            assertEquals(Optional.of(utc("2026-11-21T02:30")), r.job("hr").orElseThrow().nextRun(),
                    "the first run at or after the moment the job was added");
            assertEquals(List.of(), r.runDue(utc("2026-11-21T02:29:59")));
            List<RunRecord> runs = r.runDue(utc("2026-11-21T02:30"));
            assertEquals(1, runs.size());
            assertEquals(utc("2026-11-21T02:30"), runs.get(0).scheduled());
            assertEquals(RunRecord.Outcome.PROCESSED, runs.get(0).outcome());
            assertEquals(List.of(), r.runDue(utc("2026-11-21T03:00")), "once per scheduled run");
            assertEquals(Optional.of(utc("2026-11-22T02:30")), r.job("hr").orElseThrow().nextRun());
        }
    }

    @Test
    void missedRuns_areMadeUpByOneRun() {
        try (JobRunner r = runner()) {
            r.add(job("hr", FileSources.folder(in()), Schedule.periodic().starting(LocalDate.of(2026, 11, 20))
                    .at(java.time.LocalTime.of(10, 0)).every(Duration.ofHours(1)).zone(java.time.ZoneOffset.UTC).build())
                    .build());
            Files.createDirectories(in());
            List<RunRecord> runs = r.runDue(utc("2026-11-20T15:30"));
            assertEquals(1, runs.size(), "five hours of missed runs, one run");
            assertEquals(utc("2026-11-20T15:00"), runs.get(0).scheduled(), "the latest run due");
            assertEquals(Optional.of(utc("2026-11-20T16:00")), r.job("hr").orElseThrow().nextRun());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void now_runsOnceAtOnce_thenExpires() {
        write(in().resolve("users.csv"), users("alice"));
        try (JobRunner r = runner()) {
            r.add(job("hr", FileSources.folder(in()), Schedule.now()).build());
            assertEquals(1, r.runDue(clock.instant()).size());
            assertEquals(JobState.EXPIRED, r.job("hr").orElseThrow().state());
            assertEquals(List.of(), r.runDue(clock.instant().plusSeconds(3600)));
        }
    }

    @Test
    void occurrences_expireTheJobAfterTheLastRun() {
        try (JobRunner r = runner()) {
            Files.createDirectories(in());
            r.add(job("hr", FileSources.folder(in()), Schedule.daily().starting(LocalDate.of(2026, 11, 21))
                    .at(java.time.LocalTime.NOON).zone(java.time.ZoneOffset.UTC).occurrences(2).build()).build());
            assertEquals(List.of(utc("2026-11-21T12:00"), utc("2026-11-22T12:00")), r.nextRuns("hr", 5));
            r.runDue(utc("2026-11-21T12:00"));
            assertEquals(JobState.ACTIVE, r.job("hr").orElseThrow().state());
            r.runDue(utc("2026-11-22T12:00"));
            assertEquals(JobState.EXPIRED, r.job("hr").orElseThrow().state());
            assertEquals(List.of(), r.runDue(utc("2026-11-23T12:00")));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    // ---- driving with a ScheduledExecutorService ----

    @Test
    void executor_runsDueJobs_untilStopped() throws Exception {
        write(in().resolve("users.csv"), users("alice"));
        CountDownLatch ran = new CountDownLatch(2);
        Notifier counting = new Notifier() {
            @Override
            public void uploadCompleted(UploadCompletion completion) {
                ran.countDown();
            }
        };
        ScheduledExecutorService executor = Executors.newScheduledThreadPool(2);
        try (JobRunner r = JobRunner.builder().repository(repository).workDirectory(dir.resolve("work")).clock(clock)
                .notifier(counting).tick(Duration.ofMillis(20)).sleeper(d -> { }).build()) {
            r.add(job("now", FileSources.folder(in()), Schedule.now()).build());
            r.add(job("daily", FileSources.file(dir.resolve("fixed/users.csv")), daily("2026-11-20", "12:00")).build());
            write(dir.resolve("fixed/users.csv"), users("bob"));
            r.start(executor);
            assertTrue(awaitCount(ran, 1), "the now job ran at once");
            assertEquals(List.of(), r.history("daily"), "the daily job is not due yet");
            clock.set(utc("2026-11-20T12:00"));  // time passes; the runner notices within a tick
            assertTrue(ran.await(10, TimeUnit.SECONDS), "the daily job ran when due");
            r.stop();
            assertTrue(r.awaitIdle(Duration.ofSeconds(10)));
            assertEquals(1, r.history("daily").size());
            assertEquals(1, r.history("now").size());
            clock.set(utc("2026-11-21T12:00"));
            Thread.sleep(100);
            assertEquals(1, r.history("daily").size(), "a stopped runner starts nothing");
            assertThrows(IllegalStateException.class, () -> {
                r.start(executor);
                r.start(executor);
            });
        } finally {
            executor.shutdownNow();
        }
        assertTrue(repository.byUsername("alice").isPresent() && repository.byUsername("bob").isPresent());
    }

    @Test
    void executor_keepsTicking_whenTheStoreFails() throws Exception {
        write(in().resolve("users.csv"), users("alice"));
        java.util.concurrent.atomic.AtomicBoolean failStateWrites = new java.util.concurrent.atomic.AtomicBoolean();
        JobStore failing = new Feeds.ForwardingJobStore(store) {
            @Override
            public Optional<Claim> claim(StoredJob seen, Instant scheduled, HistoryEntry.Kind kind, String owner, Instant now,
                                         Instant leaseUntil) {
                if (failStateWrites.get()) {
                    throw new IllegalStateException("the database is down");
                }
                return super.claim(seen, scheduled, kind, owner, now, leaseUntil);
            }
        };
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
        try (JobRunner r = Feeds.runner(repository, dir.resolve("work"), clock, notifier).tick(Duration.ofMillis(20))
                .store(failing).build()) {
            r.add(job("hr", FileSources.folder(in()), daily("2026-11-20", "12:00")).build());
            failStateWrites.set(true);
            clock.set(utc("2026-11-20T12:00"));
            r.start(executor);
            Thread.sleep(200);
            assertEquals(List.of(), r.history("hr"), "the run cannot be recorded as taken, so it does not start");
            assertFalse(r.job("hr").orElseThrow().running(), "and the job is not left marked running");
            failStateWrites.set(false);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (r.history("hr").isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(1, r.history("hr").size(), "the runner kept ticking and ran the job once the store recovered");
        } finally {
            executor.shutdownNow();
        }
    }

    private static boolean awaitCount(CountDownLatch latch, long remaining) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (latch.getCount() > remaining) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }

    // ---- one run at a time ----

    @Test
    void aJobNeverRunsTwiceAtOnce() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        FileSource blocking = new BlockingSource(FileSources.folder(in()), inside, release);
        Files.createDirectories(in());
        ScheduledExecutorService other = Executors.newSingleThreadScheduledExecutor();
        try (JobRunner r = runner()) {
            r.add(job("hr", blocking, Schedule.now()).build());
            Future<List<RunRecord>> first = other.submit(() -> r.runDue(clock.instant()));
            assertTrue(inside.await(10, TimeUnit.SECONDS));
            assertTrue(r.job("hr").orElseThrow().running());
            assertEquals(Optional.empty(), r.runNow("hr"), "a second run is refused while one is under way");
            assertEquals(List.of(), r.runDue(clock.instant().plusSeconds(60)));
            assertThrows(IllegalStateException.class, () -> r.requeue("hr", "x"));
            release.countDown();
            assertEquals(1, first.get(10, TimeUnit.SECONDS).size());
            assertFalse(r.job("hr").orElseThrow().running());
            assertTrue(r.runNow("hr").isPresent(), "free again");
        } finally {
            other.shutdownNow();
        }
    }

    // ---- history ----

    @Test
    void history_recordsEachRun_upToTheLimit() {
        try (JobRunner r = Feeds.runner(repository, dir.resolve("work"), clock, notifier).historyLimit(2).build()) {
            r.add(job("hr", FileSources.folder(in()), Feeds.everyMinute()).build());
            write(in().resolve("a.csv"), users("alice"));
            r.runNow("hr");
            r.runNow("hr");
            write(in().resolve("b.csv"), "bad");
            r.runNow("hr");
            List<RunRecord> h = r.history("hr");
            assertEquals(2, h.size());
            assertEquals(RunRecord.Outcome.NOTHING_NEW, h.get(0).outcome());
            FileResult refused = h.get(1).files().get(0);
            assertEquals("b.csv", refused.file());
            assertEquals(JobCompletion.Status.REFUSED, refused.status());
            assertFalse(refused.problems().isEmpty());
            assertEquals(Optional.of(h.get(1)), r.job("hr").orElseThrow().lastRun());
        }
    }

    // ---- notifiers ----

    @Test
    void aNotifierThatThrows_neverBreaksTheJob_andIsRecorded() {
        write(in().resolve("users.csv"), users("alice"));
        Notifier broken = new Notifier() {
            @Override
            public void uploadCompleted(UploadCompletion completion) {
                throw new IllegalStateException("mail server down");
            }
        };
        try (JobRunner r = Feeds.runner(repository, dir.resolve("work"), clock, broken).build()) {
            r.add(job("hr", FileSources.folder(in()), Feeds.everyMinute()).build());
            RunRecord run = r.runNow("hr").orElseThrow();
            FileResult f = run.files().get(0);
            assertEquals(JobCompletion.Status.APPLIED, f.status());
            assertTrue(repository.byUsername("alice").isPresent());
            assertEquals(1, run.notifierFailures().size());
            assertEquals("NOTIFIER_FAILED", f.notifierFailures().get(0).code());
            assertTrue(f.notifierFailures().get(0).message().contains("mail server down"));
            assertTrue(Files.exists(dir.resolve("work/hr/inbox/done/0000000001_users.csv")), "processed, not retried");
        }
    }

    @Test
    void aJobNotifier_hearsTheJobAndItsRecipient() {
        write(in().resolve("users.csv"), users("alice"));
        try (JobRunner r = runner()) {
            r.add(job("hr", FileSources.folder(in()), Feeds.everyMinute()).description("Nightly HR feed")
                    .completionEmail("admin@example.com").build());
            r.runNow("hr");
            JobCompletion c = notifier.jobs.get(0);
            assertEquals("hr", c.job());
            assertEquals("Nightly HR feed", c.description());
            assertEquals(Optional.of("admin@example.com"), c.recipient());
            assertEquals(Optional.of("users.csv"), c.file());
            assertEquals(JobCompletion.Status.APPLIED, c.status());
            assertEquals(1, c.upload().summary().created());
            assertTrue(c.upload().applied());
            assertTrue(notifier.uploads.isEmpty(), "a JobNotifier hears jobCompleted instead");
        }
    }

    // ---- refused, stopped, error files ----

    @Test
    void safetyThreshold_stopsTheFile_unlessAllowed() {
        for (int i = 0; i < 10; i++) {
            repository.insert(Map.of("username", "u" + i, "email", "u" + i + "@example.com", "feed", "hr"));
        }
        write(in().resolve("users.csv"), "username,email\nu0,u0@example.com\n");
        try (JobRunner r = runner()) {
            r.add(job("hr", FileSources.folder(in()), Feeds.everyMinute()).fullUpload(true).build());
            FileResult stopped = r.runNow("hr").orElseThrow().files().get(0);
            assertEquals(JobCompletion.Status.STOPPED, stopped.status());
            assertEquals("MASS_DEACTIVATION", stopped.problems().get(0).code());
            assertEquals(9, stopped.summary().deactivated(), "what the plan would have done");
            assertEquals(UserStatus.ACTIVE, repository.byUsername("u5").orElseThrow().status());
            assertEquals("MASS_DEACTIVATION", notifier.jobs.get(0).upload().fileProblems().get(0).code());
        }
    }

    @Test
    void allowOverThreshold_appliesTheFullUpload() {
        for (int i = 0; i < 10; i++) {
            repository.insert(Map.of("username", "u" + i, "email", "u" + i + "@example.com", "feed", "hr"));
        }
        write(in().resolve("users.csv"), "username,email\nu0,u0@example.com\n");
        try (JobRunner r = runner()) {
            r.add(job("hr", FileSources.folder(in()), Feeds.everyMinute()).fullUpload(true).allowOverThreshold(true)
                    .build());
            FileResult applied = r.runNow("hr").orElseThrow().files().get(0);
            assertEquals(JobCompletion.Status.APPLIED, applied.status());
            assertEquals(UserStatus.INACTIVE, repository.byUsername("u5").orElseThrow().status());
        }
    }

    @Test
    void rejectedRows_goToAnErrorFile_withoutPasswords() throws Exception {
        String password = "Sup3r-Secret-Passw0rd!";
        write(in().resolve("users.csv"), "username,email,firstName,lastName,password\n"
                + "alice,alice@example.com,Alice,Test," + password + "\n"
                + "bob,not-an-email,Bob,Test," + password + "\n");
        try (JobRunner r = runner()) {
            r.add(job("hr", FileSources.folder(in()), Feeds.everyMinute()).build());
            FileResult f = r.runNow("hr").orElseThrow().files().get(0);
            assertEquals(1, f.summary().rejected());
            Path errors = f.errorFile().orElseThrow();
            assertEquals(dir.resolve("work/hr/errors/0000000001_users-errors.csv"), errors);
            String text = Files.readString(errors);
            assertTrue(text.contains("bob"), text);
            assertTrue(text.contains("errors"), text);
            assertFalse(text.contains(password), "the error file holds no password: " + text);
            assertEquals(Optional.of(errors), notifier.jobs.get(0).upload().errorFile());
            assertFalse(notifier.jobs.get(0).toString().contains(password));
        }
    }

    @Test
    void unreadableFormat_isRefused_andKeptInDone() {
        write(in().resolve("users.json"), users("alice"));
        try (JobRunner r = runner()) {
            r.add(Job.builder("hr").source(FileSources.folder(in())).schedule(Feeds.everyMinute()).settle(Duration.ZERO)
                    .build());
            FileResult f = r.runNow("hr").orElseThrow().files().get(0);
            assertEquals(JobCompletion.Status.REFUSED, f.status());
            assertEquals("NO_FORMAT", f.problems().get(0).code());
            assertTrue(Files.exists(dir.resolve("work/hr/inbox/done/0000000001_users.json")));
        }
    }

    /** A plain exception, or the JDBC store's STORE_FAILED: either is the store's fault, not the file's. */
    static Stream<RuntimeException> storeFailures() {
        return Stream.of(new IllegalStateException("connection refused"),
                new RollcallException(Codes.STORE_FAILED, "the store could not find users (SQLState 08001)"));
    }

    @ParameterizedTest
    @MethodSource("storeFailures")
    void aStoreFailureWhilePlanning_leavesTheFileQueued(RuntimeException failure) {
        write(in().resolve("users.csv"), users("alice"));
        Feeds.ForwardingRepository failing = failingOnce(failure);
        try (JobRunner r = Feeds.runner(failing, dir.resolve("work"), clock, notifier).build()) {
            r.add(job("hr", FileSources.folder(in()), Feeds.everyMinute()).build());
            FileResult first = r.runNow("hr").orElseThrow().files().get(0);
            assertEquals(JobCompletion.Status.FAILED, first.status());
            assertEquals("JOB_FAILED", first.problems().get(0).code());
            FileResult retried = r.runNow("hr").orElseThrow().files().get(0);
            assertEquals(JobCompletion.Status.APPLIED, retried.status());
            assertTrue(failing.store.byUsername("alice").isPresent());
        }
    }

    @ParameterizedTest
    @MethodSource("storeFailures")
    void aStoreFailureWhilePlanningDelegates_leavesTheFileQueued(RuntimeException failure) {
        Feeds.ForwardingRepository failing = failingOnce(failure);
        UserRecord a = failing.store.insert(Map.of("username", "a", "externalId", "E1"));
        UserRecord b = failing.store.insert(Map.of("username", "b", "externalId", "E2"));
        write(in().resolve("delegates.csv"), "externalId,delegate1\nE1,E2\n");
        try (JobRunner r = Feeds.runner(failing, dir.resolve("work"), clock, notifier).build()) {
            r.add(Job.builder("dl").source(FileSources.folder(in())).schedule(Feeds.everyMinute()).settle(Duration.ZERO)
                    .loadType(LoadType.DELEGATES).format(CsvFormat.defaults()).build());
            FileResult first = r.runNow("dl").orElseThrow().files().get(0);
            assertEquals(JobCompletion.Status.FAILED, first.status());
            assertEquals("JOB_FAILED", first.problems().get(0).code());
            FileResult retried = r.runNow("dl").orElseThrow().files().get(0);
            assertEquals(JobCompletion.Status.APPLIED, retried.status(), retried.problems().toString());
            assertEquals(Set.of(b.id()), failing.store.findDelegates(List.of(a.id())).get(a.id()));
        }
    }

    private static Feeds.ForwardingRepository failingOnce(RuntimeException failure) {
        return new Feeds.ForwardingRepository() {
            private boolean fail = true;

            @Override
            public synchronized Map<String, List<UserRecord>> findBy(String field, java.util.Collection<String> keys) {
                if (fail) {
                    fail = false;
                    throw failure;
                }
                return super.findBy(field, keys);
            }
        };
    }

    // ---- delegates, decoders ----

    @Test
    void delegatesJob_replacesDelegates() {
        UserRecord a = repository.insert(Map.of("username", "a", "externalId", "E1"));
        UserRecord b = repository.insert(Map.of("username", "b", "externalId", "E2"));
        repository.insert(Map.of("username", "c", "externalId", "E3"));
        write(in().resolve("delegates.csv"), "externalId,delegate1\nE1,E2\n");
        try (JobRunner r = runner()) {
            r.add(Job.builder("dl").source(FileSources.folder(in())).schedule(Feeds.everyMinute()).settle(Duration.ZERO)
                    .loadType(LoadType.DELEGATES).format(CsvFormat.defaults()).build());
            FileResult f = r.runNow("dl").orElseThrow().files().get(0);
            assertEquals(JobCompletion.Status.APPLIED, f.status(), f.problems().toString());
            assertEquals(1, f.summary().updated());
            assertEquals(Set.of(b.id()), repository.findDelegates(List.of(a.id())).get(a.id()));
            assertEquals(1, r.jobs(LoadType.DELEGATES, JobState.ACTIVE).size());
            assertEquals(0, r.jobs(LoadType.USERS, JobState.ACTIVE).size());
        }
    }

    /** A stand-in for PGP: base64 files named .pgp. */
    static final class Base64Decoder implements Decoder {
        @Override
        public String name() {
            return "base64";
        }

        @Override
        public boolean accepts(String fileName, byte[] head) {
            return fileName.endsWith(".pgp");
        }

        @Override
        public String decodedName(String fileName) {
            return fileName.substring(0, fileName.length() - 4);
        }

        @Override
        public InputStream decode(InputStream encoded) throws IOException {
            try (encoded) {
                return new ByteArrayInputStream(Base64.getMimeDecoder().decode(encoded.readAllBytes()));
            }
        }
    }

    @Test
    void encryptedFiles_goThroughTheJobsDecoder() {
        write(in().resolve("acmeus_20140215.csv.pgp"),
                Base64.getEncoder().encodeToString(users("alice").getBytes(StandardCharsets.UTF_8)));
        try (JobRunner r = runner()) {
            r.add(Job.builder("hr").source(FileSources.folder(in())).schedule(Feeds.everyMinute()).settle(Duration.ZERO)
                    .decoder(new Base64Decoder()).build());
            FileResult f = r.runNow("hr").orElseThrow().files().get(0);
            assertEquals("acmeus_20140215.csv.pgp", f.file());
            assertEquals(JobCompletion.Status.APPLIED, f.status(), f.problems().toString());
            assertTrue(repository.byUsername("alice").isPresent());
        }
    }

    @Test
    void encryptedFile_withoutADecoder_isRefused() {
        write(in().resolve("acmeus_20140215.csv.pgp"), "-----BEGIN PGP MESSAGE-----");
        try (JobRunner r = runner()) {
            r.add(job("hr", FileSources.folder(in()), Feeds.everyMinute()).build());
            FileResult f = r.runNow("hr").orElseThrow().files().get(0);
            assertEquals(JobCompletion.Status.REFUSED, f.status());
            assertEquals("NO_FORMAT", f.problems().get(0).code());
        }
    }

    // ---- states, listing, deleting ----

    @Test
    void disable_keepsTheJob_enable_restartsFromNow() {
        try (JobRunner r = runner()) {
            r.add(job("hr", FileSources.folder(in()), daily("2026-11-01", "12:00")).build());
            r.disable("hr");
            assertEquals(JobState.DISABLED, r.job("hr").orElseThrow().state());
            assertEquals(Optional.empty(), r.job("hr").orElseThrow().nextRun());
            assertEquals(List.of(), r.runDue(utc("2026-11-20T12:00")));
            assertEquals(1, r.jobs(LoadType.USERS, JobState.DISABLED).size());
            clock.set(utc("2026-11-22T13:00"));
            r.enable("hr");
            assertEquals(JobState.ACTIVE, r.job("hr").orElseThrow().state());
            assertEquals(Optional.of(utc("2026-11-23T12:00")), r.job("hr").orElseThrow().nextRun(),
                    "runs missed while disabled are not made up");
        }
    }

    @Test
    void delete_forgetsTheJob() {
        try (JobRunner r = runner()) {
            r.add(job("hr", FileSources.folder(in()), Feeds.everyMinute()).build());
            r.delete("hr");
            assertEquals(List.of(), r.jobs());
            assertEquals(Optional.empty(), r.job("hr"));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> r.disable("hr"));
            assertEquals("no job named hr", e.getMessage());
            r.add(job("hr", FileSources.folder(in()), Feeds.everyMinute()).build());
        }
    }

    @Test
    void add_sameNameTwice() {
        try (JobRunner r = runner()) {
            r.add(job("hr", FileSources.folder(in()), Feeds.everyMinute()).build());
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> r.add(job("hr", FileSources.folder(in()), Feeds.everyMinute()).build()));
            assertEquals("a job named hr was added already", e.getMessage());
        }
    }

    @Test
    void progressAndDisabling_surviveARestart() {
        Job job = job("hr", FileSources.folder(in()), daily("2026-11-01", "12:00")).build();
        try (JobRunner r = runner()) {
            r.add(job);
            write(in().resolve("users.csv"), users("alice"));
            assertEquals(1, r.runDue(utc("2026-11-21T12:00")).size());
            r.add(job("other", FileSources.folder(in()), Feeds.everyMinute()).build());
            r.disable("other");
        }
        try (JobRunner r = runner()) {
            r.add(job);
            r.add(job("other", FileSources.folder(in()), Feeds.everyMinute()).build());
            assertEquals(List.of(), r.runDue(utc("2026-11-21T18:00")), "the 21st's run was taken already");
            assertEquals(JobState.DISABLED, r.job("other").orElseThrow().state());
            assertEquals(1, r.runDue(utc("2026-11-22T12:00")).size());
        }
    }

    @Test
    void aChangedSchedule_startsAfresh_andADisabledJobStaysDisabled() {
        try (JobRunner r = runner()) {
            r.add(job("hr", FileSources.folder(in()), daily("2026-11-01", "12:00")).build());
            assertEquals(1, r.runDue(utc("2026-11-21T12:00")).size());
            r.add(job("other", FileSources.folder(in()), daily("2026-11-01", "12:00")).build());
            r.disable("other");
        }
        clock.set(utc("2026-11-21T12:30"));
        try (JobRunner r = runner()) {
            r.add(job("hr", FileSources.folder(in()), daily("2026-11-01", "13:00")).build());
            r.add(job("other", FileSources.folder(in()), daily("2026-11-01", "13:00")).build());
            assertEquals(Optional.of(utc("2026-11-21T13:00")), r.job("hr").orElseThrow().nextRun(),
                    "the new schedule starts from now: the 21st at 13:00 is still to come");
            assertEquals(JobState.DISABLED, r.job("other").orElseThrow().state());
        }
    }

    @Test
    void aRunnerWithAFactory_followsTheStore() {
        java.util.function.Function<StoredJob, Job> factory = stored -> {
            if (stored.definition().settings().containsKey("broken")) {
                throw new IllegalArgumentException("broken = yes: not a setting");
            }
            return job(stored.name(), FileSources.folder(in()), daily(stored.definition().settings().get("start"), "12:00"))
                    .build();
        };
        java.util.function.BiFunction<String, String, JobDefinition> def = (name, start) -> new JobDefinition(name, name,
                Optional.empty(), LoadType.USERS, daily(start, "12:00").describe(), java.util.Map.of("start", start));
        store.save(def.apply("hr", "2026-11-01"), utc("2026-11-20T10:00"));
        try (JobRunner r = Feeds.runner(repository, dir.resolve("work"), clock, notifier).store(store).jobs(factory).build()) {
            assertEquals(List.of("hr"), r.runDue(utc("2026-11-20T12:00")).stream().map(RunRecord::job).toList());
            store.save(def.apply("other", "2026-11-01"), utc("2026-11-20T13:00"));
            store.setState("hr", JobState.DISABLED, utc("2026-11-20T13:00"));
            assertEquals(List.of("other"), r.runDue(utc("2026-11-21T12:00")).stream().map(RunRecord::job).toList(),
                    "a job added by another process runs; one it disabled does not");
            store.save(def.apply("other", "2026-11-25"), utc("2026-11-21T13:00"));
            assertEquals(List.of(), r.runDue(utc("2026-11-22T12:00")), "its changed schedule starts on the 25th");
            assertEquals(Optional.of(utc("2026-11-25T12:00")), r.job("other").orElseThrow().nextRun());
            store.setState("other", JobState.CANCELLED, utc("2026-11-22T13:00"));
            store.save(new JobDefinition("bad", "bad", Optional.empty(), LoadType.USERS, "x", java.util.Map.of("broken", "yes")),
                    utc("2026-11-22T13:00"));
            r.refresh();
            assertEquals(List.of("hr"), r.jobs().stream().map(JobStatus::name).toList(),
                    "a cancelled job is dropped, one that cannot be built is left out");
        }
    }

    @Test
    void workDirectory_isLockedByARunnerWithoutAStore() {
        java.util.function.Supplier<JobRunner> alone = () -> Feeds.runner(repository, dir.resolve("work"), clock, notifier)
                .build();
        try (JobRunner r = alone.get()) {
            assertEquals(List.of(), r.jobs());
            IllegalStateException e = assertThrows(IllegalStateException.class, alone::get);
            assertEquals("another job runner uses the work directory " + dir.resolve("work"), e.getMessage());
        }
        alone.get().close();
    }

    @Test
    void cancel_keepsTheJobAndItsHistory_butItNeverRunsAgain() {
        try (JobRunner r = runner()) {
            r.add(job("hr", FileSources.folder(in()), daily("2026-11-01", "12:00")).build());
            assertEquals(1, r.runDue(utc("2026-11-20T12:00")).size());
            r.cancel("hr");
            assertEquals(JobState.CANCELLED, r.job("hr").orElseThrow().state());
            assertEquals(List.of(), r.runDue(utc("2026-11-21T12:00")));
            assertEquals(1, r.history("hr").size());
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> r.enable("hr"));
            assertEquals("job hr was cancelled; add it again to run it", e.getMessage());
        }
        try (JobRunner r = runner()) {
            r.add(job("hr", FileSources.folder(in()), daily("2026-11-01", "12:00")).build());
            assertEquals(JobState.CANCELLED, r.job("hr").orElseThrow().state(), "adding the same job again keeps it cancelled");
        }
    }

    @Test
    void closedRunner_takesNoJobs() {
        JobRunner r = runner();
        r.close();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> r.add(job("hr", FileSources.folder(in()), Feeds.everyMinute()).build()));
        assertEquals("the runner is closed", e.getMessage());
    }

    // ---- builder rules ----

    @Test
    void builder_repositoryMissing() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> JobRunner.builder().workDirectory(dir).build());
        assertEquals("repository must be set", e.getMessage());
    }

    @Test
    void builder_workDirectoryMissing() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> JobRunner.builder().repository(repository).build());
        assertEquals("workDirectory must be set", e.getMessage());
    }

    @Test
    void builder_clockNull() {
        NullPointerException e = assertThrows(NullPointerException.class, () -> JobRunner.builder().clock(null));
        assertEquals("clock must not be null", e.getMessage());
    }

    @Test
    void builder_notifierTwice() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> JobRunner.builder().notifier(notifier).notifier(notifier));
        assertEquals("notifier was already set", e.getMessage());
    }

    @Test
    void builder_historyLimitZero() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JobRunner.builder().historyLimit(0));
        assertEquals("historyLimit must be at least 1: 0", e.getMessage());
    }

    @Test
    void builder_keepProcessedFilesNegative() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> JobRunner.builder().keepProcessedFiles(-1));
        assertEquals("keepProcessedFiles must not be negative: -1", e.getMessage());
    }

    @Test
    void builder_tickTooShort() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> JobRunner.builder().tick(Duration.ofMillis(1)));
        assertEquals("tick must be at least 10 ms: PT0.001S", e.getMessage());
    }

    @Test
    void nextRuns_negativeCount() {
        try (JobRunner r = runner()) {
            r.add(job("hr", FileSources.folder(in()), Feeds.everyMinute()).build());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> r.nextRuns("hr", -1));
            assertEquals("count must not be negative: -1", e.getMessage());
        }
    }

    /** A source whose listing waits for the test. */
    static final class BlockingSource implements FileSource {
        private final FileSource source;
        private final CountDownLatch inside;
        private final CountDownLatch release;

        BlockingSource(FileSource source, CountDownLatch inside, CountDownLatch release) {
            this.source = source;
            this.inside = inside;
            this.release = release;
        }

        @Override
        public String describe() {
            return "blocking " + source.describe();
        }

        @Override
        public Disposition disposition() {
            return source.disposition();
        }

        @Override
        public String preview(LocalDate date) {
            return source.preview(date);
        }

        @Override
        public Connection connect() throws IOException {
            inside.countDown();
            try {
                if (!release.await(10, TimeUnit.SECONDS)) {
                    throw new IOException("never released");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
            return source.connect();
        }
    }

    @SuppressWarnings("unused")
    private static List<UserChange> none() {
        return List.of();
    }

    @SuppressWarnings("unused")
    private static SourceFile file(String name) {
        return new SourceFile(name, 0, Instant.EPOCH);
    }
}
