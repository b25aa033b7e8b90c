package dev.rollcall.xml.internal;

import dev.rollcall.spi.FieldDefinition;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What one XML value must look like, in one place for both uses: {@link #check} tests a value
 * as the reader found it, and {@link XsdWriter} writes the same rule as an XSD simple type. The
 * two agree exactly; {@code XsdEquivalenceProperties} holds them to it against the JDK's XSD
 * validator.
 *
 * <p>Values are checked after trimming XML whitespace (space, tab, CR, LF) from both ends; an
 * empty value (an explicit erase) passes every rule except {@link #nonEmpty()}. Lengths count
 * Unicode code points, as XSD does. Patterns use only syntax on which Java and XSD regular
 * expressions agree (character classes, {@code [0-9]}, groups, alternation, bounded
 * repetition).
 *
 * <p>Immutable and thread-safe.
 */
public final class ValueRule {

    /** Any text. */
    public static final ValueRule TEXT = new ValueRule(null, null, false, false, 0, 0);
    /** Any text but empty (membership targets, delegate keys). */
    public static final ValueRule NON_EMPTY = new ValueRule(null, null, false, true, 0, 0);
    /** A date written YYYY-MM-DD, or empty. */
    public static final ValueRule DATE = new ValueRule("[0-9]{4}-[0-9]{2}-[0-9]{2}", "a date written YYYY-MM-DD",
            true, false, 0, 0);
    /** true/false, 1/0, yes/no, Y/N, any case, or empty. */
    public static final ValueRule BOOLEAN = oneOf("true/false, 1/0, yes/no or Y/N",
            List.of("true", "false", "1", "0", "yes", "no", "Y", "N"));

    private final String core;
    private final Pattern compiled;
    private final String description;
    private final boolean date;
    private final boolean nonEmpty;
    private final int maxLength;
    private final int fixedLength;

    private ValueRule(String core, String description, boolean date, boolean nonEmpty, int maxLength,
                      int fixedLength) {
        this.core = core;
        this.compiled = core == null ? null : Pattern.compile(core);
        this.description = description;
        this.date = date;
        this.nonEmpty = nonEmpty;
        this.maxLength = maxLength;
        this.fixedLength = fixedLength;
    }

    /**
     * @param f a field of the host's schema
     * @return the rule its XML element follows: its type's format, and its lengths
     */
    public static ValueRule of(FieldDefinition f) {
        ValueRule base = switch (f.type()) {
            case EMAIL -> new ValueRule("[^@\\s]+@[^@\\s]+", "an email address (name@domain)", false, false, 0, 0);
            case DATE -> DATE;
            case DECIMAL -> new ValueRule("[+\\-]?[0-9]+(\\.[0-9]+)?",
                    "a decimal number written with a point (12.50), never a comma", false, false, 0, 0);
            case INTEGER -> new ValueRule("[+\\-]?[0-9]+", "a whole number", false, false, 0, 0);
            case BOOLEAN -> BOOLEAN;
            case ENUMERATION -> {
                if (f.allowedValues().stream().allMatch(v -> trim(v).isEmpty())) {
                    throw new IllegalArgumentException("enumeration field " + f.name() + " has only blank allowed values");
                }
                yield oneOf("one of " + String.join(", ", f.allowedValues()) + " (any case)", f.allowedValues());
            }
            case PHONE -> new ValueRule("[0-9]{10}", "exactly 10 digits, without spaces, hyphens, dots or parentheses",
                    false, false, 0, 0);
            case COUNTRY -> new ValueRule("[A-Za-z]{3}", "an ISO 3166-1 alpha-3 country code such as USA",
                    false, false, 0, 0);
            case TEXT, IDENTIFIER -> TEXT;
        };
        return base.withLengths(f.maxLength(), f.fixedLength());
    }

    /**
     * @param description how the allowed values read in a message
     * @param values      the allowed values, compared without regard to case
     * @return a rule accepting exactly these values, or empty
     */
    public static ValueRule oneOf(String description, List<String> values) {
        List<String> alternatives = new ArrayList<>();
        for (String v : values) {
            String t = trim(v);
            if (!t.isEmpty()) {
                alternatives.add(caseInsensitive(t));
            }
        }
        if (alternatives.isEmpty()) {
            throw new IllegalArgumentException("an enumeration needs at least one non-blank value");
        }
        return new ValueRule(String.join("|", alternatives), description, false, false, 0, 0);
    }

    /** @return this rule with a maximum and an exact length (0 for none) */
    public ValueRule withLengths(int max, int fixed) {
        if (max == maxLength && fixed == fixedLength) {
            return this;
        }
        return new ValueRule(core, description, date, nonEmpty, max, fixed);
    }

    /**
     * @param value a trimmed value, never null
     * @return null when the value follows the rule, else the rule it breaks, completing a sentence
     *         that starts with the element's name, e.g. {@code "must be a date written YYYY-MM-DD"};
     *         never quotes the value
     */
    public String check(String value) {
        if (value.isEmpty()) {
            return nonEmpty ? "must not be empty" : null;
        }
        if (compiled != null && !compiled.matcher(value).matches()) {
            return "must be " + description;
        }
        if (date && !isCalendarDate(value)) {
            return "must be a real calendar date written YYYY-MM-DD";
        }
        if (fixedLength > 0 || maxLength > 0) {
            int length = value.codePointCount(0, value.length());
            if (fixedLength > 0 && length != fixedLength) {
                return "must be exactly " + fixedLength + (fixedLength == 1 ? " character" : " characters") + " long";
            }
            if (maxLength > 0 && length > maxLength) {
                return "must be at most " + maxLength + (maxLength == 1 ? " character" : " characters") + " long";
            }
        }
        return null;
    }

    /** XSD 1.0 dates: a real day of the Gregorian calendar, year 0001 to 9999 (0000 is not a year). */
    private static boolean isCalendarDate(String v) {
        int year = Integer.parseInt(v.substring(0, 4));
        if (year == 0) {
            return false;
        }
        try {
            LocalDate.of(year, Integer.parseInt(v.substring(5, 7)), Integer.parseInt(v.substring(8, 10)));
            return true;
        } catch (DateTimeException e) {
            return false;
        }
    }

    /** @return the format pattern for a trimmed, non-empty value, or null for any text */
    public String core() {
        return core;
    }

    /** @return whether values are dates (the XSD derives them from {@code xs:date}) */
    public boolean isDate() {
        return date;
    }

    /** @return whether an empty value breaks the rule */
    public boolean nonEmpty() {
        return nonEmpty;
    }

    /** @return the maximum length in code points, 0 for none */
    public int maxLength() {
        return maxLength;
    }

    /** @return the exact length in code points, 0 for none */
    public int fixedLength() {
        return fixedLength;
    }

    /** @return what values must be, for documentation, or null for any text */
    public String description() {
        return description;
    }

    /**
     * @param v a value
     * @return the value without XML whitespace (space, tab, CR, LF) at either end
     */
    public static String trim(String v) {
        int start = 0;
        int end = v.length();
        while (start < end && isXmlSpace(v.charAt(start))) {
            start++;
        }
        while (end > start && isXmlSpace(v.charAt(end - 1))) {
            end--;
        }
        return start == 0 && end == v.length() ? v : v.substring(start, end);
    }

    /** @return whether the character is XML whitespace */
    public static boolean isXmlSpace(char c) {
        return c == ' ' || c == '\n' || c == '\t' || c == '\r';
    }

    /** @return a regular expression (valid in both Java and XSD) matching the literal without regard to case */
    static String caseInsensitive(String literal) {
        StringBuilder sb = new StringBuilder();
        literal.codePoints().forEach(cp -> {
            int upper = Character.toUpperCase(cp);
            int lower = Character.toLowerCase(cp);
            if (upper != cp || lower != cp) {
                sb.append('[');
                appendLiteral(sb, cp);
                if (upper != cp) {
                    appendLiteral(sb, upper);
                }
                if (lower != cp && lower != upper) {
                    appendLiteral(sb, lower);
                }
                sb.append(']');
            } else {
                appendLiteral(sb, cp);
            }
        });
        return sb.toString();
    }

    /** Escapes the characters that are special in XSD or Java regular expressions. */
    private static void appendLiteral(StringBuilder sb, int cp) {
        if ("\\|.?*+(){}-[]^".indexOf(cp) >= 0) {
            sb.append('\\');
            sb.appendCodePoint(cp);
        } else if (cp == '$' || cp == '&' || cp == '#' || cp == '~' || cp == '"' || cp == '\'' || cp == '<' || cp == '>'
                || cp == '/' || cp == '!' || cp == '%' || cp == ',' || cp == ':' || cp == ';' || cp == '=' || cp == '@'
                || cp == '`') {
            // plain in XSD; harmless in a Java class too: put it in one so Java never reads it specially
            sb.append('[').appendCodePoint(cp).append(']');
        } else {
            sb.appendCodePoint(cp);
        }
    }

    @Override
    public String toString() {
        return "ValueRule[" + (description == null ? "text" : description)
                + (maxLength > 0 ? ", max " + maxLength : "") + (fixedLength > 0 ? ", exactly " + fixedLength : "")
                + (nonEmpty ? ", non-empty" : "") + "]";
    }
}
