package dev.rollcall.cli;

import dev.rollcall.jdbc.JdbcUserRepository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;

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

/** Issue 19: what the command says so an administrator knows what to do next. */
class CliGuidanceTest {

    @TempDir
    Path dir;

    record Run(int code, String out, String err) {
    }

    private Run rollcall(String... args) {
        List<String> all = new ArrayList<>(List.of("--store", JdbcUserRepository.embeddedUrl(dir.resolve("store"))));
        all.addAll(List.of(args));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(all.toArray(String[]::new), new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    private Path file(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    @Test
    void newUsersInactiveByDefault_isSaidOnce_andNotWhenChosen() throws IOException {
        Path users = file("users.csv", """
                username,email,firstName,lastName
                a,a@example.com,A,A
                b,b@example.com,B,B
                c,c@example.com,C,C
                """);
        Run plan = rollcall("plan", users.toString());
        assertEquals(Main.OK, plan.code(), plan.err());
        assertTrue(plan.out().contains("3 new users will be created inactive; --new-user-status active to change"), plan.out());

        Run apply = rollcall("apply", users.toString());
        assertEquals(Main.OK, apply.code(), apply.err());
        assertEquals(1, apply.out().lines().filter(l -> l.contains("inactive; --new-user-status active to change")).count(),
                apply.out());
        assertTrue(apply.out().contains("3 new users created inactive; --new-user-status active to change"), apply.out());

        Path more = file("more.csv", "username,email,firstName,lastName\nd,d@example.com,D,D\n");
        Run chosen = rollcall("apply", more.toString(), "--new-user-status", "inactive");
        assertFalse(chosen.out().contains("--new-user-status"), chosen.out());
    }

    @Test
    void extractFromAnEmptyStore_saysItIsEmpty() {
        Run r = rollcall("extract");
        assertEquals(Main.OK, r.code(), r.err());
        assertTrue(r.err().contains("The store has no users; the extract holds only the header"), r.err());
        assertTrue(r.out().startsWith("username,"), r.out());
    }

    @Test
    void theFirstRunInAFolder_saysWhereItCreatedTheEmbeddedStore() {
        Path folder = dir.resolve("rollcall-data");
        StringWriter first = new StringWriter();
        StoreOption.embedded(folder, new PrintWriter(first, true)).close();
        assertTrue(first.toString().contains("Created the embedded store in " + folder.toAbsolutePath().normalize()),
                first.toString());
        StringWriter second = new StringWriter();
        StoreOption.embedded(folder, new PrintWriter(second, true)).close();
        assertEquals("", second.toString());
    }

    @Test
    void version_isTheProjectsVersion() {
        Run r = rollcall("--version");
        assertEquals(Main.OK, r.code());
        assertTrue(r.out().strip().matches("rollcall \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?"), r.out());
    }

    @Test
    void validateHelp_showsOnlyWhatValidatingUses() {
        String help = rollcall("validate", "--help").out();
        for (String used : List.of("--mode", "--match", "--delimiter", "--encoding", "--format", "--secret-key",
                "--strict-template", "--reject-excel-damage", "--default", "--site", "--max-rows")) {
            assertTrue(help.contains(used), used);
        }
        for (String unused : List.of("--full", "--new-user-status", "--update-passwords", "--allow-deletes",
                "--stop-after-failures", "--max-deactivation", "--feed", "--empty-quotes", "--batch-size")) {
            assertFalse(help.contains(unused), unused);
        }
        assertTrue(rollcall("plan", "--help").out().contains("--new-user-status"));
    }

    @Test
    void everyOptionOfFieldsAdd_hasADescription() {
        CommandLine add = new CommandLine(new Main()).getSubcommands().get("fields").getSubcommands().get("add");
        for (ArgSpec a : add.getCommandSpec().args()) {
            String text = String.join(" ", a.description()).strip();
            assertFalse(text.isEmpty(), a.paramLabel() + " " + (a.isOption() ? ((CommandLine.Model.OptionSpec) a).longestName() : ""));
        }
    }

    @Test
    void terminalWidth_comesFromColumns() {
        assertEquals(0, UploadRun.width(null));
        assertEquals(0, UploadRun.width("wide"));
        assertEquals(72, UploadRun.width(" 72 "));
    }

    private void users() throws IOException {
        StringBuilder csv = new StringBuilder("username,email,firstName,lastName,externalId\n");
        for (int i = 1; i <= 6; i++) {
            csv.append("u").append(i).append(",u").append(i).append("@example.com,U,").append(i).append(",E").append(i).append('\n');
        }
        assertEquals(Main.OK, rollcall("apply", file("users.csv", csv.toString()).toString()).code());
    }

    @Test
    void delegates_writeAReportAndAnErrorFile_likeProfileUploads() throws Exception {
        users();
        Path file = file("d.csv", "externalId,delegate1,delegate2\nE1,E2,E3\nE4,E4,\nE5,E99,\n");
        Path report = dir.resolve("report.json");
        Path csvReport = dir.resolve("report.csv");
        Path errors = dir.resolve("d-errors.csv");
        Run apply = rollcall("delegates", "apply", file.toString(), "--report", report.toString(), "--errors", errors.toString());
        assertEquals(Main.ROWS_REJECTED, apply.code(), apply.out() + apply.err());
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(report.toFile());
        assertEquals("delegates apply", json.get("command").asText());
        assertEquals(1, json.get("summary").get("updated").asInt());
        assertEquals(2, json.get("summary").get("errors").asInt());
        assertEquals("applied", json.get("rows").get(0).get("outcome").asText());
        assertEquals("E2", json.get("rows").get(0).get("added").get(0).asText());
        assertEquals("none", json.get("rows").get(1).get("outcome").asText());
        assertEquals("SELF_DELEGATE", json.get("rows").get(1).get("messages").get(0).get("code").asText());
        try (var r = dev.rollcall.csv.CsvFormat.defaults().open(Files.newInputStream(errors))) {
            assertEquals(List.of("externalId", "delegate1", "delegate2", "errors"), r.columns());
            var self = r.next();
            assertEquals(List.of("E4", "E4"), List.of(self.value(0), self.value(1)));
            assertTrue(self.value(3).startsWith("[line 2 of this file, line 3 of the upload] "), self.value(3));
            assertTrue(self.value(3).endsWith("[SELF_DELEGATE]"), self.value(3));
            var unknown = r.next();
            assertTrue(unknown.value(3).startsWith("[line 3 of this file, line 4 of the upload] "), unknown.value(3));
            assertTrue(unknown.value(3).contains("[USER_NOT_FOUND]"), unknown.value(3));
            assertEquals(null, r.next());
        }

        Run plan = rollcall("delegates", "plan", file.toString(), "--report", csvReport.toString());
        assertTrue(Files.readString(csvReport).startsWith("line,action,outcome,user,delegates,messages\r\n"));
        assertEquals(Main.ROWS_REJECTED, plan.code());
    }

    @Test
    void delegates_massRemovalStop_printsItsCode() throws IOException {
        users();
        assertEquals(Main.OK, rollcall("delegates", "apply", file("all.csv",
                "externalId,delegate1\nE1,E2\nE3,E4\nE5,E6\n").toString()).code());
        Run stop = rollcall("delegates", "plan", file("one.csv", "externalId,delegate1\nE1,E2\n").toString());
        assertEquals(Main.THRESHOLD, stop.code(), stop.out());
        assertTrue(stop.out().contains("STOPPED: ") && stop.out().contains("[MASS_REMOVAL]"), stop.out());
    }

    @Test
    void delegates_decryptLikeProfileUploads() throws IOException {
        users();
        Path plain = file("d.csv", "externalId,delegate1\nE1,E2\n");
        Path encrypted = dir.resolve("d.csv.pgp");
        dev.rollcall.pgp.PgpEncryptor.builder().recipients(CliFormatsTest.FIXTURES.resolve("rsa-public.asc")).build()
                .encrypt(plain, encrypted);
        Run refused = rollcall("delegates", "plan", encrypted.toString());
        assertEquals(Main.FILE_REFUSED, refused.code(), refused.out() + refused.err());
        Run r = rollcall("delegates", "apply", encrypted.toString(), "--secret-key",
                CliFormatsTest.FIXTURES.resolve("rsa-secret.asc").toString(), "--passphrase-env", "ROLLCALL_TEST_PASSPHRASE");
        assertEquals(Main.OK, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("+E2"), r.out());
    }

    @Test
    void aKeyUniqueWithinASite_repeatsAcrossSites_inTheJdbcStore() throws IOException {
        assertEquals(Main.OK, rollcall("fields", "add", "badge", "--unique-within-site").code());
        assertTrue(rollcall("fields", "list").out().contains("unique within a site"));
        assertEquals(Main.OK, rollcall("sites", "add", "Canada/Ontario").code());
        assertEquals(Main.OK, rollcall("sites", "add", "Canada/Quebec").code());
        Path users = file("users.csv", """
                username,email,firstName,lastName,badge,site
                a,a@example.com,A,A,B1,Canada/Ontario
                b,b@example.com,B,B,B1,Canada/Quebec
                c,c@example.com,C,C,B1,Canada/Quebec
                """);
        Run r = rollcall("apply", users.toString());
        assertEquals(Main.ROWS_REJECTED, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("2 created"), r.out());
        assertTrue(r.out().contains("line 3 already gives this badge to another user in site Canada/Quebec [DUPLICATE_KEY]"),
                r.out());
        Path update = file("update.csv", "badge,site,department\nB1,Canada/Quebec,Legal\n");
        Run u = rollcall("apply", update.toString(), "--mode", "update-only", "--match", "badge");
        assertEquals(Main.OK, u.code(), u.out() + u.err());
        assertTrue(u.out().contains("1 updated"), u.out());
    }
}
