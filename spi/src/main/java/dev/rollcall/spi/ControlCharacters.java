package dev.rollcall.spi;

import java.util.Locale;

/**
 * The characters an upload value may not hold, and how text is made safe for a terminal.
 *
 * <p>Forbidden in values: the C0 controls U+0000–U+001F except TAB (so CR and LF too),
 * DEL and the C1 controls U+007F–U+009F, U+FEFF (a byte order mark anywhere inside a value;
 * the readers strip one at the very start of a file), and the bidirectional overrides and
 * isolates U+202A–U+202E and U+2066–U+2069. Such characters clear screens, retitle
 * terminals, draw lines that are not there, or show text in another order than it is stored.
 *
 * <p>{@link #escape} shows every one of them, and TAB, as {@code <U+001B>}: text that came
 * from a file, the store or an exception message cannot then move the cursor or start a
 * line of its own. Stateless.
 */
public final class ControlCharacters {

    private ControlCharacters() {
    }

    /**
     * @param c a UTF-16 char (every forbidden character is in the Basic Multilingual Plane)
     * @return whether an upload value may not hold it
     */
    public static boolean isForbidden(char c) {
        if (c >= 0x20 && c < 0x7F) {
            return false;
        }
        return (c < 0x20 && c != '\t') || (c >= 0x7F && c <= 0x9F) || c == 0xFEFF
                || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
    }

    /**
     * @param value any text, or null
     * @return the index of the first forbidden character, or -1 when there is none
     */
    public static int indexOf(String value) {
        if (value == null) {
            return -1;
        }
        for (int i = 0; i < value.length(); i++) {
            if (isForbidden(value.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    /** @return {@code U+001B} style name of a character, never the character itself */
    public static String codePoint(char c) {
        return String.format(Locale.ROOT, "U+%04X", (int) c);
    }

    /**
     * Makes text safe to print on a terminal: every forbidden character, and TAB, becomes
     * {@code <U+XXXX>}; everything else is kept.
     *
     * @param text any text, or null
     * @return the escaped text; the same instance when nothing needed escaping; null for null
     */
    public static String escape(String text) {
        if (text == null) {
            return null;
        }
        int first = firstToEscape(text);
        if (first < 0) {
            return text;
        }
        StringBuilder sb = new StringBuilder(text.length() + 16).append(text, 0, first);
        for (int i = first; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\t' || isForbidden(c)) {
                sb.append('<').append(codePoint(c)).append('>');
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static int firstToEscape(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\t' || isForbidden(c)) {
                return i;
            }
        }
        return -1;
    }
}
