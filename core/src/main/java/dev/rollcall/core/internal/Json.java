package dev.rollcall.core.internal;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A small streaming JSON writer: objects, arrays, strings, numbers, booleans and null,
 * with correct escaping. Enough for reports, so core needs no JSON library. Not thread-safe.
 */
public final class Json {

    private final Writer out;
    /** per open container: whether something was written in it yet */
    private final Deque<boolean[]> stack = new ArrayDeque<>();
    private boolean afterName;

    /** @param out where to write */
    public Json(Writer out) {
        this.out = out;
    }

    private void separate() throws IOException {
        if (afterName) {
            afterName = false;
            return;
        }
        boolean[] top = stack.peek();
        if (top != null) {
            if (top[0]) {
                out.write(',');
            }
            top[0] = true;
        }
    }

    /** Opens an object. */
    public Json beginObject() throws IOException {
        separate();
        out.write('{');
        stack.push(new boolean[1]);
        return this;
    }

    /** Closes an object. */
    public Json endObject() throws IOException {
        stack.pop();
        out.write('}');
        return this;
    }

    /** Opens an array. */
    public Json beginArray() throws IOException {
        separate();
        out.write('[');
        stack.push(new boolean[1]);
        return this;
    }

    /** Closes an array. */
    public Json endArray() throws IOException {
        stack.pop();
        out.write(']');
        return this;
    }

    /** Writes a member name; a value must follow. */
    public Json name(String name) throws IOException {
        separate();
        string(name);
        out.write(':');
        afterName = true;
        return this;
    }

    /** Writes a string, or null. */
    public Json value(String value) throws IOException {
        separate();
        if (value == null) {
            out.write("null");
        } else {
            string(value);
        }
        return this;
    }

    /** Writes a number, or null. */
    public Json value(Long value) throws IOException {
        separate();
        out.write(value == null ? "null" : value.toString());
        return this;
    }

    /** Writes a number. */
    public Json value(long value) throws IOException {
        return value(Long.valueOf(value));
    }

    /** Writes a boolean. */
    public Json value(boolean value) throws IOException {
        separate();
        out.write(value ? "true" : "false");
        return this;
    }

    private void string(String s) throws IOException {
        out.write('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.write("\\\"");
                case '\\' -> out.write("\\\\");
                case '\n' -> out.write("\\n");
                case '\r' -> out.write("\\r");
                case '\t' -> out.write("\\t");
                default -> {
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        out.write(String.format("\\u%04x", (int) c));
                    } else {
                        out.write(c);
                    }
                }
            }
        }
        out.write('"');
    }
}
