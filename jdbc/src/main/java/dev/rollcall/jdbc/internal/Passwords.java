package dev.rollcall.jdbc.internal;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/**
 * Salted, slow password hashes with the JDK's PBKDF2 (HMAC-SHA512): a random 16-byte
 * salt per password, a 512-bit derived key, stored self-describing as
 * {@code pbkdf2-sha512$<iterations>$<salt, base64>$<hash, base64>} so the iteration
 * count can grow without invalidating stored hashes. Thread-safe.
 */
public final class Passwords {

    /** The JDK algorithm. */
    public static final String ALGORITHM = "PBKDF2WithHmacSHA512";
    /** The tag that starts every stored hash. */
    public static final String TAG = "pbkdf2-sha512";
    /** The fewest iterations a repository may be configured with. */
    public static final int MIN_ITERATIONS = 1_000;

    private static final int SALT_BYTES = 16;
    private static final int KEY_BITS = 512;
    private static final SecureRandom RANDOM = new SecureRandom();

    private Passwords() {
    }

    /**
     * @param password   the plaintext; not kept, the caller clears it
     * @param iterations the PBKDF2 iteration count
     * @return the stored form of a fresh salted hash
     */
    public static String hash(char[] password, int iterations) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        byte[] key = derive(password, salt, iterations, KEY_BITS);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return TAG + '$' + iterations + '$' + b64.encodeToString(salt) + '$' + b64.encodeToString(key);
    }

    /**
     * @param password the plaintext to check; not kept, the caller clears it
     * @param stored   a stored hash, or {@code null}
     * @return whether the password matches; false for a missing or unreadable hash
     */
    public static boolean verify(char[] password, String stored) {
        if (stored == null) {
            return false;
        }
        String[] parts = stored.split("\\$", -1);
        if (parts.length != 4 || !parts[0].equals(TAG)) {
            return false;
        }
        int iterations;
        byte[] salt;
        byte[] expected;
        try {
            iterations = Integer.parseInt(parts[1]);
            salt = Base64.getDecoder().decode(parts[2]);
            expected = Base64.getDecoder().decode(parts[3]);
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (iterations < 1 || expected.length == 0) {
            return false;
        }
        byte[] actual = derive(password, salt, iterations, expected.length * 8);
        return MessageDigest.isEqual(expected, actual);
    }

    private static byte[] derive(char[] password, byte[] salt, int iterations, int bits) {
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, bits);
        try {
            return SecretKeyFactory.getInstance(ALGORITHM).generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " is not available in this JDK", e);
        } finally {
            spec.clearPassword();
        }
    }

    /** Overwrites a plaintext copy. */
    public static void clear(char[] chars) {
        if (chars != null) {
            Arrays.fill(chars, '\0');
        }
    }
}
