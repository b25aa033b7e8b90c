package dev.rollcall.core;

/** What happens when a username made from a template is taken (seed 003's "New username duplicate handling"). */
public enum DuplicateUsernames {
    /** Append a counter: {@code jdoe}, {@code jdoe2}, {@code jdoe3}; {@code abc007} → {@code abc008}. The default. */
    APPEND_COUNTER,
    /** Reject the row. */
    REJECT
}
