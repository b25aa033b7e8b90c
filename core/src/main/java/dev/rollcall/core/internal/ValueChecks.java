package dev.rollcall.core.internal;

import dev.rollcall.spi.Codes;
import dev.rollcall.spi.ControlCharacters;
import dev.rollcall.spi.FieldDefinition;
import dev.rollcall.spi.FieldType;
import dev.rollcall.spi.PaymentCards;
import dev.rollcall.spi.Severity;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks one value against its field's type and rules (seeds 001, 002, 004), and looks for
 * the marks Excel leaves on a file: dates rewritten as {@code 3/15/2026}, long numbers in
 * scientific notation, leading zeros dropped. A problem names what would be valid, and
 * quotes the value unless the field is sensitive. Stateless.
 */
public final class ValueChecks {

    private ValueChecks() {
    }

    /**
     * A problem with a value.
     *
     * @param severity ERROR for an invalid value; WARNING for a sign of Excel damage (an
     *                 ERROR when damage is rejected)
     * @param code     {@link Codes#INVALID_VALUE} or {@link Codes#EXCEL_DAMAGE}
     * @param message  what is wrong and what would be valid
     */
    public record Finding(Severity severity, String code, String message) {
    }

    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Pattern US_DATE = Pattern.compile("\\d{1,2}/\\d{1,2}/\\d{2,4}");
    private static final Pattern DOTTED_DATE = Pattern.compile("\\d{1,2}\\.\\d{1,2}\\.\\d{2,4}");
    private static final Pattern DECIMAL = Pattern.compile("[-+]?\\d+(\\.\\d+)?");
    private static final Pattern COMMA_DECIMAL = Pattern.compile("[-+]?\\d+,\\d+");
    private static final Pattern INTEGER = Pattern.compile("[-+]?\\d+");
    private static final Pattern SCIENTIFIC = Pattern.compile("[-+]?\\d+(\\.\\d+)?[eE][-+]?\\d+");
    private static final Set<String> COUNTRIES = Locale.getISOCountries(Locale.IsoCountryCode.PART1_ALPHA3);
    private static final Set<String> BOOLEANS = Set.of("true", "false", "1", "0", "yes", "no", "y", "n");
    /** Pairs that appear when UTF-8 text was read as Windows-1252 and saved again ("MÃ¼ller"). */
    private static final Pattern MOJIBAKE = Pattern.compile("[\u00C2\u00C3][\u0080-\u00BF\u2018-\u203A\u0152\u0153\u0160\u0161\u0178\u017D\u017E\u0192\u02C6\u02DC]|\u00E2\u20AC");

    /**
     * @param field        the field's definition
     * @param value        a non-empty value as read
     * @param rejectDamage whether signs of Excel damage are errors rather than warnings
     * @return the problem, or null when the value is good
     */
    public static Finding check(FieldDefinition field, String value, boolean rejectDamage) {
        return check(field, value, rejectDamage, null);
    }

    /**
     * As {@link #check(FieldDefinition, String, boolean)}, for a value a spreadsheet format
     * read from a cell typed as a number ({@link dev.rollcall.spi.UploadRow#isNumberCell}): in
     * an identifier, in a phone that is not 10 digits or a fixed-length field it falls short of,
     * or with more than 15 significant digits
     * in any field but a number field, it is Excel damage (leading zeros dropped, digits
     * rounded), and the message names the cell.
     *
     * @param numberCell the address of the number cell the value came from ({@code Sheet1!C7}),
     *                   {@code ""} when the format gave none, or null when the value is not
     *                   from a number cell
     */
    public static Finding check(FieldDefinition field, String value, boolean rejectDamage, String numberCell) {
        boolean card = !field.sensitive() && PaymentCards.looksLikeCardNumber(value);
        // how a message shows the value: built only when there is a message (most values have none)
        boolean hidden = field.sensitive() || card;
        Finding damage = numberCell == null ? null : numberCellDamage(field, value, hidden, rejectDamage, numberCell);
        if (damage == null) {
            damage = excelDamage(field, value, hidden, rejectDamage);
        }
        if (damage != null && damage.severity() == Severity.ERROR) {
            return damage;
        }
        Finding invalid = typeCheck(field, value, hidden);
        if (invalid == null && field.maxLength() > 0 && value.codePointCount(0, value.length()) > field.maxLength()) {
            invalid = invalid(shown(value, hidden) + " is longer than " + field.maxLength() + " characters");
        }
        if (invalid != null) {
            return damage != null ? new Finding(Severity.ERROR, invalid.code(), invalid.message() + ". " + damage.message())
                    : invalid;
        }
        if (damage == null && card) {
            return new Finding(Severity.WARNING, Codes.CARD_NUMBER, "the value looks like a payment card number: it is "
                    + "shown as *** and left out of error files, but " + field.name() + " is not marked sensitive; ask "
                    + "for it to be");
        }
        return damage;
    }

