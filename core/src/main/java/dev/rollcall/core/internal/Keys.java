package dev.rollcall.core.internal;

import dev.rollcall.spi.StandardFields;

import java.util.Locale;

/** How values are compared when they identify a user. */
public final class Keys {

    private Keys() {
    }

    /**
     * Seed 003's "standardise usernames": lower case, then strip every character outside
     * {@code [-.@_a-z0-9]}.
     *
     * @param username a username as written
     * @return the standardised username (possibly empty)
     */
    public static String standardiseUsername(String username) {
        String lower = username.trim().toLowerCase(Locale.ROOT);
        StringBuilder sb = null;
        for (int i = 0; i < lower.length(); i++) {
            char c = lower.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '@' || c == '_';
            if (!ok && sb == null) {
                sb = new StringBuilder(lower.length()).append(lower, 0, i);
            } else if (ok && sb != null) {
                sb.append(c);
            }
        }
        return sb == null ? lower : sb.toString();
    }

    /**
     * @param field a canonical field name
     * @param value a trimmed value
     * @return the form in which two values of the field are the same key: email in lower
     *         case, every other field as it is
     */
    public static String comparable(String field, String value) {
        return StandardFields.EMAIL.equals(field) ? value.toLowerCase(Locale.ROOT) : value;
    }
}
