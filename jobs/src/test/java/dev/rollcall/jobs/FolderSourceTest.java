package dev.rollcall.jobs;

import dev.rollcall.core.InMemoryUserRepository;
import dev.rollcall.spi.FileSource;
import dev.rollcall.spi.JobCompletion;
import dev.rollcall.spi.SourceFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static dev.rollcall.jobs.Feeds.job;
import static dev.rollcall.jobs.Feeds.runner;
import static dev.rollcall.jobs.Feeds.users;
import static dev.rollcall.jobs.Feeds.utc;
import static dev.rollcall.jobs.Feeds.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Seed 000's watched folder: new files are taken into the inbox, deleted at the source, processed in name order. */
class FolderSourceTest {

    @TempDir
    Path dir;

    private final InMemoryUserRepository repository = new InMemoryUserRepository();
    private final Feeds.MutableClock clock = new Feeds.MutableClock(utc("2026-11-20T10:00"));
    private final Feeds.RecordingNotifier notifier = new Feeds.RecordingNotifier();

    private static List<String> names(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void newFiles_takenDeletedAtSource_processedInNameOrder() throws Exception {
        Path in = dir.resolve("in");
        write(in.resolve("b_second.csv"), users("bob"));
        write(in.resolve("a_first.csv"), users("alice"));
        try (JobRunner r = runner(repository, dir.resolve("work"), clock, notifier).build()) {
            r.add(job("hr", FileSources.folder(in), Feeds.everyMinute()).build());
            RunRecord run = r.runNow("hr").orElseThrow();
            assertEquals(List.of("a_first.csv", "b_second.csv"), run.files().stream().map(FileResult::file).toList());
            assertTrue(run.files().stream().allMatch(f -> f.status() == JobCompletion.Status.APPLIED));
            assertEquals(List.of(), names(in), "taken files are deleted at the source");
            assertEquals(List.of("0000000001_a_first.csv", "0000000002_b_second.csv"),
                    names(dir.resolve("work/hr/inbox/done")));
            assertTrue(repository.byUsername("alice").isPresent() && repository.byUsername("bob").isPresent());

            assertEquals(RunRecord.Outcome.NOTHING_NEW, r.runNow("hr").orElseThrow().outcome(), "each file once");
        }
    }

    @Test
    void aFileStillBeingWritten_isNotTaken_untilItSettles() throws Exception {
        Path in = dir.resolve("in");
        Path growing = write(in.resolve("users.csv"), "username,email\n");
        AtomicInteger listings = new AtomicInteger();
        // the writer appends a row between the two listings of the first run
        FileSource source = new ListingHook(FileSources.folder(in), () -> {
            if (listings.incrementAndGet() == 1) {
                Files.writeString(growing, "alice,alice@example.com\n", StandardOpenOption.APPEND);
            }
        });
        try (JobRunner r = runner(repository, dir.resolve("work"), clock, notifier).build()) {
            r.add(job("hr", source, Feeds.everyMinute()).build());
            assertEquals(RunRecord.Outcome.NOTHING_NEW, r.runNow("hr").orElseThrow().outcome());
            assertTrue(Files.exists(growing), "a changing file stays at the source");

            RunRecord next = r.runNow("hr").orElseThrow();
            assertEquals(RunRecord.Outcome.PROCESSED, next.outcome(), "taken once two listings agree");
            assertEquals(1, next.files().get(0).summary().rows());
        }
    }

    @Test
    void settle_waitsBetweenListings_forANewFile() {
        Path in = dir.resolve("in");
        write(in.resolve("users.csv"), users("alice"));
        List<Duration> waits = new ArrayList<>();
        try (JobRunner r = JobRunner.builder().repository(repository).workDirectory(dir.resolve("work")).clock(clock)
                .notifier(notifier).sleeper(d -> {
                    waits.add(d);
                    Thread.sleep(d.toMillis() + 5);
                }).build()) {
            r.add(Job.builder("hr").source(FileSources.folder(in)).schedule(Feeds.everyMinute())
                    .format(dev.rollcall.csv.CsvFormat.defaults()).settle(Duration.ofMillis(20)).build());
            RunRecord run = r.runNow("hr").orElseThrow();
            assertEquals(List.of(Duration.ofMillis(20)), waits, "one wait, of the settle time");
            assertEquals(RunRecord.Outcome.PROCESSED, run.outcome());
        }
    }

    @Test
    void temporaryAndHiddenNames_areLeftAlone() throws Exception {
        Path in = dir.resolve("in");
        write(in.resolve("users.csv.part"), users("alice"));
        write(in.resolve("users.csv.filepart"), users("alice"));
        write(in.resolve(".users.csv"), users("alice"));
        write(in.resolve("users.tmp"), users("alice"));
        Files.createDirectories(in.resolve("sub"));
        try (JobRunner r = runner(repository, dir.resolve("work"), clock, notifier).build()) {
            r.add(job("hr", FileSources.folder(in), Feeds.everyMinute()).build());
            assertEquals(RunRecord.Outcome.NOTHING_NEW, r.runNow("hr").orElseThrow().outcome());
            assertEquals(List.of(".users.csv", "sub", "users.csv.filepart", "users.csv.part", "users.tmp"), names(in));
        }
    }

    @Test
    void renamedWhenComplete_isTaken() throws Exception {
        Path in = dir.resolve("in");
        write(in.resolve("users.csv.part"), users("alice"));
        try (JobRunner r = runner(repository, dir.resolve("work"), clock, notifier).build()) {
            r.add(job("hr", FileSources.folder(in), Feeds.everyMinute()).build());
            r.runNow("hr");
            Files.move(in.resolve("users.csv.part"), in.resolve("users.csv"));
            assertEquals(RunRecord.Outcome.PROCESSED, r.runNow("hr").orElseThrow().outcome());
        }
    }

    @Test
    void missingFolder_failsTheRun_andTellsTheNotifier() {
        try (JobRunner r = runner(repository, dir.resolve("work"), clock, notifier).build()) {
            r.add(job("hr", FileSources.folder(dir.resolve("nowhere")), Feeds.everyMinute())
                    .completionEmail("admin@example.com").build());
            RunRecord run = r.runNow("hr").orElseThrow();
            assertEquals(RunRecord.Outcome.FAILED, run.outcome());
            assertEquals("SOURCE_FAILED", run.problems().get(0).code());
            JobCompletion c = notifier.jobs.get(0);
            assertEquals(JobCompletion.Status.FAILED, c.status());
            assertEquals(java.util.Optional.of("admin@example.com"), c.recipient());
            assertEquals("SOURCE_FAILED", c.upload().fileProblems().get(0).code());
        }
    }

    @Test
    void sameNameAgainLater_isANewFile() throws Exception {
        Path in = dir.resolve("in");
        try (JobRunner r = runner(repository, dir.resolve("work"), clock, notifier).build()) {
            r.add(job("hr", FileSources.folder(in), Feeds.everyMinute()).build());
            write(in.resolve("users.csv"), users("alice"));
            r.runNow("hr");
            write(in.resolve("users.csv"), users("alice", "bob"));
            RunRecord second = r.runNow("hr").orElseThrow();
            assertEquals(1, second.files().get(0).summary().created());
            assertFalse(Files.exists(in.resolve("users.csv")));
        }
    }

    @Test
    void preview_ofAFolder_isTheFolder() {
        assertEquals(dir.toString(), FileSources.folder(dir).preview(LocalDate.of(2026, 1, 1)));
    }

    /** A source that runs a hook before each listing. */
    static final class ListingHook implements FileSource {
        interface Hook {
            void run() throws IOException;
        }

        private final FileSource source;
        private final Hook hook;

        ListingHook(FileSource source, Hook hook) {
            this.source = source;
            this.hook = hook;
        }

        @Override
        public String describe() {
            return source.describe();
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
            Connection c = source.connect();
            return new Connection() {
                @Override
                public List<SourceFile> list(LocalDate date) throws IOException {
                    List<SourceFile> files = c.list(date);
                    hook.run();
                    return files;
                }

                @Override
                public InputStream open(SourceFile file) throws IOException {
                    return c.open(file);
                }

                @Override
                public void delete(SourceFile file) throws IOException {
                    c.delete(file);
                }

                @Override
                public void close() throws IOException {
                    c.close();
                }
            };
        }
    }
}
