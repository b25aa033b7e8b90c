package dev.rollcall.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.regex.Pattern;

/**
 * The one way the console writes HTML: every text and attribute value is escaped; tag and
 * attribute names are the code's own and must be plain names. There is no way to write
 * unescaped text.
 */
final class Html {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]*");

    private final Writer out;

    Html(Writer out) {
        this.out = out;
    }

    /**
     * @param tag   an element name
     * @param attrs pairs of attribute name and value; a {@code null} value leaves the
     *              attribute out, {@code ""} writes it empty (for {@code checked} and the like)
     */
    Html open(String tag, String... attrs) {
        write("<").write(name(tag));
        attributes(attrs);
        return write(">");
    }

    /** An element without content or end tag ({@code input}, {@code meta}, {@code link}). */
    Html empty(String tag, String... attrs) {
        return open(tag, attrs);
    }

    Html close(String tag) {
        return write("</").write(name(tag)).write(">");
    }

    /** An element holding one text. */
    Html el(String tag, Object text, String... attrs) {
        return open(tag, attrs).text(text).close(tag);
    }

    /** Escaped text; {@code null} writes nothing. */
    Html text(Object value) {
        return value == null ? this : write(escape(String.valueOf(value)));
    }

    /** The document type, the only markup written as it is. */
    Html doctype() {
        return write("<!DOCTYPE html>\n");
    }

    private void attributes(String... attrs) {
        if (attrs.length % 2 != 0) {
            throw new IllegalArgumentException("attributes come in name, value pairs");
        }
        for (int i = 0; i < attrs.length; i += 2) {
            if (attrs[i + 1] != null) {
                write(" ").write(name(attrs[i])).write("=\"").write(escape(attrs[i + 1])).write("\"");
            }
        }
    }

    private static String name(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not an element or attribute name: " + name);
        }
        return name;
    }

    private Html write(String s) {
        try {
            out.write(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /**
     * @param s any text
     * @return it with {@code & < > " '} escaped, fit for text and quoted attribute values
     */
    static String escape(String s) {
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String r = switch (c) {
                case '&' -> "&amp;";
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '"' -> "&quot;";
                case '\'' -> "&#39;";
                default -> null;
            };
            if (r != null) {
                if (sb == null) {
                    sb = new StringBuilder(s.length() + 16).append(s, 0, i);
                }
                sb.append(r);
            } else if (sb != null) {
                sb.append(c);
            }
        }
        return sb == null ? s : sb.toString();
    }
}
