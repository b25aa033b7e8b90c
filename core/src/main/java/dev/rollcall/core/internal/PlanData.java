package dev.rollcall.core.internal;

import dev.rollcall.core.PlannedChange;
import dev.rollcall.spi.Problem;
import dev.rollcall.spi.UploadSummary;

import java.util.AbstractList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * The raw result of planning one file, before it is wrapped in a public plan.
 *
 * @param store        one entry per row, in file order, then the users a full upload left
 *                     out; with the raw values of rejected rows
 * @param summary      the counters of the entries
 * @param fileProblems problems that refuse the file; empty when it may be applied
 * @param columns      the file's header as written
 * @param safetyStop   the safety guard's reason to stop a full upload, or null
 */
public record PlanData(EntryStore store, UploadSummary summary, List<Problem> fileProblems, List<String> columns,
                       Problem safetyStop) {

    /** Checks the arguments and copies the lists. */
    public PlanData {
        Objects.requireNonNull(store, "store must not be null");
        Objects.requireNonNull(summary, "summary must not be null");
        fileProblems = List.copyOf(fileProblems);
        columns = List.copyOf(columns);
    }

    /** @return the data of a file refused before any row was planned */
    public static PlanData refused(List<Problem> problems, List<String> columns) {
        return new PlanData(EntryStore.of(List.of()), UploadSummary.EMPTY, problems, columns, null);
    }

    /** @return the entries as an unmodifiable list; iterating it streams them from disk when they are there */
    public List<PlannedChange> entries() {
        return new Entries(store);
    }

    /** A list over a store: random access by position, sequential iteration in one pass. */
    private static final class Entries extends AbstractList<PlannedChange> implements RandomAccess {
        private final EntryStore store;

        Entries(EntryStore store) {
            this.store = store;
        }

        @Override
        public PlannedChange get(int index) {
            return store.get(index);
        }

        @Override
        public int size() {
            return store.size();
        }

        @Override
        public Iterator<PlannedChange> iterator() {
            return store.iterator();
        }

        @Override
        public java.util.Spliterator<PlannedChange> spliterator() {
            return java.util.Spliterators.spliterator(iterator(), size(),
                    java.util.Spliterator.ORDERED | java.util.Spliterator.SIZED | java.util.Spliterator.NONNULL);
        }
    }
}
