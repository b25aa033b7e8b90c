package dev.rollcall.pgp;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Runs the real {@code gpg} (when it is on the PATH) against Rollcall, both ways, in a throw-away
 * GNUPGHOME: gpg encrypts and signs, Rollcall decrypts and verifies; Rollcall encrypts and signs,
 * gpg decrypts and verifies. Skipped, with a message saying so, where GnuPG is not installed.
 */
class GnuPgInteropTest {

    /** The gpg command; {@code -Drollcall.test.gpg=/path/to/gpg} picks another (or a missing one, to see the skip). */
    private static final String GPG_COMMAND = System.getProperty("rollcall.test.gpg", "gpg");
    private static final boolean GPG = probe();

    @TempDir
    Path temp;

    private Path home;
    private Path passphraseFile;
    private Path work;

    private static boolean probe() {
        try {
            Process p = new ProcessBuilder(GPG_COMMAND, "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @BeforeEach
    void gnupgHome() throws Exception {
        assumeTrue(GPG, GPG_COMMAND + " is not on the PATH: skipping the GnuPG interoperability test (install"
                + " GnuPG to run it)");
        home = Files.createDirectory(temp.resolve("gnupg"));
        if (home.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwx------"));
        }
        work = Files.createDirectory(temp.resolve("work"));
        passphraseFile = Files.writeString(temp.resolve("passphrase"), Fixtures.PASSPHRASE);
        gpg("--import", Fixtures.path("rsa-secret.asc").toString(), Fixtures.path("cv25519-secret.gpg").toString(),
                Fixtures.path("sender-secret.asc").toString());
    }

    @AfterEach
    void stopAgent() throws Exception {
        if (home != null) {
            run(List.of("gpgconf", "--homedir", home.toString(), "--kill", "gpg-agent"));
        }
    }

    @Test
    void gpgEncryptsAndSigns_rollcallDecryptsAndVerifies_rsaBinary() throws Exception {
        gpgToRollcall("rsa@rollcall.test", false);
    }

    @Test
    void gpgEncryptsAndSigns_rollcallDecryptsAndVerifies_curve25519Armoured() throws Exception {
        gpgToRollcall("cv25519@rollcall.test", true);
    }

    @Test
    void rollcallEncryptsAndSigns_gpgDecryptsAndVerifies_rsaBinary() throws Exception {
        rollcallToGpg("rsa-public.asc", false);
    }

    @Test
    void rollcallEncryptsAndSigns_gpgDecryptsAndVerifies_curve25519Armoured() throws Exception {
        rollcallToGpg("cv25519-public.gpg", true);
    }

    private void gpgToRollcall(String recipient, boolean armour) throws Exception {
        byte[] csv = randomCsv();
        Path plain = Files.write(temp.resolve("acmeus_20140215.csv"), csv);
        Path encrypted = temp.resolve("acmeus_20140215.csv.pgp");
        List<String> args = new ArrayList<>(List.of("--sign", "--local-user", "sender@rollcall.test",
                "--encrypt", "--recipient", recipient, "--output", encrypted.toString()));
        if (armour) {
            args.add("--armor");
        }
        args.add(plain.toString());
        gpg(args.toArray(new String[0]));

        PgpDecoder decoder = PgpDecoder.builder()
                .secretKeys(Fixtures.path("rsa-secret.asc")).secretKeys(Fixtures.path("cv25519-secret.gpg"))
                .passphrase(Fixtures.passphrase())
                .requireSignature(true).trustedKeys(Fixtures.path("sender-public.asc"))
                .tempDirectory(work).build();
        assertTrue(decoder.accepts(encrypted.getFileName().toString(), new byte[0]));
        try (InputStream in = decoder.decode(Files.newInputStream(encrypted))) {
            assertArrayEquals(csv, in.readAllBytes());
        }
        Fixtures.assertNoTempFiles(work);
    }

    private void rollcallToGpg(String recipientKey, boolean armour) throws Exception {
        byte[] csv = randomCsv();
        Path plain = Files.write(temp.resolve("acmeus_20140215.csv"), csv);
        Path encrypted = temp.resolve("acmeus_20140215.csv.pgp");
        PgpEncryptor.builder().recipients(Fixtures.path(recipientKey)).armor(armour)
                .signWith(Fixtures.path("sender-secret.asc"), Fixtures.passphrase()).build()
                .encrypt(plain, encrypted);

        Path decrypted = temp.resolve("decrypted.csv");
        Path status = temp.resolve("status.txt");
        gpg("--status-file", status.toString(), "--output", decrypted.toString(), "--decrypt", encrypted.toString());
        assertArrayEquals(csv, Files.readAllBytes(decrypted));
        String statusText = Files.readString(status);
        assertTrue(statusText.contains("[GNUPG:] DECRYPTION_OKAY"), statusText);
        assertTrue(statusText.contains("[GNUPG:] GOODSIG"), statusText);
        assertTrue(statusText.contains("[GNUPG:] GOODMDC"), statusText);
    }

    /** About 300 KB of CSV, different every run. */
    private static byte[] randomCsv() {
        Random random = new Random();
        StringBuilder csv = new StringBuilder("username,firstName,lastName,email\n");
        while (csv.length() < 300_000) {
            String id = Integer.toHexString(random.nextInt());
            csv.append(id).append(",Zoë,Müller,").append(id).append("@acme.example\n");
        }
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }

    private void gpg(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(GPG_COMMAND, "--homedir", home.toString(), "--batch", "--yes",
                "--no-tty", "--pinentry-mode", "loopback", "--passphrase-file", passphraseFile.toString(),
                "--trust-model", "always"));
        command.addAll(List.of(args));
        String output = run(command);
        assertTrue(output.startsWith("exit 0\n"), () -> String.join(" ", command) + "\n" + output);
    }

    /** @return "exit N" and the combined output */
    private String run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "gpg did not finish");
        return "exit " + process.exitValue() + "\n" + output;
    }
}
