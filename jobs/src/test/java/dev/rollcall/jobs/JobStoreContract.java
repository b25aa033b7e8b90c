package dev.rollcall.jobs;

import dev.rollcall.spi.JobCompletion;
import dev.rollcall.spi.Problem;
import dev.rollcall.spi.Severity;
import dev.rollcall.spi.UploadSummary;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import static dev.rollcall.jobs.Feeds.utc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What every {@link JobStore} does; each implementation's test runs it. */
abstract class JobStoreContract {

    /** @return an empty store */
    abstract JobStore store();

    static final Instant T0 = utc("2026-12-01T09:00");
    static final Duration LEASE = Duration.ofMinutes(5);

    static JobDefinition definition(String name, String schedule) {
        return new JobDefinition(name, "The " + name + " feed", Optional.of(name + "-admin@example.com"), LoadType.USERS, schedule,
                Map.of("source", "folder", "path", "in/" + name, "odd", "a = b: c\\d\n\t\u00e9 #not a comment"));
    }

    @Test
    void save_addsAnActiveJob_whoseScheduleStartsNow() {
        JobStore store = store();
        StoredJob s = store.save(definition("hr", "daily"), T0);
        assertEquals(JobState.ACTIVE, s.state());
        assertEquals(T0, s.since());
        assertEquals(Optional.empty(), s.lastRun());
        assertEquals(OptionalLong.empty(), s.runId());
        assertEquals(definition("hr", "daily"), store.find("hr").orElseThrow().definition(), "settings come back as saved");
        store.save(definition("delegates", "weekly"), T0);
        assertEquals(List.of("delegates", "hr"), store.list().stream().map(StoredJob::name).toList());
        assertEquals(Optional.empty(), store.find("nobody"));
    }

    @Test
    void save_keepsStateAndProgress_unlessTheScheduleChanged() {
        JobStore store = store();
        StoredJob s = store.save(definition("hr", "daily"), T0);
        store.finish(store.claim(s, T0.plusSeconds(60), HistoryEntry.Kind.SCHEDULED, "a", T0, T0.plus(LEASE)).orElseThrow(),
                done("hr", T0));
        store.setState("hr", JobState.DISABLED, T0);
        JobDefinition renamed = new JobDefinition("hr", "HR, renamed", Optional.empty(), LoadType.USERS, "daily", Map.of());
        StoredJob same = store.save(renamed, T0.plusSeconds(600));
        assertEquals(JobState.DISABLED, same.state());
        assertEquals(Optional.of(T0.plusSeconds(60)), same.lastRun());
        assertEquals("HR, renamed", same.definition().description());
        assertEquals(Map.of(), same.definition().settings());
        assertEquals(Optional.empty(), same.definition().completionEmail(), "the completion email is changed too");
        StoredJob changed = store.save(definition("hr", "weekly"), T0.plusSeconds(900));
        assertEquals(JobState.DISABLED, changed.state(), "disabling outlives an edit");
        assertEquals(T0.plusSeconds(900), changed.since());
        assertEquals(Optional.empty(), changed.lastRun());
        assertEquals(1, store.history(Optional.of("hr"), 10).size(), "the history stays");
    }

