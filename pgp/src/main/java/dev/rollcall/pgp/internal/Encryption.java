package dev.rollcall.pgp.internal;

import dev.rollcall.spi.Codes;
import dev.rollcall.spi.RollcallException;
import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.bcpg.CompressionAlgorithmTags;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.SymmetricKeyAlgorithmTags;
import org.bouncycastle.openpgp.PGPCompressedDataGenerator;
import org.bouncycastle.openpgp.PGPEncryptedDataGenerator;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPLiteralData;
import org.bouncycastle.openpgp.PGPLiteralDataGenerator;
import org.bouncycastle.openpgp.PGPPrivateKey;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSecretKey;
import org.bouncycastle.openpgp.PGPSecretKeyRing;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureGenerator;
import org.bouncycastle.openpgp.operator.bc.BcPBESecretKeyDecryptorBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentSignerBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPDataEncryptorBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPDigestCalculatorProvider;
import org.bouncycastle.openpgp.operator.bc.BcPublicKeyKeyEncryptionMethodGenerator;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Objects;

/**
 * The encrypting engine behind {@code PgpEncryptor}: AES-256, integrity-protected (SEIPD v1 with
 * MDC, what every OpenPGP implementation reads), ZLIB-compressed, optionally signed with a
 * one-pass signature (SHA-256). Immutable and thread-safe.
 */
public final class Encryption {

    private static final int BUFFER = 1 << 16;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final List<PGPPublicKey> recipients;
    private final PGPPublicKey signingPublicKey;
    private final PGPPrivateKey signingKey;
    private final boolean armor;

    /**
     * @param signingPublicKey null when not signing
     * @param signingKey       null when not signing
     */
    public Encryption(List<PGPPublicKey> recipients, PGPPublicKey signingPublicKey, PGPPrivateKey signingKey,
                      boolean armor) {
        this.recipients = List.copyOf(recipients);
        this.signingPublicKey = signingPublicKey;
        this.signingKey = signingKey;
        this.armor = armor;
    }

    /**
     * @return the newest current encryption key of the ring
     * @throws IllegalArgumentException when it has none
     */
    public static PGPPublicKey encryptionKey(PGPPublicKeyRing ring) {
        long primary = ring.getPublicKey().getKeyID();
        PGPPublicKey best = null;
        for (PGPPublicKey key : KeyRings.publicKeys(ring)) {
            if (KeyRings.canEncrypt(key, primary) && KeyRings.isCurrent(key)
                    && (best == null || key.getCreationTime().after(best.getCreationTime()))) {
                best = key;
            }
        }
        if (best == null) {
            throw new IllegalArgumentException("recipients: key " + KeyIds.hex(primary)
                    + " has no current encryption key (revoked, expired, or signing only)");
        }
        return best;
    }

    /**
     * @return the ring's signing key (the primary key when it may sign, else a signing subkey)
     * @throws IllegalArgumentException when it has none
     */
    public static PGPSecretKey signingKey(PGPSecretKeyRing ring) {
        long primary = ring.getPublicKey().getKeyID();
        for (PGPSecretKey key : KeyRings.secretKeys(ring)) {
            if (KeyRings.canSign(key.getPublicKey(), primary) && KeyRings.isCurrent(key.getPublicKey())
                    && !key.isPrivateKeyEmpty()) {
                return key;
            }
        }
        throw new IllegalArgumentException("signWith: key " + KeyIds.hex(primary)
                + " has no current signing key with its private part");
    }

    /**
     * @throws RollcallException {@code PGP_BAD_PASSPHRASE} when the passphrase does not unlock it
     */
    public static PGPPrivateKey unlock(PGPSecretKey key, char[] passphrase) {
        char[] copy = passphrase.clone();
        try {
            return key.extractPrivateKey(new BcPBESecretKeyDecryptorBuilder(new BcPGPDigestCalculatorProvider())
                    .build(copy));
        } catch (PGPException | RuntimeException e) {
            throw new RollcallException(Codes.PGP_BAD_PASSPHRASE, "the passphrase does not unlock signing key "
                    + KeyIds.hex(key.getKeyID()) + ": check the passphrase", e);
        } finally {
            Arrays.fill(copy, '\0');
        }
    }

    /**
     * Encrypts {@code plain} to {@code out}; neither stream is closed.
     *
     * @param fileName the name recorded in the literal data packet ("" for none)
     * @param modified the modification time recorded with it
     */
    public void encrypt(InputStream plain, OutputStream out, String fileName, Date modified) throws IOException {
        Objects.requireNonNull(plain, "plain must not be null");
        Objects.requireNonNull(out, "encrypted must not be null");
        OutputStream kept = new FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                out.flush(); // the caller closes its own stream
            }
        };
        OutputStream target = armor ? ArmoredOutputStream.builder().clearHeaders().build(kept) : kept;
        try {
            PGPEncryptedDataGenerator encryptor = new PGPEncryptedDataGenerator(
                    new BcPGPDataEncryptorBuilder(SymmetricKeyAlgorithmTags.AES_256)
                            .setWithIntegrityPacket(true)
                            .setSecureRandom(RANDOM));
            for (PGPPublicKey recipient : recipients) {
                encryptor.addMethod(new BcPublicKeyKeyEncryptionMethodGenerator(recipient).setSecureRandom(RANDOM));
            }
            try (OutputStream encrypted = encryptor.open(target, new byte[BUFFER])) {
                PGPCompressedDataGenerator compressor = new PGPCompressedDataGenerator(CompressionAlgorithmTags.ZLIB);
                try (OutputStream compressed = compressor.open(encrypted, new byte[BUFFER])) {
                    PGPSignatureGenerator signer = null;
                    if (signingKey != null) {
                        signer = new PGPSignatureGenerator(new BcPGPContentSignerBuilder(
                                signingPublicKey.getAlgorithm(), HashAlgorithmTags.SHA256), signingPublicKey);
                        signer.init(PGPSignature.BINARY_DOCUMENT, signingKey);
                        signer.generateOnePassVersion(false).encode(compressed);
                    }
                    PGPLiteralDataGenerator literalData = new PGPLiteralDataGenerator();
                    try (OutputStream literal = literalData.open(compressed, PGPLiteralData.BINARY, fileName,
                            modified, new byte[BUFFER])) {
                        byte[] buffer = new byte[BUFFER];
                        int n;
                        while ((n = plain.read(buffer)) != -1) {
                            literal.write(buffer, 0, n);
                            if (signer != null) {
                                signer.update(buffer, 0, n);
                            }
                        }
                    }
                    if (signer != null) {
                        signer.generate().encode(compressed);
                    }
                }
            }
        } catch (PGPException e) {
            throw new IOException("OpenPGP encryption failed: " + e.getMessage(), e);
        } finally {
            target.close();
        }
    }
}
