package dev.rollcall.web;

import dev.rollcall.core.InMemoryUserRepository;
import dev.rollcall.jobs.FileSources;
import dev.rollcall.jobs.HistoryEntry;
import dev.rollcall.jobs.InMemoryJobStore;
import dev.rollcall.jobs.Job;
import dev.rollcall.jobs.JobDefinition;
import dev.rollcall.jobs.JobState;
import dev.rollcall.jobs.LoadType;
import dev.rollcall.jobs.Schedule;
import dev.rollcall.jobs.StoredJob;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The jobs pages and the job history of uploads applied in the console, through Jetty in this process. */
class JobsPagesTest {

    /** A reader for a few of the keys of a jobs file (the command line's reads them all). */
    static final JobsConsole.Reader READER = (name, s) -> {
        if (!s.containsKey("path")) {
            throw new IllegalArgumentException("job " + name + ": path is needed");
        }
        Job.Builder b = Job.builder(name).source(FileSources.folder(Path.of(s.get("base")).resolve(s.get("path"))));
        Optional.ofNullable(s.get("description")).ifPresent(b::description);
        Optional.ofNullable(s.get("email")).ifPresent(b::completionEmail);
        Optional.ofNullable(s.get("load")).map(LoadType::parse).ifPresent(b::loadType);
        if ("weekly".equals(s.get("schedule"))) {
            Schedule.Builder w = Schedule.weekly().starting(LocalDate.parse(s.get("start"))).at(LocalTime.parse(s.get("time")))
                    .zone(ZoneOffset.UTC);
            List<DayOfWeek> days = new ArrayList<>();
            for (String d : s.get("days").split(",")) {
                days.add(List.of(DayOfWeek.values()).stream().filter(w1 -> w1.name().startsWith(d)).findFirst().orElseThrow());
            }
            w.on(days.toArray(DayOfWeek[]::new));
            Optional.ofNullable(s.get("occurrences")).map(Long::parseLong).ifPresent(w::occurrences);
            Optional.ofNullable(s.get("end")).map(LocalDate::parse).ifPresent(w::through);
            b.schedule(w.build());
        }
        return b.build();
    };

    InMemoryJobStore jobs = new InMemoryJobStore();
    InMemoryUserRepository store = ConsoleServletTest.seeded();
    ConsoleServer server;
    Client client;

