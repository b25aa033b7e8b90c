package dev.rollcall.core;

import java.util.Locale;

/** What an upload that updates does with existing users' details (seed 003's "Existing user details"). */
public enum UpdateType {
    /** Override with the file: fields the row gives replace stored values. The default. */
    FILE("file"),
    /** Override with the file and the defaults: fields the row leaves blank take the default values too. */
    FILE_AND_DEFAULTS("file-and-defaults"),
    /** Fill in missing: only fields that are empty in the store take the file's (or default) values. */
    FILL_MISSING("fill-missing");

    private final String label;

    UpdateType(String label) {
        this.label = label;
    }

    /** @return the name used on the command line and in reports */
    public String label() {
        return label;
    }

    /**
     * @param text a label such as {@code fill-missing} or a constant name
     * @return the update type
     * @throws IllegalArgumentException when the text names none
     */
    public static UpdateType parse(String text) {
        for (UpdateType t : values()) {
            if (t.label.equalsIgnoreCase(text.trim()) || t.name().equalsIgnoreCase(text.trim())) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown update type '" + text
                + "'; expected one of file, file-and-defaults, fill-missing");
    }

    @Override
    public String toString() {
        return label.toLowerCase(Locale.ROOT);
    }
}
