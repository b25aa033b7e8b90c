package dev.rollcall.web;

import dev.rollcall.core.InMemoryUserRepository;
import dev.rollcall.core.UploadMode;
import dev.rollcall.core.UploadPlan;
import dev.rollcall.csv.CsvTemplates;
import dev.rollcall.spi.Notifier;
import dev.rollcall.spi.UserRecord;
import dev.rollcall.spi.WelcomeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every page's handler, through Jetty in this process and an HTTP client. */
class ConsoleServletTest {

    static final String SEED = "username,email,firstName,lastName,department\n"
            + "jdoe,john.doe@example.com,John,Doe,Finance\n"
            + "asmith,anna.smith@example.com,Anna,Smith,Sales\n";

    static final String UPLOAD = "username,email,firstName,lastName,department,password\n"
            + "jdoe,john.doe@example.com,John,Doe,Legal,\n"
            + "asmith,anna.smith@example.com,Anna,Smith,Sales,\n"
            + "bwong,ben.wong@example.com,Ben,Wong,Engineering,S3cret-Passw0rd!x\n"
            + "zz,,Zed,<script>alert(1)</script>,,\n"
            + "cdoe,cathy@example.com,Cathy,Doe,HR,\n";

    InMemoryUserRepository store;
    List<WelcomeMessage> welcomed;
    ConsoleServer server;
    Client client;

    @BeforeEach
    void start() throws Exception {
        store = seeded();
        welcomed = new CopyOnWriteArrayList<>();
        Notifier notifier = new Notifier() {
            @Override
            public void welcome(WelcomeMessage message) {
                welcomed.add(message);
            }
        };
        server = new ConsoleServer(RollcallConsole.builder().repository(store).authorizer(Authorizer.ANYONE)
                .planner(b -> b.notifier(notifier)).executor(new ConsoleServer.Direct()).pageSize(10)
                .maxUploadBytes(1 << 20)
                .template(new ConsoleTemplate("users.csv", "text/csv", (s, w) -> CsvTemplates.template(s, true, w)))
                .build(), null);
        client = new Client(server.root);
    }

