package dev.rollcall.spi;

import java.util.Arrays;
import java.util.Objects;

/**
 * A password or passphrase in memory. It never shows its value: {@link #toString()} is
 * {@code ***}, and it has no {@code equals} beyond identity, so it cannot leak through
 * logs, reports, exception messages or collections printed by mistake.
 *
 * <p>Thread-safe. {@link #destroy()} overwrites the characters; a destroyed secret
 * refuses to {@link #reveal()}.
 */
public final class Secret {

    private final char[] value;
    private volatile boolean destroyed;

    private Secret(char[] value) {
        this.value = value;
    }

    /**
     * @param value the characters; copied, so the caller may clear its array
     * @return a secret holding a copy of {@code value}
     */
    public static Secret of(char[] value) {
        Objects.requireNonNull(value, "value must not be null");
        return new Secret(value.clone());
    }

    /** @return a secret holding the characters of {@code value} */
    public static Secret of(String value) {
        Objects.requireNonNull(value, "value must not be null");
        return new Secret(value.toCharArray());
    }

    /**
     * @return a copy of the characters; the caller should clear it after use
     * @throws IllegalStateException after {@link #destroy()}
     */
    public char[] reveal() {
        if (destroyed) {
            throw new IllegalStateException("secret was destroyed");
        }
        return value.clone();
    }

    /** @return the number of characters */
    public int length() {
        return value.length;
    }

    /** Overwrites the characters. */
    public void destroy() {
        destroyed = true;
        Arrays.fill(value, '\0');
    }

    /** @return {@code ***}, always */
    @Override
    public String toString() {
        return "***";
    }
}