    @Test
    void setState_disableKeepsTheSchedule_enableStartsAfresh_cancelIsFinal() {
        JobStore store = store();
        StoredJob s = store.save(definition("hr", "daily"), T0);
        store.finish(store.claim(s, T0, HistoryEntry.Kind.SCHEDULED, "a", T0, T0.plus(LEASE)).orElseThrow(), done("hr", T0));
        assertTrue(store.setState("hr", JobState.DISABLED, T0.plusSeconds(10)));
        assertEquals(JobState.DISABLED, store.find("hr").orElseThrow().state());
        assertEquals("daily", store.find("hr").orElseThrow().definition().schedule());
        assertTrue(store.setState("hr", JobState.ACTIVE, T0.plusSeconds(20)));
        StoredJob enabled = store.find("hr").orElseThrow();
        assertEquals(T0.plusSeconds(20), enabled.since());
        assertEquals(Optional.empty(), enabled.lastRun());
        assertTrue(store.setState("hr", JobState.CANCELLED, T0.plusSeconds(30)));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> store.setState("hr", JobState.ACTIVE, T0.plusSeconds(40)));
        assertEquals("job hr was cancelled; add it again to run it", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> store.setState("hr", JobState.EXPIRED, T0));
        assertFalse(store.setState("nobody", JobState.DISABLED, T0));
        assertEquals(JobState.ACTIVE, store.save(definition("hr", "daily"), T0.plusSeconds(50)).state(),
                "a cancelled job saved again is active again");
    }

    @Test
    void claim_isWonOnce_fromTheSameView() {
        JobStore store = store();
        StoredJob seen = store.save(definition("hr", "daily"), T0);
        Optional<Claim> a = store.claim(seen, T0.plusSeconds(60), HistoryEntry.Kind.SCHEDULED, "a", T0, T0.plus(LEASE));
        Optional<Claim> b = store.claim(seen, T0.plusSeconds(60), HistoryEntry.Kind.SCHEDULED, "b", T0, T0.plus(LEASE));
        assertTrue(a.isPresent());
        assertEquals(Optional.empty(), b, "the second runner, who read the job before the first claimed it, loses");
        StoredJob now = store.find("hr").orElseThrow();
        assertEquals(Optional.of(T0.plusSeconds(60)), now.lastRun());
        assertEquals(OptionalLong.of(a.get().runId()), now.runId());
        assertEquals(Optional.of("a"), now.leaseOwner());
        assertEquals(Optional.empty(),
                store.claim(now, T0.plusSeconds(120), HistoryEntry.Kind.SCHEDULED, "b", T0, T0.plus(LEASE)),
                "no claim while a run is under way");
        assertEquals(RunRecord.Outcome.RUNNING, store.history(Optional.of("hr"), 1).get(0).run().outcome());
        assertTrue(store.finish(a.get(), done("hr", T0.plusSeconds(60))));
        StoredJob after = store.find("hr").orElseThrow();
        assertEquals(OptionalLong.empty(), after.runId());
        assertTrue(store.claim(after, T0.plusSeconds(120), HistoryEntry.Kind.SCHEDULED, "b", T0, T0.plus(LEASE)).isPresent());
    }

    @Test
    void claim_byHand_leavesTheProgress_andIgnoresTheState() {
        JobStore store = store();
        store.save(definition("hr", "daily"), T0);
        store.setState("hr", JobState.DISABLED, T0);
        StoredJob seen = store.find("hr").orElseThrow();
        assertEquals(Optional.empty(), store.claim(seen, T0, HistoryEntry.Kind.SCHEDULED, "a", T0, T0.plus(LEASE)),
                "a disabled job is not scheduled");
        Claim c = store.claim(seen, T0, HistoryEntry.Kind.ON_DEMAND, "a", T0, T0.plus(LEASE)).orElseThrow();
        assertEquals(Optional.empty(), store.find("hr").orElseThrow().lastRun());
        assertTrue(store.finish(c, done("hr", T0)));
        assertEquals(HistoryEntry.Kind.ON_DEMAND, store.history(Optional.of("hr"), 1).get(0).kind());
    }

    @Test
    void takeOver_onlyOnceTheLeaseEnded_andTheOldOwnerCanNoLongerRenewOrFinish() {
        JobStore store = store();
        StoredJob seen = store.save(definition("hr", "daily"), T0);
        Claim a = store.claim(seen, T0, HistoryEntry.Kind.SCHEDULED, "a", T0, T0.plus(LEASE)).orElseThrow();
        StoredJob running = store.find("hr").orElseThrow();
        assertEquals(Optional.empty(), store.takeOver(running, "b", T0.plus(LEASE).minusMillis(1), T0.plus(LEASE).plus(LEASE)));
        assertTrue(store.renew(a, T0.plus(LEASE).plusSeconds(60)));
        assertEquals(Optional.empty(), store.takeOver(running, "b", T0.plus(LEASE), T0.plus(LEASE).plus(LEASE)),
                "a renewed lease holds");
        Instant late = T0.plus(LEASE).plusSeconds(60);
        Claim b = store.takeOver(store.find("hr").orElseThrow(), "b", late, late.plus(LEASE)).orElseThrow();
        assertEquals(a.runId(), b.runId());
        assertEquals(T0, b.scheduled());
        assertTrue(b.takenOver());
        assertEquals(Optional.empty(), store.takeOver(running, "c", late, late.plus(LEASE)), "taken over once");
        assertFalse(store.renew(a, late.plus(LEASE)));
        assertFalse(store.finish(a, done("hr", T0)));
        assertEquals(RunRecord.Outcome.RUNNING, store.history(Optional.of("hr"), 1).get(0).run().outcome(),
                "the old owner recorded nothing");
        assertTrue(store.finish(b, done("hr", T0)));
        HistoryEntry e = store.history(Optional.of("hr"), 10).get(0);
        assertEquals(1, store.history(Optional.of("hr"), 10).size());
        assertEquals("b (took over from a)", e.by());
        assertEquals(RunRecord.Outcome.PROCESSED, e.run().outcome());
    }

    @Test
    void history_keepsEveryFileAndProblem_newestLast() {
        JobStore store = store();
        StoredJob seen = store.save(definition("hr", "periodic"), T0);
        for (int i = 0; i < 3; i++) {
            Claim c = store.claim(seen, T0.plusSeconds(60L * i), HistoryEntry.Kind.SCHEDULED, "a", T0, T0.plus(LEASE))
                    .orElseThrow();
            assertTrue(store.finish(c, done("hr", T0.plusSeconds(60L * i))));
            seen = store.find("hr").orElseThrow();
        }
        long manual = store.recordManual(done("rollcall apply", T0.plusSeconds(500)), "alice");
        List<HistoryEntry> two = store.history(Optional.of("hr"), 2);
        assertEquals(List.of(T0.plusSeconds(60), T0.plusSeconds(120)), two.stream().map(e -> e.run().scheduled()).toList());
        RunRecord r = two.get(1).run();
        assertEquals(done("hr", T0.plusSeconds(120)), r, "files, counters, checksums and problems come back as recorded");
        List<HistoryEntry> all = store.history(Optional.empty(), 10);
        assertEquals(4, all.size());
        HistoryEntry last = all.get(3);
        assertEquals(manual, last.id());
        assertEquals(Optional.empty(), last.job());
        assertEquals(HistoryEntry.Kind.MANUAL, last.kind());
        assertEquals("alice", last.by());
        assertEquals("rollcall apply", last.run().job());
    }

    @Test
    void delete_forgetsTheJobAndItsHistory() {
        JobStore store = store();
        StoredJob seen = store.save(definition("hr", "daily"), T0);
        store.finish(store.claim(seen, T0, HistoryEntry.Kind.SCHEDULED, "a", T0, T0.plus(LEASE)).orElseThrow(), done("hr", T0));
        store.recordManual(done("rollcall apply", T0), "alice");
        assertTrue(store.delete("hr"));
        assertFalse(store.delete("hr"));
        assertEquals(Optional.empty(), store.find("hr"));
        assertEquals(List.of(), store.history(Optional.of("hr"), 10));
        assertEquals(1, store.history(Optional.empty(), 10).size(), "uploads applied by hand stay");
    }

    @Test
    void pruneHistory_forgetsWhatFinishedBefore_butNotARunUnderWay() {
        JobStore store = store();
        StoredJob seen = store.save(definition("hr", "periodic"), T0);
        store.finish(store.claim(seen, T0, HistoryEntry.Kind.SCHEDULED, "a", T0, T0.plus(LEASE)).orElseThrow(), done("hr", T0));
        seen = store.find("hr").orElseThrow();
        Claim underWay = store.claim(seen, T0.plusSeconds(60), HistoryEntry.Kind.SCHEDULED, "a", T0, T0.plus(LEASE))
                .orElseThrow();
        store.recordManual(done("rollcall apply", T0.plusSeconds(500)), "alice");

        assertEquals(1, store.pruneHistory(T0.plusSeconds(100)), "the first run (finished at T0 + 3 s)");
        assertEquals(List.of(HistoryEntry.Kind.SCHEDULED, HistoryEntry.Kind.MANUAL),
                store.history(Optional.empty(), 10).stream().map(HistoryEntry::kind).toList());
        assertEquals(RunRecord.Outcome.RUNNING, store.history(Optional.of("hr"), 10).get(0).run().outcome(),
                "the run under way is kept, whenever it started");
        assertTrue(store.finish(underWay, done("hr", T0.plusSeconds(60))), "and its runner records it");
        assertEquals(0, store.pruneHistory(T0));
        assertEquals(2, store.pruneHistory(T0.plusSeconds(1000)));
        assertEquals(List.of(), store.history(Optional.empty(), 10));
        assertEquals(Optional.of(T0.plusSeconds(60)), store.find("hr").orElseThrow().lastRun(), "the job's progress stays");
    }

    @Test
    void sharedWorkDirectory_isDeclaredForEveryRunner() {
        JobStore store = store();
        assertEquals(Optional.empty(), store.sharedWorkDirectory());
        assertThrows(IllegalArgumentException.class, () -> store.declareSharedWorkDirectory(Path.of("relative/jobs")));
        store.declareSharedWorkDirectory(Path.of("/srv/shared/../shared/rollcall-jobs"));
        assertEquals(Optional.of(Path.of("/srv/shared/rollcall-jobs")), store.sharedWorkDirectory());
        store.declareSharedWorkDirectory(Path.of("/mnt/jobs"));
        assertEquals(Optional.of(Path.of("/mnt/jobs")), store.sharedWorkDirectory());
    }

    @Test
    void claim_byHand_isNotARunOfAJob() {
        JobStore store = store();
        StoredJob seen = store.save(definition("hr", "daily"), T0);
        assertThrows(IllegalArgumentException.class,
                () -> store.claim(seen, T0, HistoryEntry.Kind.MANUAL, "a", T0, T0.plus(LEASE)));
        Claim c = store.claim(seen, T0, HistoryEntry.Kind.REQUEUE, "admin", T0, T0.plus(LEASE)).orElseThrow();
        assertEquals(Optional.empty(), store.find("hr").orElseThrow().lastRun(), "a requeue takes no scheduled run");
        assertEquals(Optional.empty(), store.claim(store.find("hr").orElseThrow(), T0, HistoryEntry.Kind.SCHEDULED, "b",
                T0, T0.plus(LEASE)), "no run while a requeue holds the job");
        assertTrue(store.finish(c, done("hr", T0)));
        assertEquals(List.of(HistoryEntry.Kind.REQUEUE),
                store.history(Optional.of("hr"), 10).stream().map(HistoryEntry::kind).toList());
    }

    /** A finished run with one applied file, a problem with awkward characters, and an error file. */
    static RunRecord done(String job, Instant scheduled) {
        UploadSummary summary = new UploadSummary(12, 3, 4, 0, 1, 2, 0, 5, 0, 1, 0, 0, 0);
        Problem p = new Problem(Severity.ERROR, "INVALID_EMAIL", 7, "email", "email", "line 7:\tnot an email\nat all \\ ok");
        FileResult f = new FileResult("users_20261201.csv", 1234, "ab".repeat(32), JobCompletion.Status.APPLIED, summary,
                "12 rows, 3 created", List.of(p), Optional.of(Path.of("/work/hr/errors/users-errors.csv")),
                scheduled.plusSeconds(2));
        Problem w = new Problem(Severity.WARNING, "NOTIFIER_FAILED", 0, null, null, "the completion notice failed");
        return new RunRecord(job, scheduled, scheduled.plusSeconds(1), scheduled.plusSeconds(3), RunRecord.Outcome.PROCESSED,
                List.of(f), List.of(w));
    }
}
