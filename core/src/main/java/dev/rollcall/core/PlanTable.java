package dev.rollcall.core;

import dev.rollcall.spi.ControlCharacters;
import dev.rollcall.spi.Membership;
import dev.rollcall.spi.Problem;
import dev.rollcall.spi.UploadSummary;

import java.util.ArrayList;
import java.util.List;

/**
 * Renders plans and results as plain-text tables for terminals and logs: one line per
 * row with its line number, action, user and changed fields, then its messages.
 * Passwords and sensitive values show as {@code ***}. Control characters, wherever they come
 * from (a file name, a stored value, a message), show as {@code <U+001B>}
 * ({@link ControlCharacters#escape}): a value cannot clear the screen or draw a line of its own.
 */
public final class PlanTable {

    private static final int MAX_CHANGES_WIDTH = 100;

    private PlanTable() {
    }

    /**
     * @param plan a plan
     * @return the plan's summary and one line per entry
     */
    public static String render(UploadPlan plan) {
        return render(plan, Integer.MAX_VALUE);
    }

    /**
     * Renders a plan for a terminal: when it has more entries than {@code limit}, rows that
     * change nothing are left out and the table stops after {@code limit} rows, saying how
     * many more there are.
     *
     * @param plan  a plan
     * @param limit the most rows to show
     * @return the plan's summary and its rows
     */
    public static String render(UploadPlan plan, int limit) {
        StringBuilder sb = new StringBuilder();
        sb.append("Plan for ").append(ControlCharacters.escape(plan.source())).append(" (").append(plan.mode().label())
                .append("): ");
        if (plan.isRefused()) {
            sb.append("the file is refused; nothing will be written\n");
            for (Problem p : plan.fileProblems()) {
                sb.append("  ").append(p.describe()).append('\n');
            }
            return sb.toString();
        }
        sb.append(plan.summary().describe()).append('\n');
        plan.safetyStop().ifPresent(p -> sb.append("STOPPED: ").append(ControlCharacters.escape(p.message())).append('\n'));
        List<PlannedChange> all = plan.all();
        if (all.size() <= limit) {
            table(sb, all, null);
            return sb.toString();
        }
        List<PlannedChange> shown = all.stream().filter(c -> c.action() != Action.UNCHANGED).limit(limit).toList();
        table(sb, shown, null);
        long hidden = all.size() - shown.size();
        sb.append("(").append(hidden).append(" more rows not shown");
        if (plan.summary().unchanged() > 0) {
            sb.append(", ").append(plan.summary().unchanged()).append(" of them unchanged");
        }
        sb.append("; --report FILE writes every row)\n");
        return sb.toString();
    }

    /**
     * @param result an apply's result
     * @return the result's summary and one line per entry that failed or has messages
     */
    public static String render(UploadResult result) {
        StringBuilder sb = new StringBuilder();
        UploadSummary s = result.summary();
        sb.append("Applied ").append(ControlCharacters.escape(result.source())).append(": ").append(s.describe()).append('\n');
        List<PlannedChange> shown = new ArrayList<>();
        List<RowOutcome> outcomes = new ArrayList<>();
        for (RowOutcome o : result.rows()) {
            if (o.state() == RowOutcome.State.FAILED || o.state() == RowOutcome.State.NOT_ATTEMPTED) {
                shown.add(o.change());
                outcomes.add(o);
            }
        }
        if (!shown.isEmpty()) {
            table(sb, shown, outcomes);
        }
        for (Problem p : result.problems()) {
            sb.append("  ").append(p.describe()).append('\n');
        }
        return sb.toString();
    }

    private static void table(StringBuilder sb, List<PlannedChange> entries, List<RowOutcome> outcomes) {
        sb.append(String.format("%6s  %-10s  %-24s  %s%n", "line", "action", "user", "changes"));
        for (int i = 0; i < entries.size(); i++) {
            PlannedChange c = entries.get(i);
            String action = outcomes == null ? c.action().label()
                    : outcomes.get(i).state().label();
            sb.append(String.format("%6s  %-10s  %-24s  %s%n", c.hasLine() ? String.valueOf(c.line()) : "-", action,
                    ellipsis(c.username() == null ? "-" : ControlCharacters.escape(c.username()), 24),
                    ellipsis(ControlCharacters.escape(changes(c)), MAX_CHANGES_WIDTH)));
            List<Problem> messages = outcomes == null ? c.messages() : outcomes.get(i).messages();
            for (Problem p : messages) {
                sb.append(String.format("%6s  %-10s  %s%n", "", "", p.severity().label() + ": " + p.describe()));
            }
        }
    }

    /** @return {@code email: a -> b, department: (none) -> Sales, +cohort:x} style text */
    static String changes(PlannedChange c) {
        List<String> parts = new ArrayList<>();
        for (FieldChange f : c.changes()) {
            if (c.action() == Action.CREATE) {
                parts.add(f.field() + "=" + show(f.shownTo()));
            } else {
                parts.add(f.field() + ": " + show(f.shownFrom()) + " -> " + show(f.shownTo()));
            }
        }
        for (Membership m : c.addMemberships()) {
            parts.add("+" + m.describe());
        }
        for (Membership m : c.removeMemberships()) {
            parts.add("-" + m.describe());
        }
        return String.join(", ", parts);
    }

    private static String show(String v) {
        return v == null ? "(none)" : v;
    }

    private static String ellipsis(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 3) + "...";
    }
}
