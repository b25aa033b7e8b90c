package dev.rollcall.pgp;

import dev.rollcall.pgp.internal.Encryption;
import dev.rollcall.pgp.internal.KeyIds;
import dev.rollcall.pgp.internal.KeyRings;
import dev.rollcall.spi.RollcallException;
import org.bouncycastle.openpgp.PGPPrivateKey;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSecretKey;
import org.bouncycastle.openpgp.PGPSecretKeyRing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Encrypts upload files for a host, the way an HR system should send them: to one or more
 * public keys, always integrity-protected (AES-256 with a modification detection code), always
 * ZLIB-compressed, binary or ASCII-armoured, and optionally signed (a one-pass signature with
 * SHA-256) so that a host that {@linkplain PgpDecoder.Builder#requireSignature(boolean) requires
 * signatures} accepts it. GnuPG reads what it writes ({@code gpg --decrypt}).
 *
 * <pre>{@code
 * PgpEncryptor encryptor = PgpEncryptor.builder()
 *         .recipients(Path.of("host-public.asc"))
 *         .signWith(Path.of("hr-secret.asc"), passphrase)
 *         .build();
 * encryptor.encrypt(Path.of("acmeus_20140215.csv"), Path.of("acmeus_20140215.csv.pgp"));
 * }</pre>
 *
 * <p>Immutable and thread-safe. When it signs, it holds the unlocked signing key in memory for
 * its lifetime; the passphrase itself is not kept.
 */
public final class PgpEncryptor {

    private final List<PGPPublicKey> recipients;
    private final PGPPublicKey signingPublicKey;
    private final boolean armor;
    private final Encryption encryption;

    private PgpEncryptor(List<PGPPublicKey> recipients, PGPPublicKey signingPublicKey, PGPPrivateKey signingKey,
                         boolean armor) {
        this.recipients = List.copyOf(recipients);
        this.signingPublicKey = signingPublicKey;
        this.armor = armor;
        this.encryption = new Encryption(recipients, signingPublicKey, signingKey, armor);
    }

    /** @return a new builder; at least one {@link Builder#recipients(Path) recipient} must be given */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Encrypts a stream. The literal data carries no file name.
     *
     * @param plain     the plaintext; read to its end, not closed
     * @param encrypted where the OpenPGP message goes; not closed
     * @throws IOException when a stream fails
     */
    public void encrypt(InputStream plain, OutputStream encrypted) throws IOException {
        encryption.encrypt(plain, encrypted, "", new Date());
    }

    /**
     * Encrypts a file into another, replacing it. On failure the partial output is deleted.
     *
     * @param plain     the plaintext file; its name and modification time go into the message
     * @param encrypted the file to write, e.g. {@code acmeus_20140215.csv.pgp}
     * @throws IOException when a file cannot be read or written
     */
    public void encrypt(Path plain, Path encrypted) throws IOException {
        Objects.requireNonNull(plain, "plain must not be null");
        Objects.requireNonNull(encrypted, "encrypted must not be null");
        Path name = plain.getFileName();
        Date modified = new Date(Files.getLastModifiedTime(plain).toMillis());
        boolean done = false;
        try (InputStream in = Files.newInputStream(plain); OutputStream out = Files.newOutputStream(encrypted)) {
            encryption.encrypt(in, out, name == null ? "" : name.toString(), modified);
            done = true;
        } finally {
            if (!done) {
                Files.deleteIfExists(encrypted);
            }
        }
    }

    /** @return the ids of the keys each message is encrypted to (encryption subkeys), in hex */
    public List<String> recipientKeyIds() {
        return recipients.stream().map(k -> KeyIds.hex(k.getKeyID())).collect(Collectors.toUnmodifiableList());
    }

    /** @return the id of the key that signs, in hex, or empty when messages are not signed */
    public Optional<String> signingKeyId() {
        return Optional.ofNullable(signingPublicKey).map(k -> KeyIds.hex(k.getKeyID()));
    }

    /** @return whether messages are ASCII-armoured */
    public boolean armor() {
        return armor;
    }

    @Override
    public String toString() {
        return "PgpEncryptor[recipients=" + recipientKeyIds() + ", signingKey=" + signingKeyId().orElse("none")
                + ", armor=" + armor + "]";
    }

