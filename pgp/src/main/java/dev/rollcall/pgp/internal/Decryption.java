package dev.rollcall.pgp.internal;

import dev.rollcall.spi.Codes;
import dev.rollcall.spi.RollcallException;
import dev.rollcall.spi.Secret;
import org.bouncycastle.bcpg.ArmoredInputStream;
import org.bouncycastle.bcpg.KeyIdentifier;
import org.bouncycastle.openpgp.PGPCompressedData;
import org.bouncycastle.openpgp.PGPEncryptedData;
import org.bouncycastle.openpgp.PGPEncryptedDataList;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPLiteralData;
import org.bouncycastle.openpgp.PGPMarker;
import org.bouncycastle.openpgp.PGPObjectFactory;
import org.bouncycastle.openpgp.PGPOnePassSignatureList;
import org.bouncycastle.openpgp.PGPPBEEncryptedData;
import org.bouncycastle.openpgp.PGPKeyPair;
import org.bouncycastle.openpgp.PGPPublicKeyEncryptedData;
import org.bouncycastle.openpgp.PGPSessionKey;
import org.bouncycastle.openpgp.PGPSessionKeyEncryptedData;
import org.bouncycastle.openpgp.PGPSignatureList;
import org.bouncycastle.openpgp.bc.BcPGPObjectFactory;
import org.bouncycastle.openpgp.operator.PBESecretKeyDecryptor;
import org.bouncycastle.openpgp.operator.bc.BcPBESecretKeyDecryptorBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPDigestCalculatorProvider;
import org.bouncycastle.openpgp.operator.bc.BcPublicKeyDataDecryptorFactory;
import org.bouncycastle.openpgp.operator.bc.BcSessionKeyDataDecryptorFactory;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The decoding engine behind {@code PgpDecoder}: recognise, pick the key, check integrity
 * protection, unlock, decrypt to a temporary file under the size limits, check integrity and
 * signature, and only then open the plaintext. Immutable and thread-safe; each
 * {@link #decode} works on its own state.
 */
public final class Decryption {

    /** Plaintext up to this size is never refused for its expansion ratio (small files carry fixed overhead). */
    public static final long RATIO_FREE_BYTES = 1L << 20;

    private static final int BUFFER = 1 << 16;
    private static final int SNIFF = 1024;

    private final HostKeys keys;
    private final Secret passphrase;
    private final boolean requireSignature;
    private final boolean allowUnprotected;
    private final long maxExpansionRatio;
    private final long maxDecodedBytes;
    private final Path tempDirectory;

    /**
     * @param passphrase the passphrase of the secret keys, or null when they are not protected
     */
    public Decryption(HostKeys keys, Secret passphrase, boolean requireSignature, boolean allowUnprotected,
                      long maxExpansionRatio, long maxDecodedBytes, Path tempDirectory) {
        this.keys = Objects.requireNonNull(keys);
        this.passphrase = passphrase;
        this.requireSignature = requireSignature;
        this.allowUnprotected = allowUnprotected;
        this.maxExpansionRatio = maxExpansionRatio;
        this.maxDecodedBytes = maxDecodedBytes;
        this.tempDirectory = Objects.requireNonNull(tempDirectory);
    }

    /**
     * @param encoded the encrypted file; closed by this method
     * @return the verified plaintext; closing it deletes the temporary file
     */
    public InputStream decode(InputStream encoded) throws IOException {
        Objects.requireNonNull(encoded, "encoded must not be null");
        Run run = new Run(new SourceStream(encoded));
        try {
            return run.execute();
        } catch (IOException | PGPException | RuntimeException e) {
            TempFiles.deleteQuietly(run.temp);
            throw translate(run, e);
        } finally {
            try {
                run.source.close();
            } catch (IOException e) {
                // the encoded stream is done with; a failure to close it changes nothing
            }
        }
    }

    private static RuntimeException translate(Run run, Exception e) throws IOException {
        if (e instanceof RollcallException) {
            return (RollcallException) e;
        }
        if (run.source.failure() != null) {
            throw run.source.failure(); // the stream broke, not the message
        }
        if (e instanceof TempFiles.TempWriteException) {
            throw ((TempFiles.TempWriteException) e).original(); // the disk, not the message
        }
        if (!run.recognised) {
            return new RollcallException(Codes.PGP_NOT_ENCRYPTED, "not a readable OpenPGP message: its packets"
                    + " cannot be parsed; ask the sender for a file encrypted with PGP", e);
        }
        return tampered(e);
    }

    private static RollcallException tampered(Throwable cause) {
        return new RollcallException(Codes.PGP_TAMPERED, "the file failed its integrity check: it was changed,"
                + " damaged or truncated after it was encrypted; no part of it was used. Ask the sender to send it"
                + " again", cause);
    }

    /** The state of one decode. */
    private final class Run {
        final SourceStream source;
        /** the encoded bytes the OpenPGP parser has consumed */
        CountingStream consumed;
        /** whether the file was recognised as an encrypted OpenPGP message (later failures mean damage) */
        boolean recognised;
        TempFiles.Sealed temp;

        Run(SourceStream source) {
            this.source = source;
        }

        InputStream execute() throws IOException, PGPException {
            PGPObjectFactory factory = new BcPGPObjectFactory(open());
            PGPEncryptedDataList list = encryptedDataList(factory);
            recognised = true;

            List<PGPPublicKeyEncryptedData> forUs = new ArrayList<>();
            List<HostKeys.Candidate> ourKeys = new ArrayList<>();
            matchKeys(list, forUs, ourKeys);
            PGPSessionKeyEncryptedData data = list.extractSessionKeyEncryptedData();
            if (!data.isIntegrityProtected() && !data.isAEAD() && !allowUnprotected) {
                throw new RollcallException(Codes.PGP_NO_INTEGRITY, "the file was encrypted without integrity"
                        + " protection (no modification detection code), so a change to it could not be detected;"
                        + " ask the sender to encrypt it again with a current OpenPGP tool (GnuPG: without"
                        + " --rfc2440), or allow unprotected files");
            }
            PGPSessionKey sessionKey = sessionKey(forUs, ourKeys);
            InputStream clear = data.getDataStream(new BcSessionKeyDataDecryptorFactory(sessionKey));

            SignatureCheck signatures = new SignatureCheck(keys, requireSignature);
            readContent(clear, signatures);
            checkIntegrity(data, clear);
            signatures.verify();

            InputStream plaintext = temp.readThenDelete();
            temp = null; // handed over: the caller's close deletes it
            return plaintext;
        }

        /** @return the packet stream, armour removed; refuses what is no OpenPGP message */
        private InputStream open() throws IOException {
            BufferedInputStream buffered = new BufferedInputStream(source, BUFFER);
            buffered.mark(SNIFF);
            byte[] head = buffered.readNBytes(SNIFF);
            buffered.reset();
            if (head.length >= 3 && (head[0] & 0xFF) == 0xEF && (head[1] & 0xFF) == 0xBB && (head[2] & 0xFF) == 0xBF) {
                buffered.skipNBytes(3); // a UTF-8 byte-order mark before the armour (an editor added it)
            }
            // count what the OpenPGP parser consumes, not what the buffer reads ahead
            consumed = new CountingStream(buffered);
            InputStream in = consumed;
            Sniffer.Kind kind = Sniffer.classify(head, head.length);
            switch (kind) {
                case ARMORED_MESSAGE:
                    return new ArmoredInputStream(in);
                case BINARY_MESSAGE:
                    return in;
                case EMPTY:
                    throw notEncrypted("the file is empty");
                case TEXT:
                    throw notEncrypted("the file is plain text, not an OpenPGP message (a CSV or XML file that"
                            + " was never encrypted?)");
                case ARMORED_OTHER:
                    throw notEncrypted("the file holds an ASCII-armoured OpenPGP " + Sniffer.armorType(head, head.length)
                            + ", not an encrypted message");
                case BINARY_OTHER:
                    throw notEncrypted("the file holds OpenPGP keys, a signature or unencrypted data, not an"
                            + " encrypted message");
                default:
                    throw notEncrypted("the file does not start like an OpenPGP message");
            }
        }

        private PGPEncryptedDataList encryptedDataList(PGPObjectFactory factory) throws IOException {
            Object first = factory.nextObject();
            while (first instanceof PGPMarker) {
                first = factory.nextObject();
            }
            if (first instanceof PGPEncryptedDataList) {
                return (PGPEncryptedDataList) first;
            }
            if (first == null) {
                throw notEncrypted("the file holds no OpenPGP packets");
            }
            throw notEncrypted("the file is an OpenPGP message, but it is not encrypted (only signed or"
                    + " compressed): ask the sender to encrypt it for " + keys.describeDecryptionKeys());
        }

        /** Fills {@code forUs}/{@code ourKeys} with the session keys the key ring can open, in pairs. */
        private void matchKeys(PGPEncryptedDataList list, List<PGPPublicKeyEncryptedData> forUs,
                               List<HostKeys.Candidate> ourKeys) {
            Set<Long> recipients = new LinkedHashSet<>();
            boolean passphraseOnly = false;
            for (PGPEncryptedData data : list) {
                if (data instanceof PGPPublicKeyEncryptedData) {
                    PGPPublicKeyEncryptedData pk = (PGPPublicKeyEncryptedData) data;
                    KeyIdentifier id = pk.getKeyIdentifier();
                    long keyId = id.getKeyId();
                    if (id.isWildcard() || keyId == 0) { // hidden recipient (gpg --throw-keyids): try every decryption key
                        for (HostKeys.Candidate key : keys.decryptionKeys()) {
                            forUs.add(pk);
                            ourKeys.add(key);
                        }
                        continue;
                    }
                    recipients.add(keyId);
                    Optional<HostKeys.Candidate> key = keys.secretKey(keyId);
                    if (key.isPresent()) {
                        forUs.add(pk);
                        ourKeys.add(key.get());
                    }
                } else if (data instanceof PGPPBEEncryptedData) {
                    passphraseOnly = true;
                }
            }
            if (!forUs.isEmpty()) {
                return;
            }
            if (recipients.isEmpty() && passphraseOnly) {
                throw new RollcallException(Codes.PGP_WRONG_KEY, "the file is encrypted with a passphrase only, not"
                        + " for a public key; the key ring holds " + keys.describeDecryptionKeys()
                        + ": ask the sender to encrypt it for that key");
            }
            throw new RollcallException(Codes.PGP_WRONG_KEY, "the file is encrypted for key "
                    + KeyIds.list(List.copyOf(recipients)) + "; the key ring holds " + keys.describeDecryptionKeys()
                    + ": ask the sender to encrypt it for the host's public key, or add the matching secret key");
        }

        /** Unlocks our key(s) and recovers the session key. */
        private PGPSessionKey sessionKey(List<PGPPublicKeyEncryptedData> forUs, List<HostKeys.Candidate> ourKeys) {
            Exception failure = null;
            String failedKey = null;
            for (int i = 0; i < forUs.size(); i++) {
                HostKeys.Candidate key = ourKeys.get(i);
                PGPKeyPair keyPair = unlock(key);
                try {
                    return forUs.get(i).getSessionKey(new BcPublicKeyDataDecryptorFactory(keyPair));
                } catch (PGPException | RuntimeException e) {
                    failure = e;
                    failedKey = key.describe();
                }
            }
            throw new RollcallException(Codes.PGP_TAMPERED, "the session key for key " + failedKey + " cannot be"
                    + " decrypted: the file was changed or damaged after it was encrypted. Ask the sender to send it"
                    + " again", failure);
        }

        private PGPKeyPair unlock(HostKeys.Candidate key) {
            if (key.key().isPrivateKeyEmpty()) {
                throw new RollcallException(Codes.PGP_WRONG_KEY, "the file is encrypted for key " + key.describe()
                        + ", but the key ring holds only a stub of it without the private part (exported with"
                        + " --export-secret-subkeys from another key, or kept on a smartcard)");
            }
            char[] chars = passphrase == null ? new char[0] : passphrase.reveal();
            try {
                PBESecretKeyDecryptor decryptor = new BcPBESecretKeyDecryptorBuilder(
                        new BcPGPDigestCalculatorProvider()).build(chars);
                PGPKeyPair keyPair = key.key().extractKeyPair(decryptor);
                if (keyPair == null) {
                    throw new RollcallException(Codes.PGP_WRONG_KEY, "the key ring holds no private part for key "
                            + key.describe());
                }
                return keyPair;
            } catch (PGPException | RuntimeException e) {
                if (e instanceof RollcallException) {
                    throw (RollcallException) e;
                }
                throw new RollcallException(Codes.PGP_BAD_PASSPHRASE, passphrase == null
                        ? "secret key " + key.describe() + " is protected by a passphrase, and none was given"
                        : "the passphrase does not unlock secret key " + key.describe()
                        + ": check the configured passphrase", e);
            } finally {
                Arrays.fill(chars, '\0');
            }
        }

        /** Walks the decrypted packets, writing the literal data to the temporary file. */
        private void readContent(InputStream clear, SignatureCheck signatures) throws IOException, PGPException {
            Deque<PGPObjectFactory> factories = new ArrayDeque<>();
            factories.push(new BcPGPObjectFactory(clear));
            boolean literalSeen = false;
            boolean compressedSeen = false;
            while (!factories.isEmpty()) {
                Object next = factories.peek().nextObject();
                if (next == null) {
                    factories.pop();
                } else if (next instanceof PGPCompressedData) {
                    if (compressedSeen) {
                        throw new RollcallException(Codes.PGP_TOO_LARGE, "the file holds compressed data inside"
                                + " compressed data, a pattern of decompression bombs; it is refused");
                    }
                    compressedSeen = true;
                    factories.push(new BcPGPObjectFactory(((PGPCompressedData) next).getDataStream()));
                } else if (next instanceof PGPOnePassSignatureList) {
                    if (literalSeen) {
                        throw tampered(new PGPException("one-pass signature after the literal data"));
                    }
                    signatures.onePassSignatures((PGPOnePassSignatureList) next);
                } else if (next instanceof PGPSignatureList) {
                    signatures.signatures((PGPSignatureList) next, literalSeen);
                } else if (next instanceof PGPLiteralData) {
                    if (literalSeen) {
                        throw tampered(new PGPException("a second literal data packet"));
                    }
                    literalSeen = true;
                    copy(((PGPLiteralData) next).getInputStream(), signatures);
                } else if (!(next instanceof PGPMarker)) {
                    throw tampered(new PGPException("unexpected packet " + next.getClass().getSimpleName()));
                }
            }
            if (!literalSeen) {
                throw tampered(new PGPException("no literal data packet"));
            }
        }

        private void copy(InputStream literal, SignatureCheck signatures) throws IOException {
            temp = TempFiles.create(tempDirectory);
            try (OutputStream out = temp.write()) {
                byte[] buffer = new byte[BUFFER];
                long total = 0;
                int n;
                while ((n = literal.read(buffer)) != -1) {
                    total += n;
                    checkLimits(total);
                    signatures.update(buffer, 0, n);
                    out.write(buffer, 0, n);
                }
            }
        }

        private void checkLimits(long decoded) {
            if (decoded > maxDecodedBytes) {
                throw new RollcallException(Codes.PGP_TOO_LARGE, "the file decrypts to more than " + maxDecodedBytes
                        + " bytes, the most this decoder accepts; it is refused (raise maxDecodedBytes if the"
                        + " file is genuine)");
            }
            long encoded = consumed.count();
            if (decoded > RATIO_FREE_BYTES && encoded <= Long.MAX_VALUE / maxExpansionRatio
                    && decoded > maxExpansionRatio * encoded) {
                throw new RollcallException(Codes.PGP_TOO_LARGE, "the file expands more than " + maxExpansionRatio
                        + " times (" + decoded + " bytes from the first " + encoded + " bytes read), like a"
                        + " decompression bomb; it is refused (raise maxExpansionRatio if the file is genuine)");
            }
        }

        private void checkIntegrity(PGPEncryptedData data, InputStream clear) throws IOException, PGPException {
            if (data.isIntegrityProtected()) {
                // SEIPD v1: the MDC; SEIPD v2: verify() reads to the end, where the last AEAD tag is checked
                if (!data.verify()) {
                    throw tampered(new PGPException("modification detection code mismatch"));
                }
            } else if (data.isAEAD()) {
                // AEAD (OCB) data as GnuPG 2.4 writes it: every chunk's tag and the final tag are
                // checked as the stream is read, so read it to the end
                byte[] buffer = new byte[BUFFER];
                while (clear.read(buffer) != -1) {
                    // nothing: reading checks the tags
                }
            }
        }
    }

    private static RollcallException notEncrypted(String message) {
        return new RollcallException(Codes.PGP_NOT_ENCRYPTED, message);
    }
}
