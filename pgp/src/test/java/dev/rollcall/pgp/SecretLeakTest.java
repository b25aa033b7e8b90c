package dev.rollcall.pgp;

import dev.rollcall.spi.Codes;
import dev.rollcall.spi.RollcallException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The passphrase (the right one, and a wrong one a host might configure) never shows up in an
 * exception's message, its causes, its stack trace, any toString(), or anything printed.
 */
class SecretLeakTest {

    private static final String WRONG = "wrong-passphrase-Zk93mm";

    @TempDir
    Path temp;

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private PrintStream out;
    private PrintStream err;

    @BeforeEach
    void capture() {
        out = System.out;
        err = System.err;
        PrintStream capture = new PrintStream(printed, true, StandardCharsets.UTF_8);
        System.setOut(capture);
        System.setErr(capture);
    }

    @AfterEach
    void restore() {
        System.setOut(out);
        System.setErr(err);
    }

    @Test
    void passphrase_neverInMessagesToStringOrOutput() throws Exception {
        PgpDecoder right = Fixtures.rsa(temp).build();
        PgpDecoder wrong = PgpDecoder.builder().secretKeys(Fixtures.path("rsa-secret.asc"))
                .passphrase(WRONG.toCharArray()).tempDirectory(temp).build();
        PgpDecoder signed = Fixtures.rsa(temp).requireSignature(true)
                .trustedKeys(Fixtures.path("sender-public.asc")).build();
        byte[] tampered = Fixtures.bytes("users.csv.rsa.pgp").clone();
        tampered[tampered.length - 3] ^= 1;

        List<String> seen = new ArrayList<>();
        seen.add(failure(wrong, Fixtures.bytes("users.csv.rsa.pgp"), Codes.PGP_BAD_PASSPHRASE));
        seen.add(failure(right, Fixtures.bytes("users.csv.cv25519.pgp"), Codes.PGP_WRONG_KEY));
        seen.add(failure(right, Fixtures.usersCsv(), Codes.PGP_NOT_ENCRYPTED));
        seen.add(failure(right, tampered, Codes.PGP_TAMPERED));
        seen.add(failure(right, Fixtures.bytes("users.csv.rsa.no-integrity.pgp"), Codes.PGP_NO_INTEGRITY));
        seen.add(failure(signed, Fixtures.bytes("users.csv.rsa.pgp"), Codes.PGP_UNSIGNED));
        seen.add(failure(signed, Fixtures.bytes("users.csv.rsa.signed-by-stranger.asc"), Codes.PGP_BAD_SIGNATURE));
        seen.add(failure(Fixtures.rsa(temp).maxDecodedBytes(10).build(),
                Fixtures.bytes("users.csv.rsa.pgp"), Codes.PGP_TOO_LARGE));
        seen.add(render(assertThrows(RollcallException.class, () -> PgpEncryptor.builder()
                .signWith(Fixtures.path("sender-secret.asc"), WRONG.toCharArray()))));
        seen.add(render(assertThrows(IllegalStateException.class, () -> PgpDecoder.builder()
                .passphrase(Fixtures.passphrase()).passphrase(WRONG.toCharArray()))));

        seen.add(right.toString());
        seen.add(wrong.toString());
        seen.add(signed.toString());
        seen.add(Fixtures.rsa(temp).toString());
        PgpEncryptor encryptor = Fixtures.toRsa().signWith(Fixtures.path("sender-secret.asc"), Fixtures.passphrase())
                .build();
        seen.add(encryptor.toString());
        seen.add(Fixtures.toRsa().toString());
        try (InputStream plain = right.decode(new ByteArrayInputStream(Fixtures.bytes("users.csv.rsa.pgp")))) {
            seen.add(plain.toString());
        }
        seen.add(printed.toString(StandardCharsets.UTF_8));

        for (String text : seen) {
            assertFalse(text.contains(Fixtures.PASSPHRASE), () -> "passphrase in: " + text);
            assertFalse(text.contains(WRONG), () -> "wrong passphrase in: " + text);
        }
        assertEquals("", printed.toString(StandardCharsets.UTF_8), "the module prints nothing");
    }

    private static String failure(PgpDecoder decoder, byte[] message, String code) {
        RollcallException e = assertThrows(RollcallException.class,
                () -> decoder.decode(new ByteArrayInputStream(message)));
        assertEquals(code, e.code(), e::getMessage);
        return render(e);
    }

    /** @return the exception as a log would show it: toString, messages and stack traces of the whole cause chain */
    private static String render(Throwable e) {
        StringWriter text = new StringWriter();
        e.printStackTrace(new PrintWriter(text));
        return text.toString();
    }
}
