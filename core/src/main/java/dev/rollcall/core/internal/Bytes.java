package dev.rollcall.core.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable byte buffer that writes what {@link java.io.DataOutputStream} writes (big-endian
 * numbers, one byte a boolean), without its synchronised {@code ByteArrayOutputStream} and
 * per-call overhead: the plan's entries are encoded into one of these, a row at a time. Not
 * thread-safe.
 */
final class Bytes {

    private byte[] buf;
    private int size;

    /** @param capacity the initial capacity in bytes */
    Bytes(int capacity) {
        buf = new byte[Math.max(16, capacity)];
    }

    /** @return the number of bytes written since the last {@link #reset} */
    int size() {
        return size;
    }

    /** Forgets what was written, keeping the capacity. */
    void reset() {
        size = 0;
    }

    /** Writes what this buffer holds to {@code out}. */
    void writeTo(OutputStream out) throws IOException {
        out.write(buf, 0, size);
    }

    private void ensure(int more) {
        if (size + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
        }
    }

    void writeByte(int v) {
        ensure(1);
        buf[size++] = (byte) v;
    }

    void writeBoolean(boolean v) {
        writeByte(v ? 1 : 0);
    }

    void writeInt(int v) {
        ensure(4);
        putInt(size, v);
        size += 4;
    }

    private void putInt(int at, int v) {
        buf[at] = (byte) (v >>> 24);
        buf[at + 1] = (byte) (v >>> 16);
        buf[at + 2] = (byte) (v >>> 8);
        buf[at + 3] = (byte) v;
    }

    void writeLong(long v) {
        writeInt((int) (v >>> 32));
        writeInt((int) v);
    }

    void write(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, buf, size, b.length);
        size += b.length;
    }

    /**
     * Writes a string as its UTF-8 length ({@link #writeInt}) and bytes, the same bytes as
     * {@code s.getBytes(UTF_8)}, or -1 for null. ASCII text is copied straight in.
     */
    void writeString(String s) {
        if (s == null) {
            writeInt(-1);
            return;
        }
        int n = s.length();
        ensure(4 + n);
        int start = size;
        int at = start + 4;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                byte[] b = s.getBytes(StandardCharsets.UTF_8);
                writeInt(b.length);
                write(b);
                return;
            }
            buf[at++] = (byte) c;
        }
        putInt(start, n);
        size = at;
    }
}
