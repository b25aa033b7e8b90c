package dev.rollcall.jobs;

import java.util.Objects;
import java.util.Optional;

/**
 * One entry of the history a {@link JobStore} keeps: a job's run, or an upload applied by
 * hand. Immutable and thread-safe.
 *
 * @param id   its number, in the order entries were made
 * @param job  the job's name; empty for an upload applied by hand
 * @param kind how it came about
 * @param by   the runner that ran it (a job), or who applied it (by hand)
 * @param run  what happened; {@link RunRecord.Outcome#RUNNING} while under way
 */
public record HistoryEntry(long id, Optional<String> job, Kind kind, String by, RunRecord run) {

    /** How an entry came about. */
    public enum Kind {
        /** A scheduled run of a job. */
        SCHEDULED,
        /** A run of a job asked for by hand ({@link JobRunner#runNow}). */
        ON_DEMAND,
        /** An upload applied by hand ({@code rollcall apply}, a console), outside any job. */
        MANUAL,
        /**
         * An administrator sent a job's interrupted (or processed) files back to be applied at
         * its next run ({@link JobInbox#requeue}).
         */
        REQUEUE
    }

    /** Checks the arguments. */
    public HistoryEntry {
        Objects.requireNonNull(job, "job must not be null");
        Objects.requireNonNull(kind, "kind must not be null");
        Objects.requireNonNull(by, "by must not be null");
        Objects.requireNonNull(run, "run must not be null");
    }
}
