package dev.rollcall.cli;

import dev.rollcall.jdbc.JdbcUserRepository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 7 from the command line: XML files, templates and PGP-encrypted uploads. */
class CliFormatsTest {

    /** The pgp module's GnuPG-made fixtures, and the passphrase of their keys. */
    static final Path FIXTURES = Path.of("..", "pgp", "src", "test", "resources", "fixtures");
    static final String PASSPHRASE = "rollcall-fixture-passphrase-Qx7v";

    @TempDir
    Path dir;

    private CliTest.Run rollcall(String... args) {
        List<String> all = new ArrayList<>(List.of("--store", JdbcUserRepository.embeddedUrl(dir.resolve("store"))));
        all.addAll(List.of(args));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(all.toArray(String[]::new), new PrintWriter(out), new PrintWriter(err));
        return new CliTest.Run(code, out.toString(), err.toString());
    }

    @Test
    void xmlTemplateAndXsd_includeCustomFields() {
        rollcall("fields", "add", "costCenter");
        String xsd = rollcall("template", "--format", "xsd").out();
        assertTrue(xsd.contains("name=\"costCenter\""), xsd);
        String xml = rollcall("template", "--format", "xml").out();
        assertTrue(xml.contains("<users xmlns=\"https://rollcall.dev/xml/users/1\">"), xml);
        assertTrue(rollcall("template", "--delegates").out().startsWith("externalId,delegate1"));
        assertEquals(Main.USAGE, rollcall("template", "--format", "pdf").code());
    }

    /** Issue 19: the Excel template, filled in and uploaded as a workbook. */
    @Test
    void xlsxTemplate_filledAndApplied_keepsLeadingZeros() throws IOException {
        rollcall("fields", "add", "costCenter");
        assertEquals(Main.USAGE, rollcall("template", "--format", "xlsx").code(), "a workbook is not written to a terminal");
        Path template = dir.resolve("template.xlsx");
        CliTest.Run t = rollcall("template", "--format", "xlsx", "--out", template.toString());
        assertEquals(Main.OK, t.code(), t.err());
        java.util.List<String> columns;
        try (var r = new dev.rollcall.xlsx.XlsxFormat().open(Files.newInputStream(template))) {
            columns = r.columns();
        }
        assertTrue(columns.contains("costCenter") && columns.contains("employeeId"), columns.toString());
        Path users = dir.resolve("users.xlsx");
        try (var w = new dev.rollcall.xlsx.XlsxFormat().writer(Files.newOutputStream(users),
                java.util.List.of("username", "email", "firstName", "lastName", "employeeId"))) {
            w.write(java.util.List.of("z1", "z1@x.com", "Zed", "One", "000417"));
        }
        CliTest.Run r = rollcall("apply", users.toString(), "--new-user-status", "active");
        assertEquals(Main.OK, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("1 created"), r.out());
        try (JdbcUserRepository store = JdbcUserRepository.embedded(dir.resolve("store")).initialize()) {
            assertEquals("000417", store.findBy("username", List.of("z1")).get("z1").get(0).fields().get("employeeId"));
        }
    }

    @Test
    void xmlUpload_byItsSuffix() throws IOException {
        Path xml = dir.resolve("users.xml");
        Files.writeString(xml, """
                <?xml version="1.0" encoding="UTF-8"?>
                <users xmlns="https://rollcall.dev/xml/users/1">
                  <user><username>x1</username><email>x1@x.com</email><firstName>X</firstName><lastName>One</lastName></user>
                </users>
                """);
        CliTest.Run r = rollcall("apply", xml.toString());
        assertEquals(Main.OK, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("1 created"), r.out());
    }

    @Test
    void encryptedUpload_andDecrypt_withAPassphraseFromTheEnvironment() throws IOException {
        String env = "ROLLCALL_TEST_PASSPHRASE";
        assertEquals(PASSPHRASE, System.getenv(env), "set by the build");
        Path file = dir.resolve("acmeus_20140215.csv.pgp");
        Files.copy(FIXTURES.resolve("users.csv.rsa.pgp"), file);
        Path key = FIXTURES.resolve("rsa-secret.asc");

        CliTest.Run noKey = rollcall("plan", file.toString());
        assertEquals(Main.FILE_REFUSED, noKey.code());
        assertTrue(noKey.out().contains("is encrypted"), noKey.out());

        CliTest.Run missingEnv = rollcall("plan", file.toString(), "--secret-key", key.toString(), "--passphrase-env",
                "ROLLCALL_NO_SUCH_VARIABLE");
        assertEquals(Main.USAGE, missingEnv.code());

        CliTest.Run plan = rollcall("plan", file.toString(), "--secret-key", key.toString(), "--passphrase-env", env);
        assertEquals(Main.OK, plan.code(), plan.out() + plan.err());
        assertTrue(plan.out().contains("created"), plan.out());
        assertFalse((plan.out() + plan.err()).contains(PASSPHRASE));
        Path out = dir.resolve("plain.csv");
        CliTest.Run decrypt = rollcall("decrypt", file.toString(), "--secret-key", key.toString(), "--passphrase-env",
                env, "--out", out.toString());
        assertEquals(Main.OK, decrypt.code(), decrypt.err());
        assertEquals(Files.readString(FIXTURES.resolve("users.csv")), Files.readString(out));
    }

    @Test
    void decryptingATamperedFile_writesNothing() throws IOException {
        byte[] bytes = Files.readAllBytes(FIXTURES.resolve("users.csv.rsa.pgp"));
        bytes[bytes.length - 5] ^= 0x40;
        Path file = dir.resolve("tampered.csv.pgp");
        Files.write(file, bytes);
        Path out = dir.resolve("plain.csv");
        CliTest.Run r = rollcall("decrypt", file.toString(), "--secret-key", FIXTURES.resolve("rsa-secret.asc").toString(),
                "--passphrase-env", "ROLLCALL_TEST_PASSPHRASE", "--out", out.toString());
        assertEquals(Main.FILE_REFUSED, r.code(), r.err());
        assertTrue(r.err().contains("PGP_TAMPERED") || r.err().contains("PGP_NOT_ENCRYPTED"), r.err());
        assertFalse(Files.exists(out));
        assertFalse(Files.exists(dir.resolve("plain.csv.part")));
    }
}
