package dev.rollcall.web;

import dev.rollcall.core.InMemoryUserRepository;
import dev.rollcall.pgp.PgpDecoder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Uploads in XML and PGP-encrypted through the console, and a host's own labels. */
class UploadFormatsTest {

    /** The pgp module's GnuPG-made fixtures, and the passphrase of their keys. */
    static final Path FIXTURES = Path.of("..", "pgp", "src", "test", "resources", "fixtures");
    static final String PASSPHRASE = "rollcall-fixture-passphrase-Qx7v";

    @TempDir
    Path temp;

    InMemoryUserRepository store = new InMemoryUserRepository();
    ConsoleServer server;
    Client client;

    void start(Consumer<RollcallConsole.Builder> more) throws Exception {
        RollcallConsole.Builder b = RollcallConsole.builder().repository(store).authorizer(Authorizer.ANYONE)
                .executor(new ConsoleServer.Direct());
        more.accept(b);
        server = new ConsoleServer(b.build(), null);
        client = new Client(server.root);
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    /** Uploads, applies and returns the results page. */
    String uploadAndApply(String name, byte[] content) throws Exception {
        client.get("");
        HttpResponse<String> planned = client.upload(name, content, "csrf", client.csrf, "mode", "add-new");
        assertEquals(303, planned.statusCode(), planned.body());
        String review = Client.location(planned);
        String page = client.get(review).body();
        assertFalse(page.contains("class=\"notice error\""), page);
        HttpResponse<String> applied = client.post(review, "csrf", client.csrf, "op", "apply");
        return client.get(Client.location(client.get(Client.location(applied)))).body();
    }

    @Test
    void anXmlUpload_isPlannedAndApplied() throws Exception {
        start(b -> { });
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<users xmlns=\"https://rollcall.dev/xml/users/1\">\n"
                + "<user><username>xml1</username><email>xml1@example.com</email><firstName>Xa</firstName>"
                + "<lastName>Ml</lastName></user>\n"
                + "<user><username>xml2</username><email>xml2@example.com</email><firstName>Xb</firstName>"
                + "<lastName>Ml</lastName></user>\n</users>\n";
        String results = uploadAndApply("people.xml", xml.getBytes(StandardCharsets.UTF_8));
        assertTrue(results.contains("id=\"count-created\"><dt>Created</dt><dd>2</dd>"), results);
        assertEquals("Xb", store.findBy("username", List.of("xml2")).get("xml2").get(0).fields().get("firstName"));
    }

    @Test
    void aPgpEncryptedUpload_isDecryptedWithTheHostsKey_andApplied() throws Exception {
        PgpDecoder decoder = PgpDecoder.builder().secretKeys(FIXTURES.resolve("rsa-secret.asc"))
                .passphrase(PASSPHRASE.toCharArray()).tempDirectory(temp).build();
        start(b -> b.planner(p -> p.decoder(decoder)));
        String results = uploadAndApply("users.csv.pgp", Files.readAllBytes(FIXTURES.resolve("users.csv.rsa.pgp")));
        assertTrue(results.contains("id=\"count-created\"><dt>Created</dt><dd>3</dd>"), results);
        assertEquals("Jane", store.findBy("username", List.of("jdoe")).get("jdoe").get(0).fields().get("firstName"));
        assertFalse(results.contains(PASSPHRASE));
    }

    @Test
    void aPgpUpload_withoutADecoder_isRefusedWithTheReason() throws Exception {
        start(b -> { });
        client.get("");
        HttpResponse<String> planned = client.upload("users.csv.pgp", Files.readAllBytes(FIXTURES.resolve("users.csv.rsa.pgp")),
                "csrf", client.csrf, "mode", "add-new");
        String page = client.get(Client.location(planned)).body();
        assertFalse(page.contains("id=\"apply\""), page);
        assertTrue(page.contains("is encrypted, but no decoder is configured"), page);
        assertTrue(store.findBy("username", List.of("jdoe")).isEmpty());
    }

    @Test
    void aHostsBundle_overridesTheConsolesLabels_andTheRestStays() throws Exception {
        start(b -> b.messages("dev.rollcall.web.host.labels"));
        String page = client.get("").body();
        assertTrue(page.contains("<h1>Bulk user load</h1>"), page);
        assertTrue(page.contains(">Files to start from</a>"), page);
        assertTrue(page.contains(">Upload</a>"), "keys the host does not have come from the console's bundle");
    }
}
