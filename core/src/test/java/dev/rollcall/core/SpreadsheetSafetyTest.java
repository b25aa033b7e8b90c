package dev.rollcall.core;

import dev.rollcall.csv.CsvFormat;
import dev.rollcall.csv.CsvTemplates;
import dev.rollcall.csv.CsvWriter;
import dev.rollcall.spi.FieldDefinition;
import dev.rollcall.spi.FieldSchema;
import dev.rollcall.spi.RowReader;
import dev.rollcall.spi.UploadRow;
import dev.rollcall.spi.UserQuery;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static dev.rollcall.core.TestUploads.plan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every CSV Rollcall writes (error file, CSV report, extract, template with examples) is safe
 * to open in a spreadsheet: no cell starts as a formula (OWASP's CSV injection list, full-width
 * forms included); and what is uploaded again (error file, extract) reads back as it was.
 */
class SpreadsheetSafetyTest {

    static Stream<String> dangerous() {
        return Stream.of("=cmd|' /C calc'!A0", "=1+1", "+1+1", "-2+3", "-5", "@SUM(A1:A2)", "@home",
                "\uFF1D1+1", "\uFF0B1", "\uFF0D1", "\uFF20SUM(A1)", "\t=1+1", "\r=1+1", "\tcalc", " =1+1",
                "'=1+1", "''-5");
    }

    /** What a writer wrote, and the value it was given for a cell to start with (as it holds it). */
    private record Written(String csv, String held) {
    }

    /** Each writer, fed {@code value} where a cell starts with it. */
    private static Map<String, Written> everyWriter(String value) throws IOException {
        return Map.of(
                // the error file holds the value as the reader saw it in the upload (stripped)
                "error file", new Written(errorFile(value), firstNameOf(upload(value))),
                "CSV report", report(value),
                "extract", new Written(extract(value), value),
                "template", new Written(template(value), value));
    }

    @ParameterizedTest
    @MethodSource("dangerous")
    void everyCsvWriter_guardsEveryDangerousStart(String value) throws IOException {
        everyWriter(value).forEach((writer, written) -> {
            List<String> cells = rawCells(written.csv());
            for (String cell : cells) {
                assertFalse(formulaLike(cell), writer + " wrote a cell a spreadsheet would run: " + show(cell));
            }
            String expected = guarded(written.held());
            assertTrue(cells.contains(expected), writer + " holds " + show(expected) + ": " + show(written.csv()));
        });
    }

    @ParameterizedTest
    @MethodSource("dangerous")
    void errorFile_reuploaded_givesTheOriginalValue(String value) throws IOException {
        String upload = upload(value);
        String original = firstNameOf(upload);
        assertEquals(original, firstNameOf(errorFile(value)));
    }

    @ParameterizedTest
    @MethodSource("dangerous")
    void extract_reuploaded_givesTheStoredValue(String value) throws IOException {
        // the reader makes a line break in a value LF, whatever it was: a CR is read as LF
        assertEquals(value.replace('\r', '\n'), firstNameOf(extract(value)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"'hello", "'5", "''", "'", "O'Brien", "a-b", "user@example.com", "5", "'=1+1"})
    void valuesThatAreNoFormulas_roundTripUnchanged(String value) throws IOException {
        assertEquals(firstNameOf(upload(value)), firstNameOf(errorFile(value)), "error file");
        assertEquals(value, firstNameOf(extract(value)), "extract");
    }

    // ---- the writers ----

    private static final FieldSchema SCHEMA = FieldSchema.standard();

    /** An upload whose one row is rejected (no email) and has {@code value} as first name, written raw. */
    private static String upload(String value) {
        StringWriter out = new StringWriter();
        CsvWriter w = CsvWriter.builder().neutraliseFormulas(false).build(out);
        w.writeRow("username", "email", "firstName", "lastName");
        w.writeRow("u1", null, value, "Last");
        return out.toString();
    }

    private static String errorFile(String value) {
        InMemoryUserRepository repo = new InMemoryUserRepository(SCHEMA);
        UploadPlan plan = plan(UploadPlan.builder().repository(repo).build(), upload(value));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(1, plan.writeErrorFile(out));
        return out.toString(StandardCharsets.UTF_8);
    }

    /** A report whose username column starts with the value, as the planner normalised it ({@code -5}, {@code @suma1a2}). */
    private static Written report(String value) {
        StringWriter out = new StringWriter();
        CsvWriter w = CsvWriter.builder().neutraliseFormulas(false).build(out);
        w.writeRow("username", "email", "firstName", "lastName");
        w.writeRow(value, "x@example.com", "F", "L");
        InMemoryUserRepository repo = new InMemoryUserRepository(SCHEMA);
        UploadPlan plan = plan(UploadPlan.builder().repository(repo).build(), out.toString());
        StringWriter report = new StringWriter();
        Reports.csv(plan, null, report);
        return new Written(report.toString(), plan.creates().get(0).username());
    }

    private static String extract(String value) {
        InMemoryUserRepository repo = new InMemoryUserRepository(SCHEMA);
        repo.insert(Map.of("username", "u1", "email", "u1@example.com", "firstName", value, "lastName", "L"));
        StringWriter out = new StringWriter();
        CsvTemplates.extract(repo, UserQuery.ALL, out);
        return out.toString();
    }

    private static String template(String value) {
        FieldSchema schema = FieldSchema.standard().with(FieldDefinition.builder("note").custom(true).example(value).build());
        StringWriter out = new StringWriter();
        CsvTemplates.template(schema, true, out);
        return out.toString();
    }

    // ---- reading ----

    private static String firstNameOf(String csv) throws IOException {
        try (RowReader r = CsvFormat.defaults().open(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)))) {
            UploadRow row = r.next();
            return row.value(r.columns().indexOf("firstName"));
        }
    }

    /** Whether a spreadsheet would take a cell as a formula (OWASP: = + - @ tab CR, full-width forms, after whitespace). */
    private static boolean formulaLike(String cell) {
        String rest = cell.stripLeading();
        boolean control = cell.startsWith("\t") || cell.startsWith("\r");
        return !rest.isEmpty() && (control || "=+-@\uFF1D\uFF0B\uFF0D\uFF20".indexOf(rest.charAt(0)) >= 0);
    }

    /** The value as a safe writer writes it: one apostrophe more when it is apostrophes and then a formula. */
    private static String guarded(String value) {
        int i = 0;
        while (i < value.length() && value.charAt(i) == '\'') {
            i++;
        }
        return formulaLike(value.substring(i)) ? "'" + value : value;
    }

    /** The cells of a CSV text as written (quotes removed, nothing else undone). */
    private static List<String> rawCells(String csv) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < csv.length(); i++) {
            char c = csv.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < csv.length() && csv.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',' || c == '\n') {
                cells.add(cell.toString());
                cell.setLength(0);
            } else if (c != '\r') {
                cell.append(c);
            }
        }
        return cells;
    }

    private static String show(String s) {
        return s.replace("\t", "\\t").replace("\r", "\\r").replace("\n", "\\n");
    }
}
