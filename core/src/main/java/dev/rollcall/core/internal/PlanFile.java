package dev.rollcall.core.internal;

import dev.rollcall.spi.Codes;
import dev.rollcall.spi.RollcallException;

import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * The envelope of a saved plan file: who may read it, and proof that it is as it was saved.
 *
 * <pre>
 * int    magic "RCLP"
 * int    file version (2; version 1 was unsigned)
 * byte[8] key id: which store's key signed it (derived from the key; reveals nothing of it)
 * ...    the body, written by the caller; its secrets encrypted under the cipher key
 * byte[32] HMAC-SHA256 of everything before it, under the signing key
 * </pre>
 *
 * Both keys are derived from the store's key ({@code UserRepository.planKey()}) with
 * HKDF-SHA256 (RFC 5869), one for signing and one for encrypting. A file is read only
 * after its whole signature has been checked, in a first pass, so a changed byte never
 * reaches the parser; the second pass, which parses, checks the signature again, in case
 * the file changed in between. The file is written beside its target and moved into place
 * once complete, readable by its owner only where the file system has POSIX permissions.
 * Stateless.
 */
public final class PlanFile {

    /** "RCLP". */
    private static final int MAGIC = 0x52434C50;
    /** The file version this code writes; 1 was the unsigned format. */
    private static final int VERSION = 2;
    private static final int KEY_ID_LENGTH = 8;
    private static final int HEADER = 4 + 4 + KEY_ID_LENGTH;
    private static final int TAG = 32;
    /** The shortest store key accepted, in bytes. */
    public static final int MIN_KEY_LENGTH = 32;

    private PlanFile() {
    }

    /** Writes a plan's body. */
    public interface Body {
        /**
         * @param out    where to write; signed as it goes
         * @param cipher the key secrets are encrypted under
         */
        void write(DataOutputStream out, SecretKey cipher) throws IOException;
    }

    /**
     * Reads a plan's body.
     *
     * @param <T> what it reads
     */
    public interface Reader<T extends AutoCloseable> {
        /**
         * @param in     the body, whose signature was checked; ends where the signature starts
         * @param cipher the key secrets were encrypted under
         * @return what was read; closed if the file turns out to have changed while it was read
         */
        T read(DataInputStream in, SecretKey cipher) throws IOException;
    }

    /**
     * The keys derived from a store's key.
     *
     * @param mac    signs the file (HMAC-SHA256)
     * @param cipher encrypts its secrets (AES-256-GCM)
     * @param id     names the store key without revealing it
     */
    private record Keys(SecretKey mac, SecretKey cipher, byte[] id) {

        static Keys of(byte[] storeKey) {
            if (storeKey.length < MIN_KEY_LENGTH) {
                throw new IllegalStateException("the key for saved plans must have at least " + MIN_KEY_LENGTH
                        + " bytes; it has " + storeKey.length);
            }
            byte[] prk = hmac(new SecretKeySpec("rollcall saved plan".getBytes(StandardCharsets.US_ASCII), "HmacSHA256"),
                    storeKey);
            SecretKeySpec extracted = new SecretKeySpec(prk, "HmacSHA256");
            return new Keys(new SecretKeySpec(expand(extracted, "signing"), "HmacSHA256"),
                    new SecretKeySpec(expand(extracted, "encryption"), "AES"),
                    Arrays.copyOf(expand(extracted, "key id"), KEY_ID_LENGTH));
        }

        /** HKDF-Expand of one block (32 bytes). */
        private static byte[] expand(SecretKey prk, String info) {
            byte[] in = Arrays.copyOf(info.getBytes(StandardCharsets.US_ASCII), info.length() + 1);
            in[in.length - 1] = 1;
            return hmac(prk, in);
        }

        private static byte[] hmac(SecretKey key, byte[] data) {
            return PlanFile.newMac(key).doFinal(data);
        }

        Mac newMac() {
            return PlanFile.newMac(mac);
        }
    }

