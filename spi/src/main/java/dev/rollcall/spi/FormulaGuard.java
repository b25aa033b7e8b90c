package dev.rollcall.spi;

/**
 * Keeps spreadsheets from running cells of the CSV files Rollcall writes (error files,
 * reports, templates, extracts) as formulas — CSV injection, as OWASP calls it — and takes the
 * guard off again when such a file is uploaded, so that every value reads back as it was.
 *
 * <p>A value is <em>formula-like</em> when its first character that is not whitespace is
 * {@code =}, {@code +}, {@code -} or {@code @}, or one of their full-width forms
 * {@code ＝ ＋ － ＠} (U+FF1D, U+FF0B, U+FF0D, U+FF20), or when it starts with a tab or a
 * carriage return and holds more than whitespace. The guard is one apostrophe in front,
 * which spreadsheets take as "this cell is text" and do not show. Negative numbers
 * ({@code -5}) are guarded too, as OWASP advises: a spreadsheet shows them as text, and
 * Rollcall reads them back as {@code -5}.
 *
 * <p>The scheme is unambiguous: a value of apostrophes followed by something formula-like
 * ({@code '=1+1}, {@code ''-5}) gets one more apostrophe, and {@link #unneutralise} takes one
 * off exactly such values; any other value, {@code 'quoted'} or {@code '5} say, is left
 * alone both ways. So {@code unneutralise(neutralise(v))} is {@code v} for every value.
 */
public final class FormulaGuard {

    private FormulaGuard() {
    }

    /**
     * @param value a value to write into a CSV cell, or null
     * @return the value with an apostrophe in front when it is formula-like, possibly after
     *         apostrophes; otherwise (and for null) the value itself
     */
    public static String neutralise(String value) {
        return value != null && apostrophesThenFormula(value) >= 0 ? "'" + value : value;
    }

    /**
     * @param value a value read from a CSV cell, or null
     * @return the value with one apostrophe fewer in front when it is apostrophes followed by
     *         something formula-like (what {@link #neutralise} added); otherwise the value itself
     */
    public static String unneutralise(String value) {
        return value != null && apostrophesThenFormula(value) > 0 ? value.substring(1) : value;
    }

    /** @return the number of apostrophes before a formula-like rest, or -1 when the value is not of that shape */
    private static int apostrophesThenFormula(String v) {
        int i = 0;
        while (i < v.length() && v.charAt(i) == '\'') {
            i++;
        }
        return formulaAt(v, i) ? i : -1;
    }

    private static boolean formulaAt(String v, int start) {
        int i = start;
        while (i < v.length() && Character.isWhitespace(v.charAt(i))) {
            i++;
        }
        if (i == v.length()) {
            return false; // nothing but whitespace: nothing to run
        }
        switch (v.charAt(i)) {
            case '=', '+', '-', '@', '\uFF1D', '\uFF0B', '\uFF0D', '\uFF20' -> {
                return true;
            }
            default -> {
                char first = v.charAt(start);
                return first == '\t' || first == '\r';
            }
        }
    }
}
