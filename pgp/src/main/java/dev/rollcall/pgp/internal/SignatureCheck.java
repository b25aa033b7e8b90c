package dev.rollcall.pgp.internal;

import dev.rollcall.spi.Codes;
import dev.rollcall.spi.RollcallException;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPOnePassSignature;
import org.bouncycastle.openpgp.PGPOnePassSignatureList;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureList;
import org.bouncycastle.openpgp.operator.PGPContentVerifierBuilderProvider;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentVerifierBuilderProvider;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The signature check of one message: one-pass signatures (what GnuPG and Bouncy Castle write)
 * and signatures placed before the literal data. Only signatures by trusted keys are computed;
 * the verdict comes after the whole plaintext went through {@link #update}. Not thread-safe:
 * one per decode.
 */
final class SignatureCheck {

    private static final String MISMATCH = "does not match the file's content: the file was changed after it"
            + " was signed, or the signature is damaged";

    private final HostKeys keys;
    private final boolean required;
    private final PGPContentVerifierBuilderProvider verifiers = new BcPGPContentVerifierBuilderProvider();

    /** every key id that signed (or announced a signature), trusted or not */
    private final Set<Long> signers = new LinkedHashSet<>();
    private final List<PGPOnePassSignature> onePass = new ArrayList<>();
    private final List<PGPPublicKey> onePassKeys = new ArrayList<>();
    private final List<PGPSignature> leading = new ArrayList<>();
    private final List<PGPPublicKey> leadingKeys = new ArrayList<>();
    private final List<PGPSignature> trailing = new ArrayList<>();

    SignatureCheck(HostKeys keys, boolean required) {
        this.keys = keys;
        this.required = required;
    }

    void onePassSignatures(PGPOnePassSignatureList list) throws PGPException {
        for (PGPOnePassSignature signature : list) {
            signers.add(signature.getKeyID());
            if (!required) {
                continue;
            }
            Optional<PGPPublicKey> key = keys.trustedKey(signature.getKeyID());
            if (key.isPresent()) {
                signature.init(verifiers, key.get());
                onePass.add(signature);
                onePassKeys.add(key.get());
            }
        }
    }

    void signatures(PGPSignatureList list, boolean afterLiteralData) throws PGPException {
        for (PGPSignature signature : list) {
            signers.add(signature.getKeyID());
            if (!required) {
                continue;
            }
            if (afterLiteralData) {
                trailing.add(signature);
                continue;
            }
            Optional<PGPPublicKey> key = keys.trustedKey(signature.getKeyID());
            if (key.isPresent()) {
                signature.init(verifiers, key.get());
                leading.add(signature);
                leadingKeys.add(key.get());
            }
        }
    }

    void update(byte[] bytes, int offset, int length) {
        for (PGPOnePassSignature signature : onePass) {
            signature.update(bytes, offset, length);
        }
        for (PGPSignature signature : leading) {
            signature.update(bytes, offset, length);
        }
    }

    /** @throws RollcallException {@code PGP_UNSIGNED} or {@code PGP_BAD_SIGNATURE} */
    void verify() throws PGPException {
        if (!required) {
            return;
        }
        String trusted = KeyIds.list(keys.trustedKeyIds());
        if (signers.isEmpty()) {
            throw new RollcallException(Codes.PGP_UNSIGNED, "the file is not signed; a signature by one of"
                    + " the trusted keys (" + trusted + ") is required: ask the sender to sign it");
        }
        if (onePass.isEmpty() && leading.isEmpty()) {
            throw new RollcallException(Codes.PGP_BAD_SIGNATURE, "the file is signed by "
                    + KeyIds.list(List.copyOf(signers)) + ", which is not one of the trusted keys (" + trusted
                    + "): add the sender's public key to the trusted keys if it is genuine");
        }
        List<PGPSignature> unused = new ArrayList<>(trailing);
        for (int i = 0; i < onePass.size(); i++) {
            PGPOnePassSignature announced = onePass.get(i);
            PGPSignature signature = null;
            for (PGPSignature candidate : unused) {
                if (candidate.getKeyID() == announced.getKeyID()) {
                    signature = candidate;
                    break;
                }
            }
            if (signature == null) {
                throw badSignature(announced.getKeyID(), "announced a signature that the file does not hold");
            }
            unused.remove(signature);
            check(signature, onePassKeys.get(i));
            if (!announced.verify(signature)) {
                throw badSignature(announced.getKeyID(), MISMATCH);
            }
        }
        for (int i = 0; i < leading.size(); i++) {
            PGPSignature signature = leading.get(i);
            check(signature, leadingKeys.get(i));
            if (!signature.verify()) {
                throw badSignature(signature.getKeyID(), MISMATCH);
            }
        }
    }

    private void check(PGPSignature signature, PGPPublicKey key) {
        int type = signature.getSignatureType();
        if (type != PGPSignature.BINARY_DOCUMENT && type != PGPSignature.CANONICAL_TEXT_DOCUMENT) {
            throw badSignature(signature.getKeyID(), "is not a document signature (type " + type + ")");
        }
        if (key.hasRevocation()) {
            throw badSignature(signature.getKeyID(), "was made by a revoked key");
        }
    }

    private static RollcallException badSignature(long keyId, String problem) {
        return new RollcallException(Codes.PGP_BAD_SIGNATURE, "the signature by trusted key " + KeyIds.hex(keyId)
                + " " + problem);
    }
}
