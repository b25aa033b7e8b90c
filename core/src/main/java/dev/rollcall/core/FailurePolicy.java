package dev.rollcall.core;

/**
 * What {@link UploadPlan#apply()} does when the repository refuses or fails a write.
 *
 * <p>Whatever the policy, apply promises: every entry's outcome is recorded — applied,
 * failed (with the cause), or not attempted; an entry is reported applied only when the
 * repository accepted its write; and because writes are planned against stored versions,
 * planning the same file again afterwards yields exactly the work that did not happen.
 *
 * <p>Immutable and thread-safe.
 *
 * @param maxFailures stop after this many failed writes; {@code 0} never stops
 */
public record FailurePolicy(int maxFailures) {

    /** Checks the argument. */
    public FailurePolicy {
        if (maxFailures < 0) {
            throw new IllegalArgumentException("maxFailures must not be negative: " + maxFailures);
        }
    }

    /** @return go on with the next rows after any failure (the default) */
    public static FailurePolicy continueOnFailure() {
        return new FailurePolicy(0);
    }

    /**
     * @param failures how many failed writes end the apply
     * @return stop after that many failures; the entries not yet written are reported
     *         {@link RowOutcome.State#NOT_ATTEMPTED}
     */
    public static FailurePolicy stopAfter(int failures) {
        if (failures < 1) {
            throw new IllegalArgumentException("stopAfter needs at least 1 failure: " + failures);
        }
        return new FailurePolicy(failures);
    }

    /** @return whether this many failures end the apply */
    public boolean stops(long failures) {
        return maxFailures > 0 && failures >= maxFailures;
    }
}
