package dev.rollcall.core.internal;

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
}
