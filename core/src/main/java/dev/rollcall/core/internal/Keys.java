package dev.rollcall.core.internal;

import dev.rollcall.spi.StandardFields;

import java.util.Locale;

/** How values are compared when they identify a user. */
public final class Keys {

    private Keys() {
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
