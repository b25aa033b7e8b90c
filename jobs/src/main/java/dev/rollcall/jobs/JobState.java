package dev.rollcall.jobs;

import java.util.Locale;

/** A job's state (seed 002's schedule list, and seed 000's "Disable" and "Delete"). */
public enum JobState {
    /** The job runs on its schedule. */
    ACTIVE,
    /** The job was disabled; it keeps its schedule and does not run until it is enabled again. */
    DISABLED,
    /** The job was cancelled (deleted from the list of schedules); it never runs again, its history stays. */
    CANCELLED,
    /** The job's schedule has no more runs: past its end date or its last occurrence. */
    EXPIRED;

    /** @return {@code active}, {@code disabled}, {@code cancelled} or {@code expired} */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param text a label, in any case
     * @return the state
     * @throws IllegalArgumentException for anything else
     */
    public static JobState parse(String text) {
        for (JobState s : values()) {
            if (s.label().equalsIgnoreCase(text.strip())) {
                return s;
            }
        }
        throw new IllegalArgumentException("state must be active, disabled, cancelled or expired, not '" + text + "'");
    }
}
