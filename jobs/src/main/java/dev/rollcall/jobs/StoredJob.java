package dev.rollcall.jobs;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A job as a {@link JobStore} holds it: its definition, the state an administrator set, its
 * progress through its schedule, and the run under way, if any. A snapshot; immutable and
 * thread-safe.
 *
 * @param definition what the administrator manages
 * @param state      {@link JobState#ACTIVE}, {@link JobState#DISABLED} or
 *                   {@link JobState#CANCELLED} ({@link JobState#EXPIRED} is not stored: it
 *                   follows from the schedule, see {@link JobRunner})
 * @param since      where the schedule starts from: when the job was added, its schedule
 *                   changed, or it was last enabled
 * @param lastRun    the last scheduled run taken, by any runner
 * @param runId      the history entry of the run under way, if one is
 * @param leaseOwner the runner that holds that run
 * @param leaseUntil until when it holds it; after that another runner may take it over
 * @param updated    when the definition or state last changed
 */
public record StoredJob(JobDefinition definition, JobState state, Instant since, Optional<Instant> lastRun,
                        OptionalLong runId, Optional<String> leaseOwner, Optional<Instant> leaseUntil, Instant updated) {

    /** Checks the arguments. */
    public StoredJob {
        Objects.requireNonNull(definition, "definition must not be null");
        Objects.requireNonNull(state, "state must not be null");
        if (state == JobState.EXPIRED) {
            throw new IllegalArgumentException("expired is not stored: it follows from the schedule");
        }
        Objects.requireNonNull(since, "since must not be null");
        Objects.requireNonNull(lastRun, "lastRun must not be null");
        Objects.requireNonNull(runId, "runId must not be null");
        Objects.requireNonNull(leaseOwner, "leaseOwner must not be null");
        Objects.requireNonNull(leaseUntil, "leaseUntil must not be null");
        Objects.requireNonNull(updated, "updated must not be null");
    }

    /** @return the job's name */
    public String name() {
        return definition.name();
    }
}
