package dev.rollcall.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.StringWriter;
import java.util.List;

import static dev.rollcall.core.TestUploads.plan;
import static dev.rollcall.core.TestUploads.store;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The JSON report is a contract scripts parse: its shape is tested with a real parser. */
class ReportsTest {

    private static final String PASSWORD = "Pa55!word-marker";

    private UploadPlan samplePlan(InMemoryUserRepository repo) {
        repo.addTargets("cohort", "nurses");
        return plan(UploadPlan.builder().repository(repo).mode(UploadMode.ADD_UPDATE).build(), """
                username,email,firstName,lastName,department,password,cohort1
                jdoe,john.doe@example.com,John,Doe,"Legal ""NY""\tdesk",,nurses
                bwong,ben@example.com,Ben,Wong,Ops,%s,
                zz,,,,,,
                asmith,anna@example.com,Anna,Smith,Sales,,
                """.formatted(PASSWORD));
    }

    @Test
    void planReport_followsTheContract() throws Exception {
        InMemoryUserRepository repo = store("""
                username,email,firstName,lastName,department
                jdoe,john.doe@example.com,John,Doe,Finance
                asmith,anna@example.com,Anna,Smith,Sales
                """);
        StringWriter out = new StringWriter();
        Reports.json(samplePlan(repo), out);
        assertFalse(out.toString().contains(PASSWORD));
        JsonNode r = new ObjectMapper().readTree(out.toString());

        assertEquals("upload.csv", r.get("file").asText());
        assertEquals("plan", r.get("command").asText());
        assertEquals("add-update", r.get("mode").asText());
        assertFalse(r.get("applied").asBoolean());
        JsonNode s = r.get("summary");
        for (String key : List.of("rows", "created", "updated", "renamed", "activated", "deactivated", "deleted",
                "unchanged", "skipped", "errors", "weakPasswords")) {
            assertTrue(s.has(key), "summary." + key);
        }
        assertEquals(4, s.get("rows").asInt());
        assertEquals(1, s.get("created").asInt());
        assertEquals(1, s.get("updated").asInt());
        assertEquals(1, s.get("unchanged").asInt());
        assertEquals(1, s.get("errors").asInt());
        assertEquals(0, r.get("fileErrors").size());

        JsonNode update = r.get("rows").get(0);
        assertEquals(2, update.get("line").asInt());
        assertEquals("update", update.get("action").asText());
        assertEquals("jdoe", update.get("username").asText());
        assertEquals("Finance", update.get("changes").get("department").get("from").asText());
        assertEquals("Legal \"NY\"\tdesk", update.get("changes").get("department").get("to").asText());
        assertEquals("cohort", update.get("memberships").get("add").get(0).get("kind").asText());
        assertFalse(update.has("outcome"));

        JsonNode create = r.get("rows").get(1);
        assertEquals("create", create.get("action").asText());
        assertTrue(create.get("changes").get("email").get("from").isNull());
        assertEquals("***", create.get("changes").get("password").get("from").asText());
        assertEquals("***", create.get("changes").get("password").get("to").asText());
        JsonNode password = create.get("password");
        assertTrue(password.get("set").asBoolean());
        assertFalse(password.get("generated").asBoolean());
        assertEquals(r.get("summary").get("weakPasswords").asInt() > 0, password.get("weak").asBoolean());
        assertFalse(password.get("forceChange").asBoolean(), "by default no one is made to change a password");
        assertFalse(update.has("password"), "a row that leaves the password alone says nothing about it");
        assertFalse(create.has("welcome"), "welcome messages are off by default");

        JsonNode error = r.get("rows").get(2);
        assertEquals("error", error.get("action").asText());
        JsonNode m = error.get("messages").get(0);
        assertEquals("error", m.get("severity").asText());
        assertEquals("MISSING_REQUIRED", m.get("code").asText());
        assertEquals("email", m.get("field").asText());
    }

    @Test
    void refusedFile_reportsItsFileErrors() throws Exception {
        InMemoryUserRepository repo = store("username\njdoe\n");
        StringWriter out = new StringWriter();
        Reports.json(plan(UploadPlan.builder().repository(repo).build(), "username,foo\njdoe,x\n"), out);
        JsonNode e = new ObjectMapper().readTree(out.toString()).get("fileErrors").get(0);
        assertEquals("UNKNOWN_COLUMN", e.get("code").asText());
        assertEquals("foo", e.get("column").asText());
        assertEquals(1, e.get("line").asInt());
        assertTrue(e.get("message").asText().contains("foo"));
    }

    @Test
    void applyReport_addsOutcomes() throws Exception {
        InMemoryUserRepository repo = store("username,email,firstName,lastName\njdoe,john.doe@example.com,John,Doe\n");
        UploadPlan plan = samplePlan(repo);
        UploadResult result = plan.apply();
        StringWriter out = new StringWriter();
        Reports.json(plan, result, out);
        JsonNode r = new ObjectMapper().readTree(out.toString());
        assertEquals("apply", r.get("command").asText());
        assertTrue(r.get("applied").asBoolean());
        assertEquals("applied", r.get("rows").get(0).get("outcome").asText());
        assertEquals("none", r.get("rows").get(2).get("outcome").asText());
        assertEquals(result.summary().created(), r.get("summary").get("created").asLong());
    }

