package dev.rollcall.pgp.internal;

import org.bouncycastle.bcpg.PublicKeyAlgorithmTags;
import org.bouncycastle.bcpg.sig.KeyFlags;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPPublicKeyRingCollection;
import org.bouncycastle.openpgp.PGPSecretKey;
import org.bouncycastle.openpgp.PGPSecretKeyRing;
import org.bouncycastle.openpgp.PGPSecretKeyRingCollection;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureSubpacketVector;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.operator.KeyFingerPrintCalculator;
import org.bouncycastle.openpgp.operator.bc.BcKeyFingerprintCalculator;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.Iterator;
import java.util.List;

/**
 * Reads key files (armoured or binary, as {@code gpg --export} and
 * {@code gpg --export-secret-keys} write them) and answers what a key may be used for.
 * Stateless and thread-safe.
 */
public final class KeyRings {

    /** Key files are small; a larger file is surely not a key file. */
    static final int MAX_KEY_FILE_BYTES = 16 << 20;

    private static final KeyFingerPrintCalculator FINGERPRINTS = new BcKeyFingerprintCalculator();

    private KeyRings() {
    }

    /** @return the bytes of a key file */
    public static byte[] read(Path file, String property) {
        try {
            if (Files.size(file) > MAX_KEY_FILE_BYTES) {
                throw new IllegalArgumentException(property + " file is too large to be a key file: " + file);
            }
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + property + " file " + file + ": " + e, e);
        }
    }

    /** @return the bytes of a key stream, read to its end (the stream is not closed) */
    public static byte[] read(InputStream in, String property) {
        try {
            byte[] bytes = in.readNBytes(MAX_KEY_FILE_BYTES + 1);
            if (bytes.length > MAX_KEY_FILE_BYTES) {
                throw new IllegalArgumentException(property + " stream is too large to be a key file");
            }
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + property + " stream: " + e, e);
        }
    }

    /**
     * @param source where the bytes came from, for messages (a path, or "stream")
     * @throws IllegalArgumentException when the bytes hold no secret key ring
     */
    public static List<PGPSecretKeyRing> secretRings(byte[] bytes, String property, String source) {
        List<PGPSecretKeyRing> rings = new ArrayList<>();
        try (InputStream in = PGPUtil.getDecoderStream(new ByteArrayInputStream(bytes))) {
            PGPSecretKeyRingCollection collection = new PGPSecretKeyRingCollection(in, FINGERPRINTS);
            collection.forEach(rings::add);
        } catch (IOException | PGPException | RuntimeException e) {
            throw new IllegalArgumentException(property + " " + source + " is not an OpenPGP secret key ring"
                    + " (a public key? export the secret key with gpg --export-secret-keys): " + e.getMessage(), e);
        }
        if (rings.isEmpty()) {
            throw new IllegalArgumentException(property + " " + source + " holds no OpenPGP secret key");
        }
        return rings;
    }

    /** @throws IllegalArgumentException when the bytes hold no public key ring */
    public static List<PGPPublicKeyRing> publicRings(byte[] bytes, String property, String source) {
        List<PGPPublicKeyRing> rings = new ArrayList<>();
        try (InputStream in = PGPUtil.getDecoderStream(new ByteArrayInputStream(bytes))) {
            PGPPublicKeyRingCollection collection = new PGPPublicKeyRingCollection(in, FINGERPRINTS);
            collection.forEach(rings::add);
        } catch (IOException | PGPException | RuntimeException e) {
            throw new IllegalArgumentException(property + " " + source + " is not an OpenPGP public key ring"
                    + " (export public keys with gpg --export): " + e.getMessage(), e);
        }
        if (rings.isEmpty()) {
            throw new IllegalArgumentException(property + " " + source + " holds no OpenPGP public key");
        }
        return rings;
    }

    /**
     * @return the key's flags from its newest self-signature or subkey binding, or -1 when
     *         no self-signature states them
     */
    static int keyFlags(PGPPublicKey key, long primaryKeyId) {
        int flags = -1;
        Date newest = null;
        Iterator<PGPSignature> signatures = key.getSignatures();
        while (signatures.hasNext()) {
            PGPSignature signature = signatures.next();
            if (signature.getKeyID() != primaryKeyId || !isSelfSignature(signature.getSignatureType())) {
                continue;
            }
            PGPSignatureSubpacketVector hashed = signature.getHashedSubPackets();
            if (hashed == null || hashed.getKeyFlags() == 0) {
                continue;
            }
            if (newest == null || signature.getCreationTime().after(newest)) {
                newest = signature.getCreationTime();
                flags = hashed.getKeyFlags();
            }
        }
        return flags;
    }

    private static boolean isSelfSignature(int type) {
        return type == PGPSignature.SUBKEY_BINDING || type == PGPSignature.DIRECT_KEY
                || type == PGPSignature.POSITIVE_CERTIFICATION || type == PGPSignature.CASUAL_CERTIFICATION
                || type == PGPSignature.NO_CERTIFICATION || type == PGPSignature.DEFAULT_CERTIFICATION;
    }

    /** @return whether data can be encrypted to this key (its algorithm and, if stated, its flags) */
    public static boolean canEncrypt(PGPPublicKey key, long primaryKeyId) {
        if (!key.isEncryptionKey()) {
            return false;
        }
        int flags = keyFlags(key, primaryKeyId);
        return flags < 0 || (flags & (KeyFlags.ENCRYPT_COMMS | KeyFlags.ENCRYPT_STORAGE)) != 0;
    }

    /** @return whether this key can make signatures (its algorithm and, if stated, its flags) */
    public static boolean canSign(PGPPublicKey key, long primaryKeyId) {
        if (!isSigningAlgorithm(key.getAlgorithm())) {
            return false;
        }
        int flags = keyFlags(key, primaryKeyId);
        return flags < 0 ? key.isMasterKey() : (flags & KeyFlags.SIGN_DATA) != 0;
    }

    @SuppressWarnings("deprecation") // RSA_SIGN: deprecated for new keys, still found in old ones
    private static boolean isSigningAlgorithm(int algorithm) {
        switch (algorithm) {
            case PublicKeyAlgorithmTags.RSA_GENERAL:
            case PublicKeyAlgorithmTags.RSA_SIGN:
            case PublicKeyAlgorithmTags.DSA:
            case PublicKeyAlgorithmTags.ECDSA:
            case PublicKeyAlgorithmTags.EDDSA_LEGACY:
            case PublicKeyAlgorithmTags.Ed25519:
            case PublicKeyAlgorithmTags.Ed448:
                return true;
            default:
                return false;
        }
    }

    /** @return whether the key is usable now: not revoked, not expired */
    public static boolean isCurrent(PGPPublicKey key) {
        if (key.hasRevocation()) {
            return false;
        }
        long valid = key.getValidSeconds();
        return valid <= 0 || key.getCreationTime().getTime() + valid * 1000L > System.currentTimeMillis();
    }

    /** @return the secret keys of a ring, in ring order */
    public static List<PGPSecretKey> secretKeys(PGPSecretKeyRing ring) {
        List<PGPSecretKey> keys = new ArrayList<>();
        ring.getSecretKeys().forEachRemaining(keys::add);
        return keys;
    }

    /** @return the public keys of a ring, in ring order */
    public static List<PGPPublicKey> publicKeys(PGPPublicKeyRing ring) {
        List<PGPPublicKey> keys = new ArrayList<>();
        ring.getPublicKeys().forEachRemaining(keys::add);
        return keys;
    }
}
