package dev.rollcall.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rollcall.jdbc.JdbcUserRepository;
import dev.rollcall.spi.UserRecord;
import dev.rollcall.spi.UserStatus;
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

/** Runs the command's entry point on sample files against a fresh H2 store per test. */
class CliTest {

    @TempDir
    Path dir;

    record Run(int code, String out, String err) {
    }

    private String store() {
        return JdbcUserRepository.embeddedUrl(dir.resolve("store"));
    }

    private Run rollcall(String... args) {
        List<String> all = new ArrayList<>(List.of("--store", store()));
        all.addAll(List.of(args));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(all.toArray(String[]::new), new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    private Path file(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, content);
        return p;
    }

    private List<UserRecord> users() {
        try (JdbcUserRepository r = JdbcUserRepository.forUrl(store()).initialize()) {
            try (var s = r.list(dev.rollcall.spi.UserQuery.ALL)) {
                return s.toList();
            }
        }
    }

    private static Path sample() {
        Path p = Path.of("..", "examples", "data", "users.csv");
        assertTrue(Files.isRegularFile(p), "the bundled sample exists");
        return p;
    }

    @Test
    void apply_thenApplyAgain_reportsEveryRowUnchanged() throws IOException {
        Run first = rollcall("apply", sample().toString(), "--mode", "add-update");
        assertEquals(Main.OK, first.code(), first.err());
        assertTrue(first.out().contains("Applied users.csv: 12 rows, 12 created"), first.out());

        Path report = dir.resolve("second.json");
        Run second = rollcall("apply", sample().toString(), "--mode", "add-update", "--report", report.toString());
        assertEquals(Main.OK, second.code());
        JsonNode json = new ObjectMapper().readTree(report.toFile());
        assertEquals("apply", json.get("command").asText());
        assertEquals(12, json.get("summary").get("unchanged").asInt());
        assertEquals(0, json.get("summary").get("created").asInt());
        assertEquals(12, users().size());
    }

    @Test
    void plan_neverWrites() throws IOException {
        Run plan = rollcall("plan", sample().toString(), "--mode", "add-update", "--report", dir.resolve("p.json").toString());
        assertEquals(Main.OK, plan.code(), plan.err());
        assertTrue(plan.out().contains("12 created"));
        assertTrue(users().isEmpty(), "a dry run writes nothing");

        rollcall("apply", sample().toString(), "--mode", "add-update");
        List<UserRecord> before = users();
        Path changes = file("changes.csv", "username,department,status\njdoe,Legal,INACTIVE\nnewbie,,\n");
        Run again = rollcall("plan", changes.toString(), "--mode", "add-update");
        assertTrue(again.out().contains("deactivate"), again.out());
        assertEquals(before, users(), "planning changes nothing in the store");
        JsonNode json = new ObjectMapper().readTree(dir.resolve("p.json").toFile());
        assertFalse(json.get("applied").asBoolean());
        assertEquals("plan", json.get("command").asText());
    }

    @Test
    void rejectedRows_exitWith1_andTheErrorFileHoldsThem() throws IOException {
        Path upload = file("u.csv", "username,email,firstName,lastName\nok1,ok1@x.com,O,K\nbad,,B,D\n");
        Path errors = dir.resolve("errors.csv");
        Run r = rollcall("apply", upload.toString(), "--errors", errors.toString());
        assertEquals(Main.ROWS_REJECTED, r.code());
        assertTrue(r.out().contains("1 rejected rows written to"), r.out());
        String errorFile = Files.readString(errors);
        assertTrue(errorFile.startsWith("username,email,firstName,lastName,errors\r\nbad,,B,D,"), errorFile);
        assertEquals(1, users().size());
    }

    @Test
    void refusedFile_exitsWith2_andWritesNothing() throws IOException {
        Path upload = file("u.csv", "username,email,favourite colour\njdoe,j@x.com,blue\n");
        Path report = dir.resolve("r.json");
        Run r = rollcall("apply", upload.toString(), "--report", report.toString());
        assertEquals(Main.FILE_REFUSED, r.code());
        assertTrue(r.out().contains("unknown column \"favourite colour\""), r.out());
        JsonNode e = new ObjectMapper().readTree(report.toFile()).get("fileErrors").get(0);
        assertEquals("UNKNOWN_COLUMN", e.get("code").asText());
        assertEquals("favourite colour", e.get("column").asText());
        assertTrue(users().isEmpty());
    }

    @Test
    void fullUpload_overTheThreshold_exitsWith3_andWritesNothing() throws IOException {
        rollcall("apply", sample().toString(), "--mode", "add-update", "--feed", "hr");
        Path half = file("half.csv", "username,email\njdoe,john.doe@example.com\nasmith,anna.smith@example.com\n");
        Path report = dir.resolve("r.json");
        Run r = rollcall("apply", half.toString(), "--mode", "add-update", "--feed", "hr", "--full", "--report",
                report.toString());
        assertEquals(Main.THRESHOLD, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("STOPPED: this full upload would deactivate 9 of the 11 active users of feed hr"), r.out());
        assertTrue(users().stream().filter(u -> u.status() == UserStatus.ACTIVE).count() >= 11);
        JsonNode json = new ObjectMapper().readTree(report.toFile());
        assertEquals("MASS_DEACTIVATION", json.get("fileErrors").get(0).get("code").asText());
        long leftOut = 0;
        for (JsonNode row : json.get("rows")) {
            if (row.get("line").isNull()) {
                assertEquals("deactivate", row.get("action").asText());
                leftOut++;
            }
        }
        assertEquals(9, leftOut, "the report lists who would be deactivated, with \"line\": null");

        Run allowed = rollcall("apply", half.toString(), "--mode", "add-update", "--feed", "hr", "--full",
                "--allow-mass-deactivation");
        assertEquals(Main.OK, allowed.code(), allowed.out());
        assertEquals(2, users().stream().filter(u -> u.status() == UserStatus.ACTIVE).count());
    }

    @Test
    void usageErrors_exitWith64() {
        assertEquals(Main.USAGE, rollcall("plan").code(), "missing FILE");
        assertEquals(Main.USAGE, rollcall("plan", "x.csv", "--no-such-option").code());
        Run mode = rollcall("plan", sample().toString(), "--mode", "sideways");
        assertEquals(Main.USAGE, mode.code());
        assertTrue(mode.err().contains("unknown upload mode 'sideways'"), mode.err());
        assertEquals(Main.USAGE, rollcall("plan", sample().toString(), "--report", dir.resolve("r.pdf").toString()).code());
        assertEquals(Main.USAGE, rollcall().code(), "no command");
    }

    @Test
    void missingFile_exitsWith66() {
        Run r = rollcall("plan", dir.resolve("nope.csv").toString());
        assertEquals(Main.NO_INPUT, r.code());
        assertTrue(r.err().contains("no such file"), r.err());
    }

    @Test
    void passwordsNeverAppear_inOutputOrReports() throws IOException {
        String secret = "S3cret!Marker-42";
        Path upload = file("u.csv", "username,email,firstName,lastName,password\npw1,pw1@x.com,P,W," + secret + "\n");
        for (String suffix : List.of("json", "csv", "html")) {
            Path report = dir.resolve("r." + suffix);
            Run r = rollcall("plan", upload.toString(), "--report", report.toString());
            assertFalse(r.out().contains(secret) || r.err().contains(secret));
            assertFalse(Files.readString(report).contains(secret), suffix);
        }
        Run applied = rollcall("apply", upload.toString());
        assertFalse(applied.out().contains(secret));
        try (JdbcUserRepository r = JdbcUserRepository.forUrl(store()).initialize()) {
            assertTrue(r.verifyPassword("pw1", secret.toCharArray()));
        }
    }

    @Test
    void template_extract_andTheExtractUploadsBackUnchanged() throws IOException {
        assertEquals(Main.OK, rollcall("fields", "add", "costCenter", "--type", "text", "--alias", "Cost Centre").code());
        Run template = rollcall("template", "--example");
        assertTrue(template.out().lines().findFirst().orElseThrow().endsWith(",costCenter"), template.out());
        assertTrue(template.out().contains("jdoe@example.com"));

        rollcall("apply", sample().toString(), "--mode", "add-update");
        Path extract = dir.resolve("extract.csv");
        Run ex = rollcall("extract", "--out", extract.toString());
        assertTrue(ex.out().contains("Extracted 12 users"), ex.out());
        Run again = rollcall("plan", extract.toString(), "--mode", "add-update");
        assertEquals(Main.OK, again.code(), again.out());
        assertTrue(again.out().contains("12 rows, 12 unchanged"), again.out());
    }

    @Test
    void sitesTargetsAndFields_canBeDefined_andUploadsUseThem() throws IOException {
        assertEquals(Main.OK, rollcall("sites", "add", "Canada/Ontario/Hospital A", "Canada/Quebec").code());
        assertEquals(List.of("Canada", "Canada/Ontario", "Canada/Ontario/Hospital A", "Canada/Quebec"),
                rollcall("sites", "list").out().lines().toList());
        assertEquals(Main.OK, rollcall("targets", "add", "course", "math101", "bio200").code());
        assertEquals(Main.OK, rollcall("fields", "add", "staffNumber", "--type", "identifier", "--fixed-length", "6",
                "--unique").code());
        assertTrue(rollcall("fields", "list").out().contains("staffNumber\tidentifier\tcustom\tunique"));

        Path upload = file("u.csv", """
                username,email,firstName,lastName,site,course1,role1,staffNumber
                n1,n1@x.com,N,One,Canada/Ontario/Hospital A,math101,student,004512
                n2,n2@x.com,N,Two,Canada/Quebec,math102,,004513
                n3,n3@x.com,N,Three,Canada/Ontario,,,4514
                """);
        Run r = rollcall("apply", upload.toString(), "--site", "Canada/Ontario");
        assertEquals(Main.ROWS_REJECTED, r.code());
        assertTrue(r.out().contains("OUTSIDE_SCOPE"), r.out());
        assertTrue(r.out().contains("staffNumber"), r.out());
        assertEquals(List.of("n1"), users().stream().map(UserRecord::username).toList());
        assertEquals(1, users().get(0).memberships().size());
    }

    @Test
    void validate_checksWithoutMatching() throws IOException {
        Path upload = file("u.csv", "username,status\njdoe,gone\n");
        Run r = rollcall("validate", upload.toString(), "--mode", "add-update");
        assertEquals(Main.ROWS_REJECTED, r.code());
        assertTrue(r.out().contains("1 rows, 1 with errors"), r.out());
        assertEquals(Main.OK, rollcall("validate", sample().toString()).code());
    }

    @Test
    void delegates_planAndApply() throws IOException {
        rollcall("apply", sample().toString(), "--mode", "add-update");
        Path file = file("d.csv", "externalId,delegate1,delegate2\nHR-1001,HR-1002,HR-1003\nHR-1004,HR-1004,\n");
        Run plan = rollcall("delegates", "plan", file.toString());
        assertEquals(Main.ROWS_REJECTED, plan.code(), plan.out());
        assertTrue(plan.out().contains("+HR-1002 +HR-1003"), plan.out());
        assertTrue(plan.out().contains("SELF_DELEGATE"), plan.out());
        Run apply = rollcall("delegates", "apply", file.toString());
        assertTrue(apply.out().contains("applied"), apply.out());
        try (JdbcUserRepository r = JdbcUserRepository.forUrl(store()).initialize()) {
            UserRecord jdoe = r.findBy("username", List.of("jdoe")).get("jdoe").get(0);
            assertEquals(2, r.findDelegates(List.of(jdoe.id())).get(jdoe.id()).size());
        }
    }

    @Test
    void storeOption_worksAfterTheCommandToo() {
        StringWriter out = new StringWriter();
        int code = Main.run(new String[] {"sites", "add", "X", "--store", store()}, new PrintWriter(out),
                new PrintWriter(new StringWriter()));
        assertEquals(Main.OK, code);
        assertEquals(List.of("X"), rollcall("sites", "list").out().lines().toList());
    }

    @Test
    void savedPlan_appliesLater_andIsRefusedWhenTheStoreChanged() throws IOException {
        rollcall("apply", sample().toString(), "--mode", "add-update");
        Path changes = file("changes.csv", "username,department\njdoe,Legal\nasmith,Legal\n");
        Path saved = dir.resolve("changes.plan");
        Run plan = rollcall("plan", changes.toString(), "--mode", "add-update", "--save", saved.toString());
        assertEquals(Main.OK, plan.code(), plan.err());
        assertTrue(plan.out().contains("Plan saved to"), plan.out());

        Path saved2 = dir.resolve("again.plan");
        rollcall("plan", changes.toString(), "--mode", "add-update", "--save", saved2.toString());
        Run applied = rollcall("apply", "--plan", saved.toString());
        assertEquals(Main.OK, applied.code(), applied.out() + applied.err());
        assertTrue(applied.out().contains("2 updated"), applied.out());

        Run stale = rollcall("apply", "--plan", saved2.toString());
        assertEquals(Main.FILE_REFUSED, stale.code());
        assertTrue(stale.err().contains("STALE_PLAN"), stale.err());
        assertEquals(Main.USAGE, rollcall("apply", changes.toString(), "--plan", saved.toString()).code());
    }

    @Test
    void review_excludeLeavesLinesOut_welcomeAllListsTheNewUsers() throws IOException {
        Path upload = file("review.csv", """
                username,email,firstName,lastName
                ann,ann@example.com,Ann,Lee
                bob,bob@example.com,Bob,Hall
                cy,cy@example.com,Cy,Moss
                """);
        Run run = rollcall("apply", upload.toString(), "--exclude", "3", "--welcome", "all");
        assertEquals(Main.OK, run.code(), run.err());
        assertEquals(List.of("ann", "cy"), users().stream().map(UserRecord::username).sorted().toList());
        assertTrue(run.out().contains("Welcome message for ann <ann@example.com>"), run.out());
        assertTrue(run.out().contains("Welcome message for cy <cy@example.com>"), run.out());
        assertFalse(run.out().contains("Welcome message for bob"), "line 3 was excluded: " + run.out());

        Run none = rollcall("apply", file("more.csv", "username,email,firstName,lastName\ndee,dee@example.com,Dee,Ng\n")
                .toString());
        assertFalse(none.out().contains("Welcome message"), "no welcome messages by default: " + none.out());
        assertEquals(Main.USAGE, rollcall("plan", upload.toString(), "--welcome", "some").code());
    }
}
