package dev.rollcall.xml;

import dev.rollcall.spi.Codes;
import dev.rollcall.spi.FieldDefinition;
import dev.rollcall.spi.FieldSchema;
import dev.rollcall.spi.Problem;
import dev.rollcall.spi.RowReader;
import dev.rollcall.spi.StandardFields;
import dev.rollcall.spi.UploadFileException;
import dev.rollcall.spi.UploadFormat;
import dev.rollcall.spi.UploadRow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Hostile XML: external entities, external DTDs, parameter entities, entity expansion, and
 * secrets in broken files. Every attack is refused before anything it names is read, with a
 * clear error, quickly, whatever the JAXB/JAXP system properties say.
 */
class XmlHostileInputTest {

    private static final String NS = XmlFormat.NAMESPACE;

    @TempDir
    Path dir;

    @Test
    void xxe_localFile_isRefusedAndItsContentAppearsNowhere() throws IOException {
        String marker = "SECRET-" + UUID.randomUUID();
        Path secret = Files.writeString(dir.resolve("secret.txt"), marker);
        String doc = "<?xml version=\"1.0\"?>\n<!DOCTYPE users [<!ENTITY xxe SYSTEM \"" + secret.toUri() + "\">]>\n"
                + "<users xmlns=\"" + NS + "\"><user><username>&xxe;</username><email>&xxe;</email></user></users>\n";
        Outcome o = read(XmlFormat.defaults(), doc);
        assertEquals(Codes.XML_DTD_FORBIDDEN, o.failure.code());
        assertEquals(2, o.failure.line());
        assertEquals(1, o.failure.column());
        assertTrue(o.failure.getMessage().contains("DOCTYPE"), o.failure.getMessage());
        assertTrue(o.rows.isEmpty());
        assertFalse(o.everything().contains(marker), "the file's content leaked: " + o.everything());
    }

    @Test
    void xxe_inDelegateFile_isRefusedToo() throws IOException {
        String marker = "SECRET-" + UUID.randomUUID();
        Path secret = Files.writeString(dir.resolve("secret.txt"), marker);
        String doc = "<!DOCTYPE delegates [<!ENTITY xxe SYSTEM \"" + secret.toUri() + "\">]>\n<delegates xmlns=\""
                + XmlDelegateFormat.NAMESPACE + "\"><user externalId=\"&xxe;\"><delegate>&xxe;</delegate></user></delegates>";
        Outcome o = read(XmlDelegateFormat.defaults(), doc);
        assertEquals(Codes.XML_DTD_FORBIDDEN, o.failure.code());
        assertEquals(1, o.failure.line());
        assertFalse(o.everything().contains(marker));
    }

    @Test
    void xxe_entityWithoutDoctype_isUndeclaredAndNeverResolved() throws IOException {
        Outcome o = read(XmlFormat.defaults(), "<users xmlns=\"" + NS + "\"><user><username>&xxe;</username></user></users>");
        assertEquals(Codes.MALFORMED_FILE, o.failure.code());
        assertEquals(1, o.failure.line());
        assertTrue(o.failure.column() > 0);
    }

    @Test
    void externalDtd_fileUrl_isRefusedAndNotLoaded() throws IOException {
        String marker = "LOADED-" + UUID.randomUUID();
        Path dtd = Files.writeString(dir.resolve("evil.dtd"), "<!ENTITY defined \"" + marker + "\">\n");
        String doc = "<?xml version=\"1.0\"?>\n<!DOCTYPE users SYSTEM \"" + dtd.toUri() + "\">\n<users xmlns=\"" + NS
                + "\"><user><username>&defined;</username></user></users>\n";
        Outcome o = read(XmlFormat.defaults(), doc);
        assertEquals(Codes.XML_DTD_FORBIDDEN, o.failure.code());
        assertEquals(2, o.failure.line());
        assertFalse(o.everything().contains(marker));
    }

