package dev.rollcall.core;

import dev.rollcall.spi.Problem;

import java.util.List;
import java.util.Objects;

/**
 * What {@link UploadPlanner#validate} found: the file's problems and each row's own
 * problems (values, columns, statuses), found without looking anything up in the store.
 * Immutable and thread-safe.
 *
 * @param source       the file's name
 * @param rows         data rows read
 * @param fileProblems problems that would refuse the file
 * @param rowProblems  problems of single rows, in file order (warnings included)
 */
public record ValidationReport(String source, long rows, List<Problem> fileProblems, List<Problem> rowProblems) {

    /** Checks the arguments and copies the lists. */
    public ValidationReport {
        Objects.requireNonNull(source, "source must not be null");
        fileProblems = List.copyOf(fileProblems);
        rowProblems = List.copyOf(rowProblems);
    }

    /** @return whether the file would be refused */
    public boolean isRefused() {
        return !fileProblems.isEmpty();
    }

    /** @return the number of rows with at least one error */
    public long rejectedRows() {
        return rowProblems.stream().filter(Problem::isError).mapToLong(Problem::line).distinct().count();
    }

    /** @return whether neither the file nor any row has an error */
    public boolean isValid() {
        return !isRefused() && rowProblems.stream().noneMatch(Problem::isError);
    }
}
