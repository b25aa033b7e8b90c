package dev.rollcall.pgp;

import dev.rollcall.spi.Codes;
import dev.rollcall.spi.RollcallException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static dev.rollcall.pgp.Fixtures.bytes;
import static dev.rollcall.pgp.Fixtures.decode;
import static dev.rollcall.pgp.Fixtures.keyId;
import static dev.rollcall.pgp.Fixtures.refused;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** requireSignature(true): only files signed by a trusted sender get through. */
class SignatureTest {

    @TempDir
    Path temp;

    private PgpDecoder trustingSender() {
        return Fixtures.rsa(temp).requireSignature(true).trustedKeys(Fixtures.path("sender-public.asc")).build();
    }

    @Test
    void signedByTrustedKey_gnupgFixture_isAccepted() throws Exception {
        assertArrayEquals(Fixtures.usersCsv(), decode(trustingSender(), bytes("users.csv.rsa.signed-by-sender.pgp")));
    }

    @Test
    void signedByTrustedKey_armouredCurve25519Fixture_isAccepted() throws Exception {
        PgpDecoder decoder = Fixtures.cv25519(temp).requireSignature(true)
                .trustedKeys(Fixtures.path("sender-public.asc")).build();
        assertArrayEquals(Fixtures.usersCsv(), decode(decoder, bytes("users.csv.cv25519.signed-by-sender.asc")));
    }

    @Test
    void signedByTrustedKey_withPgpEncryptor_isAccepted() throws Exception {
        PgpEncryptor encryptor = Fixtures.toRsa().signWith(Fixtures.path("sender-secret.asc"), Fixtures.passphrase())
                .build();
        byte[] message = Fixtures.encrypt(encryptor, Fixtures.usersCsv());
        assertArrayEquals(Fixtures.usersCsv(), decode(trustingSender(), message));
    }

    @Test
    void signedByTrustedRsaKey_withPgpEncryptor_isAccepted() throws Exception {
        PgpEncryptor encryptor = Fixtures.toRsa().signWith(Fixtures.path("stranger-secret.asc"), Fixtures.passphrase())
                .build();
        PgpDecoder decoder = Fixtures.rsa(temp).requireSignature(true)
                .trustedKeys(Fixtures.path("sender-public.asc"))
                .trustedKeys(Fixtures.path("stranger-public.asc")).build();
        assertArrayEquals(Fixtures.usersCsv(), decode(decoder, Fixtures.encrypt(encryptor, Fixtures.usersCsv())));
        assertArrayEquals(Fixtures.usersCsv(), decode(decoder, bytes("users.csv.rsa.signed-by-stranger.asc")));
    }

    @Test
    void unsigned_isRefused_whenRequired() throws Exception {
        RollcallException e = refused(trustingSender(), bytes("users.csv.rsa.pgp"), Codes.PGP_UNSIGNED);
        assertEquals("the file is not signed; a signature by one of the trusted keys ("
                + keyId("sender@rollcall.test", "pub") + ") is required: ask the sender to sign it", e.getMessage());
    }

    @Test
    void unsigned_isAccepted_whenNotRequired() throws Exception {
        assertArrayEquals(Fixtures.usersCsv(), decode(Fixtures.rsa(temp).build(), bytes("users.csv.rsa.pgp")));
    }

    @Test
    void signedByUntrustedKey_isBadSignature() throws Exception {
        RollcallException e = refused(trustingSender(), bytes("users.csv.rsa.signed-by-stranger.asc"),
                Codes.PGP_BAD_SIGNATURE);
        assertTrue(e.getMessage().startsWith("the file is signed by " + keyId("stranger@rollcall.test", "pub")
                + ", which is not one of the trusted keys (" + keyId("sender@rollcall.test", "pub") + ")"),
                e.getMessage());
    }

    @Test
    void signatureNotMatchingTheContent_isBadSignature() throws Exception {
        byte[] forged = "username\nmallory\n".getBytes(StandardCharsets.UTF_8);
        byte[] message = TestMessages.signedOver(Fixtures.usersCsv(), forged);
        RollcallException e = refused(trustingSender(), message, Codes.PGP_BAD_SIGNATURE);
        assertTrue(e.getMessage().startsWith("the signature by trusted key " + keyId("sender@rollcall.test", "pub")
                + " does not match the file's content"), e.getMessage());
    }

    @Test
    void signatureMatchingTheContent_builtTheSameWay_isAccepted() throws Exception {
        byte[] message = TestMessages.signedOver(Fixtures.usersCsv(), Fixtures.usersCsv());
        assertArrayEquals(Fixtures.usersCsv(), decode(trustingSender(), message));
    }

    @Test
    void tamperedSignedMessage_isTampered_notBadSignature() throws Exception {
        PgpEncryptor encryptor = Fixtures.toRsa().signWith(Fixtures.path("sender-secret.asc"), Fixtures.passphrase())
                .build();
        byte[] message = Fixtures.encrypt(encryptor, Fixtures.usersCsv());
        message[message.length - 5] ^= 0x01;
        refused(trustingSender(), message, Codes.PGP_TAMPERED);
    }
}
