package dev.rollcall.spi;

import java.util.Locale;
import java.util.Optional;

/**
 * The kind of profile a row creates, which decides the fields required to create it: an
 * individual needs an email address, a first name and a last name; a facility an email
 * address and a first name (its business name).
 */
public enum ProfileType {
    /** A person. Written {@code 1} or {@code INDIVIDUAL} in a file. */
    INDIVIDUAL("1"),
    /** An organisation or location. Written {@code 2} or {@code FACILITY} in a file. */
    FACILITY("2");

    private final String code;

    ProfileType(String code) {
        this.code = code;
    }

    /** @return the numeric code used in upload files: {@code 1} or {@code 2} */
    public String code() {
        return code;
    }

    /**
     * @param text {@code 1}, {@code 2}, {@code INDIVIDUAL} or {@code FACILITY}, any case
     * @return the profile type, or empty when the text names none
     */
    public static Optional<ProfileType> parse(String text) {
        String t = text.trim().toUpperCase(Locale.ROOT);
        for (ProfileType p : values()) {
            if (p.code.equals(t) || p.name().equals(t)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
