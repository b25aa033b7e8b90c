package dev.rollcall.core;

import dev.rollcall.core.internal.Applier;
import dev.rollcall.spi.Problem;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.RandomAccess;

/** The outcomes of an apply, made on demand from the plan's entries and a byte a state. */
final class OutcomeList extends AbstractList<RowOutcome> implements RandomAccess {

    private static final RowOutcome.State[] STATES = RowOutcome.State.values();

    private final List<PlannedChange> entries;
    private final Applier.Outcomes outcomes;

    OutcomeList(List<PlannedChange> entries, Applier.Outcomes outcomes) {
        this.entries = entries;
        this.outcomes = outcomes;
    }

    @Override
    public RowOutcome get(int index) {
        return outcome(index, entries.get(index));
    }

    private RowOutcome outcome(int index, PlannedChange c) {
        List<Problem> extra = outcomes.extra().get(index);
        List<Problem> messages = c.messages();
        if (extra != null) {
            messages = new ArrayList<>(messages);
            messages.addAll(extra);
        }
        return new RowOutcome(c, STATES[outcomes.states()[index]], messages);
    }

    @Override
    public int size() {
        return entries.size();
    }

    @Override
    public Iterator<RowOutcome> iterator() {
        Iterator<PlannedChange> it = entries.iterator();
        return new Iterator<>() {
            private int index;

            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public RowOutcome next() {
                return outcome(index++, it.next());
            }
        };
    }

    @Override
    public java.util.Spliterator<RowOutcome> spliterator() {
        return java.util.Spliterators.spliterator(iterator(), size(),
                java.util.Spliterator.ORDERED | java.util.Spliterator.SIZED | java.util.Spliterator.NONNULL);
    }
}
