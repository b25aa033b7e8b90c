package dev.rollcall.core;

import java.util.Locale;

/** Which users with a password from the file must change it at their next sign-in. */
public enum ForcePasswordChange {
    /** Nobody. The default. */
    NONE,
    /** Users whose password fails the {@link PasswordPolicy}. */
    WEAK,
    /** Everybody who gets a password from the file. */
    ALL;

    /**
     * @param text {@code none}, {@code weak} or {@code all}
     * @return the setting
     */
    public static ForcePasswordChange parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown force-password-change '" + text + "'; expected none, weak or all");
        }
    }
}
