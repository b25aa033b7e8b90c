package dev.rollcall.spi;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A new user to welcome. Holds the user's non-sensitive fields, never a password.
 * Immutable and thread-safe.
 *
 * @param userId            the new user's id
 * @param fields            the new user's fields by canonical name, sensitive ones left out
 * @param passwordGenerated whether the host is to generate the user's password (the
 *                          welcome message then usually carries it, or a link to set one)
 */
public record WelcomeMessage(String userId, Map<String, String> fields, boolean passwordGenerated) {

    /** Checks the arguments and copies the map. */
    public WelcomeMessage {
        Objects.requireNonNull(userId, "userId must not be null");
        fields = Map.copyOf(fields);
    }

    /** @return the new user's username */
    public String username() {
        return fields.get(StandardFields.USERNAME);
    }

    /** @return the new user's email address, if any */
    public Optional<String> email() {
        return Optional.ofNullable(fields.get(StandardFields.EMAIL));
    }
}
