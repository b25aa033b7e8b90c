package dev.rollcall.xml.internal;

/**
 * Escaping for the XML Rollcall writes. Stateless and thread-safe.
 */
public final class XmlText {

    private XmlText() {
    }

    /**
     * @param value text for element content
     * @return the text with {@code & < >} escaped and carriage returns written as a character
     *         reference, so a parser hands back exactly {@code value}
     * @throws IllegalArgumentException when the value holds a character XML 1.0 cannot carry
     */
    public static String text(String value) {
        return escape(value, false);
    }

    /**
     * @param value text for an attribute value in double quotes
     * @return the text escaped so that a parser hands back exactly {@code value} (line breaks and
     *         tabs as character references, which attribute normalisation keeps)
     * @throws IllegalArgumentException when the value holds a character XML 1.0 cannot carry
     */
    public static String attribute(String value) {
        return escape(value, true);
    }

    /**
     * @param value text for a comment
     * @return the text with {@code --} broken up and characters XML cannot carry replaced, so
     *         the comment is well-formed
     */
    public static String comment(String value) {
        StringBuilder sb = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '-' && (i + 1 == value.length() || value.charAt(i + 1) == '-')) {
                sb.append("- ");
            } else if (!isXmlChar(c) && !Character.isSurrogate(c)) {
                sb.append('?');
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static String escape(String value, boolean attribute) {
        StringBuilder sb = null;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            String replacement;
            switch (c) {
                case '&' -> replacement = "&amp;";
                case '<' -> replacement = "&lt;";
                case '>' -> replacement = "&gt;";
                case '"' -> replacement = attribute ? "&quot;" : null;
                case '\r' -> replacement = "&#13;";
                case '\n' -> replacement = attribute ? "&#10;" : null;
                case '\t' -> replacement = attribute ? "&#9;" : null;
                default -> {
                    replacement = null;
                    if (Character.isHighSurrogate(c)) {
                        if (i + 1 >= value.length() || !Character.isLowSurrogate(value.charAt(i + 1))) {
                            throw unwritable(c);
                        }
                    } else if (Character.isLowSurrogate(c)) {
                        if (i == 0 || !Character.isHighSurrogate(value.charAt(i - 1))) {
                            throw unwritable(c);
                        }
                    } else if (!isXmlChar(c)) {
                        throw unwritable(c);
                    }
                }
            }
            if (replacement != null) {
                if (sb == null) {
                    sb = new StringBuilder(value.length() + 16).append(value, 0, i);
                }
                sb.append(replacement);
            } else if (sb != null) {
                sb.append(c);
            }
        }
        return sb == null ? value : sb.toString();
    }

    /** @return whether the (non-surrogate) character may appear in an XML 1.0 document */
    public static boolean isXmlChar(char c) {
        return c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD);
    }

    private static IllegalArgumentException unwritable(char c) {
        return new IllegalArgumentException(String.format("a value holds the character U+%04X, which XML 1.0 cannot "
                + "carry", (int) c));
    }
}
