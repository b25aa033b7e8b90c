package dev.rollcall.core.internal;

import dev.rollcall.core.PlannedChange;
import dev.rollcall.spi.Problem;

import java.util.List;
import java.util.Map;

/**
 * The raw result of planning one file, before it is wrapped in a public plan.
 *
 * @param entries      one entry per row, in file order, then the users a full upload left out
 * @param fileProblems problems that refuse the file; empty when it may be applied
 * @param columns      the file's header as written
 * @param rejectedRows the values of each rejected row, by line, exactly as read (null for a
 *                     blank cell), for error files
 * @param safetyStop   the safety guard's reason to stop a full upload, or null
 */
public record PlanData(List<PlannedChange> entries, List<Problem> fileProblems, List<String> columns,
                       Map<Long, List<String>> rejectedRows, Problem safetyStop) {

    /** Copies the collections. */
    public PlanData {
        entries = List.copyOf(entries);
        fileProblems = List.copyOf(fileProblems);
        columns = List.copyOf(columns);
        rejectedRows = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(rejectedRows));
    }

    /** @return the same data with other entries (a reviewed plan) */
    public PlanData withEntries(List<PlannedChange> newEntries) {
        return new PlanData(newEntries, fileProblems, columns, rejectedRows, safetyStop);
    }
}
