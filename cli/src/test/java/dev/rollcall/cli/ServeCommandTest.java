package dev.rollcall.cli;

import dev.rollcall.jdbc.JdbcUserRepository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** rollcall serve: the console on 127.0.0.1 over the store, behind the token it prints. */
class ServeCommandTest {

    @TempDir
    Path dir;

    @Test
    void serve_bindsLocally_printsATokenAddress_andLetsInOnlyThatToken() throws Exception {
        PipedInputStream pipe = new PipedInputStream();
        PrintWriter out = new PrintWriter(new PipedOutputStream(pipe), true, StandardCharsets.UTF_8);
        AtomicInteger code = new AtomicInteger(-1);
        StringWriter err = new StringWriter();
        Thread serve = new Thread(() -> code.set(Main.run(new String[] {"--store",
                JdbcUserRepository.embeddedUrl(dir.resolve("store")), "serve", "--port", "0"}, out,
                new PrintWriter(err))));
        serve.start();
        try {
            BufferedReader lines = new BufferedReader(new InputStreamReader(pipe, StandardCharsets.UTF_8));
            String first = lines.readLine();
            assertTrue(first.startsWith("Rollcall console on 127.0.0.1:"), first);
            String address = lines.readLine().strip();
            assertTrue(address.matches("http://127\\.0\\.0\\.1:\\d+/\\?token=[A-Za-z0-9_-]{43}"), address);
            URI url = URI.create(address);
            HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager())
                    .followRedirects(HttpClient.Redirect.NORMAL).build();
            URI root = url.resolve("/");
            assertEquals(401, http.send(HttpRequest.newBuilder(root).build(), HttpResponse.BodyHandlers.ofString()).statusCode());
            assertEquals(403, http.send(HttpRequest.newBuilder(url.resolve("/?token=nope")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode());
            HttpResponse<String> in = http.send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, in.statusCode());
            assertEquals(root, in.uri(), "sent on without the token");
            assertTrue(in.body().contains("name=\"file\""), in.body());
            assertTrue(in.body().contains("href=\"/jobs\""), "the jobs pages are there: the store holds jobs");
            HttpResponse<String> template = http.send(HttpRequest.newBuilder(url.resolve("/templates/users.xsd")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertTrue(template.body().contains("<xs:schema"), template.body());

            // a job added on the console's form is read as rollcall jobs add reads one, with the same base folder
            String form = http.send(HttpRequest.newBuilder(url.resolve("/jobs/add")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            java.util.regex.Matcher csrf = java.util.regex.Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(form);
            assertTrue(csrf.find(), form);
            HttpResponse<String> added = http.send(HttpRequest.newBuilder(url.resolve("/jobs/add"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("csrf=" + csrf.group(1) + "&name=feed&source=folder&path=in"
                            + "&schedule=daily&start=2026-12-01&time=02%3A30&zone=UTC&ends=none")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertTrue(added.body().contains("id=\"job-feed\""), added.body());
        } finally {
            serve.interrupt();
            serve.join();
        }
        assertEquals(0, code.get());
        assertEquals("", err.toString(), "no warning on 127.0.0.1");
        try (JdbcUserRepository users = JdbcUserRepository.forUrl(JdbcUserRepository.embeddedUrl(dir.resolve("store")))
                .initialize()) {
            assertEquals(Path.of("").toAbsolutePath().toString(), dev.rollcall.jobs.JdbcJobStore.create(users.dataSource())
                    .find("feed").orElseThrow().definition().settings().get("base"));
        }
    }

    @Test
    void serve_onAnotherAddress_listensThere_andWarnsThatOtherMachinesCanReachIt() throws Exception {
        PipedInputStream outPipe = new PipedInputStream();
        PipedInputStream errPipe = new PipedInputStream();
        PrintWriter out = new PrintWriter(new PipedOutputStream(outPipe), true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(new PipedOutputStream(errPipe), true, StandardCharsets.UTF_8);
        AtomicInteger code = new AtomicInteger(-1);
        Thread serve = new Thread(() -> code.set(Main.run(new String[] {"--store",
                JdbcUserRepository.embeddedUrl(dir.resolve("store")), "serve", "--port", "0", "--bind", "0.0.0.0"}, out, err)));
        serve.start();
        try {
            BufferedReader lines = new BufferedReader(new InputStreamReader(outPipe, StandardCharsets.UTF_8));
            String first = lines.readLine();
            assertTrue(first.startsWith("Rollcall console on 0.0.0.0:"), first);
            String address = lines.readLine().strip();
            assertTrue(address.matches("http://127\\.0\\.0\\.1:\\d+/\\?token=[A-Za-z0-9_-]{43}"), address);
            assertTrue(errPipe.available() > 0, "the warning comes before the address");
            String warning = new BufferedReader(new InputStreamReader(errPipe, StandardCharsets.UTF_8)).readLine();
            assertEquals("warning: listening on 0.0.0.0: other machines can reach the console (HTTP, not encrypted); "
                    + "only the token keeps them out", warning);
            HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager())
                    .followRedirects(HttpClient.Redirect.NORMAL).build();
            HttpResponse<String> in = http.send(HttpRequest.newBuilder(URI.create(address)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, in.statusCode(), "reachable on every address, this machine's loopback included");
        } finally {
            serve.interrupt();
            serve.join();
        }
        assertEquals(0, code.get());
    }

    @Test
    void loopbackAddresses_areTold_fromOthers() {
        for (String local : new String[] {"127.0.0.1", "127.0.0.2", "::1", "localhost", "[::1]"}) {
            assertTrue(ServeCommand.loopback(local), local);
        }
        for (String other : new String[] {"0.0.0.0", "::", "192.0.2.10"}) {
            assertTrue(!ServeCommand.loopback(other), other);
        }
    }
}