    /**
     * Issue 14: a value may hold no control character, stray byte order mark or bidirectional
     * override ({@link ControlCharacters#isForbidden}); CR and LF are controls too, so a value
     * is one line. The one check every cell of every upload goes through, whatever its column.
     *
     * @param value a value as read, or null
     * @return what is wrong, naming the first such character by its code point and never
     *         printing it, or null when the value is clean
     */
    public static String controlCharacter(String value) {
        int i = ControlCharacters.indexOf(value);
        if (i < 0) {
            return null;
        }
        char c = value.charAt(i);
        String name = Character.getName(c);
        return "the value holds " + ControlCharacters.codePoint(c) + (name == null ? "" : " (" + name + ")")
                + " at character " + (value.codePointCount(0, i) + 1) + ": control characters, line breaks, byte order "
                + "marks and bidirectional overrides are not allowed in values; remove it";
    }

    /** @return the value in quotes for a message, or "the value" when it must not be shown */
    private static String shown(String value, boolean hidden) {
        return hidden ? "the value" : "\"" + value + "\"";
    }

    private static Finding typeCheck(FieldDefinition f, String v, boolean hidden) {
        switch (f.type()) {
            case EMAIL -> {
                if (!isEmail(v)) {
                    return invalid(shown(v, hidden) + " is not an email address (name@example.com)");
                }
            }
            case DATE -> {
                if (!isDate(v)) {
                    return invalid(shown(v, hidden) + " is not a date written YYYY-MM-DD, e.g. 2026-03-31");
                }
            }
            case DECIMAL -> {
                if (COMMA_DECIMAL.matcher(v).matches()) {
                    return invalid(shown(v, hidden) + " uses a comma; decimals are written with a period, e.g. " + v.replace(',', '.'));
                }
                if (!DECIMAL.matcher(v).matches()) {
                    return invalid(shown(v, hidden) + " is not a decimal number, e.g. 12.5");
                }
            }
            case INTEGER -> {
                if (!INTEGER.matcher(v).matches()) {
                    return invalid(shown(v, hidden) + " is not a whole number");
                }
            }
            case BOOLEAN -> {
                if (!BOOLEANS.contains(v.toLowerCase(Locale.ROOT))) {
                    return invalid(shown(v, hidden) + " is not yes or no (write true, false, yes, no, 1 or 0)");
                }
            }
            case ENUMERATION -> {
                boolean ok = f.allowedValues().stream().anyMatch(a -> a.equalsIgnoreCase(v));
                if (!ok) {
                    return invalid(shown(v, hidden) + " is not one of " + String.join(", ", f.allowedValues()));
                }
            }
            case PHONE -> {
                if (v.length() != 10 || !allDigits(v)) {
                    String digits = v.replaceAll("\\D", "");
                    return invalid(shown(v, hidden) + " is not a mobile phone number: write exactly 10 digits without spaces, "
                            + "hyphens, dots or parentheses" + (digits.length() == 10 && !f.sensitive() ? ", e.g. " + digits : ""));
                }
            }
            case COUNTRY -> {
                if (!COUNTRIES.contains(v)) {
                    String hint = v.length() == 2 ? alpha3(v) : null;
                    return invalid(shown(v, hidden) + " is not a 3-letter ISO country code"
                            + (hint != null ? ", e.g. " + hint : " such as USA or CAN"));
                }
            }
            case IDENTIFIER, TEXT -> {
                // any text; length rules below
            }
        }
        if (f.fixedLength() > 0 && v.codePointCount(0, v.length()) != f.fixedLength()) {
            return invalid(shown(v, hidden) + " has " + v.length() + " characters; " + f.name() + " has exactly " + f.fixedLength());
        }
        return null;
    }

