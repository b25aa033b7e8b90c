package dev.rollcall.core;

import dev.rollcall.spi.Codes;
import dev.rollcall.spi.Problem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyCollection;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.spy;
import static org.mockito.Mockito.verify;

class ValidateTest {

    @TempDir
    Path dir;

    private Path file(String csv) throws IOException {
        Path p = dir.resolve("upload.csv");
        Files.writeString(p, csv);
        return p;
    }

    @Test
    void validate_findsRowProblems_withoutLookingAnythingUp() throws IOException {
        InMemoryUserRepository repo = spy(new InMemoryUserRepository());
        List<Long> progress = new ArrayList<>();
        ValidationReport report = UploadPlan.builder().repository(repo).mode(UploadMode.ADD_UPDATE).batchSize(2)
                .progress((stage, done, total) -> progress.add(done)).build()
                .validate(file("username,status,enrolStart1,course1\njdoe,gone,,\nasmith,ACTIVE,2026-13-01,math\nb,,,\nc,,,\n"));
        assertEquals(4, report.rows());
        assertFalse(report.isValid());
        assertEquals(List.of(Codes.INVALID_VALUE, Codes.INVALID_VALUE), report.rowProblems().stream().map(Problem::code).toList());
        assertEquals(List.of(2L, 3L), report.rowProblems().stream().map(Problem::line).toList());
        assertEquals(2, report.rejectedRows());
        assertEquals(List.of(2L, 4L), progress);
        verify(repo, never()).findBy(any(), anyCollection());
        verify(repo, never()).existingTargets(any(), anyCollection());
    }

    @Test
    void validate_reportsFileProblems() throws IOException {
        ValidationReport report = UploadPlan.builder().repository(new InMemoryUserRepository()).build()
                .validate(file("username,shoe size\njdoe,9\n"));
        assertTrue(report.isRefused());
        assertEquals(Codes.UNKNOWN_COLUMN, report.fileProblems().get(0).code());
    }
}