    @Test
    void csvAndHtmlReports_useTheJsonReportsOutcomeWords() throws Exception {
        InMemoryUserRepository repo = store("username,email,firstName,lastName\njdoe,john.doe@example.com,John,Doe\n");
        UploadPlan plan = samplePlan(repo);
        UploadResult result = plan.apply();
        StringWriter json = new StringWriter();
        StringWriter csv = new StringWriter();
        StringWriter html = new StringWriter();
        Reports.json(plan, result, json);
        Reports.csv(plan, result, csv);
        Reports.html(plan, result, html);
        JsonNode rows = new ObjectMapper().readTree(json.toString()).get("rows");
        String[] csvLines = csv.toString().split("\r\n");
        for (int i = 0; i < rows.size(); i++) {
            String outcome = rows.get(i).get("outcome").asText();
            assertEquals(outcome, csvLines[i + 1].split(",")[2], csvLines[i + 1]);
            assertTrue(html.toString().contains("<td>" + outcome + "</td>"), outcome);
        }
        assertTrue(csv.toString().contains(",error,none,"), csv.toString());
        assertFalse(csv.toString().contains("no-write") || html.toString().contains("no-write"));
    }

    @Test
    void csvReport_hasOneLinePerRow_andNoPassword() {
        InMemoryUserRepository repo = store("username,email,firstName,lastName\njdoe,john.doe@example.com,John,Doe\n");
        StringWriter out = new StringWriter();
        Reports.csv(samplePlan(repo), null, out);
        String csv = out.toString();
        assertFalse(csv.contains(PASSWORD));
        assertTrue(csv.startsWith("line,action,outcome,username,changes,messages\r\n"));
        assertEquals(5, csv.split("\r\n").length);
        assertTrue(csv.contains("password=***"));
    }

    @Test
    void htmlReport_escapesEveryValue() {
        InMemoryUserRepository repo = store("username,email,firstName,lastName\njdoe,john.doe@example.com,John,Doe\n");
        UploadPlan plan = plan(UploadPlan.builder().repository(repo).mode(UploadMode.ADD_UPDATE).build(),
                "username,department\njdoe,<script>alert(1)</script>\n");
        StringWriter out = new StringWriter();
        Reports.html(plan, null, out);
        assertFalse(out.toString().contains("<script>"), out.toString());
        assertTrue(out.toString().contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    }

    @Test
    void planTable_withALimit_hidesUnchangedRowsAndSaysSo() {
        StringBuilder csv = new StringBuilder("username,email,firstName,lastName\n");
        StringBuilder upload = new StringBuilder("username,department\n");
        for (int i = 0; i < 30; i++) {
            csv.append("u").append(i).append(",u").append(i).append("@x.com,U,N\n");
            upload.append("u").append(i).append(i % 10 == 0 ? ",Ops\n" : ",\n");
        }
        UploadPlan plan = plan(UploadPlan.builder().repository(store(csv.toString())).mode(UploadMode.ADD_UPDATE).build(),
                upload.toString());
        String table = PlanTable.render(plan, 10);
        assertEquals(3, table.lines().filter(l -> l.contains(" update ")).count());
        assertTrue(table.contains("(27 more rows not shown, 27 of them unchanged"), table);
    }

    @Test
    void planTable_fitsTheTerminalWidth() {
        InMemoryUserRepository repo = store("username,email,firstName,lastName\njdoe,john.doe@example.com,John,Doe\n");
        UploadPlan plan = plan(UploadPlan.builder().repository(repo).mode(UploadMode.ADD_UPDATE).build(), """
                username,department,jobTitle,email
                jdoe,A department with a rather long name,Principal engineer of very long titles,jd@example.com
                a.user.with.a.very.long.username.indeed,Ops,Clerk,
                """);
        for (int width : new int[] {60, 80, 120}) {
            String table = PlanTable.render(plan, 200, width);
            table.lines().forEach(l -> assertTrue(l.length() <= width, width + ": " + l));
            assertTrue(table.contains("MISSING_REQUIRED"), table);
            assertTrue(table.contains("..."), table);
        }
        assertTrue(PlanTable.render(plan, 200, 0).lines().anyMatch(l -> l.length() > 120),
                "without a width the table is as wide as before");
    }

    @Test
    void planTable_ofAPlanThatChangesNothing_isOneLine() {
        InMemoryUserRepository repo = store("username,email,firstName,lastName\njdoe,jd@example.com,John,Doe\nasmith,as@example.com,A,S\n");
        UploadPlan plan = plan(UploadPlan.builder().repository(repo).mode(UploadMode.ADD_UPDATE).build(),
                "username,firstName\njdoe,John\nasmith,A\n");
        assertEquals("Plan for upload.csv (add-update): 2 rows, 2 unchanged; nothing to change\n",
                PlanTable.render(plan, 1, 80));
        assertEquals(1, PlanTable.render(plan).lines().count());
    }
}
