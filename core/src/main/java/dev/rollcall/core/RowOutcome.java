package dev.rollcall.core;

import dev.rollcall.spi.Problem;

import java.util.List;
import java.util.Objects;

/**
 * What applying a plan did with one of its entries. Immutable and thread-safe.
 *
 * @param change   the planned change
 * @param state    whether it was written
 * @param messages the planned change's messages, then any added while applying (why a
 *                 write failed, a welcome message that could not be sent)
 */
public record RowOutcome(PlannedChange change, State state, List<Problem> messages) {

    /** Whether a planned change was written. */
    public enum State {
        /** Written to the repository. */
        APPLIED,
        /** The repository refused or failed the write; see the messages for the cause. */
        FAILED,
        /** Not attempted, because applying stopped early. */
        NOT_ATTEMPTED,
        /** Nothing to write: the entry was unchanged, skipped or rejected. */
        NO_WRITE;

        /**
         * @return the word every report (JSON, CSV, HTML) and the terminal use for it:
         *         {@code applied}, {@code failed}, {@code not-attempted}, {@code none}
         */
        public String label() {
            return this == NO_WRITE ? "none" : name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    /** Checks the arguments and copies the list. */
    public RowOutcome {
        Objects.requireNonNull(change, "change must not be null");
        Objects.requireNonNull(state, "state must not be null");
        messages = List.copyOf(messages);
        if ((state == State.NO_WRITE) == change.action().writes()) {
            throw new IllegalArgumentException(state + " does not fit a planned " + change.action().label());
        }
    }

    /** @return the line of the row, 0 for a user the file left out */
    public long line() {
        return change.line();
    }

    /** @return the planned action */
    public Action action() {
        return change.action();
    }

    /** @return the user's username after the change */
    public String username() {
        return change.username();
    }
}
