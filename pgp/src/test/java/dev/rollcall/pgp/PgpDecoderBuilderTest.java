package dev.rollcall.pgp;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One test per builder rule, asserting the message. */
class PgpDecoderBuilderTest {

    @TempDir
    Path temp;

    @Test
    void secretKeys_nullPath() {
        NullPointerException e = assertThrows(NullPointerException.class,
                () -> PgpDecoder.builder().secretKeys((Path) null));
        assertEquals("secretKeys must not be null", e.getMessage());
    }

    @Test
    void secretKeys_nullStream() {
        NullPointerException e = assertThrows(NullPointerException.class,
                () -> PgpDecoder.builder().secretKeys((InputStream) null));
        assertEquals("secretKeys must not be null", e.getMessage());
    }

    @Test
    void secretKeys_missingFile() {
        Path missing = temp.resolve("missing.asc");
        UncheckedIOException e = assertThrows(UncheckedIOException.class,
                () -> PgpDecoder.builder().secretKeys(missing));
        assertTrue(e.getMessage().startsWith("cannot read secretKeys file " + missing), e.getMessage());
    }

    @Test
    void secretKeys_publicKeyFile() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PgpDecoder.builder().secretKeys(Fixtures.path("rsa-public.asc")));
        assertTrue(e.getMessage().contains("is not an OpenPGP secret key ring (a public key? export the secret key"
                + " with gpg --export-secret-keys)"), e.getMessage());
    }

    @Test
    void secretKeys_notAKeyAtAll() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PgpDecoder.builder().secretKeys(new ByteArrayInputStream(Fixtures.usersCsv())));
        assertEquals("secretKeys stream holds no OpenPGP secret key", e.getMessage());
    }

    @Test
    void secretKeys_emptyStream() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PgpDecoder.builder().secretKeys(new ByteArrayInputStream(new byte[0])));
        assertEquals("secretKeys stream holds no OpenPGP secret key", e.getMessage());
    }

    @Test
    void secretKeys_required() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> PgpDecoder.builder().build());
        assertEquals("secretKeys must be set: the host's secret key ring", e.getMessage());
    }

    @Test
    void secretKeys_mustHoldAnEncryptionKey() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> PgpDecoder.builder()
                .secretKeys(Fixtures.path("sender-secret.asc")).passphrase(Fixtures.passphrase()).build());
        assertEquals("secretKeys hold no key that can decrypt (no encryption key): "
                + Fixtures.keyId("sender@rollcall.test", "pub"), e.getMessage());
    }

    @Test
    void passphrase_null() {
        NullPointerException e = assertThrows(NullPointerException.class,
                () -> PgpDecoder.builder().passphrase(null));
        assertEquals("passphrase must not be null", e.getMessage());
    }

    @Test
    void passphrase_twice() {
        PgpDecoder.Builder builder = PgpDecoder.builder().passphrase("a".toCharArray());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> builder.passphrase("b".toCharArray()));
        assertEquals("passphrase was already set", e.getMessage());
    }

    @Test
    void passphrase_requiredForProtectedKeys() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> PgpDecoder.builder().secretKeys(Fixtures.path("rsa-secret.asc")).build());
        assertEquals("passphrase must be set: secret key " + Fixtures.keyId("rsa@rollcall.test", "sub")
                + " is protected by one", e.getMessage());
    }

    @Test
    void passphrase_isCopied_soTheCallerMayClearItsArray() throws Exception {
        char[] passphrase = Fixtures.passphrase();
        PgpDecoder decoder = PgpDecoder.builder().secretKeys(Fixtures.path("rsa-secret.asc")).passphrase(passphrase)
                .tempDirectory(temp).build();
        java.util.Arrays.fill(passphrase, 'x');
        Fixtures.decode(decoder, Fixtures.bytes("users.csv.rsa.pgp"));
    }

    @Test
    void trustedKeys_nullPath() {
        NullPointerException e = assertThrows(NullPointerException.class,
                () -> PgpDecoder.builder().trustedKeys((Path) null));
        assertEquals("trustedKeys must not be null", e.getMessage());
    }

    @Test
    void trustedKeys_nullStream() {
        NullPointerException e = assertThrows(NullPointerException.class,
                () -> PgpDecoder.builder().trustedKeys((InputStream) null));
        assertEquals("trustedKeys must not be null", e.getMessage());
    }

    @Test
    void trustedKeys_notPublicKeys() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PgpDecoder.builder().trustedKeys(new ByteArrayInputStream(
                        "hello".getBytes(StandardCharsets.US_ASCII))));
        assertTrue(e.getMessage().startsWith("trustedKeys stream is not an OpenPGP public key ring"), e.getMessage());
    }

    @Test
    void trustedKeys_withoutRequireSignature() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Fixtures.rsa(temp)
                .trustedKeys(Fixtures.path("sender-public.asc")).build());
        assertEquals("trustedKeys are only checked with requireSignature(true): set it, or drop trustedKeys",
                e.getMessage());
    }

    @Test
    void requireSignature_withoutTrustedKeys() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Fixtures.rsa(temp).requireSignature(true).build());
        assertEquals("requireSignature(true) needs trustedKeys: the public keys of the senders whose signatures are"
                + " accepted", e.getMessage());
    }

    @Test
    void requireSignature_twice() {
        PgpDecoder.Builder builder = PgpDecoder.builder().requireSignature(true);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> builder.requireSignature(true));
        assertEquals("requireSignature was already set", e.getMessage());
    }

    @Test
    void allowUnprotected_twice() {
        PgpDecoder.Builder builder = PgpDecoder.builder().allowUnprotected(false);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> builder.allowUnprotected(true));
        assertEquals("allowUnprotected was already set", e.getMessage());
    }

    @Test
    void maxExpansionRatio_belowOne() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PgpDecoder.builder().maxExpansionRatio(0));
        assertEquals("maxExpansionRatio must be at least 1: 0", e.getMessage());
    }

    @Test
    void maxExpansionRatio_twice() {
        PgpDecoder.Builder builder = PgpDecoder.builder().maxExpansionRatio(10);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> builder.maxExpansionRatio(20));
        assertEquals("maxExpansionRatio was already set", e.getMessage());
    }

    @Test
    void maxDecodedBytes_belowOne() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PgpDecoder.builder().maxDecodedBytes(-5));
        assertEquals("maxDecodedBytes must be at least 1: -5", e.getMessage());
    }

    @Test
    void maxDecodedBytes_twice() {
        PgpDecoder.Builder builder = PgpDecoder.builder().maxDecodedBytes(10);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> builder.maxDecodedBytes(20));
        assertEquals("maxDecodedBytes was already set", e.getMessage());
    }

    @Test
    void tempDirectory_null() {
        NullPointerException e = assertThrows(NullPointerException.class, () -> PgpDecoder.builder().tempDirectory(null));
        assertEquals("tempDirectory must not be null", e.getMessage());
    }

    @Test
    void tempDirectory_notADirectory() throws Exception {
        Path file = Files.createFile(temp.resolve("file"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PgpDecoder.builder().tempDirectory(file));
        assertEquals("tempDirectory is not a directory: " + file, e.getMessage());
    }

    @Test
    void tempDirectory_twice() {
        PgpDecoder.Builder builder = PgpDecoder.builder().tempDirectory(temp);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> builder.tempDirectory(temp));
        assertEquals("tempDirectory was already set", e.getMessage());
    }

    @Test
    void defaults() {
        PgpDecoder decoder = PgpDecoder.builder().secretKeys(Fixtures.path("rsa-secret.asc"))
                .passphrase(Fixtures.passphrase()).build();
        assertEquals(100, decoder.maxExpansionRatio());
        assertEquals(1L << 30, decoder.maxDecodedBytes());
        assertEquals(Path.of(System.getProperty("java.io.tmpdir")), decoder.tempDirectory());
        assertFalse(decoder.requireSignature());
        assertFalse(decoder.allowUnprotected());
        assertEquals(List.of(Fixtures.keyId("rsa@rollcall.test", "pub")), decoder.secretKeyIds());
        assertEquals(List.of(), decoder.trustedKeyIds());
    }

    @Test
    void build_copiesTheSettings_soTheBuilderCanBuildAgain() {
        PgpDecoder.Builder builder = Fixtures.rsa(temp);
        PgpDecoder first = builder.build();
        builder.secretKeys(Fixtures.path("cv25519-secret.gpg"));
        PgpDecoder second = builder.build();
        assertEquals(1, first.secretKeyIds().size());
        assertEquals(2, second.secretKeyIds().size());
    }

    @Test
    void toString_showsSettings_notThePassphrase() {
        PgpDecoder decoder = Fixtures.rsa(temp).requireSignature(true).trustedKeys(Fixtures.path("sender-public.asc"))
                .build();
        assertEquals("PgpDecoder[secretKeys=[" + Fixtures.keyId("rsa@rollcall.test", "pub") + "], passphrase=***,"
                + " requireSignature=true, trustedKeys=[" + Fixtures.keyId("sender@rollcall.test", "pub") + "],"
                + " allowUnprotected=false, maxExpansionRatio=100, maxDecodedBytes=1073741824, tempDirectory="
                + temp + "]", decoder.toString());
    }

    @Test
    void accepts_nullName() {
        NullPointerException e = assertThrows(NullPointerException.class,
                () -> Fixtures.rsa(temp).build().accepts(null, new byte[0]));
        assertEquals("fileName must not be null", e.getMessage());
    }

    @Test
    void accepts_nullHead() {
        NullPointerException e = assertThrows(NullPointerException.class,
                () -> Fixtures.rsa(temp).build().accepts("a.pgp", null));
        assertEquals("head must not be null", e.getMessage());
    }

    @Test
    void decode_nullStream() {
        NullPointerException e = assertThrows(NullPointerException.class, () -> Fixtures.rsa(temp).build().decode(null));
        assertEquals("encoded must not be null", e.getMessage());
    }
}
