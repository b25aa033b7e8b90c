package dev.rollcall.jobs;

import java.util.Locale;

/** A job's state in a runner (seed 002's schedule list). */
public enum JobState {
    /** The job runs on its schedule. */
    ACTIVE,
    /** The job was disabled; it does not run until it is enabled again. */
    CANCELLED,
    /** The job's schedule has no more runs. */
    EXPIRED;

    /** @return {@code active}, {@code cancelled} or {@code expired} */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
