package dev.rollcall.pgp.internal;

import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;

/**
 * Encrypts one temporary file under a fresh AES-256 key that exists only in this object, so
 * the file is unreadable once the process is gone, however it ended. AES-GCM in chunks of
 * {@value #CHUNK} bytes: each chunk's nonce is its index (the key is never used for another
 * file), and the last chunk is marked in its authenticated data, so a chunk changed, swapped
 * or cut off is an {@link IOException} on reading, not wrong data.
 */
final class EphemeralCipher {

    static final int CHUNK = 1 << 16;
    private static final int TAG_BYTES = 16;

    private final SecretKey key;

    EphemeralCipher() {
        try {
            KeyGenerator generator = KeyGenerator.getInstance("AES");
            generator.init(256);
            key = generator.generateKey();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES is not available", e);
        }
    }

    /** @return a stream that writes what it is given to {@code out}, encrypted; closing it closes {@code out} */
    OutputStream encrypt(OutputStream out) {
        return new FilterOutputStream(out) {
            private final byte[] buffer = new byte[CHUNK];
            private int size;
            private long index;
            private boolean closed;

            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                while (len > 0) {
                    int n = Math.min(len, CHUNK - size);
                    System.arraycopy(b, off, buffer, size, n);
                    size += n;
                    off += n;
                    len -= n;
                    if (size == CHUNK) { // a full chunk is never the last one: that one is shorter
                        out.write(crypt(Cipher.ENCRYPT_MODE, index++, false, buffer, size));
                        size = 0;
                    }
                }
            }

            @Override
            public void close() throws IOException {
                if (closed) {
                    return;
                }
                closed = true;
                try {
                    out.write(crypt(Cipher.ENCRYPT_MODE, index, true, buffer, size));
                } finally {
                    out.close();
                }
            }
        };
    }

    /** @return a stream of what {@link #encrypt} wrote to {@code in}, decrypted and checked; closing it closes {@code in} */
    InputStream decrypt(InputStream in) {
        return new InputStream() {
            private final byte[] sealed = new byte[CHUNK + TAG_BYTES];
            private byte[] plain = new byte[0];
            private int position;
            private long index;
            private boolean last;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) == -1 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (len == 0) {
                    return 0;
                }
                while (position == plain.length) {
                    if (last) {
                        return -1;
                    }
                    int n = in.readNBytes(sealed, 0, sealed.length);
                    last = n < sealed.length; // the last chunk is the one shorter than a full one
                    plain = crypt(Cipher.DECRYPT_MODE, index++, last, sealed, n);
                    position = 0;
                }
                int n = Math.min(len, plain.length - position);
                System.arraycopy(plain, position, b, off, n);
                position += n;
                return n;
            }

            @Override
            public int available() {
                return plain.length - position;
            }

            @Override
            public void close() throws IOException {
                in.close();
            }
        };
    }

    private byte[] crypt(int mode, long index, boolean last, byte[] data, int length) throws IOException {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            byte[] nonce = ByteBuffer.allocate(12).putLong(4, index).array();
            cipher.init(mode, key, new GCMParameterSpec(TAG_BYTES * 8, nonce));
            cipher.updateAAD(new byte[] {(byte) (last ? 1 : 0)});
            return cipher.doFinal(data, 0, length);
        } catch (javax.crypto.AEADBadTagException e) {
            throw new IOException("the temporary copy of the decrypted file was changed or cut short while in use", e);
        } catch (GeneralSecurityException e) {
            if (mode == Cipher.DECRYPT_MODE && length < TAG_BYTES) {
                throw new IOException("the temporary copy of the decrypted file was cut short while in use", e);
            }
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }
}
