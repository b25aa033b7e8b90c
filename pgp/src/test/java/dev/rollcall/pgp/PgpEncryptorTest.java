package dev.rollcall.pgp;

import dev.rollcall.spi.Codes;
import dev.rollcall.spi.RollcallException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static dev.rollcall.pgp.Fixtures.decode;
import static dev.rollcall.pgp.Fixtures.keyId;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PgpEncryptorTest {

    @TempDir
    Path temp;

    @Test
    void binary_roundTrips() throws Exception {
        byte[] message = Fixtures.encrypt(Fixtures.toRsa().build(), Fixtures.usersCsv());
        assertTrue((message[0] & 0x80) != 0, "binary OpenPGP");
        assertArrayEquals(Fixtures.usersCsv(), decode(Fixtures.rsa(temp).build(), message));
    }

    @Test
    void armoured_roundTrips() throws Exception {
        byte[] message = Fixtures.encrypt(Fixtures.toRsa().armor(true).build(), Fixtures.usersCsv());
        assertTrue(new String(message, StandardCharsets.US_ASCII).startsWith("-----BEGIN PGP MESSAGE-----"));
        assertArrayEquals(Fixtures.usersCsv(), decode(Fixtures.rsa(temp).build(), message));
    }

    @Test
    void emptyPlaintext_roundTrips() throws Exception {
        byte[] message = Fixtures.encrypt(Fixtures.toRsa().build(), new byte[0]);
        assertArrayEquals(new byte[0], decode(Fixtures.rsa(temp).build(), message));
    }

    @Test
    void severalRecipients_eachCanDecrypt() throws Exception {
        PgpEncryptor encryptor = Fixtures.toRsa().recipients(Fixtures.path("cv25519-public.gpg")).build();
        assertEquals(List.of(keyId("rsa@rollcall.test", "sub"), keyId("cv25519@rollcall.test", "sub")),
                encryptor.recipientKeyIds());
        byte[] message = Fixtures.encrypt(encryptor, Fixtures.usersCsv());
        assertArrayEquals(Fixtures.usersCsv(), decode(Fixtures.rsa(temp).build(), message));
        assertArrayEquals(Fixtures.usersCsv(), decode(Fixtures.cv25519(temp).build(), message));
    }

    @Test
    void recipientsFromStream_encrypt() throws Exception {
        PgpEncryptor encryptor = PgpEncryptor.builder()
                .recipients(new ByteArrayInputStream(Fixtures.bytes("cv25519-public.gpg"))).build();
        byte[] message = Fixtures.encrypt(encryptor, Fixtures.usersCsv());
        assertArrayEquals(Fixtures.usersCsv(), decode(Fixtures.cv25519(temp).build(), message));
    }

    @Test
    void files_encryptToAFileTheDecoderReads() throws Exception {
        Path plain = Files.write(temp.resolve("acmeus_20140215.csv"), Fixtures.usersCsv());
        Path encrypted = temp.resolve("acmeus_20140215.csv.pgp");
        Fixtures.toRsa().build().encrypt(plain, encrypted);
        Path work = Files.createDirectory(temp.resolve("work"));
        PgpDecoder decoder = Fixtures.rsa(work).build();
        assertEquals("acmeus_20140215.csv", decoder.decodedName(encrypted.getFileName().toString()));
        try (InputStream in = decoder.decode(Files.newInputStream(encrypted))) {
            assertArrayEquals(Fixtures.usersCsv(), in.readAllBytes());
        }
    }

    @Test
    void signed_namesItsSigningKey() {
        PgpEncryptor encryptor = Fixtures.toRsa().signWith(Fixtures.path("sender-secret.asc"), Fixtures.passphrase())
                .build();
        assertEquals(Optional.of(keyId("sender@rollcall.test", "pub")), encryptor.signingKeyId());
        assertEquals("PgpEncryptor[recipients=[" + keyId("rsa@rollcall.test", "sub") + "], signingKey="
                + keyId("sender@rollcall.test", "pub") + ", armor=false]", encryptor.toString());
    }

    @Test
    void unsigned_hasNoSigningKey() {
        assertEquals(Optional.empty(), Fixtures.toRsa().build().signingKeyId());
        assertFalse(Fixtures.toRsa().build().armor());
    }

    // ---- builder rules ----

    @Test
    void recipients_nullPath() {
        NullPointerException e = assertThrows(NullPointerException.class,
                () -> PgpEncryptor.builder().recipients((Path) null));
        assertEquals("recipients must not be null", e.getMessage());
    }

    @Test
    void recipients_nullStream() {
        NullPointerException e = assertThrows(NullPointerException.class,
                () -> PgpEncryptor.builder().recipients((InputStream) null));
        assertEquals("recipients must not be null", e.getMessage());
    }

    @Test
    void recipients_keyWithoutEncryptionKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PgpEncryptor.builder().recipients(Fixtures.path("sender-public.asc")));
        assertEquals("recipients: key " + keyId("sender@rollcall.test", "pub")
                + " has no current encryption key (revoked, expired, or signing only)", e.getMessage());
    }

    @Test
    void recipients_notAPublicKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PgpEncryptor.builder().recipients(new ByteArrayInputStream(Fixtures.usersCsv())));
        assertEquals("recipients stream holds no OpenPGP public key", e.getMessage());
    }

    @Test
    void recipients_required() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> PgpEncryptor.builder().build());
        assertEquals("recipients must be set: the public key of the host the file is for", e.getMessage());
    }

    @Test
    void signWith_nullKeys() {
        NullPointerException e = assertThrows(NullPointerException.class,
                () -> PgpEncryptor.builder().signWith((Path) null, Fixtures.passphrase()));
        assertEquals("signWith must not be null", e.getMessage());
    }

    @Test
    void signWith_nullPassphrase() {
        NullPointerException e = assertThrows(NullPointerException.class,
                () -> PgpEncryptor.builder().signWith(Fixtures.path("sender-secret.asc"), null));
        assertEquals("passphrase must not be null", e.getMessage());
    }

    @Test
    void signWith_wrongPassphrase() {
        RollcallException e = assertThrows(RollcallException.class, () -> PgpEncryptor.builder()
                .signWith(Fixtures.path("sender-secret.asc"), "wrong".toCharArray()));
        assertEquals(Codes.PGP_BAD_PASSPHRASE, e.code());
        assertEquals("the passphrase does not unlock signing key " + keyId("sender@rollcall.test", "pub")
                + ": check the passphrase", e.getMessage());
    }

    @Test
    void signWith_publicKeyFile() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PgpEncryptor.builder()
                .signWith(Fixtures.path("sender-public.asc"), Fixtures.passphrase()));
        assertTrue(e.getMessage().startsWith("signWith " + Fixtures.path("sender-public.asc")
                + " is not an OpenPGP secret key ring"), e.getMessage());
    }

    @Test
    void signWith_severalRings() {
        byte[] two = concat(Fixtures.bytes("cv25519-secret.gpg"), Fixtures.bytes("cv25519-secret.gpg"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PgpEncryptor.builder()
                .signWith(new ByteArrayInputStream(two), Fixtures.passphrase()));
        assertEquals("signWith stream holds 2 secret key rings; give a file with exactly one", e.getMessage());
    }

    @Test
    void signWith_twice() {
        PgpEncryptor.Builder builder = PgpEncryptor.builder()
                .signWith(Fixtures.path("sender-secret.asc"), Fixtures.passphrase());
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> builder.signWith(Fixtures.path("sender-secret.asc"), Fixtures.passphrase()));
        assertEquals("signWith was already set", e.getMessage());
    }

    @Test
    void armor_twice() {
        PgpEncryptor.Builder builder = PgpEncryptor.builder().armor(true);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> builder.armor(false));
        assertEquals("armor was already set", e.getMessage());
    }

    @Test
    void encrypt_nullPlain() {
        NullPointerException e = assertThrows(NullPointerException.class,
                () -> Fixtures.toRsa().build().encrypt((InputStream) null, new java.io.ByteArrayOutputStream()));
        assertEquals("plain must not be null", e.getMessage());
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
