package dev.rollcall.core.internal;

import java.text.Normalizer;
import java.util.Locale;

/**
 * Seed 003's username rules: template codes in default values, cleaning generated
 * usernames, standardising usernames read from a file, and counters for duplicates.
 * Stateless.
 */
public final class Usernames {

    private Usernames() {
    }

    /**
     * Expands the codes of a default value (seed 003, "Advanced Capabilities"):
     * {@code %l} last name, {@code %f} first name, {@code %u} username, {@code %%} a percent
     * sign. Between {@code %} and the letter may stand a modifier, {@code -} lower case,
     * {@code +} UPPER CASE, {@code ~} Title Case, then a decimal number that truncates to
     * that many characters: {@code %-1f%-l} is {@code jdoe} for John Doe. Case changes
     * follow Unicode; truncation never splits a character. Anything else is kept as written.
     *
     * @param template  a default value
     * @param firstName the row's first name, or null
     * @param lastName  the row's last name, or null
     * @param username  the row's username, or null
     * @return the expanded value
     */
    public static String expand(String template, String firstName, String lastName, String username) {
        StringBuilder out = new StringBuilder(template.length() + 16);
        int i = 0;
        while (i < template.length()) {
            char c = template.charAt(i);
            if (c != '%' || i + 1 >= template.length()) {
                out.append(c);
                i++;
                continue;
            }
            if (template.charAt(i + 1) == '%') {
                out.append('%');
                i += 2;
                continue;
            }
            int j = i + 1;
            char modifier = 0;
            char m = template.charAt(j);
            if (m == '-' || m == '+' || m == '~') {
                modifier = m;
                j++;
            }
            int digitsStart = j;
            while (j < template.length() && Character.isDigit(template.charAt(j)) && j - digitsStart < 6) {
                j++;
            }
            int length = j > digitsStart ? Integer.parseInt(template.substring(digitsStart, j)) : -1;
            if (j >= template.length() || "flu".indexOf(template.charAt(j)) < 0) {
                out.append(c); // not a code: keep the % as written
                i++;
                continue;
            }
            char code = template.charAt(j);
            String value = code == 'f' ? firstName : code == 'l' ? lastName : username;
            out.append(apply(value == null ? "" : value.strip(), modifier, length));
            i = j + 1;
        }
        return out.toString();
    }

    private static String apply(String value, char modifier, int length) {
        String v = switch (modifier) {
            case '-' -> value.toLowerCase(Locale.ROOT);
            case '+' -> value.toUpperCase(Locale.ROOT);
            case '~' -> titleCase(value);
            default -> value;
        };
        if (length >= 0 && v.codePointCount(0, v.length()) > length) {
            v = v.substring(0, v.offsetByCodePoints(0, length));
        }
        return v;
    }

    /**
     * @param value a name
     * @return the name with each word's first letter upper case and the rest lower case;
     *         words start after whitespace, a hyphen or an apostrophe ({@code jean-luc
     *         o'neil} → {@code Jean-Luc O'Neil})
     */
    public static String titleCase(String value) {
        StringBuilder sb = new StringBuilder(value.length());
        boolean start = true;
        for (int i = 0; i < value.length(); ) {
            int cp = value.codePointAt(i);
            if (Character.isLetter(cp)) {
                String s = new String(Character.toChars(cp));
                sb.append(start ? s.toUpperCase(Locale.ROOT) : s.toLowerCase(Locale.ROOT));
                start = false;
            } else {
                sb.appendCodePoint(cp);
                start = Character.isWhitespace(cp) || cp == '-' || cp == '\'' || cp == '\u2019';
            }
            i += Character.charCount(cp);
        }
        return sb.toString();
    }

    /**
     * Cleans a username made from a template (seed 003): lower case always; unless extended
     * characters are allowed, only letters, digits, {@code -} and {@code .} stay — accents
     * are folded first, so {@code Zoë} gives {@code zoe} rather than {@code zo}.
     *
     * @param generated an expanded template
     * @param extended  whether extended characters are allowed
     * @return the cleaned username (possibly empty)
     */
    public static String cleanGenerated(String generated, boolean extended) {
        String lower = generated.strip().toLowerCase(Locale.ROOT);
        if (extended) {
            return lower;
        }
        String folded = fold(lower);
        StringBuilder sb = new StringBuilder(folded.length());
        for (int i = 0; i < folded.length(); i++) {
            char c = folded.charAt(i);
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.') {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /**
     * Seed 003's "standardise usernames" for usernames read from a file: lower case, then
     * strip every character outside {@code [-.@_a-z0-9]}; accents are folded first.
     *
     * @param username a username as written
     * @return the standardised username (possibly empty)
     */
    public static String standardise(String username) {
        String lower = username.strip().toLowerCase(Locale.ROOT);
        boolean plain = true;
        for (int i = 0; i < lower.length() && plain; i++) {
            plain = allowedInStandard(lower.charAt(i));
        }
        if (plain) {
            return lower;
        }
        String folded = fold(lower);
        StringBuilder sb = new StringBuilder(folded.length());
        for (int i = 0; i < folded.length(); i++) {
            char c = folded.charAt(i);
            if (allowedInStandard(c)) {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static boolean allowedInStandard(char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '@' || c == '_';
    }

    /** Removes accents: decomposes, then drops the combining marks; ß becomes ss. */
    private static String fold(String s) {
        String d = Normalizer.normalize(s.replace("ß", "ss"), Normalizer.Form.NFD);
        StringBuilder sb = new StringBuilder(d.length());
        for (int i = 0; i < d.length(); i++) {
            char c = d.charAt(i);
            if (Character.getType(c) != Character.NON_SPACING_MARK) {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /**
     * The {@code n}-th candidate for a username that is taken: {@code jdoe} gives
     * {@code jdoe2}, {@code jdoe3}, …; a name that ends in digits counts on from them,
     * keeping zero padding ({@code student1} → {@code student2}, {@code abc007} →
     * {@code abc008}, {@code abc099} → {@code abc100}).
     *
     * @param base a username that is taken
     * @param n    1 for the first candidate, 2 for the next, …
     * @return the candidate
     */
    public static String candidate(String base, int n) {
        int end = base.length();
        int start = end;
        while (start > 0 && Character.isDigit(base.charAt(start - 1)) && end - start < 18) {
            start--;
        }
        if (start == end) {
            return base + (n + 1);
        }
        String digits = base.substring(start);
        long next = Long.parseLong(digits) + n;
        String s = Long.toString(next);
        if (s.length() < digits.length()) {
            s = "0".repeat(digits.length() - s.length()) + s;
        }
        return base.substring(0, start) + s;
    }
}
