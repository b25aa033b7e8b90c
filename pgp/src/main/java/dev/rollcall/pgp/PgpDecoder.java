package dev.rollcall.pgp;

import dev.rollcall.pgp.internal.Decryption;
import dev.rollcall.pgp.internal.HostKeys;
import dev.rollcall.pgp.internal.KeyIds;
import dev.rollcall.pgp.internal.KeyRings;
import dev.rollcall.pgp.internal.PgpFileNames;
import dev.rollcall.pgp.internal.Sniffer;
import dev.rollcall.spi.Decoder;
import dev.rollcall.spi.RollcallException;
import dev.rollcall.spi.Secret;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSecretKeyRing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Decrypts PGP-encrypted upload files ({@code acmeus_20140215.csv.pgp}) with the host's secret
 * key, and hands on the plaintext only after every check has passed.
 *
 * <pre>{@code
 * PgpDecoder decoder = PgpDecoder.builder()
 *         .secretKeys(Path.of("/etc/rollcall/upload-secret.asc"))
 *         .passphrase(System.getenv("ROLLCALL_PGP_PASSPHRASE").toCharArray())
 *         .build();
 * try (InputStream csv = decoder.decode(Files.newInputStream(file))) {
 *     // verified plaintext
 * }
 * }</pre>
 *
 * <p>What {@link #decode} does, in order; each refusal is a {@link RollcallException} with the
 * code in brackets, and a message an administrator can act on:
 * <ol>
 *   <li>recognises a binary or ASCII-armoured OpenPGP message
 *       ({@link dev.rollcall.spi.Codes#PGP_NOT_ENCRYPTED PGP_NOT_ENCRYPTED} for anything else,
 *       including signed-only or compressed-only messages);</li>
 *   <li>finds the key ring's secret key the message is encrypted for
 *       ({@link dev.rollcall.spi.Codes#PGP_WRONG_KEY PGP_WRONG_KEY}: "encrypted for key 0x…; the key
 *       ring holds 0x…");</li>
 *   <li>refuses a message without integrity protection (the old Symmetrically Encrypted Data
 *       packet, no modification detection code) unless {@link Builder#allowUnprotected(boolean)}
 *       ({@link dev.rollcall.spi.Codes#PGP_NO_INTEGRITY PGP_NO_INTEGRITY}); messages protected by a
 *       modification detection code (SEIPD v1, GnuPG 2.2) or by AEAD (OCB from GnuPG 2.4, or SEIPD
 *       v2) are accepted;</li>
 *   <li>unlocks the secret key with the passphrase
 *       ({@link dev.rollcall.spi.Codes#PGP_BAD_PASSPHRASE PGP_BAD_PASSPHRASE});</li>
 *   <li>decrypts, decompresses and writes the plaintext to an owner-only temporary file,
 *       encrypted again (AES-GCM) under a key held only in memory, never holding the whole file
 *       in memory, refusing it as soon as it grows past
 *       {@link Builder#maxDecodedBytes(long)} or past {@link Builder#maxExpansionRatio(long)}
 *       times the encoded bytes read so far ({@link dev.rollcall.spi.Codes#PGP_TOO_LARGE
 *       PGP_TOO_LARGE});</li>
 *   <li>checks integrity over the whole message
 *       ({@link dev.rollcall.spi.Codes#PGP_TAMPERED PGP_TAMPERED}); a damaged ZLIB stream, a
 *       truncated file and a mismatching modification detection code all end here;</li>
 *   <li>when {@link Builder#requireSignature(boolean)} is set, checks that a trusted key signed
 *       the plaintext ({@link dev.rollcall.spi.Codes#PGP_UNSIGNED PGP_UNSIGNED},
 *       {@link dev.rollcall.spi.Codes#PGP_BAD_SIGNATURE PGP_BAD_SIGNATURE});</li>
 *   <li>returns a stream over the temporary file that deletes it when closed.</li>
 * </ol>
 * On any refusal or failure the temporary file is deleted before the exception leaves, so no
 * plaintext of a refused file ever reaches the caller. A failure of the encoded stream itself
 * or of the temporary file's disk is an {@link IOException}, and so is a temporary file
 * changed or cut short while it is read.
 *
 * <p>No plaintext outlives the process: the temporary file ({@code rollcall-pgp-<pid>-*.tmp})
 * is deleted when the JVM exits, and should the process be killed, what it leaves is
 * unreadable, its key gone with it; the next decryption in that directory deletes such files
 * (their process gone, or untouched for an hour).
 *
 * <p>The passphrase is held as a {@link Secret}: it never appears in {@link #toString()}, in
 * exception messages, or in any output; this module logs nothing.
 *
 * <p>Immutable and thread-safe: one decoder may decode many files at once. The secret key is
 * unlocked for each file and not kept unlocked.
 */
public final class PgpDecoder implements Decoder {

    /** Default {@link Builder#maxExpansionRatio(long)}: 100 bytes out per byte in. */
    public static final long DEFAULT_MAX_EXPANSION_RATIO = 100;
    /** Default {@link Builder#maxDecodedBytes(long)}: 1 GiB. */
    public static final long DEFAULT_MAX_DECODED_BYTES = 1L << 30;
    /** Plaintext up to this size (1 MiB) is never refused for its expansion ratio. */
    public static final long RATIO_FREE_BYTES = Decryption.RATIO_FREE_BYTES;

    private final HostKeys keys;
    private final boolean requireSignature;
    private final boolean allowUnprotected;
    private final long maxExpansionRatio;
    private final long maxDecodedBytes;
    private final Path tempDirectory;
    private final Decryption decryption;

    private PgpDecoder(HostKeys keys, Secret passphrase, boolean requireSignature, boolean allowUnprotected,
                       long maxExpansionRatio, long maxDecodedBytes, Path tempDirectory) {
        this.keys = keys;
        this.requireSignature = requireSignature;
        this.allowUnprotected = allowUnprotected;
        this.maxExpansionRatio = maxExpansionRatio;
        this.maxDecodedBytes = maxDecodedBytes;
        this.tempDirectory = tempDirectory;
        this.decryption = new Decryption(keys, passphrase, requireSignature, allowUnprotected, maxExpansionRatio,
                maxDecodedBytes, tempDirectory);
    }

    /** @return a new builder; {@link Builder#secretKeys(Path) secretKeys} must be given */
    public static Builder builder() {
        return new Builder();
    }

    /** @return {@code pgp} */
    @Override
    public String name() {
        return "pgp";
    }

    /**
     * @return true for a name ending in {@code .pgp}, {@code .gpg} or {@code .asc} (any case), or
     *         for content that starts with an ASCII-armour {@code -----BEGIN PGP MESSAGE-----}
     *         header or with a binary OpenPGP packet that begins an encrypted message
     *         (public-key or passphrase session key, compressed, encrypted data)
     */
    @Override
    public boolean accepts(String fileName, byte[] head) {
        Objects.requireNonNull(fileName, "fileName must not be null");
        Objects.requireNonNull(head, "head must not be null");
        if (suffix(fileName).isPresent()) {
            return true;
        }
        Sniffer.Kind kind = Sniffer.classify(head, head.length);
        return kind == Sniffer.Kind.ARMORED_MESSAGE || kind == Sniffer.Kind.BINARY_MESSAGE;
    }

    /**
     * @return the name without its {@code .pgp}, {@code .gpg} or {@code .asc} suffix
     *         ({@code acmeus_20140215.csv.pgp} → {@code acmeus_20140215.csv}); a name without one
     *         is returned unchanged
     */
    @Override
    public String decodedName(String fileName) {
        Objects.requireNonNull(fileName, "fileName must not be null");
        return suffix(fileName).map(s -> fileName.substring(0, fileName.length() - s.length())).orElse(fileName);
    }

    /** @return {@code .pgp}, {@code .gpg} and {@code .asc} */
    @Override
    public Set<String> fileSuffixes() {
        return PgpFileNames.SUFFIXES;
    }

    private static Optional<String> suffix(String fileName) {
        return PgpFileNames.suffix(fileName);
    }

    /**
     * Decrypts and verifies a whole file; see the class description for the checks and codes.
     *
     * @param encoded the encrypted file, binary or ASCII-armoured; closed by this method
     * @return the verified plaintext, read from a temporary file that closing the stream deletes
     * @throws RollcallException with a {@code PGP_…} code when the file is refused
     * @throws IOException       when {@code encoded} fails, or the temporary file cannot be written
     */
    @Override
    public InputStream decode(InputStream encoded) throws IOException {
        return decryption.decode(encoded);
    }

    /** @return the primary key ids of the secret key rings, e.g. {@code 0x849DD996F6172929} */
    public List<String> secretKeyIds() {
        return hex(keys.secretKeyIds());
    }

    /** @return the primary key ids of the trusted senders' public keys; empty unless signatures are required */
    public List<String> trustedKeyIds() {
        return hex(keys.trustedKeyIds());
    }

    /** @return whether a signature by a trusted key is required */
    public boolean requireSignature() {
        return requireSignature;
    }

    /** @return whether messages without integrity protection are accepted */
    public boolean allowUnprotected() {
        return allowUnprotected;
    }

    /** @return the most plaintext bytes per encoded byte (beyond the first {@link #RATIO_FREE_BYTES}) */
    public long maxExpansionRatio() {
        return maxExpansionRatio;
    }

    /** @return the most plaintext bytes a file may decrypt to */
    public long maxDecodedBytes() {
        return maxDecodedBytes;
    }

    /** @return where plaintext is written while it is checked */
    public Path tempDirectory() {
        return tempDirectory;
    }

    private static List<String> hex(List<Long> ids) {
        return ids.stream().map(KeyIds::hex).collect(Collectors.toUnmodifiableList());
    }

    /** @return the settings, with the passphrase shown as {@code ***} */
    @Override
    public String toString() {
        return "PgpDecoder[secretKeys=" + secretKeyIds() + ", passphrase=***, requireSignature=" + requireSignature
                + ", trustedKeys=" + trustedKeyIds() + ", allowUnprotected=" + allowUnprotected
                + ", maxExpansionRatio=" + maxExpansionRatio + ", maxDecodedBytes=" + maxDecodedBytes
                + ", tempDirectory=" + tempDirectory + "]";
    }

    /**
     * Builds a {@link PgpDecoder}. Key files are read when they are given: an unreadable file
     * throws {@link java.io.UncheckedIOException}, a file that holds no keys of the right kind
     * {@link IllegalArgumentException}. Each single-valued setting may be given once
     * ({@link IllegalStateException} the second time); key files add up. {@link #build()} copies
     * the settings, so the builder can build again. Not thread-safe.
     */
    public static final class Builder {
        private final List<PGPSecretKeyRing> secretRings = new ArrayList<>();
        private final List<PGPPublicKeyRing> trustedRings = new ArrayList<>();
        private Secret passphrase;
        private Boolean requireSignature;
        private Boolean allowUnprotected;
        private Long maxExpansionRatio;
        private Long maxDecodedBytes;
        private Path tempDirectory;

        private Builder() {
        }

        /**
         * Adds the host's secret key ring, armoured or binary, as {@code gpg --export-secret-keys}
         * writes it. May be given more than once (an old and a new key while keys are rotated).
         *
         * @param file the key file
         * @throws IllegalArgumentException when the file holds no OpenPGP secret key
         */
        public Builder secretKeys(Path file) {
            Objects.requireNonNull(file, "secretKeys must not be null");
            secretRings.addAll(KeyRings.secretRings(KeyRings.read(file, "secretKeys"), "secretKeys", file.toString()));
            return this;
        }

        /**
         * Adds the host's secret key ring from a stream, read to its end and not closed.
         *
         * @param in the key ring, armoured or binary
         * @throws IllegalArgumentException when the stream holds no OpenPGP secret key
         */
        public Builder secretKeys(InputStream in) {
            Objects.requireNonNull(in, "secretKeys must not be null");
            secretRings.addAll(KeyRings.secretRings(KeyRings.read(in, "secretKeys"), "secretKeys", "stream"));
            return this;
        }

        /**
         * @param value the passphrase of the secret keys; copied, so the caller may (and should)
         *              clear its array. Required when the secret keys are protected.
         * @throws IllegalStateException when given twice
         */
        public Builder passphrase(char[] value) {
            Objects.requireNonNull(value, "passphrase must not be null");
            once(passphrase, "passphrase");
            this.passphrase = Secret.of(value);
            return this;
        }

        /**
         * Adds public keys of senders whose signatures the host trusts, armoured or binary, as
         * {@code gpg --export} writes them. Only used with {@link #requireSignature(boolean)
         * requireSignature(true)}. May be given more than once.
         *
         * @param file the key file
         * @throws IllegalArgumentException when the file holds no OpenPGP public key
         */
        public Builder trustedKeys(Path file) {
            Objects.requireNonNull(file, "trustedKeys must not be null");
            trustedRings.addAll(KeyRings.publicRings(KeyRings.read(file, "trustedKeys"), "trustedKeys",
                    file.toString()));
            return this;
        }

        /**
         * Adds trusted senders' public keys from a stream, read to its end and not closed.
         *
         * @param in the public keys, armoured or binary
         * @throws IllegalArgumentException when the stream holds no OpenPGP public key
         */
        public Builder trustedKeys(InputStream in) {
            Objects.requireNonNull(in, "trustedKeys must not be null");
            trustedRings.addAll(KeyRings.publicRings(KeyRings.read(in, "trustedKeys"), "trustedKeys", "stream"));
            return this;
        }

        /**
         * @param value whether every file must be signed by one of the {@link #trustedKeys(Path)
         *              trusted keys} (default false: signatures are not checked)
         * @throws IllegalStateException when given twice
         */
        public Builder requireSignature(boolean value) {
            once(requireSignature, "requireSignature");
            this.requireSignature = value;
            return this;
        }

        /**
         * @param value whether to accept messages without integrity protection (default false).
         *              Such a message can be changed in transit without anyone noticing; allow
         *              it only for a sender whose software cannot do better.
         * @throws IllegalStateException when given twice
         */
        public Builder allowUnprotected(boolean value) {
            once(allowUnprotected, "allowUnprotected");
            this.allowUnprotected = value;
            return this;
        }

        /**
         * @param value the most plaintext bytes per encoded byte read (default
         *              {@value PgpDecoder#DEFAULT_MAX_EXPANSION_RATIO}); checked as the file is
         *              decrypted, once the plaintext passes {@link PgpDecoder#RATIO_FREE_BYTES}.
         *              ZLIB, what GnuPG uses, compresses typical CSV 3 to 20 times, and can reach
         *              about 1000 times only for repetitive data such as a bomb of zeros.
         * @throws IllegalArgumentException when below 1
         * @throws IllegalStateException    when given twice
         */
        public Builder maxExpansionRatio(long value) {
            if (value < 1) {
                throw new IllegalArgumentException("maxExpansionRatio must be at least 1: " + value);
            }
            once(maxExpansionRatio, "maxExpansionRatio");
            this.maxExpansionRatio = value;
            return this;
        }

        /**
         * @param value the most plaintext bytes a file may decrypt to (default
         *              {@value PgpDecoder#DEFAULT_MAX_DECODED_BYTES}, 1 GiB)
         * @throws IllegalArgumentException when below 1
         * @throws IllegalStateException    when given twice
         */
        public Builder maxDecodedBytes(long value) {
            if (value < 1) {
                throw new IllegalArgumentException("maxDecodedBytes must be at least 1: " + value);
            }
            once(maxDecodedBytes, "maxDecodedBytes");
            this.maxDecodedBytes = value;
            return this;
        }

        /**
         * @param value an existing directory for the temporary (encrypted) copies of the plaintext
         *              (default {@code java.io.tmpdir}); choose one only the host's user can read
         * @throws IllegalArgumentException when it is not a directory
         * @throws IllegalStateException    when given twice
         */
        public Builder tempDirectory(Path value) {
            Objects.requireNonNull(value, "tempDirectory must not be null");
            if (!Files.isDirectory(value)) {
                throw new IllegalArgumentException("tempDirectory is not a directory: " + value);
            }
            once(tempDirectory, "tempDirectory");
            this.tempDirectory = value;
            return this;
        }

        private static void once(Object current, String property) {
            if (current != null) {
                throw new IllegalStateException(property + " was already set");
            }
        }

        /**
         * @return the decoder
         * @throws IllegalStateException when no secret key was given, when none of them can
         *                               decrypt, when a protected key has no passphrase, or when
         *                               {@code requireSignature(true)} and {@code trustedKeys}
         *                               do not come together
         */
        public PgpDecoder build() {
            if (secretRings.isEmpty()) {
                throw new IllegalStateException("secretKeys must be set: the host's secret key ring");
            }
            HostKeys keys = new HostKeys(secretRings, trustedRings);
            if (keys.decryptionKeys().isEmpty()) {
                throw new IllegalStateException("secretKeys hold no key that can decrypt (no encryption key): "
                        + KeyIds.list(keys.secretKeyIds()));
            }
            boolean signatures = requireSignature != null && requireSignature;
            if (signatures && trustedRings.isEmpty()) {
                throw new IllegalStateException("requireSignature(true) needs trustedKeys: the public keys of the"
                        + " senders whose signatures are accepted");
            }
            if (!signatures && !trustedRings.isEmpty()) {
                throw new IllegalStateException("trustedKeys are only checked with requireSignature(true): set it,"
                        + " or drop trustedKeys");
            }
            if (passphrase == null) {
                Optional<Long> locked = keys.firstProtectedKey();
                if (locked.isPresent()) {
                    throw new IllegalStateException("passphrase must be set: secret key " + KeyIds.hex(locked.get())
                            + " is protected by one");
                }
            }
            Path directory = tempDirectory != null ? tempDirectory : Path.of(System.getProperty("java.io.tmpdir"));
            return new PgpDecoder(keys, passphrase, signatures, allowUnprotected != null && allowUnprotected,
                    maxExpansionRatio != null ? maxExpansionRatio : DEFAULT_MAX_EXPANSION_RATIO,
                    maxDecodedBytes != null ? maxDecodedBytes : DEFAULT_MAX_DECODED_BYTES, directory);
        }
    }
}
