package dev.rollcall.cli;

import dev.rollcall.jdbc.JdbcUserRepository;
import dev.rollcall.pgp.PgpEncryptor;
import dev.rollcall.spi.UserRecord;
import dev.rollcall.spi.UserStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static dev.rollcall.cli.CliFormatsTest.FIXTURES;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 14 points 6 and 7: outputs are checked before the store is touched and written whole
 * or not at all; exit codes tell the truth about refused files, missing inputs and empty
 * full uploads. Runs as root in CI, where permission bits stop nothing: the folders that
 * cannot be written to here are missing ones, and "folders" that are regular files.
 */
class CliExitCodesTest {

    private static final String PASSPHRASE_ENV = "ROLLCALL_TEST_PASSPHRASE";

    @TempDir
    Path dir;

    private String store() {
        return JdbcUserRepository.embeddedUrl(dir.resolve("store"));
    }

    private CliTest.Run rollcall(String... args) {
        List<String> all = new ArrayList<>(List.of("--store", store()));
        all.addAll(List.of(args));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(all.toArray(String[]::new), new PrintWriter(out), new PrintWriter(err));
        return new CliTest.Run(code, out.toString(), err.toString());
    }

    private List<UserRecord> users() {
        try (JdbcUserRepository r = JdbcUserRepository.forUrl(store()).initialize();
             Stream<UserRecord> s = r.list(dev.rollcall.spi.UserQuery.ALL)) {
            return s.toList();
        }
    }

    private long active() {
        return users().stream().filter(u -> u.status() == UserStatus.ACTIVE).count();
    }

    /** A file of {@code n} new users, one of them rejected (a bad status). */
    private Path upload(int n) throws IOException {
        StringBuilder sb = new StringBuilder("username,email,firstName,lastName,status\n");
        for (int i = 0; i < n; i++) {
            sb.append("u").append(i).append(",u").append(i).append("@x.com,U,Ser,").append(i == 0 ? "gone" : "active")
                    .append('\n');
        }
        Path p = dir.resolve("users.csv");
        Files.writeString(p, sb);
        return p;
    }

    private Path regularFile() throws IOException {
        return Files.writeString(dir.resolve("not-a-folder"), "x");
    }

