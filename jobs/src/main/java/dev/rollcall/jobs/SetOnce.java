package dev.rollcall.jobs;

/** The builders' set-once rule: each setting may be given once. */
final class SetOnce {

    private SetOnce() {
    }

    /**
     * @param current the setting's value so far (null when not set)
     * @param setting its name, for the message
     * @throws IllegalStateException when it was set already
     */
    static void check(Object current, String setting) {
        if (current != null) {
            throw new IllegalStateException(setting + " was already set");
        }
    }
}
