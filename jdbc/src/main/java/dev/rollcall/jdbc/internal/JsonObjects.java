package dev.rollcall.jdbc.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A small reader and writer of JSON objects, for custom fields kept in a JSON column of the
 * host's user table. Rollcall's own values are strings; whatever else the host keeps in the same
 * object (numbers, nested objects, arrays) is read as {@link Raw} text and written back as it
 * was, so an update never loses the host's keys. No dependency: the object is small and flat.
 *
 * <p>Messages about malformed text give the position, never the text: a column may hold
 * values that must not reach a log.
 */
public final class JsonObjects {

    private JsonObjects() {
    }

    /**
     * A value that is not a string (a number, {@code true}, {@code false}, {@code null}, an
     * object, an array), kept as the JSON text it was written as.
     *
     * @param json the value's JSON text
     */
    public record Raw(String json) {
        /** @return whether the value is JSON's {@code null} */
        public boolean isNull() {
            return json.equals("null");
        }

        /** @return whether the value is a number, {@code true} or {@code false}: text a field can take as it is */
        public boolean isScalar() {
            char c = json.charAt(0);
            return c != '{' && c != '[' && !isNull();
        }

        /** Shows the kind of value only, never the value. */
        @Override
        public String toString() {
            return "Raw[" + (json.charAt(0) == '{' ? "object" : json.charAt(0) == '[' ? "array" : "scalar") + "]";
        }
    }