    private List<String> names(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    // ---------------------------------------------------------------- point 6: outputs first

    @Test
    void apply_withAnOutputThatCannotBeWritten_exitsWith73_beforeTheStoreIsTouched() throws IOException {
        Path file = upload(2000);
        Path missing = dir.resolve("no-such-folder");
        Path notAFolder = regularFile();
        Path aFolder = Files.createDirectory(dir.resolve("folder.json"));
        for (String[] output : List.of(
                new String[] {"--report", missing.resolve("report.json").toString()},
                new String[] {"--errors", missing.resolve("errors.csv").toString()},
                new String[] {"--report", notAFolder.resolve("report.html").toString()},
                new String[] {"--errors", notAFolder.resolve("errors.csv").toString()},
                new String[] {"--report", aFolder.toString()},
                new String[] {"--report", dir.resolve("ok.json").toString(), "--errors", missing.resolve("e.csv").toString()})) {
            List<String> args = new ArrayList<>(List.of("apply", file.toString()));
            args.addAll(List.of(output));
            CliTest.Run r = rollcall(args.toArray(String[]::new));
            assertEquals(Main.CANT_CREATE, r.code(), String.join(" ", output) + ": " + r.out() + r.err());
            assertTrue(r.err().contains("cannot create"), r.err());
            assertTrue(r.err().contains("nothing was done"), r.err());
            assertEquals(0, users().size(), "no user written: " + String.join(" ", output));
            assertFalse(Files.exists(dir.resolve("ok.json")), "no report either");
        }
        assertFalse(Files.exists(missing));
    }

    @Test
    void plan_withASaveThatCannotBeWritten_exitsWith73() throws IOException {
        Path file = upload(3);
        CliTest.Run r = rollcall("plan", file.toString(), "--save", regularFile().resolve("p.plan").toString());
        assertEquals(Main.CANT_CREATE, r.code(), r.out() + r.err());
        assertTrue(r.out().isEmpty(), "nothing planned: " + r.out());
    }

    @Test
    void outFile_ofDecryptExtractAndTemplate_isCheckedFirst() throws IOException {
        String out = dir.resolve("missing").resolve("out.csv").toString();
        assertEquals(Main.CANT_CREATE, rollcall("extract", "--out", out).code());
        assertEquals(Main.CANT_CREATE, rollcall("template", "--out", out).code());
        CliTest.Run decrypt = rollcall("decrypt", FIXTURES.resolve("users.csv.rsa.pgp").toString(), "--secret-key",
                FIXTURES.resolve("rsa-secret.asc").toString(), "--passphrase-env", PASSPHRASE_ENV, "--out", out);
        assertEquals(Main.CANT_CREATE, decrypt.code(), decrypt.err());
    }

    @Test
    void reportsAndErrorFiles_replaceTheOldOnes_leavingNoTemporaryFile() throws IOException {
        Path file = upload(3);
        Path out = Files.createDirectory(dir.resolve("out"));
        Files.writeString(out.resolve("r.csv"), "old report");
        CliTest.Run r = rollcall("apply", file.toString(), "--report", out.resolve("r.csv").toString(), "--errors",
                out.resolve("e.csv").toString());
        assertEquals(Main.ROWS_REJECTED, r.code(), r.out() + r.err());
        assertEquals(List.of("e.csv", "r.csv"), names(out));
        assertTrue(Files.readString(out.resolve("r.csv")).contains("u2"));
        assertTrue(Files.readString(out.resolve("e.csv")).contains("u0"));
    }

    /** A command that fails after it began its output leaves the earlier file as it was, not empty. */
    @Test
    void aFailedWrite_leavesTheOldFileIntact() throws IOException {
        Path out = Files.writeString(dir.resolve("template.csv"), "old");
        assertEquals(Main.USAGE, rollcall("template", "--format", "pdf", "--out", out.toString()).code());
        assertEquals("old", Files.readString(out));
        assertEquals(List.of("template.csv"), names(dir).stream().filter(n -> n.contains("template")).toList());
    }

    // ---------------------------------------------------------------- point 7: exit codes

    @Test
    void aTamperedPgpFile_isRefused_exit2_inApplyAndInDecrypt() throws IOException {
        byte[] bytes = Files.readAllBytes(FIXTURES.resolve("users.csv.rsa.pgp"));
        bytes[bytes.length - 5] ^= 0x40;
        Path file = Files.write(dir.resolve("tampered.csv.pgp"), bytes);
        assertRefused(file, "rsa-secret.asc");
    }

    @Test
    void aPgpFileForAnotherKey_isRefused_exit2_inApplyAndInDecrypt() throws IOException {
        Path file = Files.copy(FIXTURES.resolve("users.csv.cv25519.pgp"), dir.resolve("other.csv.pgp"));
        assertRefused(file, "rsa-secret.asc");
    }

    @Test
    void aPgpFileThatExpandsTooMuch_isRefused_exit2_inApplyAndInDecrypt() throws IOException {
        Path file = dir.resolve("bomb.csv.pgp");
        byte[] plain = new byte[8 << 20];
        java.util.Arrays.fill(plain, (byte) ' ');
        try (OutputStream out = Files.newOutputStream(file)) {
            PgpEncryptor.builder().recipients(FIXTURES.resolve("rsa-public.asc")).build()
                    .encrypt(new ByteArrayInputStream(plain), out);
        }
        assertTrue(Files.size(file) * 100 < plain.length, "compresses more than the decoder allows");
        String err = assertRefused(file, "rsa-secret.asc");
        assertTrue(err.contains("PGP_TOO_LARGE"), err);
    }

    private String assertRefused(Path file, String key) {
        CliTest.Run apply = rollcall("apply", file.toString(), "--secret-key", FIXTURES.resolve(key).toString(),
                "--passphrase-env", PASSPHRASE_ENV);
        assertEquals(Main.FILE_REFUSED, apply.code(), apply.out() + apply.err());
        assertEquals(0, users().size());
        Path out = dir.resolve("plain.csv");
        CliTest.Run decrypt = rollcall("decrypt", file.toString(), "--secret-key", FIXTURES.resolve(key).toString(),
                "--passphrase-env", PASSPHRASE_ENV, "--out", out.toString());
        assertEquals(Main.FILE_REFUSED, decrypt.code(), decrypt.err());
        assertTrue(decrypt.err().contains("PGP_"), decrypt.err());
        assertFalse(Files.exists(out));
        return decrypt.err();
    }

    @Test
    void aMissingSecretKeyFile_exitsWith66() {
        String key = dir.resolve("no-such-key.asc").toString();
        String file = FIXTURES.resolve("users.csv.rsa.pgp").toString();
        CliTest.Run decrypt = rollcall("decrypt", file, "--secret-key", key, "--out", dir.resolve("p.csv").toString());
        assertEquals(Main.NO_INPUT, decrypt.code(), decrypt.err());
        assertTrue(decrypt.err().contains("--secret-key"), decrypt.err());
        assertEquals(Main.NO_INPUT, rollcall("plan", file, "--secret-key", key).code());
        assertEquals(Main.NO_INPUT, rollcall("apply", file, "--secret-key", key).code());
        assertEquals(Main.NO_INPUT, rollcall("decrypt", file, "--secret-key", FIXTURES.resolve("rsa-secret.asc").toString(),
                "--passphrase-env", PASSPHRASE_ENV, "--verify-with", key, "--out", dir.resolve("p.csv").toString()).code());
    }

    @Test
    void aSavedPlan_thatIsStaleOrNotAPlan_isRefused_exit2_andAMissingOne_66() throws IOException {
        Path file = upload(3);
        Path saved = dir.resolve("users.plan");
        assertEquals(Main.ROWS_REJECTED, rollcall("plan", file.toString(), "--save", saved.toString()).code());
        assertEquals(Main.ROWS_REJECTED, rollcall("apply", file.toString()).code(), "the store changes after the save");
        assertEquals(2, users().size());
        CliTest.Run stale = rollcall("apply", "--plan", saved.toString());
        assertEquals(Main.FILE_REFUSED, stale.code(), stale.out() + stale.err());
        assertTrue(stale.err().contains("STALE_PLAN"), stale.err());

        Path notAPlan = Files.writeString(dir.resolve("forged.plan"), "username,email\nmallory,m@x.com\n");
        CliTest.Run forged = rollcall("apply", "--plan", notAPlan.toString());
        assertEquals(Main.FILE_REFUSED, forged.code(), forged.err());
        assertTrue(forged.err().contains("BAD_PLAN_FILE"), forged.err());
        assertEquals(Main.NO_INPUT, rollcall("apply", "--plan", dir.resolve("none.plan").toString()).code());
        assertEquals(2, users().size());
    }

    @Test
    void anEmptyFullUpload_neverDeactivatesAnyone_evenWithAllowMassDeactivation() throws IOException {
        Path file = upload(5);
        assertEquals(Main.ROWS_REJECTED, rollcall("apply", file.toString(), "--feed", "hr").code());
        assertEquals(4, active());
        Path empty = Files.writeString(dir.resolve("empty.csv"), "username,email\n");
        CliTest.Run r = rollcall("apply", empty.toString(), "--mode", "add-update", "--feed", "hr", "--full",
                "--allow-mass-deactivation", "--max-deactivation", "100");
        assertEquals(Main.THRESHOLD, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("the file has no rows"), r.out());
        assertEquals(4, active());

        CliTest.Run meant = rollcall("apply", empty.toString(), "--mode", "add-update", "--feed", "hr", "--full",
                "--deactivate-all-on-empty-file");
        assertEquals(Main.OK, meant.code(), meant.out() + meant.err());
        assertEquals(0, active());
    }
}