    void start(Filter filter) throws Exception {
        server = new ConsoleServer(RollcallConsole.builder().repository(store).authorizer(Authorizer.ANYONE)
                .executor(new ConsoleServer.Direct())
                .jobs(new JobsConsole(jobs, READER, Map.of("base", "/srv/feeds")))
                .build(), filter);
        client = new Client(server.root);
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    HttpResponse<String> post(String path, String... fields) throws Exception {
        client.get("jobs/add");
        String[] all = new String[fields.length + 2];
        all[0] = "csrf";
        all[1] = client.csrf;
        System.arraycopy(fields, 0, all, 2, fields.length);
        return client.post(path, all);
    }

    static final String[] WEEKLY = {"name", "hr-weekly", "description", "HR <feed>", "email", "hr@example.com",
        "source", "folder", "path", "hr", "format", "", "load", "users", "new-users", "ignore", "empty-quotes", "erase",
        "deactivate-missing", "on", "schedule", "weekly", "start", "2026-12-07", "time", "02:30", "zone", "",
        "days", "MON", "days", "THU", "ends", "count", "end", "2027-01-01", "occurrences", "10"};

    @Test
    void addingOnTheForm_savesTheSettingsWithTheBase_andListsTheJob() throws Exception {
        start(null);
        HttpResponse<String> form = client.get("jobs/add");
        assertEquals(200, form.statusCode());
        for (String field : List.of("name=\"schedule\"", "value=\"bi-weekly\"", "value=\"periodic\"", "value=\"monthly\"",
                "name=\"days\"", "name=\"ends\"", "name=\"end\"", "name=\"occurrences\"", "name=\"description\"",
                "name=\"email\"", "name=\"source\"", "name=\"format\"", "name=\"load\"", "name=\"new-users\"",
                "name=\"empty-quotes\"", "name=\"deactivate-missing\"", "name=\"allow-over-threshold\"", "name=\"csrf\"")) {
            assertTrue(form.body().contains(field), field);
        }
        HttpResponse<String> saved = post("jobs/add", WEEKLY);
        assertEquals(303, saved.statusCode(), saved.body());
        assertEquals("/console/jobs", Client.location(saved));

        StoredJob job = jobs.find("hr-weekly").orElseThrow();
        assertEquals(JobState.ACTIVE, job.state());
        assertEquals(Map.ofEntries(Map.entry("base", "/srv/feeds"), Map.entry("description", "HR <feed>"),
                Map.entry("email", "hr@example.com"), Map.entry("source", "folder"), Map.entry("path", "hr"),
                Map.entry("load", "users"), Map.entry("new-users", "ignore"), Map.entry("empty-quotes", "erase"),
                Map.entry("deactivate-missing", "true"), Map.entry("schedule", "weekly"), Map.entry("start", "2026-12-07"),
                Map.entry("time", "02:30"), Map.entry("days", "MON,THU"), Map.entry("occurrences", "10")),
                job.definition().settings(), "the end date is left out: the end is a number of occurrences");
        assertTrue(job.definition().schedule().contains("10"), job.definition().schedule());

        String list = client.get("jobs").body();
        assertTrue(list.contains("<tr id=\"job-hr-weekly\"><td><a href=\"/console/jobs/edit/hr-weekly\">hr-weekly</a></td>"
                + "<td>user profiles</td><td class=\"state-active\">active</td>"), list);
        assertTrue(list.contains("id=\"disable-hr-weekly\""), list);
    }

    @Test
    void aWrongForm_isShownAgainWithTheReason_andNothingSaved_andANameTakenIsRefused() throws Exception {
        start(null);
        HttpResponse<String> r = post("jobs/add", "name", "feed", "source", "folder", "description", "<b>x</b>");
        assertEquals(400, r.statusCode());
        assertTrue(r.body().contains("job feed: path is needed"), r.body());
        assertTrue(r.body().contains("value=\"&lt;b&gt;x&lt;/b&gt;\""), "the form keeps what was typed, escaped");
        assertTrue(jobs.list().isEmpty());

        assertEquals(400, post("jobs/add", "name", "bad name!", "source", "folder", "path", "x").statusCode());
        assertTrue(jobs.list().isEmpty());

        assertEquals(303, post("jobs/add", "name", "feed", "source", "folder", "path", "x").statusCode());
        HttpResponse<String> again = post("jobs/add", "name", "feed", "source", "folder", "path", "y");
        assertEquals(400, again.statusCode());
        assertTrue(again.body().contains("A job named feed exists already"), again.body());
        assertEquals("x", jobs.find("feed").orElseThrow().definition().settings().get("path"));
    }

    @Test
    void editing_showsTheStoredSettings_changesThem_andKeepsSettingsTheFormDoesNotHave() throws Exception {
        jobs.save(new JobDefinition("feed", "old", Optional.empty(), LoadType.USERS, "every minute",
                Map.of("base", "/data", "source", "folder", "path", "in", "match", "email", "description", "old")), Instant.now());
        start(null);
        String form = client.get("jobs/edit/feed").body();
        assertTrue(form.contains("name=\"description\" id=\"description\" value=\"old\""), form);
        assertFalse(form.contains("name=\"name\""), "the name is not edited");

        HttpResponse<String> r = post("jobs/edit/feed", "source", "folder", "path", "elsewhere", "description", "new",
                "load", "delegates", "new-users", "allow", "empty-quotes", "ignore", "ends", "none");
        assertEquals(303, r.statusCode(), r.body());
        StoredJob job = jobs.find("feed").orElseThrow();
        assertEquals(Map.of("base", "/data", "source", "folder", "path", "elsewhere", "match", "email",
                "description", "new", "load", "delegates"), job.definition().settings(),
                "match and base kept; user-profile options dropped for a delegates job");
        assertEquals(LoadType.DELEGATES, job.definition().loadType());

        assertEquals(404, client.get("jobs/edit/nope").statusCode());
    }

    @Test
    void disable_enable_delete_arePostsWithTheCsrfToken() throws Exception {
        jobs.save(new JobDefinition("feed", "", Optional.empty(), LoadType.USERS, "every minute", Map.of()), Instant.now());
        start(null);
        assertEquals(403, client.post("jobs/disable/feed").statusCode(), "no CSRF token");
        assertEquals(JobState.ACTIVE, jobs.find("feed").orElseThrow().state());
        assertEquals(404, client.get("jobs/disable/feed").statusCode(), "not by GET");

        assertEquals(303, post("jobs/disable/feed").statusCode());
        assertEquals(JobState.DISABLED, jobs.find("feed").orElseThrow().state());
        String list = client.get("jobs?state=disabled").body();
        assertTrue(list.contains("<td class=\"state-disabled\">disabled</td>"), list);
        assertTrue(list.contains("id=\"enable-feed\""), list);
        assertFalse(client.get("jobs?state=active").body().contains("job-feed"));

        assertEquals(303, post("jobs/enable/feed").statusCode());
        assertEquals(JobState.ACTIVE, jobs.find("feed").orElseThrow().state());

        assertEquals(303, post("jobs/delete/feed").statusCode());
        assertEquals(JobState.CANCELLED, jobs.find("feed").orElseThrow().state(), "deleted: cancelled, history kept");
        assertEquals(409, post("jobs/enable/feed").statusCode(), "a cancelled job is saved again, not enabled");
        assertEquals(404, post("jobs/delete/nope").statusCode());
    }

    @Test
    void anUploadAppliedInTheConsole_isInTheHistory_withTheUsersName_andTheFilesDigest() throws Exception {
        start(new Filter() {
            @Override
            public void doFilter(jakarta.servlet.ServletRequest req, jakarta.servlet.ServletResponse res,
                                 jakarta.servlet.FilterChain chain) throws java.io.IOException, jakarta.servlet.ServletException {
                chain.doFilter(new HttpServletRequestWrapper((HttpServletRequest) req) {
                    @Override
                    public java.security.Principal getUserPrincipal() {
                        return () -> "alice";
                    }
                }, res);
            }
        });
        client.get("");
        String upload = "username,email,firstName,lastName\nnew1,new1@example.com,New,One\n";
        HttpResponse<String> planned = client.upload("people.csv", upload.getBytes(StandardCharsets.UTF_8),
                "csrf", client.csrf, "mode", "add-update");
        String review = Client.location(planned);
        client.get(review);
        assertEquals(303, client.post(review, "csrf", client.csrf, "op", "apply").statusCode());

        List<HistoryEntry> history = jobs.history(Optional.empty(), 10);
        assertEquals(1, history.size());
        HistoryEntry e = history.get(0);
        assertEquals(HistoryEntry.Kind.MANUAL, e.kind());
        assertEquals("alice", e.by());
        assertEquals(JobsPages.MANUAL_LABEL, e.run().job());
        assertEquals("people.csv", e.run().files().get(0).file());
        assertEquals(upload.length(), e.run().files().get(0).size());
        assertEquals(java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(upload.getBytes(StandardCharsets.UTF_8))), e.run().files().get(0).sha256());
        assertEquals(1, e.run().files().get(0).summary().created());

        String page = client.get("jobs/history").body();
        assertTrue(page.contains("<td>rollcall console (applied by hand)</td><td>alice</td><td>processed</td>"), page);
        assertTrue(page.contains("people.csv: applied"), page);
    }

    @Test
    void aJobsHistory_listsItsRuns_only() throws Exception {
        jobs.save(new JobDefinition("feed", "", Optional.empty(), LoadType.USERS, "every minute", Map.of()), Instant.now());
        Instant t = Instant.parse("2026-12-01T02:30:00Z");
        jobs.recordManual(new dev.rollcall.jobs.RunRecord("rollcall apply", t, t, t,
                dev.rollcall.jobs.RunRecord.Outcome.NOTHING_NEW, List.of(), List.of()), "bob");
        start(null);
        String none = client.get("jobs/history/feed").body();
        assertTrue(none.contains("No runs yet."), none);
        assertFalse(none.contains("bob"), none);
        assertTrue(client.get("jobs/history").body().contains("<td>bob</td>"));
    }
}
