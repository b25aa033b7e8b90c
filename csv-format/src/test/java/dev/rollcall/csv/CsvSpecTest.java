package dev.rollcall.csv;

import dev.rollcall.spi.Problem;
import dev.rollcall.spi.RowReader;
import dev.rollcall.spi.UploadFileException;
import dev.rollcall.spi.UploadRow;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Drives the CSV reader from the fixtures in {@code src/test/resources/spec}: each
 * {@code name.csv} is read and compared with {@code name.expected}. A new case is a new
 * pair of files.
 *
 * <p>The expected file, line by line: {@code delimiter: ;} and {@code encoding: NAME} set
 * up the format; {@code header-line: N}; {@code columns: [a] [b]}; then one line per row,
 * {@code LINE: cell cell … !CODE}, where a cell is {@code [value]} (escapes {@code \n},
 * {@code \t}, {@code \\}, {@code \]}, {@code \u00fc}), {@code ""} for an explicit empty
 * value or {@code _} for a blank one, and {@code !CODE} names a problem of the row; and
 * {@code file CODE LINE} when the file is refused at that line. Lines starting with
 * {@code #} explain the case.
 */
class CsvSpecTest {

    @TestFactory
    Stream<DynamicTest> fixtures() throws IOException, URISyntaxException {
        Path dir = Path.of(CsvSpecTest.class.getResource("/spec").toURI());
        List<Path> inputs;
        try (Stream<Path> files = Files.list(dir)) {
            inputs = files.filter(p -> p.toString().endsWith(".csv")).sorted().toList();
        }
        assertFalse(inputs.isEmpty(), "no fixtures found");
        return inputs.stream().map(csv -> DynamicTest.dynamicTest(csv.getFileName().toString(), () -> check(csv)));
    }

    private static void check(Path csv) throws IOException {
        Path expectedFile = Path.of(csv.toString().replaceFirst("\\.csv$", ".expected"));
        List<String> expected = new ArrayList<>();
        CsvFormat.Builder format = CsvFormat.builder();
        boolean headerLineGiven = false;
        for (String line : Files.readAllLines(expectedFile)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("delimiter: ")) {
                String d = line.substring("delimiter: ".length());
                format.delimiter(d.equals("\\t") ? '\t' : d.charAt(0));
            } else if (line.startsWith("encoding: ")) {
                format.encoding(Charset.forName(line.substring("encoding: ".length()).trim()));
            } else {
                headerLineGiven |= line.startsWith("header-line: ");
                expected.add(line.startsWith("columns: ") || line.startsWith("header-line: ") || line.startsWith("file ")
                        ? line : canonicalRow(line));
            }
        }
        List<String> actual = new ArrayList<>();
        try (InputStream in = Files.newInputStream(csv); RowReader reader = format.build().open(in)) {
            if (headerLineGiven) {
                actual.add("header-line: " + reader.headerLine());
            }
            actual.add("columns: " + String.join(" ", reader.columns().stream().map(CsvSpecTest::cell).toList()));
            UploadRow row;
            while ((row = reader.next()) != null) {
                StringBuilder sb = new StringBuilder().append(row.line()).append(':');
                for (int i = 0; i < row.size(); i++) {
                    sb.append(' ').append(row.isBlank(i) ? "_" : row.isExplicitEmpty(i) ? "\"\"" : cell(row.value(i)));
                }
                for (Problem p : row.problems()) {
                    sb.append(" !").append(p.code());
                }
                actual.add(sb.toString());
            }
        } catch (UploadFileException e) {
            actual.add("file " + e.code() + " " + e.line());
        }
        assertEquals(String.join("\n", expected), String.join("\n", actual), csv.getFileName().toString());
    }

    /** Re-renders an expected row so escapes in the fixture compare with rendered values. */
    private static String canonicalRow(String line) {
        int colon = line.indexOf(':');
        StringBuilder sb = new StringBuilder(line.substring(0, colon + 1));
        String rest = line.substring(colon + 1);
        int i = 0;
        while (i < rest.length()) {
            char c = rest.charAt(i);
            if (c == '[') {
                StringBuilder v = new StringBuilder();
                i++;
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
                sb.append(' ').append(cell(v.toString()));
                i++;
            } else if (c == '_' || c == '"' || c == '!') {
                int end = rest.indexOf(' ', i);
                end = end < 0 ? rest.length() : end;
                sb.append(' ').append(rest, i, end);
                i = end;
            } else {
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
