package dev.rollcall.core;

import java.util.Locale;

/** What an upload does with new and existing users (seed 003's "Upload type"). */
public enum UploadMode {
    /** Add new users; skip rows whose user already exists. The default. */
    ADD_NEW("add-new"),
    /** Add every row as a new user; an existing username gets a counter ({@code jdoe2}). */
    ADD_ALL("add-all"),
    /** Add new users and update existing ones. */
    ADD_UPDATE("add-update"),
    /** Update existing users; skip rows whose user does not exist. */
    UPDATE_ONLY("update-only");

    private final String label;

    UploadMode(String label) {
        this.label = label;
    }

    /** @return the name used on the command line and in reports, e.g. {@code add-update} */
    public String label() {
        return label;
    }

    /** @return whether rows for users that do not exist create them */
    public boolean creates() {
        return this != UPDATE_ONLY;
    }

    /** @return whether rows for existing users update them */
    public boolean updates() {
        return this == ADD_UPDATE || this == UPDATE_ONLY;
    }

    /**
     * @param text a label such as {@code add-update} or a constant name such as {@code ADD_UPDATE}
     * @return the mode
     * @throws IllegalArgumentException when the text names no mode
     */
    public static UploadMode parse(String text) {
        String t = text.trim();
        for (UploadMode m : values()) {
            if (m.label.equalsIgnoreCase(t) || m.name().equalsIgnoreCase(t)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown upload mode '" + text + "'; expected one of add-new, add-all, add-update, update-only");
    }

    @Override
    public String toString() {
        return label.toLowerCase(Locale.ROOT);
    }
}
