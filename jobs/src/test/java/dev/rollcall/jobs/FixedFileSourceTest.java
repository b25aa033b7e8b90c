package dev.rollcall.jobs;

import dev.rollcall.core.InMemoryUserRepository;
import dev.rollcall.spi.JobCompletion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;

import static dev.rollcall.jobs.Feeds.daily;
import static dev.rollcall.jobs.Feeds.job;
import static dev.rollcall.jobs.Feeds.runner;
import static dev.rollcall.jobs.Feeds.users;
import static dev.rollcall.jobs.Feeds.utc;
import static dev.rollcall.jobs.Feeds.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Seed 000's fixed file: processed when its content changed, never deleted. */
class FixedFileSourceTest {

    @TempDir
    Path dir;

    private final InMemoryUserRepository repository = new InMemoryUserRepository();
    private final Feeds.MutableClock clock = new Feeds.MutableClock(utc("2026-11-20T10:00"));
    private final Feeds.RecordingNotifier notifier = new Feeds.RecordingNotifier();

    @Test
    void unchangedFile_isSkipped_changedFile_isProcessed_neverDeleted() throws Exception {
        Path file = write(dir.resolve("feed/users.csv"), users("alice", "bob"));
        try (JobRunner r = runner(repository, dir.resolve("work"), clock, notifier).build()) {
            r.add(job("hr", FileSources.file(file), Feeds.everyMinute()).build());

            RunRecord first = r.runNow("hr").orElseThrow();
            assertEquals(RunRecord.Outcome.PROCESSED, first.outcome());
            assertEquals(JobCompletion.Status.APPLIED, first.files().get(0).status());
            assertEquals(2, first.files().get(0).summary().created());
            assertTrue(Files.exists(file), "a fixed file is never deleted");

            RunRecord second = r.runNow("hr").orElseThrow();
            assertEquals(RunRecord.Outcome.UNCHANGED, second.outcome());
            assertEquals(1, notifier.jobs.size(), "nothing to tell about an unchanged file");

            write(file, users("alice", "bob", "carol"));
            RunRecord third = r.runNow("hr").orElseThrow();
            assertEquals(RunRecord.Outcome.PROCESSED, third.outcome());
            assertEquals(1, third.files().get(0).summary().created());
            assertEquals(2, third.files().get(0).summary().unchanged());
            assertTrue(Files.exists(file));
        }
    }

    @Test
    void sameContentWrittenAgain_isStillUnchanged() throws Exception {
        Path file = write(dir.resolve("feed/users.csv"), users("alice"));
        try (JobRunner r = runner(repository, dir.resolve("work"), clock, notifier).build()) {
            r.add(job("hr", FileSources.file(file), Feeds.everyMinute()).build());
            r.runNow("hr");
            Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.from(utc("2030-01-01T00:00")));
            write(file, users("alice"));
            assertEquals(RunRecord.Outcome.UNCHANGED, r.runNow("hr").orElseThrow().outcome(), "judged by content, not time");
        }
    }

    @Test
    void skipUnchangedOff_processesEveryRun() {
        Path file = write(dir.resolve("feed/users.csv"), users("alice"));
        try (JobRunner r = runner(repository, dir.resolve("work"), clock, notifier).build()) {
            r.add(job("hr", FileSources.file(file), Feeds.everyMinute()).skipUnchanged(false).build());
            r.runNow("hr");
            RunRecord again = r.runNow("hr").orElseThrow();
            assertEquals(RunRecord.Outcome.PROCESSED, again.outcome());
            assertEquals(1, again.files().get(0).summary().unchanged());
        }
    }

    @Test
    void unchangedState_survivesARestart() {
        Path file = write(dir.resolve("feed/users.csv"), users("alice"));
        Job job = job("hr", FileSources.file(file), Feeds.everyMinute()).build();
        try (JobRunner r = runner(repository, dir.resolve("work"), clock, notifier).build()) {
            r.add(job);
            r.runNow("hr");
        }
        try (JobRunner r = runner(repository, dir.resolve("work"), clock, notifier).build()) {
            r.add(job);
            assertEquals(RunRecord.Outcome.UNCHANGED, r.runNow("hr").orElseThrow().outcome());
        }
    }

    @Test
    void datedName_isResolvedForTheRunsDate() {
        String pattern = dir.resolve("feed").toString() + "/acme_$yyyy$mm$dd.csv";
        write(dir.resolve("feed/acme_20261120.csv"), users("alice"));
        write(dir.resolve("feed/acme_20261121.csv"), users("bob"));
        clock.set(utc("2026-11-19T00:00"));
        try (JobRunner r = runner(repository, dir.resolve("work"), clock, notifier).build()) {
            r.add(job("hr", FileSources.file(pattern), daily("2026-11-20", "06:00")).build());
            assertEquals(dir.resolve("feed") + "/acme_20261121.csv",
                    FileSources.file(pattern).preview(LocalDate.of(2026, 11, 21)));

            RunRecord day1 = r.runDue(utc("2026-11-20T06:00")).get(0);
            assertEquals("acme_20261120.csv", day1.files().get(0).file());
            RunRecord day2 = r.runDue(utc("2026-11-21T06:00")).get(0);
            assertEquals("acme_20261121.csv", day2.files().get(0).file());
            assertTrue(repository.byUsername("bob").isPresent());
        }
    }

    @Test
    void missingFile_isNothingNew() {
        try (JobRunner r = runner(repository, dir.resolve("work"), clock, notifier).build()) {
            r.add(job("hr", FileSources.file(dir.resolve("users.csv")), Feeds.everyMinute()).build());
            assertEquals(RunRecord.Outcome.NOTHING_NEW, r.runNow("hr").orElseThrow().outcome());
            assertTrue(notifier.jobs.isEmpty());
        }
    }

    @Test
    void missingFolder_isASourceFailure() {
        try (JobRunner r = runner(repository, dir.resolve("work"), clock, notifier).build()) {
            r.add(job("hr", FileSources.file(dir.resolve("nowhere/users.csv")), Feeds.everyMinute()).build());
            RunRecord run = r.runNow("hr").orElseThrow();
            assertEquals(RunRecord.Outcome.FAILED, run.outcome());
            assertEquals("SOURCE_FAILED", run.problems().get(0).code());
            assertEquals(JobCompletion.Status.FAILED, notifier.jobs.get(0).status());
        }
    }

    @Test
    void dollarInAPlainPath_isNotACode() {
        Path file = write(dir.resolve("feed/pay$roll.csv"), users("alice"));
        try (JobRunner r = runner(repository, dir.resolve("work"), clock, notifier).build()) {
            r.add(job("hr", FileSources.file(file), Feeds.everyMinute()).build());
            assertEquals(RunRecord.Outcome.PROCESSED, r.runNow("hr").orElseThrow().outcome());
        }
    }
}
