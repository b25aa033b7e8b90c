package dev.rollcall.core;

import dev.rollcall.csv.CsvFormat;
import dev.rollcall.spi.RowReader;
import dev.rollcall.spi.UploadRow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static dev.rollcall.core.TestUploads.plan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ErrorFileTest {

    private static final String UPLOAD = """
            username,email,firstName,lastName,hireDate,department
            good1,g1@x.com,Good,One,2026-01-05,"Ops, North"
            bad1,b1@x.com,Bad,One,3/15/2026,""
            bad2,,Bad,Two,2026-01-05,
            good2,g2@x.com,Good,Two,,
            """;

    @Test
    void errorFile_holdsTheRejectedRowsAsTheyWere_withTheirErrors_andUploadsAgainOnceFixed() throws IOException {
        InMemoryUserRepository repo = new InMemoryUserRepository(ValidationSpecTest.SCHEMA);
        UploadPlanner planner = UploadPlan.builder().repository(repo).mode(UploadMode.ADD_UPDATE).build();
        UploadPlan plan = plan(planner, UPLOAD);
        assertEquals(2, plan.rejected().size());

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(2, plan.writeErrorFile(out));
        String errorFile = out.toString(StandardCharsets.UTF_8);

        try (RowReader r = CsvFormat.defaults().open(new ByteArrayInputStream(out.toByteArray()))) {
            assertEquals(List.of("username", "email", "firstName", "lastName", "hireDate", "department", "errors"), r.columns());
            UploadRow bad1 = r.next();
            assertEquals(Arrays.asList("bad1", "b1@x.com", "Bad", "One", "3/15/2026", ""), Arrays.asList(bad1.values()).subList(0, 6));
            assertTrue(bad1.value(6).contains("hireDate: \"3/15/2026\" is not a date written YYYY-MM-DD"), bad1.value(6));
            UploadRow bad2 = r.next();
            assertNull(bad2.value(1), "a blank cell stays blank");
            assertNull(bad2.value(5));
            assertTrue(bad2.value(6).contains("[MISSING_REQUIRED]"));
            assertNull(r.next());
        }

        String fixed = errorFile.replace("3/15/2026", "2026-03-15").replace("bad2,,", "bad2,b2@x.com,");
        UploadPlan again = plan(planner, fixed);
        assertFalse(again.isRefused(), "the errors column is ignored on upload: " + again.fileProblems());
        assertEquals(2, again.creates().size(), PlanTable.render(again));
    }

    @Test
    void errorFile_ofAPlanWithoutRejectedRows_isJustTheHeader() {
        InMemoryUserRepository repo = new InMemoryUserRepository(ValidationSpecTest.SCHEMA);
        UploadPlan plan = plan(UploadPlan.builder().repository(repo).build(), "username,email,firstName,lastName\nu,u@x.com,U,V\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(0, plan.writeErrorFile(out));
        assertEquals("username,email,firstName,lastName,errors\r\n", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void errorFileAndSavedPlan_neverHoldPasswordsOrCardNumbers_theCellsAreLeftEmpty(@TempDir Path dir) throws IOException {
        InMemoryUserRepository repo = new InMemoryUserRepository(ValidationSpecTest.SCHEMA);
        UploadPlan plan = plan(UploadPlan.builder().repository(repo).build(), """
                username,email,firstName,lastName,password,cardNumber
                bad1,,Bad,One,Tr0ub4dor&3xyz,4111111111111111
                """);
        assertEquals(1, plan.rejected().size());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        plan.writeErrorFile(out);
        Path saved = dir.resolve("plan.rollcall");
        plan.save(saved);
        for (String written : List.of(out.toString(StandardCharsets.UTF_8),
                new String(Files.readAllBytes(saved), StandardCharsets.ISO_8859_1))) {
            assertFalse(written.contains("Tr0ub4dor"), written);
            assertFalse(written.contains("4111111111111111"), written);
        }
        try (RowReader r = CsvFormat.defaults().open(new ByteArrayInputStream(out.toByteArray()))) {
            UploadRow bad1 = r.next();
            assertEquals("bad1", bad1.value(0));
            assertNull(bad1.value(4), "the password cell is left empty, to be typed again");
            assertNull(bad1.value(5));
        }
    }

    @Test
    void aRowWithTheWrongNumberOfCells_keepsNoCellAPasswordCouldHaveMovedTo() throws IOException {
        InMemoryUserRepository repo = new InMemoryUserRepository(ValidationSpecTest.SCHEMA);
        // Smith, Jr unquoted: one cell too many, the password moves right; one short: it moves left
        UploadPlan plan = plan(UploadPlan.builder().repository(repo).build(), """
                username,email,firstName,lastName,password,department
                q1,q1@x.com,Q,Smith, Jr,Sup3r!Secret,Sales
                q2,q2@x.com,Q,Sup3r!Secret,Sales
                """);
        assertEquals(2, plan.rejected().size());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        plan.writeErrorFile(out);
        String written = out.toString(StandardCharsets.UTF_8);
        assertFalse(written.contains("Sup3r"), written);
        try (RowReader r = CsvFormat.defaults().open(new ByteArrayInputStream(out.toByteArray()))) {
            UploadRow q1 = r.next();
            assertEquals(List.of("q1", "q1@x.com", "Q", "Smith"), Arrays.asList(q1.values()).subList(0, 4),
                    "the cells before the password's column are kept");
            assertNull(q1.value(4), "one cell too many: the password may be in any later cell");
            UploadRow q2 = r.next();
            assertEquals(List.of("q2", "q2@x.com", "Q"), Arrays.asList(q2.values()).subList(0, 3));
            assertNull(q2.value(3), "one cell short: the password may be under lastName");
        }
    }

    @Test
    void errorFileRows_sayTheirLineInTheErrorFile_andInTheUpload() throws IOException {
        InMemoryUserRepository repo = new InMemoryUserRepository(ValidationSpecTest.SCHEMA);
        UploadPlan plan = plan(UploadPlan.builder().repository(repo).mode(UploadMode.ADD_UPDATE).build(), """
                username,email,firstName,lastName
                ok1,o1@x.com,O,K
                bad1,,B,One
                bad2,b2@x.com,"Two
                lines",X
                ok2,o2@x.com,O,K
                bad3,,B,Three
                """);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(3, plan.writeErrorFile(out));
        try (RowReader r = CsvFormat.defaults().open(new ByteArrayInputStream(out.toByteArray()))) {
            long[] uploadLines = {3, 4, 7};
            for (long upload : uploadLines) {
                UploadRow row = r.next();
                assertTrue(row.value(4).startsWith("[line " + row.line() + " of this file, line " + upload + " of the upload] "),
                        row.line() + ": " + row.value(4));
            }
            assertNull(r.next());
        }
    }
}
