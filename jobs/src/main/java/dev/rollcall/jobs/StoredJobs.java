package dev.rollcall.jobs;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

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

    /**
     * @return whether a claim of this kind takes the job's next scheduled run
     * @throws IllegalArgumentException for {@link HistoryEntry.Kind#MANUAL}: not a job's run
     */
    static boolean advances(HistoryEntry.Kind kind) {
        Objects.requireNonNull(kind, "kind must not be null");
        if (kind == HistoryEntry.Kind.MANUAL) {
            throw new IllegalArgumentException("an upload applied by hand is recorded with recordManual, not claimed");
        }
        return kind == HistoryEntry.Kind.SCHEDULED;
    }

    static Path checkShared(Path folder) {
        Objects.requireNonNull(folder, "folder must not be null");
        if (!folder.isAbsolute()) {
            throw new IllegalArgumentException("the shared work folder must be an absolute path, the same on every node: "
                    + folder);
        }
        return folder.normalize();
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
