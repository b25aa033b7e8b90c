package dev.rollcall.core;

import dev.rollcall.spi.Problem;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What a delegate upload does with one user's delegates (the people who may act for the
 * user, seed 002): which are added and which are removed. Delegates are shown by their
 * external ids. Immutable and thread-safe.
 *
 * @param line          the row's line, or 0 for a user the file left out (whose delegates are all removed)
 * @param action        {@link Action#UPDATE}, {@link Action#UNCHANGED} or {@link Action#REJECT}
 * @param userId        the user's id, or null when the row's user is unknown
 * @param externalId    the user's external id as written
 * @param add           ids of users who become delegates
 * @param remove        ids of users who stop being delegates
 * @param addedShown    external ids (or usernames) of the delegates added, for people
 * @param removedShown  external ids (or usernames) of the delegates removed, for people
 * @param messages      why a row is rejected, and notes
 */
public record DelegateChange(long line, Action action, String userId, String externalId, Set<String> add,
                             Set<String> remove, List<String> addedShown, List<String> removedShown,
                             List<Problem> messages) {

    /** Checks the arguments and copies the collections. */
    public DelegateChange {
        Objects.requireNonNull(action, "action must not be null");
        add = Set.copyOf(add);
        remove = Set.copyOf(remove);
        addedShown = List.copyOf(addedShown);
        removedShown = List.copyOf(removedShown);
        messages = List.copyOf(messages);
    }

    @Override
    public String toString() {
        return "DelegateChange[line=" + line + ", " + action.label() + " " + externalId + ", +" + addedShown
                + ", -" + removedShown + "]";
    }
}
