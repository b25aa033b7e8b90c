package dev.rollcall.core;

import dev.rollcall.spi.Codes;
import dev.rollcall.spi.ControlCharacters;
import dev.rollcall.spi.FieldDefinition;
import dev.rollcall.spi.FieldSchema;
import dev.rollcall.spi.Problem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.rollcall.core.TestUploads.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 14 point 3: a value holding a control character, a stray byte order mark or a
 * bidirectional override is rejected with its line, column and {@code CONTROL_CHARACTER},
 * whatever the column; and such text from the store cannot change what the table draws.
 */
class ControlCharacterTest {

    /** Every character an upload value may not hold. */
    static List<Character> forbidden() {
        List<Character> all = new ArrayList<>();
        for (char c = 0; c <= 0x1F; c++) {
            if (c != '\t') {
                all.add(c);
            }
        }
        for (char c = 0x7F; c <= 0x9F; c++) {
            all.add(c);
        }
        all.add('\uFEFF');
        for (char c = 0x202A; c <= 0x202E; c++) {
            all.add(c);
        }
        for (char c = 0x2066; c <= 0x2069; c++) {
            all.add(c);
        }
        return all;
    }

    private static InMemoryUserRepository store() {
        InMemoryUserRepository repo = new InMemoryUserRepository(FieldSchema.standard()
                .with(FieldDefinition.builder("homepage").custom(true).build()));
        repo.addTargets("cohort", "nurses");
        return repo;
    }

    private static final List<String> COLUMNS = List.of("username", "email", "firstName", "homepage", "cohort1");

    @Test
    void everyForbiddenCharacter_inAnyColumn_rejectsTheRow_withItsLineColumnAndCode() {
        for (char c : forbidden()) {
            for (String column : COLUMNS) {
                for (boolean standardise : new boolean[] {true, false}) {
                    String where = ControlCharacters.codePoint(c) + " in " + column + (standardise ? "" : ", not standardised");
                    InMemoryUserRepository repo = store();
                    String csv = "username,email,firstName,lastName,homepage,cohort1\n"
                            + row(column, "\"a" + c + "b\"") + "\nclean,clean@example.com,C,Lean,h,nurses\n";
                    UploadPlan plan = UploadPlan.builder().repository(repo).mode(UploadMode.ADD_UPDATE)
                            .standardiseUsernames(standardise).build().plan(bytes(csv), "upload.csv");
                    assertFalse(plan.isRefused(), where);
                    PlannedChange rejected = plan.all().get(0);
                    assertEquals(Action.REJECT, rejected.action(), where);
                    Problem p = rejected.messages().stream().filter(m -> Codes.CONTROL_CHARACTER.equals(m.code()))
                            .findFirst().orElseThrow(() -> new AssertionError(where + ": " + rejected.messages()));
                    assertTrue(p.isError(), where);
                    assertEquals(2, p.line(), where);
                    assertEquals(column, p.column(), where);
                    // the CSV reader turns a bare CR into a line break, as it does between records
                    char named = c == '\r' ? '\n' : c;
                    assertTrue(p.message().contains(ControlCharacters.codePoint(named)), where + ": " + p.message());
                    assertEquals(-1, ControlCharacters.indexOf(p.message()), where + ": the message prints it");
                    for (Problem m : rejected.messages()) {
                        assertEquals(-1, ControlCharacters.indexOf(m.message()), where + ": " + m.code() + " quotes it");
                    }
                    assertEquals(Action.CREATE, plan.all().get(1).action(), where + ": the next row goes ahead");
                    plan.apply();
                    assertEquals(1, repo.size(), where);
                    assertTrue(repo.byUsername("clean").isPresent(), where);
                }
            }
        }
    }

