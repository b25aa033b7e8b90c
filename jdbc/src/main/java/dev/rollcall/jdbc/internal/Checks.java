package dev.rollcall.jdbc.internal;

import dev.rollcall.spi.StandardFields;
import dev.rollcall.spi.UserStatus;

import java.util.Map;

/** Refuses field values the store cannot keep, with messages that name fields, never values. */
public final class Checks {

    private Checks() {
    }

    /**
     * @param fields field values of a create or an update
     * @throws IllegalArgumentException for a password field, a bad field name, an empty or
     *                                  too long value, or a status other than ACTIVE or INACTIVE
     */
    public static void fields(Map<String, String> fields) {
        for (Map.Entry<String, String> e : fields.entrySet()) {
            String name = e.getKey();
            if (name.equals(StandardFields.PASSWORD)) {
                throw new IllegalArgumentException("a password is never stored as a field; pass it as a PasswordChange");
            }
            if (name.isEmpty() || name.length() > Tables.MAX_FIELD_NAME_LENGTH) {
                throw new IllegalArgumentException("field names must have 1 to " + Tables.MAX_FIELD_NAME_LENGTH
                        + " characters");
            }
            String value = e.getValue();
            if (value.isEmpty()) {
                throw new IllegalArgumentException("field " + name + " has no value; leave it out or erase it instead");
            }
            if (value.length() > Tables.MAX_VALUE_LENGTH) {
                throw new IllegalArgumentException("the value of field " + name + " has " + value.length()
                        + " characters; this store keeps at most " + Tables.MAX_VALUE_LENGTH);
            }
            if (name.equals(StandardFields.STATUS) && UserStatus.parse(value).isEmpty()) {
                throw new IllegalArgumentException("status must be ACTIVE or INACTIVE");
            }
        }
    }
}
