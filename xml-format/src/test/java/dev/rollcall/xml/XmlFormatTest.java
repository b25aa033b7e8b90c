package dev.rollcall.xml;

import dev.rollcall.spi.Codes;
import dev.rollcall.spi.FieldDefinition;
import dev.rollcall.spi.FieldSchema;
import dev.rollcall.spi.Problem;
import dev.rollcall.spi.RowReader;
import dev.rollcall.spi.UploadColumns;
import dev.rollcall.spi.UploadFileException;
import dev.rollcall.spi.UploadFormat;
import dev.rollcall.spi.UploadRow;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class XmlFormatTest {

    private static final String NS = XmlFormat.NAMESPACE;

    // ---------------------------------------------------------------- discovery and names

    @Test
    void serviceLoader_findsBothXmlFormats() {
        List<UploadFormat> formats = ServiceLoader.load(UploadFormat.class).stream().map(ServiceLoader.Provider::get).toList();
        assertTrue(formats.stream().anyMatch(f -> f instanceof XmlFormat), "XmlFormat is not registered");
        assertTrue(formats.stream().anyMatch(f -> f instanceof XmlDelegateFormat), "XmlDelegateFormat is not registered");
    }

    @Test
    void xmlFormat_isFoundBySuffix_delegateFormatOnlyByName() {
        assertEquals("xml", new XmlFormat().name());
        assertTrue(new XmlFormat().accepts("feeds/acmeus_20140215.XML"));
        assertFalse(new XmlFormat().accepts("users.csv"));
        assertEquals("xml-delegates", new XmlDelegateFormat().name());
        assertTrue(new XmlDelegateFormat().fileSuffixes().isEmpty());
        assertFalse(new XmlDelegateFormat().accepts("delegates.xml"), "two formats claiming .xml would be ambiguous");
    }

    // ---------------------------------------------------------------- builders

    @Test
    void maxPerKind_outOfRange_isRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> XmlFormat.builder().maxPerKind(0));
        assertEquals("maxPerKind must be between 1 and 999: 0", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> XmlFormat.builder().maxPerKind(1000));
    }

    @Test
    void maxValueLength_tooSmall_isRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> XmlFormat.builder().maxValueLength(15));
        assertEquals("maxValueLength must be at least 16: 15", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> XmlDelegateFormat.builder().maxValueLength(15));
    }

    @Test
    void maxDelegates_outOfRange_isRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> XmlDelegateFormat.builder().maxDelegates(0));
        assertEquals("maxDelegates must be between 1 and 9999: 0", e.getMessage());
    }

    @Test
    void builder_isReusable_andBuildCopiesTheSettings() {
        XmlFormat.Builder b = XmlFormat.builder().maxPerKind(3);
        XmlFormat first = b.build();
        XmlFormat second = b.maxPerKind(5).build();
        assertEquals(3, first.maxPerKind());
        assertEquals(5, second.maxPerKind());
        assertEquals(XmlFormat.DEFAULT_MAX_PER_KIND, XmlFormat.defaults().maxPerKind());
        assertEquals(XmlFormat.DEFAULT_MAX_VALUE_LENGTH, XmlFormat.defaults().maxValueLength());
    }

    @Test
    void open_nullArguments_areRejected() {
        NullPointerException in = assertThrows(NullPointerException.class, () -> XmlFormat.defaults().open(null));
        assertEquals("in must not be null", in.getMessage());
        NullPointerException schema = assertThrows(NullPointerException.class,
                () -> XmlFormat.defaults().open(stream("<users/>"), null));
        assertEquals("schema must not be null", schema.getMessage());
        assertThrows(NullPointerException.class, () -> XmlDelegateFormat.defaults().open(null));
    }

    // ---------------------------------------------------------------- columns

    @Test
    void columns_areSchemaFieldsThenDirectivesThenNumberedMemberships() throws IOException {
        FieldSchema schema = FieldSchema.standard().with(FieldDefinition.builder("costCenter").custom(true).build());
        try (RowReader r = XmlFormat.builder().maxPerKind(2).build().open(stream("<users xmlns=\"" + NS + "\"/>"), schema)) {
            List<String> expected = new ArrayList<>();
            schema.fields().forEach(f -> expected.add(f.name()));
            expected.addAll(UploadColumns.SINGLE);
            expected.addAll(List.of("cohort1", "cohort2",
                    "course1", "role1", "group1", "enrolStatus1", "enrolStart1", "enrolEnd1",
                    "course2", "role2", "group2", "enrolStatus2", "enrolStart2", "enrolEnd2",
                    "program1", "program2", "sysrole1", "sysrole2"));
            assertEquals(expected, r.columns());
            assertEquals(0, r.headerLine());
        }
    }

    @Test
    void columns_everyNumberedColumnIsOneUploadColumnsKnows() throws IOException {
        try (RowReader r = XmlFormat.defaults().open(stream("<users/>"))) {
            int fields = FieldSchema.standard().fields().size();
            for (String c : r.columns().subList(fields, r.columns().size())) {
                assertTrue(UploadColumns.single(c).map(c::equals).orElse(false)
                        || UploadColumns.numbered(c).map(n -> n.column().equals(c)).orElse(false), c);
            }
            assertEquals(fields + UploadColumns.SINGLE.size() + 9 * XmlFormat.DEFAULT_MAX_PER_KIND, r.columns().size());
        }
    }

    @Test
    void openWithoutSchema_readsTheStandardFields_customElementsAreUnknown() throws IOException {
        String doc = "<users xmlns=\"" + NS + "\"><user><username>a</username><costCenter>7</costCenter></user></users>";
        try (RowReader r = XmlFormat.defaults().open(stream(doc))) {
            UploadRow row = r.next();
            assertEquals(Codes.UNKNOWN_COLUMN, row.problems().get(0).code());
            assertEquals("costCenter", row.problems().get(0).column());
        }
        FieldSchema schema = FieldSchema.standard().with(FieldDefinition.builder("costCenter").custom(true).build());
        try (RowReader r = XmlFormat.defaults().open(stream(doc), schema)) {
            UploadRow row = r.next();
            assertTrue(row.problems().isEmpty(), row.problems().toString());
            assertEquals("7", row.value(r.columns().indexOf("costCenter")));
        }
    }

    @Test
    void field_namedLikeADirective_isRejected() {
        for (String name : List.of("deleted", "course1", "enrol_start2", "memberships")) {
            FieldSchema schema = FieldSchema.standard().with(FieldDefinition.builder(name).custom(true).build());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> XmlFormat.defaults().open(stream("<users/>"), schema), name);
            assertTrue(e.getMessage().startsWith("field " + name + " cannot be read from XML"), e.getMessage());
        }
    }

    // ---------------------------------------------------------------- problems say where and why

    @Test
    void schemaViolation_namesElementRuleLineAndColumn_neverTheValue() throws IOException {
        String doc = "<users xmlns=\"" + NS + "\">\n  <user>\n    <username>a</username>\n    <phone>555-CALL-NOW</phone>\n"
                + "  </user>\n</users>";
        Problem p = firstProblem(doc);
        assertEquals(Codes.SCHEMA_VIOLATION, p.code());
        assertEquals(4, p.line());
        assertEquals("phone", p.column());
        assertEquals("phone", p.field());
        assertEquals("<phone> must be exactly 10 digits, without spaces, hyphens, dots or parentheses "
                + "(line 4, column 5)", p.message());
        assertFalse(p.describe().contains("CALL"));
    }

    @Test
    void unknownElement_isNamedInTheProblem() throws IOException {
        Problem p = firstProblem("<users xmlns=\"" + NS + "\"><user><nickname>Al</nickname></user></users>");
        assertEquals(Codes.UNKNOWN_COLUMN, p.code());
        assertEquals("nickname", p.column());
        assertTrue(p.message().startsWith("unknown element <nickname> in <user>"), p.message());
    }

    @Test
    void unknownElement_thatLooksLikeAField_suggestsIt() throws IOException {
        assertEquals("unknown element <Email> in <user>: did you mean <email>? Elements are named exactly after the "
                + "fields (line 1, column 55)", firstProblem("<users xmlns=\"" + NS + "\"><user><Email>a@b</Email></user></users>")
                .message());
        assertTrue(firstProblem("<users xmlns=\"" + NS + "\"><user><userInfo.email>a@b</userInfo.email></user></users>")
                .message().contains("did you mean <email>?"));
        assertTrue(firstProblem("<users xmlns=\"" + NS + "\"><user><cohort>a</cohort></user></users>")
                .message().contains("memberships go inside <memberships>"));
    }

    @Test
    void membershipOverCap_rejectsTheRowNotTheFile() throws IOException {
        String doc = "<users xmlns=\"" + NS + "\"><user><username>a</username><memberships>"
                + "<cohort>1</cohort><cohort>2</cohort></memberships></user><user><username>b</username></user></users>";
        try (RowReader r = XmlFormat.builder().maxPerKind(1).build().open(stream(doc))) {
            UploadRow first = r.next();
            assertTrue(first.hasErrors());
            assertEquals("this user lists more than 1 <cohort> elements; the limit is 1 (XmlFormat's maxPerKind) "
                    + "(line 1, column 108)", first.problems().get(0).message());
            assertFalse(r.next().hasErrors());
            assertNull(r.next());
        }
    }

    @Test
    void malformedXml_refusesTheFileWithLineAndColumn() throws IOException {
        String doc = "<users xmlns=\"" + NS + "\">\n<user><username>a</username></user>\n<user><username>b</user>\n</users>";
        try (RowReader r = XmlFormat.defaults().open(stream(doc))) {
            assertNotNull(r.next());
            UploadFileException e = assertThrows(UploadFileException.class, r::next);
            assertEquals(Codes.MALFORMED_FILE, e.code());
            assertEquals(3, e.line());
            assertTrue(e.column() > 0);
            assertTrue(e.getMessage().startsWith("the file is not well-formed XML at line 3, column "), e.getMessage());
            assertEquals(Codes.MALFORMED_FILE, e.toProblem().code());
        }
    }

    @Test
    void wrongRoot_isRefusedNamingTheExpectedRoot() {
        UploadFileException e = assertThrows(UploadFileException.class,
                () -> XmlFormat.defaults().open(stream("<people/>")));
        assertEquals(Codes.SCHEMA_VIOLATION, e.code());
        assertEquals("the root element is <people>, but a Rollcall user file starts with <users xmlns=\"" + NS + "\"> (line 1, column 1)",
                e.getMessage());
    }

    @Test
    void formats_pointAtEachOther() {
        UploadFileException toUsers = assertThrows(UploadFileException.class, () -> XmlFormat.defaults()
                .open(stream("<delegates xmlns=\"" + XmlDelegateFormat.NAMESPACE + "\"/>")));
        assertTrue(toUsers.getMessage().contains("xml-delegates"), toUsers.getMessage());
        UploadFileException toDelegates = assertThrows(UploadFileException.class, () -> XmlDelegateFormat.defaults()
                .open(stream("<users xmlns=\"" + NS + "\"/>")));
        assertTrue(toDelegates.getMessage().contains("xml format"), toDelegates.getMessage());
    }

    @Test
    void undecodableBytes_refuseTheFileWithTheirLine() throws IOException {
        byte[] doc = ("<users xmlns=\"" + NS + "\">\n<user><username>a</username></user>\n<user><lastName>M\u00fcller</lastName></user></users>")
                .getBytes(StandardCharsets.ISO_8859_1);
        try (RowReader r = XmlFormat.defaults().open(new ByteArrayInputStream(doc))) {
            assertNotNull(r.next());
            UploadFileException e = assertThrows(UploadFileException.class, r::next);
            assertEquals(Codes.MALFORMED_ENCODING, e.code());
            assertEquals(3, e.line());
            assertTrue(e.getMessage().contains("not valid UTF-8"), e.getMessage());
        }
    }

    // ---------------------------------------------------------------- streams

    @Test
    void close_closesTheStream() throws IOException {
        XmlHostileInputTest.ClosingStream in = new XmlHostileInputTest.ClosingStream("<users/>");
        RowReader r = XmlFormat.defaults().open(in);
        assertFalse(in.closed);
        r.close();
        assertTrue(in.closed);
    }

    @Test
    void failingStream_isAnIOException_notAFileProblem() throws IOException {
        InputStream failing = new InputStream() {
            private final InputStream head = stream("<users xmlns=\"" + NS + "\"><user><username>a</username></user>");

            @Override
            public int read() throws IOException {
                int b = head.read();
                if (b < 0) {
                    throw new IOException("disk gone");
                }
                return b;
            }

            @Override
            public int read(byte[] buf, int off, int len) throws IOException {
                int n = head.read(buf, off, len);
                if (n < 0) {
                    throw new IOException("disk gone");
                }
                return n;
            }
        };
        IOException e = assertThrows(IOException.class, () -> {
            try (RowReader r = XmlFormat.defaults().open(failing)) {
                while (r.next() != null) {
                    // read on until the stream fails
                }
            }
        });
        assertEquals("disk gone", e.getMessage());
    }

    /** The reader holds one user at a time: the first row arrives after reading the start of a huge file. */
    @Test
    void firstRow_readsOnlyTheStartOfAHugeFile() throws IOException {
        GeneratedUsers in = new GeneratedUsers(1_000_000);
        try (RowReader r = XmlFormat.defaults().open(in)) {
            UploadRow row = r.next();
            assertEquals("user0", row.value(0));
            assertTrue(in.produced < 200_000, "read " + in.produced + " bytes for the first row");
            int n = 1;
            while (n < 20_000 && r.next() != null) {
                n++;
            }
            assertEquals(20_000, n);
        }
    }

    @Test
    void oneFormat_readsManyFilesAtOnce() throws Exception {
        XmlFormat format = XmlFormat.builder().maxPerKind(3).build();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                results.add(pool.submit(() -> {
                    int rows = 0;
                    try (RowReader r = format.open(new GeneratedUsers(2_000))) {
                        UploadRow row;
                        while ((row = r.next()) != null) {
                            assertEquals("user" + rows, row.value(0));
                            assertFalse(row.hasErrors(), row.problems().toString());
                            rows++;
                        }
                    }
                    return rows;
                }));
            }
            for (Future<Integer> f : results) {
                assertEquals(2_000, f.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    // ---------------------------------------------------------------- public API

    @Test
    void publicApi_exposesNoStaxOrInternalType() {
        for (Class<?> type : List.of(XmlFormat.class, XmlFormat.Builder.class, XmlDelegateFormat.class,
                XmlDelegateFormat.Builder.class, XmlTemplates.class, XmlUserWriter.class)) {
            for (Method m : type.getMethods()) {
                assertPublicType(m.getReturnType(), m.toString());
                for (Parameter p : m.getParameters()) {
                    assertPublicType(p.getType(), m.toString());
                }
                for (Class<?> e : m.getExceptionTypes()) {
                    assertPublicType(e, m.toString());
                }
            }
            for (Constructor<?> c : type.getConstructors()) {
                for (Parameter p : c.getParameters()) {
                    assertPublicType(p.getType(), c.toString());
                }
            }
            for (Field f : type.getFields()) {
                assertTrue(Modifier.isFinal(f.getModifiers()), "public field " + f + " is not final");
                assertPublicType(f.getType(), f.toString());
            }
        }
    }

    @Test
    void formats_areImmutableValues() {
        for (Class<?> type : List.of(XmlFormat.class, XmlDelegateFormat.class)) {
            for (Field f : type.getDeclaredFields()) {
                assertTrue(Modifier.isFinal(f.getModifiers()), f + " is not final");
            }
        }
        assertSame(XmlFormat.class, XmlFormat.defaults().getClass());
    }

    private static void assertPublicType(Class<?> type, String where) {
        String name = type.getName();
        assertFalse(name.startsWith("javax.xml") || name.startsWith("com.sun") || name.startsWith("jakarta.")
                || name.startsWith("dev.rollcall.xml.internal"), where + " exposes " + name);
    }

    // ---------------------------------------------------------------- helpers

    private static Problem firstProblem(String doc) throws IOException {
        try (RowReader r = XmlFormat.defaults().open(stream(doc))) {
            UploadRow row = r.next();
            assertFalse(row.problems().isEmpty(), "expected a problem");
            return row.problems().get(0);
        }
    }

    static InputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    /** A user file made on the fly, so a huge file needs no disk or memory; counts the bytes handed out. */
    static final class GeneratedUsers extends InputStream {
        private final int users;
        private int next;
        private byte[] chunk = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<users xmlns=\"" + NS + "\">\n")
                .getBytes(StandardCharsets.UTF_8);
        private int pos;
        private boolean ended;
        long produced;

        GeneratedUsers(int users) {
            this.users = users;
        }

        private boolean refill() {
            if (pos < chunk.length) {
                return true;
            }
            if (ended) {
                return false;
            }
            String text;
            if (next < users) {
                int i = next++;
                text = "  <user>\n    <username>user" + i + "</username>\n    <email>user" + i + "@example.com</email>\n"
                        + "    <firstName>First" + i + "</firstName>\n    <lastName>Last" + i + "</lastName>\n"
                        + "    <externalId>HR-" + i + "</externalId>\n    <employeeId>" + String.format("%06d", i)
                        + "</employeeId>\n    <department>Finance</department>\n    <jobTitle>Nurse</jobTitle>\n"
                        + "    <phone>5551234567</phone>\n    <country>USA</country>\n    <city>Toronto</city>\n"
                        + "    <memberships>\n      <cohort>A" + (i % 7) + "</cohort>\n      <cohort>B" + (i % 3)
                        + "</cohort>\n      <course role=\"student\" enrolStart=\"2024-09-01\">MATH101</course>\n"
                        + "    </memberships>\n  </user>\n";
            } else {
                text = "</users>\n";
                ended = true;
            }
            chunk = text.getBytes(StandardCharsets.UTF_8);
            pos = 0;
            return true;
        }

        @Override
        public int read() {
            if (!refill()) {
                return -1;
            }
            produced++;
            return chunk[pos++] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (len == 0) {
                return 0;
            }
            int n = 0;
            while (n < len && refill()) {
                int k = Math.min(len - n, chunk.length - pos);
                System.arraycopy(chunk, pos, b, off + n, k);
                pos += k;
                n += k;
            }
            produced += n;
            return n == 0 ? -1 : n;
        }
    }
}