    /**
     * Reads a JSON object.
     *
     * @param text the object's text; {@code null}, empty or blank text is the empty object
     * @return its members in order: a {@link String} for a string, else a {@link Raw}; a key
     *         written twice keeps its last value
     * @throws IllegalArgumentException when the text is not one JSON object; the message gives
     *                                  the position (from 1) and what was expected, never the text
     */
    public static Map<String, Object> parse(String text) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (text == null || text.isBlank()) {
            return out;
        }
        Reader r = new Reader(text);
        r.skipSpace();
        r.expect('{', "'{' (the column must hold a JSON object)");
        r.skipSpace();
        if (!r.take('}')) {
            do {
                r.skipSpace();
                String key = r.string();
                r.skipSpace();
                r.expect(':', "':' after a key");
                r.skipSpace();
                out.put(key, r.peek() == '"' ? r.string() : new Raw(r.rawValue()));
                r.skipSpace();
            } while (r.take(','));
            r.expect('}', "',' or '}'");
        }
        r.skipSpace();
        if (!r.atEnd()) {
            throw r.malformed("the end of the text after the object");
        }
        return out;
    }

    /**
     * Writes a JSON object.
     *
     * @param members the members in order: {@link String}s (escaped as JSON requires) or {@link Raw}s (as they are)
     * @return its text, without spaces
     */
    public static String write(Map<String, ?> members) {
        StringBuilder sb = new StringBuilder("{");
        for (Map.Entry<String, ?> e : members.entrySet()) {
            if (sb.length() > 1) {
                sb.append(',');
            }
            quote(e.getKey(), sb);
            sb.append(':');
            Object v = e.getValue();
            if (v instanceof Raw raw) {
                sb.append(raw.json());
            } else if (v instanceof String s) {
                quote(s, sb);
            } else {
                throw new IllegalArgumentException("a JSON member is a String or a Raw, not " + (v == null ? "null"
                        : v.getClass().getName()));
            }
        }
        return sb.append('}').toString();
    }

    /** Appends a string as a JSON string: quotes, backslashes, control characters and lone surrogates escaped. */
    static void quote(String s, StringBuilder sb) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    boolean pairedHigh = Character.isHighSurrogate(c) && i + 1 < s.length()
                            && Character.isLowSurrogate(s.charAt(i + 1));
                    if (pairedHigh) {
                        sb.append(c).append(s.charAt(++i));
                    } else if (c < 0x20 || Character.isSurrogate(c)) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    /** A cursor over the text. */
    private static final class Reader {
        private final String text;
        private int at;

        Reader(String text) {
            this.text = text;
        }

        boolean atEnd() {
            return at >= text.length();
        }

        char peek() {
            return atEnd() ? '\0' : text.charAt(at);
        }

        boolean take(char c) {
            if (peek() == c && !atEnd()) {
                at++;
                return true;
            }
            return false;
        }

        void expect(char c, String what) {
            if (!take(c)) {
                throw malformed(what);
            }
        }

        void skipSpace() {
            while (!atEnd() && (peek() == ' ' || peek() == '\t' || peek() == '\n' || peek() == '\r')) {
                at++;
            }
        }

        IllegalArgumentException malformed(String expected) {
            return new IllegalArgumentException("not a JSON object: expected " + expected + " at character " + (at + 1)
                    + (atEnd() ? " (the end of the text)" : ""));
        }

        String string() {
            expect('"', "a string in double quotes");
            StringBuilder sb = new StringBuilder();
            while (true) {
                if (atEnd()) {
                    throw malformed("the closing '\"' of a string");
                }
                char c = text.charAt(at++);
                if (c == '"') {
                    return sb.toString();
                }
                if (c < 0x20) {
                    at--;
                    throw malformed("no control character inside a string (write it escaped)");
                }
                if (c != '\\') {
                    sb.append(c);
                    continue;
                }
                if (atEnd()) {
                    throw malformed("an escape after '\\'");
                }
                char e = text.charAt(at++);
                switch (e) {
                    case '"', '\\', '/' -> sb.append(e);
                    case 'n' -> sb.append('\n');
                    case 'r' -> sb.append('\r');
                    case 't' -> sb.append('\t');
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case 'u' -> sb.append(hex4());
                    default -> {
                        at--;
                        throw malformed("one of \" \\ / b f n r t u after '\\'");
                    }
                }
            }
        }

        private char hex4() {
            if (at + 4 > text.length()) {
                throw malformed("four hexadecimal digits after \\u");
            }
            int v = 0;
            for (int i = 0; i < 4; i++) {
                int d = Character.digit(text.charAt(at), 16);
                if (d < 0) {
                    throw malformed("four hexadecimal digits after \\u");
                }
                v = v * 16 + d;
                at++;
            }
            return (char) v;
        }

        /** Reads a value that is not a string, checking its syntax; returns its text as written. */
        String rawValue() {
            int start = at;
            value();
            return text.substring(start, at);
        }

        private void value() {
            char c = peek();
            if (atEnd()) {
                throw malformed("a value");
            } else if (c == '"') {
                string();
            } else if (c == '{') {
                at++;
                skipSpace();
                if (!take('}')) {
                    do {
                        skipSpace();
                        string();
                        skipSpace();
                        expect(':', "':' after a key");
                        skipSpace();
                        value();
                        skipSpace();
                    } while (take(','));
                    expect('}', "',' or '}'");
                }
            } else if (c == '[') {
                at++;
                skipSpace();
                if (!take(']')) {
                    do {
                        skipSpace();
                        value();
                        skipSpace();
                    } while (take(','));
                    expect(']', "',' or ']'");
                }
            } else if (c == '-' || (c >= '0' && c <= '9')) {
                number();
            } else if (!word("true") && !word("false") && !word("null")) {
                throw malformed("a value (a string, a number, true, false, null, an object or an array)");
            }
        }

        private boolean word(String w) {
            if (text.startsWith(w, at)) {
                at += w.length();
                return true;
            }
            return false;
        }

        private void number() {
            take('-');
            if (!take('0')) {
                digits();
            }
            if (take('.')) {
                digits();
            }
            if (peek() == 'e' || peek() == 'E') {
                at++;
                if (!take('+')) {
                    take('-');
                }
                digits();
            }
        }

        private void digits() {
            int start = at;
            while (!atEnd() && peek() >= '0' && peek() <= '9') {
                at++;
            }
            if (at == start) {
                throw malformed("a digit");
            }
        }
    }
}
