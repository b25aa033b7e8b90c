package dev.rollcall.spi;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An upload has finished: applied (perhaps with rejected or failed rows) or refused as a
 * whole. Immutable and thread-safe.
 *
 * @param source       the file's name or the job's description
 * @param applied      whether anything was applied; false for a refused file
 * @param summary      the counters
 * @param fileProblems the problems that refused the file (empty when it was not refused)
 * @param errorFile    a file of the rejected rows with their errors, when one was written
 * @param finishedAt   when the upload finished
 */
public record UploadCompletion(String source, boolean applied, UploadSummary summary, List<Problem> fileProblems,
                               Optional<Path> errorFile, Instant finishedAt) {

    /** Checks the arguments and copies the list. */
    public UploadCompletion {
        Objects.requireNonNull(source, "source must not be null");
        Objects.requireNonNull(summary, "summary must not be null");
        fileProblems = List.copyOf(fileProblems);
        Objects.requireNonNull(errorFile, "errorFile must not be null");
        Objects.requireNonNull(finishedAt, "finishedAt must not be null");
    }
}
