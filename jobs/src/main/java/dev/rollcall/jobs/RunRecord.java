package dev.rollcall.jobs;

import dev.rollcall.spi.Codes;
import dev.rollcall.spi.Problem;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One run of a job, for its history: when, what came of it, and each file it processed.
 * Immutable and thread-safe.
 *
 * @param job        the job's name
 * @param scheduled  the scheduled run this was (the latest one due, when several were
 *                   missed), or the moment a run was asked for by hand
 * @param startedAt  when it started, by the runner's clock
 * @param finishedAt when it finished
 * @param outcome    what came of it
 * @param files      the files it processed, in order
 * @param problems   problems not tied to a file: the source failed, a notifier failed
 */
public record RunRecord(String job, Instant scheduled, Instant startedAt, Instant finishedAt, Outcome outcome,
                        List<FileResult> files, List<Problem> problems) {

    /** What came of a run. */
    public enum Outcome {
        /** Under way (or its runner stopped and no runner has taken it over yet). */
        RUNNING,
        /** No new file (or none ready yet: still being written). */
        NOTHING_NEW,
        /** The fixed file has not changed since it was last processed ("skip files that have not changed"). */
        UNCHANGED,
        /** One or more files were processed; see each file's status. */
        PROCESSED,
        /** The source could not be read and no file was processed. */
        FAILED,
        /** Files were sent back to the inbox, to be applied at the job's next run (a requeue). */
        REQUEUED
    }

    /** Checks the arguments and copies the lists. */
    public RunRecord {
        Objects.requireNonNull(job, "job must not be null");
        Objects.requireNonNull(scheduled, "scheduled must not be null");
        Objects.requireNonNull(startedAt, "startedAt must not be null");
        Objects.requireNonNull(finishedAt, "finishedAt must not be null");
        Objects.requireNonNull(outcome, "outcome must not be null");
        files = List.copyOf(files);
        problems = List.copyOf(problems);
    }

    /** @return every notifier failure of the run and its files */
    public List<Problem> notifierFailures() {
        List<Problem> all = new ArrayList<>();
        problems.stream().filter(p -> Codes.NOTIFIER_FAILED.equals(p.code())).forEach(all::add);
        files.forEach(f -> all.addAll(f.notifierFailures()));
        return all;
    }

    /** @return e.g. {@code hr-nightly 2026-12-01T02:30:00Z: processed, users_20261201.csv applied (12 rows, 3 created)} */
    public String describe() {
        StringBuilder sb = new StringBuilder(job).append(' ').append(scheduled).append(": ")
                .append(outcome.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '));
        for (FileResult f : files) {
            sb.append(", ").append(f.file()).append(' ').append(f.status().name().toLowerCase(java.util.Locale.ROOT))
                    .append(" (").append(f.description()).append(')');
        }
        for (Problem p : problems) {
            sb.append("; ").append(p.describe());
        }
        return sb.toString();
    }
}
