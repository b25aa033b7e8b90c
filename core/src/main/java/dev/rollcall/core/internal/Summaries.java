package dev.rollcall.core.internal;

import dev.rollcall.core.PlannedChange;
import dev.rollcall.core.RowOutcome;
import dev.rollcall.spi.UploadSummary;

/** Counts plans and results into {@link UploadSummary}s. */
public final class Summaries {

    private Summaries() {
    }

    /** Accumulates counters; not thread-safe. */
    public static final class Counter {
        private long rows;
        private long created;
        private long updated;
        private long renamed;
        private long activated;
        private long deactivated;
        private long deleted;
        private long unchanged;
        private long skipped;
        private long rejected;
        private long failed;
        private long notAttempted;
        private long weakPasswords;

        /** Counts a planned entry as if it were written. */
        public void plan(PlannedChange c) {
            if (c.hasLine()) {
                rows++;
            }
            if (c.weakPassword()) {
                weakPasswords++;
            }
            countAction(c);
        }

        /** Counts an outcome: only applied writes count by their action. */
        public void outcome(RowOutcome o) {
            PlannedChange c = o.change();
            if (c.hasLine()) {
                rows++;
            }
            if (c.weakPassword()) {
                weakPasswords++;
            }
            switch (o.state()) {
                case APPLIED, NO_WRITE -> countAction(c);
                case FAILED -> failed++;
                case NOT_ATTEMPTED -> notAttempted++;
            }
        }

        private void countAction(PlannedChange c) {
            switch (c.action()) {
                case CREATE -> created++;
                case UPDATE -> updated++;
                case RENAME -> renamed++;
                case ACTIVATE -> activated++;
                case DEACTIVATE -> deactivated++;
                case DELETE -> deleted++;
                case UNCHANGED -> unchanged++;
                case SKIP -> skipped++;
                case REJECT -> rejected++;
            }
        }

        /** @return the counters so far */
        public UploadSummary summary() {
            return new UploadSummary(rows, created, updated, renamed, activated, deactivated, deleted, unchanged,
                    skipped, rejected, failed, notAttempted, weakPasswords);
        }
    }

    /** @return the planned counters of some entries */
    public static UploadSummary ofPlan(Iterable<PlannedChange> entries) {
        Counter c = new Counter();
        for (PlannedChange e : entries) {
            c.plan(e);
        }
        return c.summary();
    }
}