    private static Finding excelDamage(FieldDefinition f, String v, boolean hidden, boolean reject) {
        Severity s = reject ? Severity.ERROR : Severity.WARNING;
        // cheap tests first: the regexes run only on values that could match them
        if (mayBeScientific(v) && SCIENTIFIC.matcher(v).matches() && f.type() != FieldType.DECIMAL) {
            return new Finding(s, Codes.EXCEL_DAMAGE, shown(v, hidden) + " looks like a long number Excel turned into scientific "
                    + "notation; open the CSV in a text editor, or format the column as text in Excel, and type it again");
        }
        if (f.type() == FieldType.DATE && v.length() <= 10 && (US_DATE.matcher(v).matches()
                || DOTTED_DATE.matcher(v).matches())) {
            return new Finding(s, Codes.EXCEL_DAMAGE, shown(v, hidden) + " looks like a date Excel rewrote; write it YYYY-MM-DD");
        }
        if (f.fixedLength() > 0 && v.length() < f.fixedLength() && allDigits(v)) {
            String padded = "0".repeat(f.fixedLength() - v.length()) + v;
            return new Finding(s, Codes.EXCEL_DAMAGE, shown(v, hidden) + " is shorter than " + f.fixedLength()
                    + " digits: Excel may have dropped leading zeros" + (f.sensitive() ? "" : " (" + padded + "?)"));
        }
        if (mayBeMojibake(v) && MOJIBAKE.matcher(v).find()) {
            return new Finding(s, Codes.EXCEL_DAMAGE, shown(v, hidden) + " looks like text saved in the wrong encoding "
                    + "(UTF-8 read as Windows-1252); save the file as \"CSV UTF-8\"");
        }
        return null;
    }

    private static Finding numberCellDamage(FieldDefinition f, String v, boolean hidden, boolean reject, String cell) {
        if (f.type() == FieldType.INTEGER || f.type() == FieldType.DECIMAL) {
            return null;
        }
        int digits = 0;
        for (int i = 0; i < v.length(); i++) {
            if (Character.isDigit(v.charAt(i))) {
                digits++;
            }
        }
        String significant = v.replaceFirst("^[-+]?0*", "").replace(".", "").replaceFirst("0*$", "");
        boolean rounded = significant.length() > 15;
        // an identifier may have had zeros; a phone or fixed-length value that is short has lost some
        boolean textual = f.type() == FieldType.IDENTIFIER || (f.type() == FieldType.PHONE && digits != 10)
                || (f.fixedLength() > 0 && v.length() < f.fixedLength());
        if (!rounded && !textual) {
            return null;
        }
        String padded = f.fixedLength() > v.length() && digits == v.length() && !f.sensitive()
                ? " (" + "0".repeat(f.fixedLength() - v.length()) + v + "?)" : "";
        return new Finding(reject ? Severity.ERROR : Severity.WARNING, Codes.EXCEL_DAMAGE,
                (cell.isEmpty() ? "the cell" : "cell " + cell) + " holds " + shown(v, hidden) + " as a number, not text: Excel "
                        + (rounded ? "keeps only 15 digits of a number, so the rest were lost"
                                : "drops the leading zeros of a number, and may have dropped some here" + padded)
                        + "; format the column as Text and type the value again");
    }

    /** Digits, at most one dot, then E or e, an optional sign and digits: what SCIENTIFIC matches, without a regex. */
    private static boolean mayBeScientific(String v) {
        int n = v.length();
        int i = n > 0 && (v.charAt(0) == '+' || v.charAt(0) == '-') ? 1 : 0;
        int digits = 0;
        while (i < n && (Character.isDigit(v.charAt(i)) || v.charAt(i) == '.')) {
            digits++;
            i++;
        }
        return digits > 0 && i < n - 1 && (v.charAt(i) == 'E' || v.charAt(i) == 'e');
    }

    /** Mis-decoded UTF-8 starts with Â, Ã or â. */
    private static boolean mayBeMojibake(String v) {
        for (int i = 0; i < v.length() - 1; i++) {
            char c = v.charAt(i);
            if (c == '\u00C2' || c == '\u00C3' || c == '\u00E2') {
                return true;
            }
        }
        return false;
    }

    private static boolean allDigits(String v) {
        if (v.isEmpty()) {
            return false;
        }
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** name@domain.tld: one @, no whitespace, a dot in the domain that neither starts nor ends it. */
    private static boolean isEmail(String v) {
        int at = v.indexOf('@');
        if (at <= 0 || at != v.lastIndexOf('@') || at == v.length() - 1) {
            return false;
        }
        for (int i = 0; i < v.length(); i++) {
            if (Character.isWhitespace(v.charAt(i))) {
                return false;
            }
        }
        int dot = v.lastIndexOf('.');
        return dot > at + 1 && dot < v.length() - 1;
    }

    private static boolean isDate(String v) {
        if (!DATE.matcher(v).matches()) {
            return false;
        }
        try {
            LocalDate.parse(v);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static String alpha3(String alpha2) {
        try {
            String a3 = new Locale("", alpha2.toUpperCase(Locale.ROOT)).getISO3Country();
            return a3.isEmpty() ? null : a3;
        } catch (java.util.MissingResourceException e) {
            return null;
        }
    }

    private static Finding invalid(String message) {
        return new Finding(Severity.ERROR, Codes.INVALID_VALUE, message);
    }
}
