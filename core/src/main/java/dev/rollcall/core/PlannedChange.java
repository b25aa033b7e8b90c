package dev.rollcall.core;

import dev.rollcall.spi.Membership;
import dev.rollcall.spi.PasswordChange;
import dev.rollcall.spi.Problem;
import dev.rollcall.spi.Severity;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What a plan does with one row of the file, or with one user a full upload left out.
 *
 * <p>Immutable and thread-safe. {@link #toString()} never shows a password or the value of
 * a sensitive field.
 *
 * @param line              the 1-based line where the row starts, or 0 for a user the file
 *                          left out (a full upload's deactivations)
 * @param action            what happens
 * @param userId            the matched user's id, or {@code null} for a new or unmatched row
 * @param username          the user's username after the change (the new one for a rename),
 *                          or {@code null} when the row never got that far
 * @param expectedVersion   the matched user's version when planned (0 for new users)
 * @param changes           every field that changes, in schema order; for a create, every
 *                          field of the new user
 * @param addMemberships    memberships to add
 * @param removeMemberships memberships to remove
 * @param messages          errors (for a rejected row), the reason for a skip, warnings and notes
 * @param password          what happens to the password (never shown)
 * @param welcome           whether the new user gets a welcome message after creation
 * @param weakPassword      whether the row's password fails the password policy
 */
public record PlannedChange(long line, Action action, String userId, String username, long expectedVersion,
                            List<FieldChange> changes, Set<Membership> addMemberships,
                            Set<Membership> removeMemberships, List<Problem> messages, PasswordChange password,
                            boolean welcome, boolean weakPassword) {

    /** Checks the arguments and copies the collections. */
    public PlannedChange {
        Objects.requireNonNull(action, "action must not be null");
        changes = List.copyOf(changes);
        addMemberships = Set.copyOf(addMemberships);
        removeMemberships = Set.copyOf(removeMemberships);
        messages = List.copyOf(messages);
        Objects.requireNonNull(password, "password must not be null");
        if (line < 0) {
            throw new IllegalArgumentException("line must not be negative: " + line);
        }
        if (action == Action.CREATE && userId != null) {
            throw new IllegalArgumentException("a create has no user id yet");
        }
        if (action.writes() && action != Action.CREATE && userId == null) {
            throw new IllegalArgumentException(action + " needs the user's id");
        }
    }

    /**
     * @param field a canonical field name
     * @return the planned change of that field, if it changes
     */
    public Optional<FieldChange> change(String field) {
        for (FieldChange c : changes) {
            if (c.field().equals(field)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /** @return the error messages (the reasons a row is rejected) */
    public List<Problem> errors() {
        return messages.stream().filter(p -> p.severity() == Severity.ERROR).toList();
    }

    /** @return whether the row comes from the file (false for a full upload's deactivations) */
    public boolean hasLine() {
        return line > 0;
    }

    /**
     * @param reason why the row no longer goes ahead
     * @return a copy that is skipped, keeping the original messages and adding {@code reason}
     */
    PlannedChange skipped(Problem reason) {
        List<Problem> more = new ArrayList<>(messages);
        more.add(reason.atLine(line));
        return new PlannedChange(line, Action.SKIP, userId, username, expectedVersion, List.of(), Set.of(), Set.of(),
                more, PasswordChange.NONE, false, weakPassword);
    }

    /** @return a copy with the welcome flag set as given (only a create can be welcomed) */
    PlannedChange withWelcome(boolean send) {
        boolean w = send && action == Action.CREATE;
        return w == welcome ? this : new PlannedChange(line, action, userId, username, expectedVersion, changes,
                addMemberships, removeMemberships, messages, password, w, weakPassword);
    }

    @Override
    public String toString() {
        return "PlannedChange[line=" + line + ", action=" + action.label() + ", user=" + username
                + ", changes=" + changes + ", add=" + addMemberships.size() + ", remove=" + removeMemberships.size()
                + ", messages=" + messages.size() + "]";
    }
}