    private static Mac newMac(SecretKey key) {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(key);
            return m;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /**
     * Writes a signed plan file, replacing any file there once it is complete.
     *
     * @param file     where to write it
     * @param storeKey the store's key ({@value #MIN_KEY_LENGTH} bytes or more)
     * @param body     writes the plan
     * @throws UncheckedIOException  when writing fails
     * @throws IllegalStateException when the key is too short
     */
    public static void write(Path file, byte[] storeKey, Body body) {
        Keys keys = Keys.of(storeKey);
        try {
            dev.rollcall.core.OutputFiles.writeOwnerOnly(file, raw -> {
                Mac mac = keys.newMac();
                DataOutputStream out = new DataOutputStream(new FilterOutputStream(raw) {
                    @Override
                    public void write(int b) throws IOException {
                        mac.update((byte) b);
                        raw.write(b);
                    }

                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        mac.update(b, off, len);
                        raw.write(b, off, len);
                    }
                });
                out.writeInt(MAGIC);
                out.writeInt(VERSION);
                out.write(keys.id());
                body.write(out, keys.cipher());
                out.flush();
                raw.write(mac.doFinal());
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the plan to " + file, e);
        }
    }

    /**
     * Reads a plan file written by {@link #write}, after checking that it is complete,
     * unchanged and made with this store's key.
     *
     * @param file     the plan file
     * @param storeKey the store's key
     * @param reader   reads the plan
     * @param <T>      what the reader makes
     * @return what the reader made
     * @throws RollcallException {@link Codes#PLAN_TAMPERED} when the file was changed, cut
     *                           short or made for another store; {@link Codes#BAD_PLAN_FILE}
     *                           when it is not a plan file, or of another version, or unreadable
     */
    public static <T extends AutoCloseable> T read(Path file, byte[] storeKey, Reader<T> reader) {
        Keys keys = Keys.of(storeKey);
        String name = String.valueOf(file.getFileName());
        try {
            long size = Files.size(file);
            checkSignature(file, name, size, keys);
            try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
                Mac mac = keys.newMac();
                SignedInput body = new SignedInput(raw, mac, size - TAG);
                DataInputStream in = new DataInputStream(body);
                in.skipNBytes(HEADER);
                T result = reader.read(in, keys.cipher());
                byte[] tag = raw.readNBytes(TAG);
                if (body.remaining != 0 || !MessageDigest.isEqual(tag, mac.doFinal()) || raw.read() >= 0) {
                    close(result);
                    throw new RollcallException(Codes.PLAN_TAMPERED, name + " changed while it was read; nothing was "
                            + "written");
                }
                return result;
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof RollcallException r) {
                throw r;
            }
            throw new RollcallException(Codes.BAD_PLAN_FILE, "cannot read the saved plan " + name + " ("
                    + e.getClass().getSimpleName() + ")", e);
        }
    }

    /** The first pass: the whole file's signature, before any of it is parsed. */
    private static void checkSignature(Path file, String name, long size, Keys keys) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            byte[] header = in.readNBytes(HEADER);
            ByteBuffer h = ByteBuffer.wrap(header);
            if (header.length < 4 || h.getInt() != MAGIC) {
                throw new RollcallException(Codes.BAD_PLAN_FILE, name + " is not a saved Rollcall plan");
            }
            int version = header.length < 8 ? -1 : h.getInt();
            if (version == 1) {
                throw new RollcallException(Codes.BAD_PLAN_FILE, name + " was saved by an earlier version of Rollcall, "
                        + "without the signature plans now carry; plan the file again");
            }
            if (size < HEADER + TAG) {
                throw tampered(name, "was cut short");
            }
            Mac mac = keys.newMac();
            mac.update(header);
            byte[] buffer = new byte[1 << 16];
            long left = size - HEADER - TAG;
            while (left > 0) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (n < 0) {
                    throw tampered(name, "was cut short");
                }
                mac.update(buffer, 0, n);
                left -= n;
            }
            byte[] tag = in.readNBytes(TAG);
            if (!MessageDigest.isEqual(tag, mac.doFinal())) {
                byte[] id = Arrays.copyOfRange(header, 8, HEADER);
                throw MessageDigest.isEqual(id, keys.id())
                        ? tampered(name, "was changed or cut short since it was saved")
                        : tampered(name, "was made for another store (or changed since); a plan applies only to the "
                                + "store it was made with");
            }
            if (version != VERSION) {
                throw new RollcallException(Codes.BAD_PLAN_FILE, name + " was saved by another version of Rollcall "
                        + "(plan file version " + version + ")");
            }
        }
    }

    private static RollcallException tampered(String name, String what) {
        return new RollcallException(Codes.PLAN_TAMPERED, "the saved plan " + name + " " + what
                + ". Nothing was written; plan the file again");
    }

    private static void close(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // it is being thrown away
        }
    }

    /** The signed part of the file: adds what is read to the signature, and ends where the signature starts. */
    private static final class SignedInput extends FilterInputStream {
        private final Mac mac;
        private long remaining;

        SignedInput(InputStream in, Mac mac, long length) {
            super(in);
            this.mac = mac;
            this.remaining = length;
        }

        @Override
        public int read() throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int b = in.read();
            if (b >= 0) {
                mac.update((byte) b);
                remaining--;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (remaining <= 0) {
                return len == 0 ? 0 : -1;
            }
            int n = in.read(b, off, (int) Math.min(len, remaining));
            if (n > 0) {
                mac.update(b, off, n);
                remaining -= n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            byte[] buffer = new byte[(int) Math.min(n, 8192)];
            long skipped = 0;
            while (skipped < n) {
                int r = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
                if (r < 0) {
                    break;
                }
                skipped += r;
            }
            return skipped;
        }

        @Override
        public int available() throws IOException {
            return (int) Math.min(in.available(), remaining);
        }

        @Override
        public boolean markSupported() {
            return false;
        }

        @Override
        public void close() {
            // the caller closes the file
        }
    }
}
