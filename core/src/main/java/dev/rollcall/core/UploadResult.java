package dev.rollcall.core;

import dev.rollcall.spi.Problem;
import dev.rollcall.spi.UploadSummary;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What applying a plan did: the counters a results screen shows and each row's outcome.
 * Only changes that were really written count as created, updated, …; failed and
 * not-attempted changes are counted apart. Immutable and thread-safe.
 *
 * @param source   the file's name
 * @param summary  the counters
 * @param rows     every entry's outcome, in plan order (for a large plan, read from its
 *                 file on demand)
 * @param problems problems not tied to a row (a notifier that failed)
 */
public record UploadResult(String source, UploadSummary summary, List<RowOutcome> rows, List<Problem> problems) {

    /** Checks the arguments and copies the lists. */
    public UploadResult {
        Objects.requireNonNull(source, "source must not be null");
        Objects.requireNonNull(summary, "summary must not be null");
        rows = rows instanceof OutcomeList ? rows : List.copyOf(rows);
        problems = List.copyOf(problems);
    }

    /** @return the outcomes of changes the repository refused or failed */
    public List<RowOutcome> failures() {
        return rows.stream().filter(r -> r.state() == RowOutcome.State.FAILED).toList();
    }

    /**
     * @param line a 1-based line
     * @return the outcome of the row at that line
     */
    public Optional<RowOutcome> atLine(long line) {
        return rows.stream().filter(r -> r.line() == line).findFirst();
    }

    /** @return whether every planned write was applied */
    public boolean isComplete() {
        return summary.failed() == 0 && summary.notAttempted() == 0;
    }
}
