package dev.rollcall.pgp;

import dev.rollcall.pgp.internal.Encryption;
import dev.rollcall.pgp.internal.KeyRings;
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
import org.bouncycastle.openpgp.PGPSecretKey;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureGenerator;
import org.bouncycastle.openpgp.operator.PGPDataEncryptorBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentSignerBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPDataEncryptorBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPublicKeyKeyEncryptionMethodGenerator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.SecureRandom;
import java.util.Date;

/**
 * Messages the public encryptor deliberately cannot make (no integrity protection, AEAD, hidden
 * recipients, a signature that does not match), built with Bouncy Castle directly.
 */
final class TestMessages {

    private TestMessages() {
    }

    static PGPPublicKey encryptionKey(String publicKeyFixture) {
        return Encryption.encryptionKey(KeyRings.publicRings(Fixtures.bytes(publicKeyFixture), "test",
                publicKeyFixture).get(0));
    }

    /** @return an encryptor builder for AES-256 (the caller picks integrity or AEAD) */
    static BcPGPDataEncryptorBuilder aes256() {
        return new BcPGPDataEncryptorBuilder(SymmetricKeyAlgorithmTags.AES_256).setSecureRandom(new SecureRandom());
    }

    /** @return {@code plain} encrypted to the RSA fixture key with {@code data}, ZLIB-compressed */
    static byte[] encrypt(byte[] plain, PGPDataEncryptorBuilder data) throws IOException, PGPException {
        return encrypt(plain, data, false);
    }

    static byte[] encrypt(byte[] plain, PGPDataEncryptorBuilder data, boolean hiddenRecipient)
            throws IOException, PGPException {
        PGPEncryptedDataGenerator generator = new PGPEncryptedDataGenerator(data);
        generator.addMethod(new BcPublicKeyKeyEncryptionMethodGenerator(encryptionKey("rsa-public.asc"))
                .setUseWildcardRecipient(hiddenRecipient));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream encrypted = generator.open(out, new byte[1 << 12])) {
            PGPCompressedDataGenerator compressor = new PGPCompressedDataGenerator(CompressionAlgorithmTags.ZLIB);
            try (OutputStream compressed = compressor.open(encrypted)) {
                writeLiteral(compressed, plain);
            }
        }
        return out.toByteArray();
    }

    /** @return {@code plain} encrypted to the RSA fixture key, compressed twice over (a bomb pattern) */
    static byte[] doublyCompressed(byte[] plain) throws IOException, PGPException {
        PGPEncryptedDataGenerator generator = new PGPEncryptedDataGenerator(aes256().setWithIntegrityPacket(true));
        generator.addMethod(new BcPublicKeyKeyEncryptionMethodGenerator(encryptionKey("rsa-public.asc")));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream encrypted = generator.open(out, new byte[1 << 12])) {
            PGPCompressedDataGenerator outer = new PGPCompressedDataGenerator(CompressionAlgorithmTags.ZLIB);
            try (OutputStream compressed = outer.open(encrypted)) {
                PGPCompressedDataGenerator inner = new PGPCompressedDataGenerator(CompressionAlgorithmTags.ZIP);
                try (OutputStream twice = inner.open(compressed)) {
                    writeLiteral(twice, plain);
                }
            }
        }
        return out.toByteArray();
    }

    /**
     * @return a properly encrypted, integrity-protected message holding {@code actual}, with a
     *         one-pass signature by the sender fixture key computed over {@code signed}
     */
    static byte[] signedOver(byte[] signed, byte[] actual) throws IOException, PGPException {
        PGPSecretKey key = Encryption.signingKey(KeyRings.secretRings(Fixtures.bytes("sender-secret.asc"), "test",
                "sender-secret.asc").get(0));
        PGPPrivateKey privateKey = Encryption.unlock(key, Fixtures.passphrase());
        PGPSignatureGenerator signer = new PGPSignatureGenerator(new BcPGPContentSignerBuilder(
                key.getPublicKey().getAlgorithm(), HashAlgorithmTags.SHA256), key.getPublicKey());
        signer.init(PGPSignature.BINARY_DOCUMENT, privateKey);
        signer.update(signed);

        PGPEncryptedDataGenerator generator = new PGPEncryptedDataGenerator(aes256().setWithIntegrityPacket(true));
        generator.addMethod(new BcPublicKeyKeyEncryptionMethodGenerator(encryptionKey("rsa-public.asc")));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream encrypted = generator.open(out, new byte[1 << 12])) {
            signer.generateOnePassVersion(false).encode(encrypted);
            writeLiteral(encrypted, actual);
            signer.generate().encode(encrypted);
        }
        return out.toByteArray();
    }

    private static void writeLiteral(OutputStream out, byte[] plain) throws IOException {
        PGPLiteralDataGenerator literal = new PGPLiteralDataGenerator();
        try (OutputStream data = literal.open(out, PGPLiteralData.BINARY, "users.csv", plain.length, new Date())) {
            data.write(plain);
        }
    }
}