    /**
     * Builds a {@link PgpEncryptor}. Key files are read when they are given: an unreadable file
     * throws {@link java.io.UncheckedIOException}, a file without suitable keys
     * {@link IllegalArgumentException}. Single-valued settings may be given once
     * ({@link IllegalStateException} the second time); recipients add up. Not thread-safe.
     */
    public static final class Builder {
        private final List<PGPPublicKey> recipients = new ArrayList<>();
        private PGPPublicKey signingPublicKey;
        private PGPPrivateKey signingKey;
        private Boolean armor;

        private Builder() {
        }

        /**
         * Adds every public key in a file ({@code gpg --export}, armoured or binary) as a
         * recipient; each is encrypted to with its newest current encryption key.
         *
         * @throws IllegalArgumentException when the file holds no public key, or a key that cannot encrypt
         */
        public Builder recipients(Path publicKeys) {
            Objects.requireNonNull(publicKeys, "recipients must not be null");
            add(KeyRings.publicRings(KeyRings.read(publicKeys, "recipients"), "recipients", publicKeys.toString()));
            return this;
        }

        /**
         * Adds every public key in a stream (read to its end, not closed) as a recipient.
         *
         * @throws IllegalArgumentException when the stream holds no public key, or a key that cannot encrypt
         */
        public Builder recipients(InputStream publicKeys) {
            Objects.requireNonNull(publicKeys, "recipients must not be null");
            add(KeyRings.publicRings(KeyRings.read(publicKeys, "recipients"), "recipients", "stream"));
            return this;
        }

        private void add(List<PGPPublicKeyRing> rings) {
            List<PGPPublicKey> keys = new ArrayList<>();
            for (PGPPublicKeyRing ring : rings) {
                keys.add(Encryption.encryptionKey(ring));
            }
            recipients.addAll(keys);
        }

        /**
         * Signs every message with the signing key of a secret key ring
         * ({@code gpg --export-secret-keys}, armoured or binary), unlocked now.
         *
         * @param secretKeys a file holding exactly one secret key ring
         * @param passphrase its passphrase; copied and cleared, not kept
         * @throws IllegalArgumentException when the file holds no single ring with a signing key
         * @throws RollcallException        {@code PGP_BAD_PASSPHRASE} when the passphrase does not unlock it
         * @throws IllegalStateException    when given twice
         */
        public Builder signWith(Path secretKeys, char[] passphrase) {
            Objects.requireNonNull(secretKeys, "signWith must not be null");
            Objects.requireNonNull(passphrase, "passphrase must not be null");
            return sign(KeyRings.read(secretKeys, "signWith"), secretKeys.toString(), passphrase);
        }

        /**
         * Signs every message with the signing key of a secret key ring read from a stream (to its
         * end, not closed).
         *
         * @throws IllegalArgumentException when the stream holds no single ring with a signing key
         * @throws RollcallException        {@code PGP_BAD_PASSPHRASE} when the passphrase does not unlock it
         * @throws IllegalStateException    when given twice
         */
        public Builder signWith(InputStream secretKeys, char[] passphrase) {
            Objects.requireNonNull(secretKeys, "signWith must not be null");
            Objects.requireNonNull(passphrase, "passphrase must not be null");
            return sign(KeyRings.read(secretKeys, "signWith"), "stream", passphrase);
        }

        private Builder sign(byte[] bytes, String source, char[] passphrase) {
            if (signingKey != null) {
                throw new IllegalStateException("signWith was already set");
            }
            List<PGPSecretKeyRing> rings = KeyRings.secretRings(bytes, "signWith", source);
            if (rings.size() != 1) {
                throw new IllegalArgumentException("signWith " + source + " holds " + rings.size()
                        + " secret key rings; give a file with exactly one");
            }
            PGPSecretKey key = Encryption.signingKey(rings.get(0));
            this.signingKey = Encryption.unlock(key, passphrase);
            this.signingPublicKey = key.getPublicKey();
            return this;
        }

        /**
         * @param value whether to write ASCII armour ({@code -----BEGIN PGP MESSAGE-----}) instead of
         *              binary (default false)
         * @throws IllegalStateException when given twice
         */
        public Builder armor(boolean value) {
            if (armor != null) {
                throw new IllegalStateException("armor was already set");
            }
            this.armor = value;
            return this;
        }

        /**
         * @return the encryptor
         * @throws IllegalStateException when no recipient was given
         */
        public PgpEncryptor build() {
            if (recipients.isEmpty()) {
                throw new IllegalStateException("recipients must be set: the public key of the host the file is for");
            }
            return new PgpEncryptor(recipients, signingPublicKey, signingKey, armor != null && armor);
        }
    }
}
