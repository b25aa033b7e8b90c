package dev.rollcall.jobs;

import dev.rollcall.spi.Codes;
import dev.rollcall.spi.JobCompletion;
import dev.rollcall.spi.Problem;
import dev.rollcall.spi.UploadSummary;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a job run did with one file. Immutable and thread-safe.
 *
 * @param file        the file's name as it came from the source
 * @param size        its size in bytes ({@code -1} when it could not be read)
 * @param sha256      its content's SHA-256, lower-case hex (empty when it could not be read)
 * @param status      applied, refused, stopped by a safety threshold, interrupted, or failed
 * @param summary     the counters: what was applied, or (refused, stopped) what the plan said
 * @param description the counters in words, e.g. {@code 12 rows, 3 created, 1 rejected}
 * @param problems    why the file was refused, stopped or failed; notifier failures
 *                    ({@link Codes#NOTIFIER_FAILED}); never row values or passwords
 * @param errorFile   the error file of rejected rows (sensitive columns emptied), if one was written
 * @param finishedAt  when the file was done with
 */
public record FileResult(String file, long size, String sha256, JobCompletion.Status status, UploadSummary summary, String description,
                         List<Problem> problems, Optional<Path> errorFile, Instant finishedAt) {

    /** Checks the arguments and copies the list. */
    public FileResult {
        Objects.requireNonNull(file, "file must not be null");
        Objects.requireNonNull(sha256, "sha256 must not be null");
        Objects.requireNonNull(status, "status must not be null");
        Objects.requireNonNull(summary, "summary must not be null");
        Objects.requireNonNull(description, "description must not be null");
        problems = List.copyOf(problems);
        Objects.requireNonNull(errorFile, "errorFile must not be null");
        Objects.requireNonNull(finishedAt, "finishedAt must not be null");
    }

    /** @return the notifier failures recorded for this file */
    public List<Problem> notifierFailures() {
        return problems.stream().filter(p -> Codes.NOTIFIER_FAILED.equals(p.code())).toList();
    }
}
