package dev.rollcall.jobs;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A job as a runner sees it now (seed 002's schedule list). Immutable and thread-safe; a
 * snapshot.
 *
 * @param job     the job
 * @param state   active, disabled, cancelled or expired
 * @param nextRun when it runs next, if it is active
 * @param running whether a run is under way (in this runner or another sharing its store)
 * @param lastRun its latest run, if any
 */
public record JobStatus(Job job, JobState state, Optional<Instant> nextRun, boolean running, Optional<RunRecord> lastRun) {

    /** Checks the arguments. */
    public JobStatus {
        Objects.requireNonNull(job, "job must not be null");
        Objects.requireNonNull(state, "state must not be null");
        Objects.requireNonNull(nextRun, "nextRun must not be null");
        Objects.requireNonNull(lastRun, "lastRun must not be null");
    }

    /** @return the job's name */
    public String name() {
        return job.name();
    }
}
