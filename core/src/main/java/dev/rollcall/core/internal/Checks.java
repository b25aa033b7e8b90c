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

    /**
     * A setting may be given once.
     *
     * @param current the setting's value so far, null when not given yet
     * @param setting the setting's name, for the message
     * @throws IllegalStateException ("… was already set") when it was given before
     */
    public static void requireUnset(Object current, String setting) {
        if (current != null) {
            throw new IllegalStateException(setting + " was already set");
        }
    }
}