    static InMemoryUserRepository seeded() {
        InMemoryUserRepository repo = new InMemoryUserRepository();
        UploadPlan.builder().repository(repo).mode(UploadMode.ADD_UPDATE).build()
                .plan(new ByteArrayInputStream(SEED.getBytes(StandardCharsets.UTF_8)), "seed.csv").apply();
        return repo;
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    /** Uploads the file with the settings given and returns the review's address. */
    String upload(String name, String content, String... settings) throws Exception {
        client.get("");
        String[] fields = new String[settings.length + 2];
        fields[0] = "csrf";
        fields[1] = client.csrf;
        System.arraycopy(settings, 0, fields, 2, settings.length);
        HttpResponse<String> r = client.upload(name, content.getBytes(StandardCharsets.UTF_8), fields);
        assertEquals(303, r.statusCode(), r.body());
        return Client.location(r);
    }

    Matcher row(String page, String line) {
        Matcher m = Pattern.compile("<tr class=\"([^\"]*)\"(?: id=\"row-(\\d+)\")? data-line=\"" + line + "\">(.*?)</tr>",
                Pattern.DOTALL).matcher(page);
        assertTrue(m.find(), "no row for line " + line);
        return m;
    }

    @Test
    void uploadPage_hasEverySetting_theCsrfToken_andStrictHeaders() throws Exception {
        HttpResponse<String> r = client.get("");
        assertEquals(200, r.statusCode());
        String csp = r.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertTrue(csp.contains("default-src 'none'") && !csp.contains("unsafe-inline"), csp);
        assertEquals("nosniff", r.headers().firstValue("X-Content-Type-Options").orElseThrow());
        for (String field : List.of("name=\"file\"", "name=\"mode\"", "name=\"match\"", "name=\"fallback\"",
                "name=\"empty\"", "name=\"site\"", "name=\"updateType\"", "name=\"updatePasswords\"",
                "name=\"forceChange\"", "name=\"full\"", "name=\"maxDeactivation\"", "name=\"allowMass\"")) {
            assertTrue(r.body().contains(field), field);
        }
        assertTrue(client.csrf != null && client.csrf.length() >= 40);
        assertFalse(r.body().contains("<style") || r.body().contains("style=") || r.body().contains("<script>"),
                "no inline style or script");
        assertTrue(r.body().contains("<script src=\"/console/static/console.js\" defer=\"\"></script>"));
    }

    @Test
    void review_showsCounters_diffs_andRejectedRowsHighlighted_withEverythingEscaped_andNoPassword() throws Exception {
        String review = upload("users.csv", UPLOAD, "mode", "add-update");
        String page = client.get(review).body();
        assertTrue(page.contains("id=\"count-created\"><dt>Created</dt><dd>2</dd>"), page);
        assertTrue(page.contains("id=\"count-updated\"><dt>Updated</dt><dd>1</dd>"));
        assertTrue(page.contains("id=\"count-unchanged\"><dt>Unchanged</dt><dd>1</dd>"));
        assertTrue(page.contains("class=\"counter bad\" id=\"count-errors\"><dt>Errors</dt><dd>1</dd>"));
        String update = row(page, "2").group(3);
        assertTrue(update.contains("<span class=\"field\">department</span>: <span class=\"from\">Finance</span> → "
                + "<span class=\"to\">Legal</span>"), update);
        Matcher rejected = row(page, "5");
        assertTrue(rejected.group(1).contains("action-error"));
        assertTrue(rejected.group(3).contains("<li class=\"severity-error\"><code>MISSING_REQUIRED</code>"), rejected.group(3));
        assertTrue(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;") || !page.contains("alert(1)"));
        assertFalse(page.contains("<script>alert"), "escaped");
        assertFalse(page.contains("S3cret-Passw0rd!x"), "no password on the page");
        assertTrue(row(page, "4").group(3).contains("<span class=\"from\">***</span> → <span class=\"to\">***</span>"));
        // include boxes for writing rows only, welcome boxes for creates only
        assertTrue(row(page, "4").group(3).contains("name=\"welcome\""));
        assertFalse(row(page, "2").group(3).contains("name=\"welcome\""));
        assertFalse(row(page, "3").group(3).contains("name=\"include\""));
    }

    @Test
    void untickedRowIsNotWritten_tickedWelcomeIsSent_resultsCountWhatHappened() throws Exception {
        String review = upload("users.csv", UPLOAD, "mode", "add-update");
        String page = client.get(review).body();
        String bwong = row(page, "4").group(2);
        String cdoe = row(page, "6").group(2);
        String jdoe = row(page, "2").group(2);
        // untick cdoe; keep bwong and jdoe; welcome bwong
        HttpResponse<String> r = client.post(review, "csrf", client.csrf, "page", "1",
                "shown", jdoe, "shown", bwong, "shown", cdoe,
                "include", jdoe, "include", bwong, "welcome", bwong, "welcome", cdoe, "op", "apply");
        assertEquals(303, r.statusCode());
        HttpResponse<String> after = client.get(Client.location(r));
        assertEquals(303, after.statusCode(), "applied at once: on to the results");
        String results = client.get(Client.location(after)).body();
        assertTrue(results.contains("id=\"count-created\"><dt>Created</dt><dd>1</dd>"), results);
        assertTrue(results.contains("id=\"count-updated\"><dt>Updated</dt><dd>1</dd>"));
        assertTrue(results.contains("id=\"count-skipped\"><dt>Skipped</dt><dd>1</dd>"));
        assertTrue(results.contains("id=\"count-errors\"><dt>Errors</dt><dd>1</dd>"));
        assertTrue(row(results, "5").group(0).contains("failure"), "the rejected row is highlighted");
        assertTrue(row(results, "6").group(0).contains("EXCLUDED"));
        assertEquals(1, store.findBy("username", List.of("bwong")).size());
        assertTrue(store.findBy("username", List.of("cdoe")).isEmpty(), "unticked: not created");
        UserRecord j = store.findBy("username", List.of("jdoe")).get("jdoe").get(0);
        assertEquals("Legal", j.fields().get("department"));
        assertEquals(1, welcomed.size(), "one welcome, to bwong (cdoe was left out)");
        String id = review.substring(review.lastIndexOf('/') + 1);
        String errors = client.get("download/" + id + "/errors").body();
        assertTrue(errors.contains("zz,") && errors.contains("errors"), errors);
        assertFalse(errors.contains("jdoe"));
        String json = client.get("download/" + id + "/report.json").body();
        assertTrue(json.contains("\"applied\": true") || json.contains("\"applied\":true"), json);
        HttpResponse<String> csv = client.get("download/" + id + "/report.csv");
        assertTrue(csv.headers().firstValue("Content-Disposition").orElseThrow().contains("users-report.csv"));
        assertTrue(csv.body().startsWith("line,action,outcome,username,changes,messages"));
        assertFalse(json.contains("S3cret") || csv.body().contains("S3cret") || results.contains("S3cret"));
        // a second apply of the same upload is not possible
        assertEquals(303, client.post(review, "csrf", client.csrf, "op", "apply").statusCode());
        assertEquals(1, store.findBy("username", List.of("bwong")).get("bwong").size());
    }

    @Test
    void refusedFile_isExplainedWithLineColumnAndCode_andCannotBeApplied() throws Exception {
        String review = upload("bad.csv", "username,email,favouriteColour\njdoe,j@example.com,blue\n");
        String page = client.get(review).body();
        assertTrue(page.contains("id=\"refused\""), page);
        assertTrue(page.contains("<code>UNKNOWN_COLUMN</code>") || page.contains("<code>"), page);
        assertFalse(page.contains("id=\"apply\""));
        assertEquals(303, client.post(review, "csrf", client.csrf, "op", "apply").statusCode());
    }

    @Test
    void paging_filters_andSearch_workOnTheServer() throws Exception {
        StringBuilder csv = new StringBuilder("username,email,firstName,lastName\n");
        for (int i = 1; i <= 25; i++) {
            csv.append("user").append(i).append(",u").append(i).append("@example.com,U,").append(i == 7 ? "" : "N").append('\n');
        }
        String review = upload("many.csv", csv.toString(), "mode", "add-update");
        String page1 = client.get(review).body();
        assertTrue(page1.contains("Page 1 of 3"), page1);
        assertEquals(10, count(page1, "name=\"shown\""));
        String page3 = client.get(review + "?page=3").body();
        assertEquals(5, count(page3, "name=\"shown\""));
        assertTrue(page3.contains(">user25<"));
        String errors = client.get(review + "?action=error").body();
        assertEquals(1, count(errors, "name=\"shown\""));
        assertTrue(errors.contains(">user7<"));
        String search = client.get(review + "?q=USER2").body();
        assertEquals(7, count(search, "name=\"shown\""), "user2, user20 … user25");
        // paging on through the form keeps the ticks of the page left
        String first = row(page1, "2").group(2);
        HttpResponse<String> r = client.post(review, "csrf", client.csrf, "page", "1", "shown", first, "op", "page:2");
        assertEquals(303, r.statusCode());
        assertTrue(Client.location(r).endsWith("?page=2"));
        assertTrue(client.get(review).body().contains("23 changes included"), "one of 25 rows, less the rejected one, unticked");
    }

    @Test
    void postsWithoutTheCsrfToken_areRefused() throws Exception {
        client.get("");
        assertEquals(403, client.post("", "mode", "add-new").statusCode());
        assertEquals(403, client.post("review/x", "csrf", "forged", "op", "apply").statusCode());
        HttpResponse<String> r = client.upload("users.csv", UPLOAD.getBytes(StandardCharsets.UTF_8));
        assertEquals(403, r.statusCode());
        assertEquals(2, store.list(dev.rollcall.spi.UserQuery.ALL).count());
    }

    @Test
    void tooLargeUpload_isRefused() throws Exception {
        client.get("");
        byte[] big = new byte[(1 << 20) + 10];
        java.util.Arrays.fill(big, (byte) 'a');
        HttpResponse<String> r = client.upload("big.csv", big, "csrf", client.csrf);
        assertEquals(413, r.statusCode(), r.body());
        assertTrue(r.body().contains("at most 1 MB"));
    }

    @Test
    void badSettings_showTheFormAgainWithTheReason() throws Exception {
        client.get("");
        HttpResponse<String> r = client.upload("u.csv", UPLOAD.getBytes(StandardCharsets.UTF_8), "csrf", client.csrf,
                "mode", "add-update", "match", "shoeSize");
        assertEquals(400, r.statusCode());
        assertTrue(r.body().contains("These settings cannot be used"), r.body());
    }

    @Test
    void templates_areOffered_andDownloaded() throws Exception {
        String page = client.get("templates").body();
        assertTrue(page.contains("href=\"/console/templates/users.csv\""), page);
        HttpResponse<String> t = client.get("templates/users.csv");
        assertEquals(200, t.statusCode());
        assertTrue(t.body().startsWith("username,"), t.body());
        assertEquals(404, client.get("templates/other.csv").statusCode());
    }

    @Test
    void stylesheetAndScript_areServedByTheConsole() throws Exception {
        HttpResponse<String> css = client.get("static/console.css");
        assertEquals(200, css.statusCode());
        assertTrue(css.headers().firstValue("Content-Type").orElseThrow().startsWith("text/css"));
        HttpResponse<String> js = client.get("static/console.js");
        assertTrue(js.headers().firstValue("Content-Type").orElseThrow().startsWith("text/javascript"));
        assertEquals(404, client.get("static/../messages.properties").statusCode());
        assertEquals(404, client.get("nowhere").statusCode());
    }

    @Test
    void unknownReview_isNotFound_andAnotherSessionCannotSeeIt() throws Exception {
        String review = upload("users.csv", UPLOAD, "mode", "add-update");
        assertEquals(404, client.get("review/0123").statusCode());
        Client other = new Client(server.root);
        assertEquals(404, other.get(review).statusCode());
    }

    @Test
    void byDefault_onlyAnAuthenticatedUserEnters() throws Exception {
        try (ConsoleServer s = new ConsoleServer(RollcallConsole.builder().repository(store).build(), null)) {
            HttpResponse<String> r = new Client(s.root).get("");
            assertEquals(403, r.statusCode());
            assertFalse(r.body().contains("name=\"file\""));
        }
    }

    static int count(String page, String what) {
        int n = 0;
        for (int i = page.indexOf(what); i >= 0; i = page.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }
}