    @Test
    void validate_reportsTheSameProblem(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("upload.csv"), "username,email\n\"ad\u001B[2Jmin\",a@example.com\n");
        ValidationReport report = UploadPlan.builder().repository(store()).mode(UploadMode.UPDATE_ONLY)
                .standardiseUsernames(false).build().validate(file);
        assertFalse(report.isRefused(), () -> report.fileProblems().toString());
        assertEquals(List.of(Codes.CONTROL_CHARACTER), report.rowProblems().stream().map(Problem::code).toList());
        assertEquals(2, report.rowProblems().get(0).line());
        assertEquals("username", report.rowProblems().get(0).column());
        assertTrue(report.rowProblems().get(0).message().contains("U+001B (ESCAPE) at character 3"),
                report.rowProblems().get(0).message());
    }

    @Test
    void aTabAndABomAtTheStartOfTheFile_areFine() {
        InMemoryUserRepository repo = store();
        UploadPlan.builder().repository(repo).mode(UploadMode.ADD_UPDATE).build()
                .plan(bytes("\uFEFFusername,email,firstName,lastName,homepage\njdoe,j@example.com,J,Doe,\"a\tb\"\n"),
                        "upload.csv").apply();
        assertEquals("a\tb", repo.byUsername("jdoe").orElseThrow().field("homepage").orElseThrow());
    }

    @Test
    void delegateUpload_rejectsAnIdWithAControlCharacter() {
        InMemoryUserRepository repo = store();
        repo.insert(Map.of("username", "boss", "externalId", "E1"));
        repo.insert(Map.of("username", "aide", "externalId", "E2"));
        DelegatePlan plan = DelegatePlan.builder().repository(repo).build()
                .plan(bytes("externalId,delegate1\nE1,\"E\u202E2\"\n"), "delegates.csv");
        DelegateChange c = plan.changes().get(0);
        assertEquals(Action.REJECT, c.action());
        Problem p = c.messages().get(0);
        assertEquals(Codes.CONTROL_CHARACTER, p.code());
        assertEquals(2, p.line());
        assertEquals("delegate1", p.column());
        assertTrue(p.message().contains("U+202E"), p.message());
    }

    /** Terminal control, a fake row of the table, and a right-to-left override, as a stored value could hold them. */
    static final String HOSTILE = "x\u001B]0;owned\u0007\u001B[2J\r\n     7  delete      admin\u202E\u0085\uFEFF\t!";

    @Test
    void valuesFromTheStore_printEscaped_andDrawNoLineOfTheirOwn() {
        InMemoryUserRepository repo = store();
        // straight into the store, past the file check
        repo.insert(Map.of("username", "evil" + HOSTILE, "email", "e@example.com", "department", HOSTILE));
        UploadPlan plan = UploadPlan.builder().repository(repo).mode(UploadMode.UPDATE_ONLY).matchOn("email").build()
                .plan(bytes("email,department\ne@example.com,Sales\n"), "up\u001B[2Jload.csv");
        String table = PlanTable.render(plan);
        assertClean(table);
        List<String> lines = table.lines().toList();
        assertEquals(3, lines.size(), table);
        assertTrue(lines.get(0).startsWith("Plan for up<U+001B>[2Jload.csv"), lines.get(0));
        assertTrue(lines.get(2).contains("evilx<U+001B>]0;owned..."), lines.get(2));
        assertTrue(lines.get(2).contains("department: x<U+001B>]0;owned<U+0007><U+001B>[2J<U+000D><U+000A>     7  delete"), lines.get(2));
        assertClean(PlanTable.render(plan.apply()));
    }

    @Test
    void problemDescriptions_escapeTheirMessageAndColumn() {
        Problem p = new Problem(dev.rollcall.spi.Severity.ERROR, Codes.INVALID_VALUE, 3, "col\u001B", "f",
                "bad \"a\nline 4: fake\u009B\"");
        assertEquals("line 3, column \"col<U+001B>\": bad \"a<U+000A>line 4: fake<U+009B>\" [INVALID_VALUE]", p.describe());
    }

    /** No control character but the table's own line breaks. */
    private static void assertClean(String text) {
        for (char c : text.toCharArray()) {
            assertTrue(c == '\n' || !(c < 0x20 || (c >= 0x7F && c <= 0x9F) || ControlCharacters.isForbidden(c)),
                    () -> ControlCharacters.codePoint(c) + " printed raw in:\n" + ControlCharacters.escape(text));
        }
    }

    private static String row(String hostileColumn, String hostile) {
        List<String> cells = new ArrayList<>(List.of("jdoe", "jdoe@example.com", "John", "Doe", "home", "nurses"));
        List<String> header = List.of("username", "email", "firstName", "lastName", "homepage", "cohort1");
        cells.set(header.indexOf(hostileColumn), hostile);
        return String.join(",", cells);
    }
}
