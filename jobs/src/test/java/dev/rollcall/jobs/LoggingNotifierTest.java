package dev.rollcall.jobs;

import dev.rollcall.spi.JobCompletion;
import dev.rollcall.spi.Problem;
import dev.rollcall.spi.UploadCompletion;
import dev.rollcall.spi.UploadSummary;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertTrue;

class LoggingNotifierTest {

    private static String logged(Runnable r) {
        PrintStream original = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            System.setErr(new PrintStream(out, true, StandardCharsets.UTF_8));
            r.run();
        } finally {
            System.setErr(original);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void applied_isLoggedWithCountersAndErrorFile() {
        UploadSummary summary = new UploadSummary(3, 2, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0);
        String log = logged(() -> new LoggingNotifier().jobCompleted(new JobCompletion("hr", "Nightly HR", Optional.empty(),
                JobCompletion.Status.APPLIED, Optional.of("users.csv"), new UploadCompletion("users.csv", true, summary,
                List.of(), Optional.of(Path.of("errors.csv")), Instant.EPOCH))));
        assertTrue(log.contains("INFO"), log);
        assertTrue(log.contains("job hr (Nightly HR): users.csv applied, 3 rows, 2 created, 1 rejected; error file errors.csv"), log);
    }

    @Test
    void refused_isAWarning_withItsProblems() {
        String log = logged(() -> new LoggingNotifier().jobCompleted(new JobCompletion("hr", "hr", Optional.empty(),
                JobCompletion.Status.REFUSED, Optional.of("users.csv"), new UploadCompletion("users.csv", false,
                UploadSummary.EMPTY, List.of(Problem.error("UNKNOWN_COLUMN", "no such column: Emial").atLine(1)),
                Optional.empty(), Instant.EPOCH))));
        assertTrue(log.contains("WARN"), log);
        assertTrue(log.contains("job hr (hr): users.csv refused"), log);
        assertTrue(log.contains("line 1: no such column: Emial [UNKNOWN_COLUMN]"), log);
    }
}
