package dev.rollcall.spi;

/** The type of a field's values, which decides how they are checked. */
public enum FieldType {
    /** Any text. */
    TEXT,
    /** An email address. */
    EMAIL,
    /** A date written {@code YYYY-MM-DD}, and only so. */
    DATE,
    /** A decimal number with {@code .} as separator, never {@code ,}. */
    DECIMAL,
    /** A whole number. */
    INTEGER,
    /** {@code true}/{@code false}, {@code 1}/{@code 0}, {@code yes}/{@code no}, {@code Y}/{@code N}. */
    BOOLEAN,
    /** One of the field's allowed values. */
    ENUMERATION,
    /** A mobile phone number: exactly 10 digits, without spaces, hyphens, dots or parentheses. */
    PHONE,
    /** A country as an ISO 3166-1 alpha-3 code, e.g. {@code USA}, {@code CAN}. */
    COUNTRY,
    /** An identifier; with a fixed length (a 6-digit employee number) when the field says so. */
    IDENTIFIER
}
