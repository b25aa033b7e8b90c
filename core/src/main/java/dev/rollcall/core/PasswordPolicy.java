package dev.rollcall.core;

import dev.rollcall.spi.Secret;

import java.util.ArrayList;
import java.util.List;

/**
 * Decides whether a password from an upload file is weak. A weak password is still set
 * (the upload reports it, counts it, and can force a change at next sign-in); the policy
 * only describes what is missing, never the password.
 *
 * <p>Implementations must be thread-safe.
 */
@FunctionalInterface
public interface PasswordPolicy {

    /**
     * @param password a password
     * @return what makes it weak, in words an administrator understands (e.g.
     *         {@code "no digit"}); empty when it is strong. Never the password itself.
     */
    List<String> weaknesses(Secret password);

    /**
     * The default policy: at least 8 characters, with a digit, a lower-case letter, an
     * upper-case letter and a symbol.
     *
     * @return the default policy
     */
    static PasswordPolicy standard() {
        return password -> {
            char[] p = password.reveal();
            try {
                boolean digit = false;
                boolean lower = false;
                boolean upper = false;
                boolean symbol = false;
                for (char c : p) {
                    if (Character.isDigit(c)) {
                        digit = true;
                    } else if (Character.isLowerCase(c)) {
                        lower = true;
                    } else if (Character.isUpperCase(c)) {
                        upper = true;
                    } else if (!Character.isWhitespace(c)) {
                        symbol = true;
                    }
                }
                List<String> out = new ArrayList<>();
                if (p.length < 8) {
                    out.add("shorter than 8 characters");
                }
                if (!digit) {
                    out.add("no digit");
                }
                if (!lower) {
                    out.add("no lower-case letter");
                }
                if (!upper) {
                    out.add("no upper-case letter");
                }
                if (!symbol) {
                    out.add("no symbol");
                }
                return out;
            } finally {
                java.util.Arrays.fill(p, '\0');
            }
        };
    }
}