    /**
     * The strongest proof that nothing is even opened: the external DTD and the entity are
     * named pipes. Opening a pipe for reading blocks until someone writes to it, so a parser that
     * tried to load either would hang here until the timeout fails the test.
     */
    @Test
    void externalDtdAndEntity_pointingAtPipes_areNeverOpened() throws Exception {
        Path dtdPipe = dir.resolve("dtd.pipe");
        Path entityPipe = dir.resolve("entity.pipe");
        assumeTrue(mkfifo(dtdPipe) && mkfifo(entityPipe), "mkfifo is not available here");
        String doc = "<!DOCTYPE users SYSTEM \"" + dtdPipe.toUri() + "\" [<!ENTITY e SYSTEM \"" + entityPipe.toUri()
                + "\">]>\n<users xmlns=\"" + NS + "\"><user><username>&e;</username></user></users>";
        Outcome o = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> read(XmlFormat.defaults(), doc));
        assertEquals(Codes.XML_DTD_FORBIDDEN, o.failure.code());
    }

    @Test
    void billionLaughs_isRefusedAtOnce() {
        StringBuilder doc = new StringBuilder("<?xml version=\"1.0\"?>\n<!DOCTYPE users [\n <!ENTITY lol \"lol\">\n");
        String previous = "lol";
        for (int i = 1; i <= 12; i++) {
            doc.append(" <!ENTITY lol").append(i).append(" \"").append(("&" + previous + ";").repeat(10)).append("\">\n");
            previous = "lol" + i;
        }
        doc.append("]>\n<users xmlns=\"").append(NS).append("\"><user><username>&lol12;</username></user></users>\n");
        Outcome o = assertTimeoutPreemptively(Duration.ofSeconds(2), () -> read(XmlFormat.defaults(), doc.toString()));
        assertEquals(Codes.XML_DTD_FORBIDDEN, o.failure.code());
        assertEquals(2, o.failure.line());
        assertFalse(o.everything().contains("lollollol"));
    }

    @Test
    void quadraticBlowup_isRefusedAtOnce() {
        String big = "x".repeat(50_000);
        String doc = "<!DOCTYPE users [<!ENTITY a \"" + big + "\">]>\n<users xmlns=\"" + NS + "\"><user><username>"
                + "&a;".repeat(20_000) + "</username></user></users>";
        Outcome o = assertTimeoutPreemptively(Duration.ofSeconds(2), () -> read(XmlFormat.defaults(), doc));
        assertEquals(Codes.XML_DTD_FORBIDDEN, o.failure.code());
    }

    @Test
    void parameterEntities_outOfBandTrick_isRefused() throws IOException {
        String marker = "SECRET-" + UUID.randomUUID();
        Path secret = Files.writeString(dir.resolve("secret.txt"), marker);
        String doc = "<?xml version=\"1.0\"?>\n<!DOCTYPE users [\n  <!ENTITY % file SYSTEM \"" + secret.toUri() + "\">\n"
                + "  <!ENTITY % eval \"<!ENTITY &#x25; exfil SYSTEM 'file:///nonexistent/?%file;'>\">\n  %eval;\n  %exfil;\n]>\n"
                + "<users xmlns=\"" + NS + "\"/>";
        Outcome o = read(XmlFormat.defaults(), doc);
        assertEquals(Codes.XML_DTD_FORBIDDEN, o.failure.code());
        assertEquals(2, o.failure.line());
        assertFalse(o.everything().contains(marker));
    }

    /**
     * The protections live in Rollcall's own parser set-up, not in JAXB or JAXP defaults: with
     * every switch that would loosen them turned on, every attack is still refused.
     */
    @Test
    void hostileInput_isRefusedWhateverTheSystemPropertiesSay() throws IOException {
        Map<String, String> loosen = new LinkedHashMap<>();
        loosen.put("org.glassfish.jaxb.disableXmlSecurity", "true");
        loosen.put("com.sun.xml.bind.disableXmlSecurity", "true");
        loosen.put("javax.xml.accessExternalDTD", "all");
        loosen.put("javax.xml.accessExternalSchema", "all");
        loosen.put("jdk.xml.entityExpansionLimit", "0");
        loosen.put("jdk.xml.totalEntitySizeLimit", "0");
        loosen.put("jdk.xml.maxGeneralEntitySizeLimit", "0");
        loosen.put("jdk.xml.maxElementDepth", "0");
        loosen.put("javax.xml.stream.XMLInputFactory", "com.example.NoSuchFactory");
        Map<String, String> saved = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : loosen.entrySet()) {
            saved.put(e.getKey(), System.getProperty(e.getKey()));
            System.setProperty(e.getKey(), e.getValue());
        }
        try {
            xxe_localFile_isRefusedAndItsContentAppearsNowhere();
            externalDtd_fileUrl_isRefusedAndNotLoaded();
            parameterEntities_outOfBandTrick_isRefused();
            billionLaughs_isRefusedAtOnce();
            quadraticBlowup_isRefusedAtOnce();
            xxe_entityWithoutDoctype_isUndeclaredAndNeverResolved();
            Outcome deep = read(XmlFormat.defaults(), "<users xmlns=\"" + NS + "\"><user><city>" + "<a>".repeat(100)
                    + "</a>".repeat(100) + "</city></user></users>");
            assertEquals(Codes.MALFORMED_FILE, deep.failure.code(), "the depth limit holds");
        } finally {
            for (Map.Entry<String, String> e : saved.entrySet()) {
                if (e.getValue() == null) {
                    System.clearProperty(e.getKey());
                } else {
                    System.setProperty(e.getKey(), e.getValue());
                }
            }
        }
    }

    @Test
    void xsiSchemaLocation_isNeverFollowed() throws Exception {
        Path pipe = dir.resolve("schema.pipe");
        assumeTrue(mkfifo(pipe), "mkfifo is not available here");
        String doc = "<users xmlns=\"" + NS + "\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
                + "xsi:schemaLocation=\"" + NS + " " + pipe.toUri() + "\"><user><username>a</username></user></users>";
        Outcome o = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> read(XmlFormat.defaults(), doc));
        assertEquals(null, o.failure);
        assertEquals(1, o.rows.size());
    }

    @Test
    void hugeValue_isRefusedBeforeItIsBuffered() {
        XmlFormat format = XmlFormat.builder().maxValueLength(1000).build();
        String doc = "<users xmlns=\"" + NS + "\"><user><city>" + "x".repeat(5000) + "</city></user></users>";
        Outcome o = read(format, doc);
        assertEquals(Codes.MALFORMED_FILE, o.failure.code());
        assertTrue(o.failure.getMessage().contains("1000"), o.failure.getMessage());
        assertTrue(o.rows.isEmpty());
    }

    @Test
    void password_brokenInEveryWay_isNeverQuoted() throws IOException {
        String secret = "Pa55w0rd-" + UUID.randomUUID();
        FieldSchema schema = FieldSchema.standard().with(FieldDefinition.builder(StandardFields.PASSWORD)
                .sensitive(true).maxLength(8).build());
        String doc = "<users xmlns=\"" + NS + "\">\n"
                + "<user><username>a</username><password>" + secret + "</password></user>\n"
                + "<user><username>b</username><password hint=\"" + "x" + "\">" + secret + "<b>" + secret + "</b></password></user>\n"
                + "<user><username>c</username><password>" + secret + "</password><password>" + secret + "</password></user>\n"
                + "<user><username>d</username><password>" + secret + "\u0001</password></user>\n"
                + "</users>";
        Outcome o = read(XmlFormat.defaults(), doc, schema);
        assertEquals(3, o.rows.size());
        for (UploadRow row : o.rows) {
            assertTrue(row.hasErrors(), "each user breaks a rule: " + row.problems());
        }
        assertTrue(o.rows.get(0).problems().get(0).message().contains("<password> must be at most 8 characters"),
                o.rows.get(0).problems().get(0).message());
        assertEquals(Codes.MALFORMED_FILE, o.failure.code(), "a control character is not XML");
        assertTrue(o.failure.getMessage().contains("details withheld"), o.failure.getMessage());
        assertFalse(o.messages().contains(secret), "the password leaked: " + o.messages());
        assertFalse(o.messages().contains("Pa55w0rd"), "part of the password leaked");
    }

    @Test
    void failure_isThrownByOpenWhenTheRootIsHostile_andTheStreamIsClosed() {
        ClosingStream in = new ClosingStream("<!DOCTYPE users []><users/>");
        UploadFileException e = assertThrows(UploadFileException.class, () -> XmlFormat.defaults().open(in));
        assertEquals(Codes.XML_DTD_FORBIDDEN, e.code());
        assertTrue(in.closed, "a refused file's stream is closed");
    }

    // ---------------------------------------------------------------- helpers

    /** What reading a document gave: its rows, and the failure that stopped it, if any. */
    static final class Outcome {
        final List<UploadRow> rows = new ArrayList<>();
        UploadFileException failure;

        /** @return every message, every value, and the failure's stack trace, as one text to search */
        String everything() {
            StringBuilder sb = new StringBuilder(messages());
            for (UploadRow r : rows) {
                sb.append(Arrays.toString(r.values()));
            }
            return sb.toString();
        }

        /** @return every message and {@code toString}, and the failure's stack trace: what may reach a log */
        String messages() {
            StringBuilder sb = new StringBuilder();
            for (UploadRow r : rows) {
                sb.append(r);
                for (Problem p : r.problems()) {
                    sb.append(p).append(p.describe());
                }
            }
            if (failure != null) {
                StringWriter trace = new StringWriter();
                failure.printStackTrace(new PrintWriter(trace));
                sb.append(failure.toProblem()).append(trace);
            }
            return sb.toString();
        }
    }

    static Outcome read(UploadFormat format, String doc) {
        return read(format, doc, FieldSchema.standard());
    }

    static Outcome read(UploadFormat format, String doc, FieldSchema schema) {
        Outcome o = new Outcome();
        try (RowReader r = format.open(new ByteArrayInputStream(doc.getBytes(StandardCharsets.UTF_8)), schema)) {
            UploadRow row;
            while ((row = r.next()) != null) {
                o.rows.add(row);
            }
        } catch (UploadFileException e) {
            o.failure = e;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return o;
    }

    private static boolean mkfifo(Path path) {
        try {
            Process p = new ProcessBuilder("mkfifo", path.toString()).redirectErrorStream(true).start();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 && Files.exists(path);
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Remembers whether it was closed. */
    static final class ClosingStream extends ByteArrayInputStream {
        boolean closed;

        ClosingStream(String text) {
            super(text.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
