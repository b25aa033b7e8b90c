package dev.rollcall.core;

import dev.rollcall.core.internal.Json;
import dev.rollcall.spi.Problem;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;

/**
 * Reports of a delegate upload, in the shapes and words of the profile upload's
 * {@link Reports}: JSON for scripts, CSV and HTML for people. Delegates are shown by their
 * external ids.
 *
 * <pre>{@code
 * {"file": "delegates.csv", "command": "delegates apply", "applied": true,
 *  "summary": {"updated": 1, "unchanged": 0, "errors": 1, "added": 2, "removed": 1, "failed": 0, "notAttempted": 0},
 *  "fileErrors": [],
 *  "rows": [{"line": 2, "action": "update", "outcome": "applied", "user": "E1",
 *            "added": ["E2", "E3"], "removed": ["E4"], "messages": []}]}
 * }</pre>
 */
public final class DelegateReports {

    private DelegateReports() {
    }

    /**
     * @param plan   the delegate plan
     * @param states what applying it did, one per change ({@link DelegatePlan#apply()}), or
     *               {@code null} for a plan report
     * @param out    where to write; not closed
     */
    public static void json(DelegatePlan plan, List<RowOutcome.State> states, Writer out) {
        try {
            Json j = new Json(out);
            j.beginObject();
            j.name("file").value(plan.source());
            j.name("command").value(states == null ? "delegates plan" : "delegates apply");
            j.name("applied").value(states != null);
            j.name("summary").beginObject();
            j.name("updated").value(count(plan, states, Action.UPDATE, RowOutcome.State.APPLIED));
            j.name("unchanged").value(count(plan, null, Action.UNCHANGED, null));
            j.name("errors").value(count(plan, null, Action.REJECT, null));
            j.name("added").value(plan.added());
            j.name("removed").value(plan.removed());
            j.name("failed").value(count(plan, states, Action.UPDATE, RowOutcome.State.FAILED));
            j.name("notAttempted").value(count(plan, states, Action.UPDATE, RowOutcome.State.NOT_ATTEMPTED));
            j.endObject();
            j.name("fileErrors").beginArray();
            for (Problem p : stops(plan)) {
                j.beginObject();
                j.name("code").value(p.code());
                j.name("line").value(p.line() > 0 ? Long.valueOf(p.line()) : null);
                j.name("column").value(p.column());
                j.name("message").value(p.message());
                j.endObject();
            }
            j.endArray();
            j.name("rows").beginArray();
            for (int i = 0; i < plan.changes().size(); i++) {
                DelegateChange c = plan.changes().get(i);
                j.beginObject();
                j.name("line").value(c.line() > 0 ? Long.valueOf(c.line()) : null);
                j.name("action").value(c.action().label());
                if (states != null) {
                    j.name("outcome").value(states.get(i).label());
                }
                j.name("user").value(c.externalId());
                j.name("added").beginArray();
                for (String d : c.addedShown()) {
                    j.value(d);
                }
                j.endArray();
                j.name("removed").beginArray();
                for (String d : c.removedShown()) {
                    j.value(d);
                }
                j.endArray();
                Reports.messages(j, c.messages(), false);
                j.endObject();
            }
            j.endArray();
            j.endObject();
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * One CSV line per change: {@code line,action,outcome,user,delegates,messages}, the file's
     * problems (or the safety stop) first with action {@code refused}; spreadsheet-safe as
     * {@link Reports#csv} is.
     *
     * @param plan   the delegate plan
     * @param states what applying it did, or {@code null} for a plan report
     * @param out    where to write; not closed
     */
    public static void csv(DelegatePlan plan, List<RowOutcome.State> states, Writer out) {
        try {
            out.write("line,action,outcome,user,delegates,messages\r\n");
            for (Problem p : stops(plan)) {
                Reports.csvRow(out, p.line() > 0 ? String.valueOf(p.line()) : "", "refused", "", "", "", p.describe());
            }
            for (int i = 0; i < plan.changes().size(); i++) {
                DelegateChange c = plan.changes().get(i);
                Reports.csvRow(out, c.line() > 0 ? String.valueOf(c.line()) : "", c.action().label(),
                        states == null ? "" : states.get(i).label(), c.externalId() == null ? "" : c.externalId(),
                        delegates(c), messages(c));
            }
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A self-contained HTML page: the summary, the file's problems and one table row per
     * change. Every value is escaped.
     *
     * @param plan   the delegate plan
     * @param states what applying it did, or {@code null} for a plan report
     * @param out    where to write; not closed
     */
    public static void html(DelegatePlan plan, List<RowOutcome.State> states, Writer out) {
        try {
            out.write("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Rollcall: ");
            out.write(Reports.escape(plan.source()));
            out.write("</title><style>body{font-family:sans-serif}table{border-collapse:collapse}"
                    + "td,th{border:1px solid #ccc;padding:2px 6px;vertical-align:top}.error{color:#a00}"
                    + ".warning{color:#a60}</style></head><body>\n<h1>");
            out.write(Reports.escape((states == null ? "Delegates planned from " : "Delegates applied from ") + plan.source()));
            out.write("</h1>\n<p>" + Reports.escape(plan.isRefused() ? "the file is refused" : plan.describe()) + "</p>\n");
            for (Problem p : stops(plan)) {
                out.write("<p class=\"error\">" + Reports.escape(p.describe()) + "</p>\n");
            }
            out.write("<table><tr><th>line</th><th>action</th>" + (states == null ? "" : "<th>outcome</th>")
                    + "<th>user</th><th>delegates</th><th>messages</th></tr>\n");
            for (int i = 0; i < plan.changes().size(); i++) {
                DelegateChange c = plan.changes().get(i);
                out.write("<tr><td>" + (c.line() > 0 ? c.line() : "") + "</td><td>" + c.action().label() + "</td>");
                if (states != null) {
                    out.write("<td>" + states.get(i).label() + "</td>");
                }
                out.write("<td>" + Reports.escape(c.externalId() == null ? "" : c.externalId()) + "</td><td>"
                        + Reports.escape(delegates(c)) + "</td><td>");
                for (Problem p : c.messages()) {
                    out.write("<div class=\"" + p.severity().label() + "\">" + Reports.escape(p.describe()) + "</div>");
                }
                out.write("</td></tr>\n");
            }
            out.write("</table>\n</body></html>\n");
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return {@code +E2 +E3 -E4} */
    static String delegates(DelegateChange c) {
        List<String> parts = new ArrayList<>();
        c.addedShown().forEach(d -> parts.add("+" + d));
        c.removedShown().forEach(d -> parts.add("-" + d));
        return String.join(" ", parts);
    }

    private static String messages(DelegateChange c) {
        return String.join("; ", c.messages().stream().map(p -> p.severity().label() + ": " + p.describe()).toList());
    }

    private static List<Problem> stops(DelegatePlan plan) {
        List<Problem> out = new ArrayList<>(plan.fileProblems());
        plan.safetyStop().ifPresent(out::add);
        return out;
    }

    private static long count(DelegatePlan plan, List<RowOutcome.State> states, Action action, RowOutcome.State state) {
        long n = 0;
        for (int i = 0; i < plan.changes().size(); i++) {
            if (plan.changes().get(i).action() == action && (states == null || states.get(i) == state)) {
                n++;
            }
        }
        return n;
    }
}
