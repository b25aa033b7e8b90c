package dev.rollcall.xlsx.internal;

/**
 * OOXML's escape for characters XML cannot hold ({@code ST_Xstring}): {@code _x000D_} is a
 * carriage return, and {@code _x005F_} escapes an underscore that would otherwise start such
 * an escape. Stateless.
 */
final class XString {

    private XString() {
    }

    /** @return the text with every {@code _xHHHH_} replaced by its character */
    static String decode(String s) {
        int i = s.indexOf("_x");
        if (i < 0) {
            return s;
        }
        StringBuilder sb = new StringBuilder(s.length());
        int from = 0;
        for (; i >= 0; i = s.indexOf("_x", i + 1)) {
            if (i < from || !isEscape(s, i)) {
                continue;
            }
            sb.append(s, from, i).append((char) Integer.parseInt(s.substring(i + 2, i + 6), 16));
            from = i + 7;
        }
        return sb.append(s, from, s.length()).toString();
    }

    /** @return the text with characters XML 1.0 cannot hold, and underscores that look like escapes, escaped */
    static String encode(String s) {
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean escape = (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0xFFFE || c == 0xFFFF
                    || (c == '_' && isEscape(s, i));
            if (escape && sb == null) {
                sb = new StringBuilder(s.length() + 16).append(s, 0, i);
            }
            if (escape) {
                sb.append(String.format("_x%04X_", (int) c));
            } else if (sb != null) {
                sb.append(c);
            }
        }
        return sb == null ? s : sb.toString();
    }

    private static boolean isEscape(String s, int i) {
        if (i + 7 > s.length() || s.charAt(i) != '_' || s.charAt(i + 1) != 'x' || s.charAt(i + 6) != '_') {
            return false;
        }
        for (int k = i + 2; k < i + 6; k++) {
            if (Character.digit(s.charAt(k), 16) < 0) {
                return false;
            }
        }
        return true;
    }
}
