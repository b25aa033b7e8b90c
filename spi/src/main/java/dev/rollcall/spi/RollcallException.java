package dev.rollcall.spi;

import java.util.Objects;

/**
 * The root of every exception Rollcall throws on purpose. Unchecked, with a stable
 * upper-snake {@link #code() code} (see {@link Codes}) so callers can branch on the
 * kind of failure without parsing messages.
 *
 * <p>Messages never contain passwords, passphrases or payment-card numbers, and by
 * default no row values at all.
 */
public class RollcallException extends RuntimeException {

    private final String code;

    /**
     * @param code    a stable upper-snake code, never null
     * @param message a message an administrator can act on
     */
    public RollcallException(String code, String message) {
        super(message);
        this.code = Objects.requireNonNull(code, "code must not be null");
    }

    /**
     * @param code    a stable upper-snake code, never null
     * @param message a message an administrator can act on
     * @param cause   the underlying failure
     */
    public RollcallException(String code, String message, Throwable cause) {
        super(message, cause);
        this.code = Objects.requireNonNull(code, "code must not be null");
    }

    /** @return the stable code of this failure, e.g. {@code UNCLOSED_QUOTE} */
    public String code() {
        return code;
    }
}
