package dev.rollcall.core.internal;

import dev.rollcall.core.PlannedChange;
import dev.rollcall.spi.Problem;

import java.util.List;

/**
 * The raw result of planning one file, before it is wrapped in a public plan.
 *
 * @param entries      one entry per row, in file order, then the users a full upload left out
 * @param fileProblems problems that refuse the file; empty when it may be applied
 * @param columns      the file's header as written
 */
public record PlanData(List<PlannedChange> entries, List<Problem> fileProblems, List<String> columns) {

    /** Copies the collections. */
    public PlanData {
        entries = List.copyOf(entries);
        fileProblems = List.copyOf(fileProblems);
        columns = List.copyOf(columns);
    }
}
