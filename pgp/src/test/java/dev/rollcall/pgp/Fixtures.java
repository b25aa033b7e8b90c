package dev.rollcall.pgp;

import dev.rollcall.spi.RollcallException;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The GnuPG-made fixtures under {@code src/test/resources/fixtures} and helpers around them. */
final class Fixtures {

    /** The fixed passphrase of every fixture key (see make-fixtures.sh). */
    static final String PASSPHRASE = "rollcall-fixture-passphrase-Qx7v";

    private Fixtures() {
    }

    static char[] passphrase() {
        return PASSPHRASE.toCharArray();
    }

    static Path path(String name) {
        URL url = Fixtures.class.getResource("/fixtures/" + name);
        if (url == null) {
            throw new IllegalArgumentException("no fixture " + name);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] bytes(String name) {
        try {
            return Files.readAllBytes(path(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the plaintext every fixture message holds */
    static byte[] usersCsv() {
        return bytes("users.csv");
    }

    /** A decoder for the RSA key, temp files in {@code temp}. */
    static PgpDecoder.Builder rsa(Path temp) {
        return PgpDecoder.builder().secretKeys(path("rsa-secret.asc")).passphrase(passphrase()).tempDirectory(temp);
    }

    /** A decoder for the Curve25519 key (binary key file), temp files in {@code temp}. */
    static PgpDecoder.Builder cv25519(Path temp) {
        return PgpDecoder.builder().secretKeys(path("cv25519-secret.gpg")).passphrase(passphrase())
                .tempDirectory(temp);
    }

    /**
     * @param email the fixture key's e-mail, e.g. {@code rsa@rollcall.test}
     * @param kind  {@code pub} for the primary key, {@code sub} for the encryption subkey
     * @return its key id as messages show it, e.g. {@code 0x849DD996F6172929} (from keys.txt,
     *         which make-fixtures.sh writes with the keys)
     */
    static String keyId(String email, String kind) {
        String pub = null;
        boolean match = false;
        for (String line : new String(bytes("keys.txt"), java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
            String[] f = line.split(":", -1);
            if (f[0].equals("pub")) {
                pub = f[4];
                match = false;
            } else if (f[0].equals("uid")) {
                match = f[9].contains("<" + email + ">");
                if (match && kind.equals("pub")) {
                    return "0x" + pub;
                }
            } else if (f[0].equals("sub") && match && kind.equals("sub")) {
                return "0x" + f[4];
            }
        }
        throw new IllegalArgumentException("no " + kind + " key for " + email + " in keys.txt");
    }

    static PgpEncryptor.Builder toRsa() {
        return PgpEncryptor.builder().recipients(path("rsa-public.asc"));
    }

    static byte[] decode(PgpDecoder decoder, byte[] encoded) throws IOException {
        try (InputStream in = decoder.decode(new ByteArrayInputStream(encoded))) {
            return in.readAllBytes();
        }
    }

    static byte[] encrypt(PgpEncryptor encryptor, byte[] plain) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        encryptor.encrypt(new ByteArrayInputStream(plain), out);
        return out.toByteArray();
    }

    /** Decodes, expecting a refusal with {@code code}; also checks no temporary file was left. */
    static RollcallException refused(PgpDecoder decoder, byte[] encoded, String code) throws IOException {
        RollcallException e = assertThrows(RollcallException.class,
                () -> decoder.decode(new ByteArrayInputStream(encoded)));
        assertEquals(code, e.code(), e::getMessage);
        assertNoTempFiles(decoder.tempDirectory());
        return e;
    }

    static void assertNoTempFiles(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            assertEquals(0, files.filter(p -> p.getFileName().toString().startsWith("rollcall-pgp-")).count(),
                    "temporary plaintext files left in " + directory);
        }
    }
}
