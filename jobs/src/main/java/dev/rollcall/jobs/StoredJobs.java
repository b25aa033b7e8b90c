package dev.rollcall.jobs;

import java.time.Instant;
import java.util.List;

/** The rules every {@link JobStore} shares. */
final class StoredJobs {

    private StoredJobs() {
    }

    static void checkSettable(JobState state) {
        if (state == JobState.EXPIRED) {
            throw new IllegalArgumentException("expired is not set: a job expires when its schedule ends");
        }
    }

    static void checkTransition(StoredJob job, JobState state) {
        if (job.state() == JobState.CANCELLED && state != JobState.CANCELLED) {
            throw new IllegalStateException("job " + job.name() + " was cancelled; add it again to run it");
        }
    }

    /** The history's record of a run just claimed. */
    static RunRecord running(String job, Instant scheduled, Instant now) {
        return new RunRecord(job, scheduled, now, now, RunRecord.Outcome.RUNNING, List.of(), List.of());
    }

    /** Who holds a run taken over. */
    static String tookOver(String owner, String before) {
        String first = before.contains(" (took over from ") ? before.substring(0, before.indexOf(" (took over from ")) : before;
        return owner + " (took over from " + first + ")";
    }
}
