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
        return render(plan, limit, 0);
    }

    /**
     * Renders a plan for a terminal {@code width} characters wide: as {@link #render(UploadPlan, int)},
     * with every line fitted to the width (the changes cut short with {@code ...}, the full
     * report has them; messages wrapped). A plan that changes nothing and says nothing about
     * any row is its summary line alone, not a table of unchanged rows.
     *
     * @param plan  a plan
     * @param limit the most rows to show
     * @param width the terminal's width in characters ({@code COLUMNS}); 0 for no limit (the
     *              changes then show up to 100 characters)
     * @return the plan's summary and its rows
     */
    public static String render(UploadPlan plan, int limit, int width) {
        Layout layout = Layout.of(width);
        StringBuilder sb = new StringBuilder();
        String title = "Plan for " + ControlCharacters.escape(plan.source()) + " (" + plan.mode().label() + "): ";
        if (plan.isRefused()) {
            layout.wrap(sb, title + "the file is refused; nothing will be written", "");
            for (Problem p : plan.fileProblems()) {
                layout.wrap(sb, "  " + p.describe(), "    ");
            }
            return sb.toString();
        }
        List<PlannedChange> all = plan.all();
        boolean nothing = plan.safetyStop().isEmpty()
                && all.stream().allMatch(c -> c.action() == Action.UNCHANGED && c.messages().isEmpty());
        layout.wrap(sb, title + plan.summary().describe() + (nothing ? "; nothing to change" : ""), "");
        if (nothing) {
            return sb.toString();
        }
        plan.safetyStop().ifPresent(p -> layout.wrap(sb, "STOPPED: " + ControlCharacters.escape(p.message()), ""));
        if (all.size() <= limit) {
            table(sb, all, null, layout);
            return sb.toString();
        }
        List<PlannedChange> shown = all.stream().filter(c -> c.action() != Action.UNCHANGED).limit(limit).toList();
        table(sb, shown, null, layout);
        long hidden = all.size() - shown.size();
        StringBuilder more = new StringBuilder("(").append(hidden).append(" more rows not shown");
        if (plan.summary().unchanged() > 0) {
            more.append(", ").append(plan.summary().unchanged()).append(" of them unchanged");
        }
        more.append("; --report FILE writes every row)");
        layout.wrap(sb, more.toString(), "");
        return sb.toString();
    }

    /**
     * @param result an apply's result
     * @return the result's summary and one line per entry that failed or has messages
     */
    public static String render(UploadResult result) {
        return render(result, 0);
    }

    /**
     * @param result an apply's result
     * @param width  the terminal's width in characters; 0 for no limit
     * @return the result's summary and one line per entry that failed or was not attempted,
     *         every line fitted to the width
     */
    public static String render(UploadResult result, int width) {
        Layout layout = Layout.of(width);
        StringBuilder sb = new StringBuilder();
        UploadSummary s = result.summary();
        layout.wrap(sb, "Applied " + ControlCharacters.escape(result.source()) + ": " + s.describe(), "");
        List<PlannedChange> shown = new ArrayList<>();
        List<RowOutcome> outcomes = new ArrayList<>();
        for (RowOutcome o : result.rows()) {
            if (o.state() == RowOutcome.State.FAILED || o.state() == RowOutcome.State.NOT_ATTEMPTED) {
                shown.add(o.change());
                outcomes.add(o);
            }
        }
        if (!shown.isEmpty()) {
            table(sb, shown, outcomes, layout);
        }
        for (Problem p : result.problems()) {
            layout.wrap(sb, "  " + p.describe(), "    ");
        }
        return sb.toString();
    }

    private static void table(StringBuilder sb, List<PlannedChange> entries, List<RowOutcome> outcomes, Layout layout) {
        String row = "%6s  %-10s  %-" + layout.user + "s  %s%n";
        sb.append(String.format(row, "line", "action", "user", "changes"));
        for (int i = 0; i < entries.size(); i++) {
            PlannedChange c = entries.get(i);
            String action = outcomes == null ? c.action().label() : outcomes.get(i).state().label();
            sb.append(String.format(row, c.hasLine() ? String.valueOf(c.line()) : "-", action,
                    ellipsis(c.username() == null ? "-" : ControlCharacters.escape(c.username()), layout.user),
                    ellipsis(ControlCharacters.escape(changes(c)), layout.changes)));
            List<Problem> messages = outcomes == null ? c.messages() : outcomes.get(i).messages();
            for (Problem p : messages) {
                layout.wrap(sb, MESSAGE_INDENT + p.severity().label() + ": " + p.describe(), MESSAGE_INDENT + "  ");
            }
        }
    }

    /** Where a row's messages start: under the user column. */
    private static final String MESSAGE_INDENT = " ".repeat(20);

    /**
     * The widths of a table's user and changes columns, and the width lines are wrapped at.
     *
     * @param width   the terminal's width, or {@link Integer#MAX_VALUE}
     * @param user    the user column's width
     * @param changes the changes column's width
     */
    private record Layout(int width, int user, int changes) {
        /** the narrowest terminal the layout fits; a narrower one gets lines this wide */
        private static final int NARROWEST = 40;

        static Layout of(int width) {
            if (width <= 0) {
                return new Layout(Integer.MAX_VALUE, 24, MAX_CHANGES_WIDTH);
            }
            int w = Math.max(NARROWEST, width);
            // line (6), action (10) and three gaps of two: 22; the user column gives way first
            int user = Math.max(8, Math.min(24, w - 22 - 2 - 16));
            return new Layout(w, user, Math.min(MAX_CHANGES_WIDTH, w - 22 - 2 - user));
        }

        /** Appends text, broken at spaces into lines no wider than the width; later lines are indented. */
        void wrap(StringBuilder sb, String text, String indent) {
            String rest = text;
            String prefix = "";
            while (prefix.length() + rest.length() > width) {
                int room = width - prefix.length();
                int cut = rest.lastIndexOf(' ', room);
                if (cut <= 0 || rest.substring(0, cut).isBlank()) {
                    cut = room;
                }
                sb.append(prefix).append(rest, 0, cut).append('\n');
                rest = rest.substring(cut).stripLeading();
                prefix = indent;
            }
            sb.append(prefix).append(rest).append('\n');
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
