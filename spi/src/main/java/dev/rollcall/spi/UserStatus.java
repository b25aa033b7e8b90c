package dev.rollcall.spi;

import java.util.Locale;
import java.util.Optional;

/** Whether a stored account may sign in. Deletion is a {@link UserChange.Delete}, not a status. */
public enum UserStatus {
    /** The account may sign in. */
    ACTIVE,
    /** The account exists but may not sign in (deactivated, suspended). */
    INACTIVE;

    /**
     * @param text {@code ACTIVE} or {@code INACTIVE}, any case
     * @return the status, or empty when the text names neither
     */
    public static Optional<UserStatus> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        return switch (text.trim().toUpperCase(Locale.ROOT)) {
            case "ACTIVE" -> Optional.of(ACTIVE);
            case "INACTIVE" -> Optional.of(INACTIVE);
            default -> Optional.empty();
        };
    }
}
