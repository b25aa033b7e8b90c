package dev.rollcall.pgp.internal;

import org.bouncycastle.bcpg.SecretKeyPacket;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSecretKey;
import org.bouncycastle.openpgp.PGPSecretKeyRing;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The host's secret keys (for decryption) and trusted public keys (for signatures). Immutable
 * once built; Bouncy Castle's key objects are only read.
 */
public final class HostKeys {

    /** A secret key and the primary key it belongs to. Immutable. */
    public static final class Candidate {
        private final PGPSecretKey key;
        private final long primaryKeyId;

        Candidate(PGPSecretKey key, long primaryKeyId) {
            this.key = key;
            this.primaryKeyId = primaryKeyId;
        }

        public PGPSecretKey key() {
            return key;
        }

        public long keyId() {
            return key.getKeyID();
        }

        public long primaryKeyId() {
            return primaryKeyId;
        }

        /** @return e.g. {@code 0x…} or {@code 0x… (subkey of 0x…)} */
        public String describe() {
            return keyId() == primaryKeyId ? KeyIds.hex(keyId())
                    : KeyIds.hex(keyId()) + " (subkey of " + KeyIds.hex(primaryKeyId) + ")";
        }
    }

    private final List<PGPSecretKeyRing> secretRings;
    private final List<PGPPublicKeyRing> trustedRings;

    public HostKeys(List<PGPSecretKeyRing> secretRings, List<PGPPublicKeyRing> trustedRings) {
        this.secretRings = List.copyOf(secretRings);
        this.trustedRings = List.copyOf(trustedRings);
    }

    /** @return the secret key with this id, wherever it is in the rings */
    public Optional<Candidate> secretKey(long keyId) {
        for (PGPSecretKeyRing ring : secretRings) {
            PGPSecretKey key = ring.getSecretKey(keyId);
            if (key != null) {
                return Optional.of(new Candidate(key, ring.getPublicKey().getKeyID()));
            }
        }
        return Optional.empty();
    }

    /** @return every secret key that can decrypt (encryption-capable, private part present) */
    public List<Candidate> decryptionKeys() {
        List<Candidate> keys = new ArrayList<>();
        for (PGPSecretKeyRing ring : secretRings) {
            long primary = ring.getPublicKey().getKeyID();
            for (PGPSecretKey key : KeyRings.secretKeys(ring)) {
                if (KeyRings.canEncrypt(key.getPublicKey(), primary)) {
                    keys.add(new Candidate(key, primary));
                }
            }
        }
        return keys;
    }

    /** @return the decryption keys described for a message, or all keys when none can decrypt */
    public String describeDecryptionKeys() {
        List<Candidate> keys = decryptionKeys();
        if (keys.isEmpty()) {
            List<String> all = new ArrayList<>();
            for (PGPSecretKeyRing ring : secretRings) {
                for (PGPSecretKey key : KeyRings.secretKeys(ring)) {
                    all.add(KeyIds.hex(key.getKeyID()));
                }
            }
            return String.join(", ", all) + " (none of them an encryption key)";
        }
        List<String> described = new ArrayList<>();
        for (Candidate key : keys) {
            described.add(key.describe());
        }
        return String.join(", ", described);
    }

    /** @return whether a passphrase is needed: some decryption key is protected by one */
    public Optional<Long> firstProtectedKey() {
        for (Candidate key : decryptionKeys()) {
            if (key.key().getS2KUsage() != SecretKeyPacket.USAGE_NONE && !key.key().isPrivateKeyEmpty()) {
                return Optional.of(key.keyId());
            }
        }
        return Optional.empty();
    }

    /** @return the primary key ids of the secret rings */
    public List<Long> secretKeyIds() {
        List<Long> ids = new ArrayList<>();
        for (PGPSecretKeyRing ring : secretRings) {
            ids.add(ring.getPublicKey().getKeyID());
        }
        return ids;
    }

    /** @return the primary key ids of the trusted rings */
    public List<Long> trustedKeyIds() {
        Set<Long> ids = new LinkedHashSet<>();
        for (PGPPublicKeyRing ring : trustedRings) {
            ids.add(ring.getPublicKey().getKeyID());
        }
        return List.copyOf(ids);
    }

    /** @return the trusted public key (primary or subkey) with this id */
    public Optional<PGPPublicKey> trustedKey(long keyId) {
        for (PGPPublicKeyRing ring : trustedRings) {
            PGPPublicKey key = ring.getPublicKey(keyId);
            if (key != null) {
                return Optional.of(key);
            }
        }
        return Optional.empty();
    }

    public boolean hasTrustedKeys() {
        return !trustedRings.isEmpty();
    }
}
