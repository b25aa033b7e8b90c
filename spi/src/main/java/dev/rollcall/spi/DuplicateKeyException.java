package dev.rollcall.spi;

/**
 * A write was refused because it would give two users the same value of a unique field
 * (a username, or any field the schema marks unique). Thrown by {@link UserRepository#write}.
 * The message names the field, never the value.
 */
public class DuplicateKeyException extends RollcallException {

    private final String field;

    /** @param field the unique field that would be duplicated */
    public DuplicateKeyException(String field) {
        super(Codes.DUPLICATE_KEY, "another user already has this " + field);
        this.field = field;
    }

    /** @return the unique field that would be duplicated */
    public String field() {
        return field;
    }
}
