package dev.rollcall.core.internal;

import dev.rollcall.core.UploadMode;
import dev.rollcall.spi.FieldDefinition;
import dev.rollcall.spi.StandardFields;
import dev.rollcall.spi.UserRepository;

/** The argument and state checks builders share, with the JDK's exceptions. */
public final class Checks {

    private Checks() {
    }

    /**
     * @param condition what must hold
     * @param message   the exception's message when it does not
     * @throws IllegalStateException when the condition does not hold
     */
    public static void requireState(boolean condition, String message) {
        if (!condition) {
            throw new IllegalStateException(message);
        }
    }

    /**
     * The checks a planner's settings must pass against its repository.
     *
     * @param s the settings, with their defaults
     * @throws IllegalStateException    when no repository was set, or a full upload has no
     *                                  feed or adds every row
     * @throws IllegalArgumentException when the match field is neither username, email nor a
     *                                  unique field of the repository's schema, or a default
     *                                  names a field the schema lacks
     */
    public static void requirePlannable(Settings s) {
        UserRepository repository = s.repository();
        requireState(repository != null, "repository must be set");
        String key = s.matchOn();
        if (!key.equals(StandardFields.USERNAME) && !key.equals(StandardFields.EMAIL)
                && !repository.schema().field(key).map(FieldDefinition::unique).orElse(false)) {
            throw new IllegalArgumentException("cannot match on " + key + ": it is not a unique field of the "
                    + "repository's schema (use username, email or a unique field)");
        }
        requireState(!s.fullUpload() || s.feed() != null,
                "a full upload needs a feed: only users the feed created are deactivated");
        requireState(!s.fullUpload() || s.mode() != UploadMode.ADD_ALL,
                "a full upload cannot add every row as a new user (add-all)");
        for (String field : s.defaults().keySet()) {
            if (!repository.schema().has(field)) {
                throw new IllegalArgumentException("default for " + field + ": the repository's schema has no such field");
            }
        }
    }
}
