package dev.rollcall.core;

import java.util.Objects;

/**
 * One field's planned change: its value before and after. Immutable and thread-safe.
 * {@link #toString()} and every report show {@code ***} in place of a sensitive field's
 * values, and of any value that looks like a payment card number
 * ({@link dev.rollcall.spi.PaymentCards}), whether or not its field is marked sensitive.
 *
 * @param field     the canonical field name
 * @param from      the stored value, or {@code null} when there was none
 * @param to        the new value, or {@code null} when the value is erased (a password
 *                  change, whose values Rollcall never holds, has {@code null} for both)
 * @param sensitive whether the values are secret; always true when one looks like a card number
 */
public record FieldChange(String field, String from, String to, boolean sensitive) {

    /** Checks the arguments. */
    public FieldChange {
        Objects.requireNonNull(field, "field must not be null");
        sensitive = sensitive || dev.rollcall.spi.PaymentCards.looksLikeCardNumber(from)
                || dev.rollcall.spi.PaymentCards.looksLikeCardNumber(to);
        if (Objects.equals(from, to) && !sensitive) {
            throw new IllegalArgumentException("field " + field + " does not change");
        }
    }

    /** @return the old value as reports show it: {@code ***} when sensitive */
    public String shownFrom() {
        return sensitive ? "***" : from;
    }

    /** @return the new value as reports show it: {@code ***} when sensitive */
    public String shownTo() {
        return sensitive ? "***" : to;
    }

    /** @return whether the change erases a stored value */
    public boolean erases() {
        return to == null && from != null;
    }

    @Override
    public String toString() {
        return field + ": " + shownFrom() + " -> " + shownTo();
    }
}
