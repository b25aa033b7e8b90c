package dev.rollcall.xml;

import dev.rollcall.spi.FieldDefinition;
import dev.rollcall.spi.FieldSchema;
import dev.rollcall.spi.FieldType;
import dev.rollcall.spi.Problem;
import dev.rollcall.spi.RowReader;
import dev.rollcall.spi.UploadFileException;
import dev.rollcall.spi.UploadFormat;
import dev.rollcall.spi.UploadRow;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Drives the XML readers from the fixtures in {@code src/test/resources/spec}: each
 * {@code name.xml} is read and compared with {@code name.expected}. A new case is a new pair
 * of files.
 *
 * <p>The notation is {@code CsvSpecTest}'s, adapted to rows of many columns. Setup lines:
 * {@code format: delegates} reads with {@link XmlDelegateFormat}; {@code max-per-kind: N},
 * {@code max-delegates: N} and {@code max-value-length: N} set limits; {@code field: NAME TYPE
 * [max=N] [fixed=N] [values=A|B] [secret]} adds a custom field to the standard schema. Then
 * one line per row, {@code LINE: column=cell …}, listing only the columns that are not blank in
 * column order, where a cell is {@code [value]} (escapes {@code \n}, {@code \t}, {@code \r},
 * {@code \\}, {@code \]}, {@code \u00fc}) or {@code ""} for an explicit empty value; then
 * {@code !CODE(column@line)} for each problem of the row (the column is empty when the problem
 * names none); and {@code file CODE LINE:COLUMN} when the file is refused. Lines starting with
 * {@code #} explain the case.
 *
 * <p>Every fixture also checks, without saying so, that each row problem has a line and a
 * message giving that line and a column, and that {@link RowReader#headerLine()} is 0.
 */
class XmlSpecTest {

    @TestFactory
    Stream<DynamicTest> fixtures() throws IOException, URISyntaxException {
        Path dir = Path.of(XmlSpecTest.class.getResource("/spec").toURI());
        List<Path> inputs;
        try (Stream<Path> files = Files.list(dir)) {
            inputs = files.filter(p -> p.toString().endsWith(".xml")).sorted().toList();
        }
        assertFalse(inputs.isEmpty(), "no fixtures found");
        return inputs.stream().map(xml -> DynamicTest.dynamicTest(xml.getFileName().toString(), () -> check(xml)));
    }

    private static void check(Path xml) throws IOException {
        Path expectedFile = Path.of(xml.toString().replaceFirst("\\.xml$", ".expected"));
        List<String> expected = new ArrayList<>();
        XmlFormat.Builder users = XmlFormat.builder();
        XmlDelegateFormat.Builder delegates = XmlDelegateFormat.builder();
        boolean delegateFormat = false;
        FieldSchema schema = FieldSchema.standard();
        for (String line : Files.readAllLines(expectedFile, StandardCharsets.UTF_8)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            if (line.equals("format: delegates")) {
                delegateFormat = true;
            } else if (line.startsWith("max-per-kind: ")) {
                users.maxPerKind(Integer.parseInt(line.substring("max-per-kind: ".length()).trim()));
            } else if (line.startsWith("max-delegates: ")) {
                delegates.maxDelegates(Integer.parseInt(line.substring("max-delegates: ".length()).trim()));
            } else if (line.startsWith("max-value-length: ")) {
                int n = Integer.parseInt(line.substring("max-value-length: ".length()).trim());
                users.maxValueLength(n);
                delegates.maxValueLength(n);
            } else if (line.startsWith("field: ")) {
                schema = schema.with(field(line.substring("field: ".length()).trim()));
            } else {
                expected.add(line.startsWith("file ") ? line : canonicalRow(line));
            }
        }
        UploadFormat format = delegateFormat ? delegates.build() : users.build();
        List<String> actual = new ArrayList<>();
        try (InputStream in = Files.newInputStream(xml); RowReader reader = format.open(in, schema)) {
            assertEquals(0, reader.headerLine(), "headerLine");
            List<String> columns = reader.columns();
            UploadRow row;
            while ((row = reader.next()) != null) {
                assertEquals(columns.size(), row.size(), "a row has one value per column");
                StringBuilder sb = new StringBuilder().append(row.line()).append(':');
                for (int i = 0; i < row.size(); i++) {
                    if (!row.isBlank(i)) {
                        sb.append(' ').append(columns.get(i)).append('=')
                                .append(row.isExplicitEmpty(i) ? "\"\"" : cell(row.value(i)));
                    }
                }
                for (Problem p : row.problems()) {
                    assertTrue(p.line() > 0, "a row problem has a line: " + p);
                    assertTrue(p.isError(), "row problems are errors: " + p);
                    assertTrue(p.message().contains("(line " + p.line() + ", column "),
                            "the message gives the line and column: " + p.message());
                    sb.append(" !").append(p.code()).append('(').append(p.column() == null ? "" : p.column())
                            .append('@').append(p.line()).append(')');
                }
                actual.add(sb.toString());
            }
        } catch (UploadFileException e) {
            assertFalse(e.getMessage().isBlank(), "a refusal explains itself");
            actual.add("file " + e.code() + " " + e.line() + ":" + e.column());
        }
        assertEquals(String.join("\n", expected), String.join("\n", actual), xml.getFileName().toString());
    }

    /** {@code NAME TYPE [max=N] [fixed=N] [values=A|B] [secret]} */
    private static FieldDefinition field(String spec) {
        String[] parts = spec.split("\\s+");
        FieldDefinition.Builder b = FieldDefinition.builder(parts[0]).custom(true);
        if (parts.length > 1) {
            b.type(FieldType.valueOf(parts[1]));
        }
        for (int i = 2; i < parts.length; i++) {
            String p = parts[i];
            if (p.startsWith("max=")) {
                b.maxLength(Integer.parseInt(p.substring(4)));
            } else if (p.startsWith("fixed=")) {
                b.fixedLength(Integer.parseInt(p.substring(6)));
            } else if (p.startsWith("values=")) {
                b.allowedValues(p.substring(7).split("\\|"));
            } else if (p.equals("secret")) {
                b.sensitive(true);
            } else {
                throw new IllegalArgumentException("unknown field setting " + p);
            }
        }
        return b.build();
    }

    /** Re-renders an expected row so escapes in the fixture compare with rendered values. */
    private static String canonicalRow(String line) {
        int colon = line.indexOf(':');
        StringBuilder sb = new StringBuilder(line.substring(0, colon + 1));
        String rest = line.substring(colon + 1);
        int i = 0;
        while (i < rest.length()) {
            char c = rest.charAt(i);
            if (c == ' ') {
                i++;
            } else if (c == '!') {
                int end = rest.indexOf(')', i);
                sb.append(' ').append(rest, i, end + 1);
                i = end + 1;
            } else {
                int eq = rest.indexOf('=', i);
                sb.append(' ').append(rest, i, eq + 1);
                i = eq + 1;
                if (rest.startsWith("\"\"", i)) {
                    sb.append("\"\"");
                    i += 2;
                    continue;
                }
                StringBuilder v = new StringBuilder();
                i++; // [
                while (rest.charAt(i) != ']') {
                    char x = rest.charAt(i);
                    if (x == '\\') {
                        char e = rest.charAt(++i);
                        switch (e) {
                            case 'n' -> v.append('\n');
                            case 't' -> v.append('\t');
                            case 'r' -> v.append('\r');
                            case 'u' -> {
                                v.append((char) Integer.parseInt(rest.substring(i + 1, i + 5), 16));
                                i += 4;
                            }
                            default -> v.append(e);
                        }
                    } else {
                        v.append(x);
                    }
                    i++;
                }
                sb.append(cell(v.toString()));
                i++;
            }
        }
        return sb.toString();
    }

    private static String cell(String v) {
        StringBuilder sb = new StringBuilder("[");
        for (char c : v.toCharArray()) {
            switch (c) {
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                case '\\' -> sb.append("\\\\");
                case ']' -> sb.append("\\]");
                default -> {
                    if (c > 126) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append(']').toString();
    }
}
