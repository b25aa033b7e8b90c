package dev.rollcall.xml;

import dev.rollcall.spi.Problem;
import dev.rollcall.spi.RowReader;
import dev.rollcall.spi.UploadFileException;
import dev.rollcall.spi.UploadFormat;
import dev.rollcall.spi.UploadRow;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class XmlProperties {

    private static final String NS = XmlFormat.NAMESPACE;

    /** Whatever bytes arrive, reading either works or fails with the documented exception. */
    @Property(tries = 500)
    void arbitraryBytes_failOnlyWithUploadFileException(@ForAll("bytes") byte[] input, @ForAll boolean delegates)
            throws IOException {
        readAll(delegates ? XmlDelegateFormat.defaults() : XmlFormat.defaults(), input);
    }

    /**
     * Whatever almost-XML arrives (tags, entities, DTDs, CDATA, comments, stray text, shuffled),
     * reading either works or fails with the documented exception, and every row problem has a
     * line.
     */
    @Property(tries = 1000)
    void xmlishText_failsOnlyWithUploadFileException_andEveryRowProblemHasALine(
            @ForAll("xmlish") String text, @ForAll @IntRange(min = 0, max = 9) int swap) throws IOException {
        // mostly the format the document is for, sometimes the other one
        boolean delegates = text.startsWith("<delegates") != (swap == 0);
        readAll(delegates ? XmlDelegateFormat.defaults() : XmlFormat.builder().maxPerKind(2).build(),
                text.getBytes(StandardCharsets.UTF_8));
    }

    /** What XmlUserWriter writes, XmlFormat reads back exactly: values, blanks, explicit empties, lines. */
    @Property(tries = 300)
    void writtenRows_readBackExactly(@ForAll("rows") List<List<String>> rows) throws IOException {
        List<String> columns = List.of("username", "email", "department", "oldUsername", "deleted", "cohort1", "cohort2",
                "course1", "role1", "enrolStart1", "program1");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<Long> lines = new ArrayList<>();
        long line = 3;
        try (XmlUserWriter w = XmlUserWriter.of(out, columns)) {
            for (List<String> row : rows) {
                lines.add(line);
                w.writeRow(row);
                line += linesOf(row);
            }
        }
        try (RowReader r = XmlFormat.defaults().open(new ByteArrayInputStream(out.toByteArray()))) {
            for (int i = 0; i < rows.size(); i++) {
                UploadRow row = r.next();
                assertEquals(lines.get(i), row.line(), "line of row " + i);
                List<String> read = new ArrayList<>();
                for (String c : columns) {
                    read.add(row.value(r.columns().indexOf(c)));
                }
                assertEquals(rows.get(i), read);
            }
            assertNull(r.next());
        }
    }

    /** The lines one written user takes: its tags, and the line breaks inside its values. */
    private static long linesOf(List<String> row) {
        long lines = 2; // <user> and </user>
        boolean memberships = false;
        for (int c = 0; c < row.size(); c++) {
            String v = row.get(c);
            boolean membership = c >= 5 && c != 8 && c != 9;
            if (v != null && (c < 5 || membership)) {
                lines += 1 + v.chars().filter(ch -> ch == '\n').count();
                memberships |= membership;
            }
        }
        return lines + (memberships ? 2 : 0);
    }

    private static void readAll(UploadFormat format, byte[] input) throws IOException {
        int rows = 0;
        try (RowReader reader = format.open(new ByteArrayInputStream(input))) {
            UploadRow row;
            while ((row = reader.next()) != null) {
                rows++;
                assertTrue(row.line() >= 1);
                assertEquals(reader.columns().size(), row.size());
                for (Problem p : row.problems()) {
                    assertTrue(p.line() >= 1, "row problem without a line: " + p);
                }
            }
            Statistics.label("outcome").collect("read to the end");
        } catch (UploadFileException e) {
            assertTrue(e.code().matches("[A-Z_]+"));
            assertTrue(e.line() >= 0 && e.column() >= 0);
            Statistics.label("outcome").collect(rows > 0 ? "refused after rows" : "refused " + e.code());
        }
        Statistics.label("rows").collect(rows == 0 ? "none" : rows < 3 ? "1-2" : "3+");
    }

    @Provide
    Arbitrary<byte[]> bytes() {
        Arbitrary<Byte> interesting = Arbitraries.of((byte) '<', (byte) '>', (byte) '/', (byte) '&', (byte) ';',
                (byte) '"', (byte) '=', (byte) '!', (byte) '?', (byte) '\n', (byte) '\r', (byte) 'a', (byte) ' ',
                (byte) 0xC3, (byte) 0xA9, (byte) 0xFF, (byte) 0xFE, (byte) 0xEF, (byte) 0xBB, (byte) 0xBF, (byte) 0);
        Arbitrary<byte[]> noise = Arbitraries.oneOf(interesting, Arbitraries.bytes()).array(byte[].class).ofMaxSize(200);
        Arbitrary<byte[]> prefixed = noise.map(b -> {
            byte[] head = ("<users xmlns=\"" + NS + "\"><user>").getBytes(StandardCharsets.UTF_8);
            byte[] all = Arrays.copyOf(head, head.length + b.length);
            System.arraycopy(b, 0, all, head.length, b.length);
            return all;
        });
        return Arbitraries.oneOf(noise, prefixed);
    }

    @Provide
    Arbitrary<String> xmlish() {
        Arbitrary<String> token = Arbitraries.of(
                "<users xmlns=\"" + NS + "\">", "</users>", "<users>", "<delegates xmlns=\"" + XmlDelegateFormat.NAMESPACE
                        + "\">", "</delegates>", "<user>", "</user>", "<user externalId=\"E1\">", "<delegate>", "</delegate>",
                "<username>", "</username>", "<email>", "</email>", "<email/>", "<phone>", "</phone>", "<password>",
                "</password>", "<memberships>", "</memberships>", "<cohort>", "</cohort>", "<course role=\"r\" enrolStart=\"x\">",
                "</course>", "<sysrole>", "</sysrole>", "<nickname>", "</nickname>", "<x:y xmlns:x=\"urn:x\">", "</x:y>",
                "<!DOCTYPE users>", "<!DOCTYPE users [<!ENTITY e \"x\">]>", "&amp;", "&e;", "&#233;", "&#0;", "&#x1F600;",
                "<![CDATA[", "]]>", "<!--", "-->", "<?pi x?>", "<?xml version=\"1.0\"?>", "jdoe", "5551234567", " ",
                "\n", "\r\n", "\r", "\t", "\"", "'", "=", "<", ">", "/", "2025-02-30", "\u00e9", "\uD83D\uDE00", "\u0001");
        Arbitrary<String> body = token.list().ofMaxSize(40).map(tokens -> String.join("", tokens));
        Arbitrary<String> root = Arbitraries.of("<users xmlns=\"" + NS + "\">", "<users>",
                "<delegates xmlns=\"" + XmlDelegateFormat.NAMESPACE + "\">");
        Arbitrary<String> wrapped = Combinators.combine(root, body, Arbitraries.of("", "</users>", "</delegates>"))
                .as((r, b, end) -> r + b + end);
        Arbitrary<String> element = Arbitraries.of("<username>a</username>", "<email>x</email>", "<email/>",
                "<phone>12</phone>", "<phone a=\"b\">5551234567</phone>", "<nickname>n</nickname>", "<city><b/></city>",
                "<memberships><cohort/><course enrolStart=\"x\">c</course><cohort>late</cohort></memberships>",
                "<memberships><cohort>a</cohort><cohort>b</cohort><cohort>c</cohort></memberships>", "junk", "<delegate>E2</delegate>",
                "<delegate/>", "<boss>x</boss>", "<!-- c -->", "&amp;", "<username>a</username><username>b</username>");
        Arbitrary<String> user = Combinators.combine(Arbitraries.of("<user>", "<user externalId=\"E1\">", "<user id=\"1\">",
                "<usr>"), element.list().ofMaxSize(4), Arbitraries.frequencyOf(Tuple.of(9, Arbitraries.just("")),
                Tuple.of(1, token))).as((start, children, noise) -> start + String.join("\n", children) + noise
                + (start.equals("<usr>") ? "</usr>" : "</user>") + "\n");
        Arbitrary<String> structured = Combinators.combine(root, user.list().ofMaxSize(6))
                .as((r, users) -> r + "\n" + String.join("", users) + (r.startsWith("<delegates") ? "</delegates>" : "</users>"));
        return Arbitraries.frequencyOf(Tuple.of(1, body), Tuple.of(2, wrapped), Tuple.of(3, structured));
    }

    @Provide
    Arbitrary<List<List<String>>> rows() {
        Arbitrary<String> text = Arbitraries.strings().withChars("abcXYZ019 .,;|\t\"'<>&\n\r=-@éü漢")
                .ofMinLength(1).ofMaxLength(12)
                .map(s -> s.replace("ü", "\uD83D\uDE00").strip())
                .filter(s -> !s.isEmpty() && !s.startsWith("\r") && !s.endsWith("\r"));
        Arbitrary<String> cell = Arbitraries.frequencyOf(
                Tuple.of(6, text), Tuple.of(2, Arbitraries.just((String) null)), Tuple.of(1, Arbitraries.just("")));
        Arbitrary<String> target = Arbitraries.frequencyOf(Tuple.of(3, text), Tuple.of(1, Arbitraries.just((String) null)));
        Arbitrary<String> date = Arbitraries.of("2025-01-06", "", null);
        Arbitrary<List<String>> row = Combinators.combine(cell.list().ofSize(5), target.list().ofSize(3), cell, date,
                target).as((fields, targets, role, start, program) -> {
                    List<String> r = new ArrayList<>(fields);
                    String cohort1 = targets.get(0);
                    String cohort2 = cohort1 == null ? null : targets.get(1);
                    String course = targets.get(2);
                    r.add(cohort1);
                    r.add(cohort2);
                    r.add(course);
                    r.add(course == null ? null : role);
                    r.add(course == null ? null : start);
                    r.add(program);
                    return r;
                });
        return row.list().ofMinSize(1).ofMaxSize(6);
    }
}
