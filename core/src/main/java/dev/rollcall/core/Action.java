package dev.rollcall.core;

import java.util.Locale;

/**
 * What a plan does with one row (or, for a full upload, with a user the file left out).
 * A row that changes several things counts once, by the first that applies of: delete,
 * rename, deactivate/activate, update.
 */
public enum Action {
    /** Create a new user. */
    CREATE,
    /** Change some fields or memberships of an existing user. */
    UPDATE,
    /** Change an existing user's username (perhaps with other fields). */
    RENAME,
    /** Activate an existing user (perhaps with other changes). */
    ACTIVATE,
    /** Deactivate an existing user (perhaps with other changes). */
    DEACTIVATE,
    /** Delete an existing user. */
    DELETE,
    /** The row matches an existing user and changes nothing. */
    UNCHANGED,
    /** The row is skipped for a reason given in its messages. */
    SKIP,
    /** The row is rejected for the errors in its messages; nothing is written. */
    REJECT;

    /** @return whether applying this action writes to the repository */
    public boolean writes() {
        return switch (this) {
            case CREATE, UPDATE, RENAME, ACTIVATE, DEACTIVATE, DELETE -> true;
            case UNCHANGED, SKIP, REJECT -> false;
        };
    }

    /**
     * @return the name used in reports: {@code create}, {@code update}, …, {@code skip},
     *         and {@code error} for {@link #REJECT}
     */
    public String label() {
        return this == REJECT ? "error" : name().toLowerCase(Locale.ROOT);
    }
}
