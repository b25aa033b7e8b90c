package dev.rollcall.jobs;

import java.time.Instant;
import java.util.Objects;

/**
 * A runner's hold on one run of a job, from a {@link JobStore}: while its lease lasts, no
 * other runner runs the job. Immutable and thread-safe.
 *
 * @param job       the job's name
 * @param runId     the run's history entry
 * @param owner     the runner holding it
 * @param scheduled the scheduled run it is (or the moment a run was asked for)
 * @param takenOver whether the run was taken over from a runner whose lease ran out
 */
public record Claim(String job, long runId, String owner, Instant scheduled, boolean takenOver) {

    /** Checks the arguments. */
    public Claim {
        Objects.requireNonNull(job, "job must not be null");
        Objects.requireNonNull(owner, "owner must not be null");
        Objects.requireNonNull(scheduled, "scheduled must not be null");
    }
}
