package dev.rollcall.spi;

import java.util.Objects;
import java.util.Optional;

/**
 * A scheduled job has finished with one file, or failed to get one (seed 002's "Job
 * Completion Email"): which job, who is to hear about it, what happened, and the upload's
 * own {@link UploadCompletion} (the counters, the problems that refused the file, the error
 * file). Holds no passwords: the error file it names has sensitive columns emptied.
 *
 * <p>Immutable and thread-safe.
 *
 * @param job         the job's name
 * @param description the job's description, for people
 * @param recipient   the job's completion-email address, if it has one
 * @param status      what happened
 * @param file        the file's name, when there was one (a failed source has none)
 * @param upload      the upload's completion; for a job that failed before reading a file,
 *                    a completion that applied nothing, whose problems say why
 */
public record JobCompletion(String job, String description, Optional<String> recipient, Status status,
                            Optional<String> file, UploadCompletion upload) {

    /** What a job run did with a file. */
    public enum Status {
        /** The file was applied (some rows may have been rejected or failed: see the summary). */
        APPLIED,
        /** The file was refused as a whole; nothing was written. */
        REFUSED,
        /** A safety threshold stopped the upload; nothing was written. */
        STOPPED,
        /**
         * Applying the file was interrupted (the process stopped); the file is kept and is not
         * applied again by itself.
         */
        INTERRUPTED,
        /** The job could not read its source or process the file; see the problems. */
        FAILED
    }

    /** Checks the arguments. */
    public JobCompletion {
        Objects.requireNonNull(job, "job must not be null");
        Objects.requireNonNull(description, "description must not be null");
        Objects.requireNonNull(recipient, "recipient must not be null");
        Objects.requireNonNull(status, "status must not be null");
        Objects.requireNonNull(file, "file must not be null");
        Objects.requireNonNull(upload, "upload must not be null");
    }

    /** @return {@code applied}, {@code refused}, … for subjects and logs */
    public String statusLabel() {
        return status.name().toLowerCase(java.util.Locale.ROOT);
    }
}
