package dev.rollcall.core.internal;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Bytes writes exactly what DataOutputStream wrote before it, so plan files keep their format. */
class BytesTest {

    private static final String[] TEXTS = {"", "plain ascii", "Zoë Ødegaard", "O'Neil \"Sales, EMEA\"", "日本語",
            "emoji \uD83D\uDE00", "lone surrogate \uD800 here", "\u007F\u0080\u07FF\u0800\uFFFF", "tail é"};

    private static void writeString(DataOutputStream d, String s) throws IOException {
        if (s == null) {
            d.writeInt(-1);
            return;
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        d.writeInt(b.length);
        d.write(b);
    }

    @Test
    void sameBytesAsDataOutputStream_forEveryKindOfValue() throws IOException {
        SplittableRandom random = new SplittableRandom(15);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(expected);
        Bytes b = new Bytes(1);
        for (int i = 0; i < 2_000; i++) {
            switch (random.nextInt(6)) {
                case 0 -> {
                    long v = random.nextLong();
                    d.writeLong(v);
                    b.writeLong(v);
                }
                case 1 -> {
                    int v = random.nextInt();
                    d.writeInt(v);
                    b.writeInt(v);
                }
                case 2 -> {
                    int v = random.nextInt(256);
                    d.writeByte(v);
                    b.writeByte(v);
                }
                case 3 -> {
                    boolean v = random.nextBoolean();
                    d.writeBoolean(v);
                    b.writeBoolean(v);
                }
                case 4 -> {
                    String s = random.nextInt(10) == 0 ? null : TEXTS[random.nextInt(TEXTS.length)];
                    writeString(d, s);
                    b.writeString(s);
                }
                default -> {
                    byte[] v = new byte[random.nextInt(40)];
                    random.nextBytes(v);
                    d.write(v);
                    b.write(v);
                }
            }
        }
        d.flush();
        ByteArrayOutputStream actual = new ByteArrayOutputStream();
        b.writeTo(actual);
        assertEquals(expected.size(), b.size());
        assertArrayEquals(expected.toByteArray(), actual.toByteArray());
    }

    @Test
    void reset_startsAgainAtZero() throws IOException {
        Bytes b = new Bytes(4);
        b.writeString("first value, longer than the buffer");
        b.reset();
        b.writeString("é");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        b.writeTo(out);
        assertArrayEquals(new byte[] {0, 0, 0, 2, (byte) 0xC3, (byte) 0xA9}, out.toByteArray());
    }
}
