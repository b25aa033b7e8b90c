package dev.rollcall.core;

import dev.rollcall.core.internal.Json;
import dev.rollcall.spi.FormulaGuard;
import dev.rollcall.spi.Membership;
import dev.rollcall.spi.Problem;
import dev.rollcall.spi.UploadSummary;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.List;

/**
 * Writes plans and results as reports for scripts and people: JSON (a stable contract,
 * documented in {@code docs/REPORTS.md}), CSV and HTML. Reports stream: a plan of a million
 * rows is written row by row. Passwords and sensitive values appear as {@code ***}.
 *
 * <p>The JSON report:
 * <pre>{@code
 * {"file": "upload.csv", "command": "plan", "mode": "add-update", "applied": false,
 *  "summary": {"rows": 0, "created": 0, "updated": 0, "renamed": 0, "activated": 0,
 *              "deactivated": 0, "deleted": 0, "unchanged": 0, "skipped": 0,
 *              "errors": 0, "weakPasswords": 0, "failed": 0, "notAttempted": 0},
 *  "fileErrors": [{"code": "UNKNOWN_COLUMN", "line": 1, "column": "foo", "message": "..."}],
 *  "rows": [{"line": 2, "action": "create", "username": "jdoe",
 *            "changes": {"email": {"from": null, "to": "jdoe@example.com"}},
 *            "memberships": {"add": [...], "remove": [...]},
 *            "password": {"set": true, "generated": false, "reset": false, "forceChange": true, "weak": false},
 *            "welcome": true,
 *            "messages": [{"severity": "error", "code": "...", "field": "email", "column": "E-mail", "message": "..."}]}]}
 * }</pre>
 * A user a full upload deactivates without a row has {@code "line": null}. An apply report
 * adds {@code "outcome"} to each row: {@code applied}, {@code failed}, {@code not-attempted}
 * or {@code none}.
 */
public final class Reports {

    private Reports() {
    }

    /**
     * @param plan a plan (the report of a dry run)
     * @param out  where to write; not closed
     */
    public static void json(UploadPlan plan, Writer out) {
        json(plan.source(), "plan", plan.mode(), false, plan.summary(), stops(plan), rows(plan, null), out);
    }

    /**
     * @param plan   the plan that was applied
     * @param result what applying it did
     * @param out    where to write; not closed
     */
    public static void json(UploadPlan plan, UploadResult result, Writer out) {
        json(plan.source(), "apply", plan.mode(), true, result.summary(), stops(plan), rows(plan, result), out);
    }

    /** Each entry with its outcome (null in a plan report), in one pass: a plan on disk streams. */
    private static Iterable<RowOutcome> rows(UploadPlan plan, UploadResult result) {
        if (result != null) {
            return result.rows();
        }
        return () -> {
            java.util.Iterator<PlannedChange> it = plan.all().iterator();
            return new java.util.Iterator<>() {
                @Override
                public boolean hasNext() {
                    return it.hasNext();
                }

                @Override
                public RowOutcome next() {
                    PlannedChange c = it.next();
                    return new RowOutcome(c, c.action().writes() ? RowOutcome.State.NOT_ATTEMPTED : RowOutcome.State.NO_WRITE,
                            c.messages());
                }
            };
        };
    }

    /** The file's problems, and the safety guard's stop: what keeps a plan from being applied. */
    private static List<Problem> stops(UploadPlan plan) {
        List<Problem> out = new java.util.ArrayList<>(plan.fileProblems());
        plan.safetyStop().ifPresent(out::add);
        return out;
    }

    private static void json(String file, String command, UploadMode mode, boolean applied, UploadSummary s,
                             List<Problem> fileProblems, Iterable<RowOutcome> rows, Writer out) {
        try {
            Json j = new Json(out);
            j.beginObject();
            j.name("file").value(file);
            j.name("command").value(command);
            j.name("mode").value(mode.label());
            j.name("applied").value(applied);
            j.name("summary").beginObject();
            j.name("rows").value(s.rows());
            j.name("created").value(s.created());
            j.name("updated").value(s.updated());
            j.name("renamed").value(s.renamed());
            j.name("activated").value(s.activated());
            j.name("deactivated").value(s.deactivated());
            j.name("deleted").value(s.deleted());
            j.name("unchanged").value(s.unchanged());
            j.name("skipped").value(s.skipped());
            j.name("errors").value(s.rejected());
            j.name("weakPasswords").value(s.weakPasswords());
            j.name("failed").value(s.failed());
            j.name("notAttempted").value(s.notAttempted());
            j.endObject();
            j.name("fileErrors").beginArray();
            for (Problem p : fileProblems) {
                j.beginObject();
                j.name("code").value(p.code());
                j.name("line").value(p.line() > 0 ? Long.valueOf(p.line()) : null);
                j.name("column").value(p.column());
                j.name("message").value(p.message());
                j.endObject();
            }
            j.endArray();
            j.name("rows").beginArray();
            for (RowOutcome row : rows) {
                PlannedChange c = row.change();
                RowOutcome o = applied ? row : null;
                j.beginObject();
                j.name("line").value(c.hasLine() ? Long.valueOf(c.line()) : null);
                j.name("action").value(c.action().label());
                if (o != null) {
                    j.name("outcome").value(o.state().label());
                }
                j.name("username").value(c.username());
                j.name("changes").beginObject();
                for (FieldChange f : c.changes()) {
                    j.name(f.field()).beginObject();
                    j.name("from").value(f.shownFrom());
                    j.name("to").value(f.shownTo());
                    j.endObject();
                }
                j.endObject();
                if (!c.addMemberships().isEmpty() || !c.removeMemberships().isEmpty()) {
                    j.name("memberships").beginObject();
                    memberships(j, "add", c.addMemberships());
                    memberships(j, "remove", c.removeMemberships());
                    j.endObject();
                }
                if (!c.password().isNone()) {
                    // what happens to the password, never the password
                    j.name("password").beginObject();
                    j.name("set").value(c.password().newPassword() != null);
                    j.name("generated").value(c.password().generate());
                    j.name("reset").value(c.password().reset());
                    j.name("forceChange").value(c.password().forceChange());
                    j.name("weak").value(c.weakPassword());
                    j.endObject();
                }
                if (c.welcome()) {
                    j.name("welcome").value(true);
                }
                messages(j, o == null ? c.messages() : o.messages(), true);
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

    /** A JSON report's {@code messages} array; {@code withField} adds each problem's field. */
    static void messages(Json j, java.util.List<Problem> problems, boolean withField) throws IOException {
        j.name("messages").beginArray();
        for (Problem p : problems) {
            j.beginObject();
            j.name("severity").value(p.severity().label());
            j.name("code").value(p.code());
            if (withField) {
                j.name("field").value(p.field());
            }
            j.name("column").value(p.column());
            j.name("message").value(p.message());
            j.endObject();
        }
        j.endArray();
    }

    private static void memberships(Json j, String name, java.util.Set<Membership> set) throws IOException {
        j.name(name).beginArray();
        for (Membership m : set) {
            j.beginObject();
            j.name("kind").value(m.kind().targetKind());
            j.name("target").value(m.target());
            if (m.role() != null) {
                j.name("role").value(m.role());
            }
            if (m.status() != null) {
                j.name("status").value(m.status());
            }
            if (m.start() != null) {
                j.name("start").value(m.start().toString());
            }
            if (m.end() != null) {
                j.name("end").value(m.end().toString());
            }
            j.endObject();
        }
        j.endArray();
    }

    /**
     * Writes one CSV line per entry: {@code line, action, outcome, username, changes,
     * messages} (outcome empty for a plan). RFC 4180 quoting; a cell a spreadsheet would run
     * as a formula gets an apostrophe in front ({@link FormulaGuard}).
     *
     * @param plan   the plan
     * @param result what applying it did, or {@code null} for a plan report
     * @param out    where to write; not closed
     */
    public static void csv(UploadPlan plan, UploadResult result, Writer out) {
        try {
            out.write("line,action,outcome,username,changes,messages\r\n");
            for (Problem p : stops(plan)) {
                csvRow(out, p.line() > 0 ? String.valueOf(p.line()) : "", "refused", "", "", "", p.describe());
            }
            for (RowOutcome row : rows(plan, result)) {
                PlannedChange c = row.change();
                RowOutcome o = result == null ? null : row;
                List<Problem> messages = o == null ? c.messages() : o.messages();
                csvRow(out, c.hasLine() ? String.valueOf(c.line()) : "", c.action().label(),
                        o == null ? "" : o.state().label(),
                        c.username() == null ? "" : c.username(), PlanTable.changes(c),
                        String.join("; ", messages.stream().map(p -> p.severity().label() + ": " + p.describe()).toList()));
            }
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes a self-contained HTML page: the summary, the file's problems and one table row
     * per entry with its changes and messages. Every value is escaped.
     *
     * @param plan   the plan
     * @param result what applying it did, or {@code null} for a plan report
     * @param out    where to write; not closed
     */
    public static void html(UploadPlan plan, UploadResult result, Writer out) {
        try {
            UploadSummary s = result == null ? plan.summary() : result.summary();
            out.write("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Rollcall: ");
            out.write(escape(plan.source()));
            out.write("</title><style>body{font-family:sans-serif}table{border-collapse:collapse}"
                    + "td,th{border:1px solid #ccc;padding:2px 6px;vertical-align:top}.error{color:#a00}"
                    + ".warning{color:#a60}</style></head><body>\n<h1>");
            out.write(escape((result == null ? "Plan for " : "Applied ") + plan.source() + " (" + plan.mode().label() + ")"));
            out.write("</h1>\n<p>");
            out.write(escape(s.describe()));
            out.write("</p>\n");
            for (Problem p : stops(plan)) {
                out.write("<p class=\"error\">" + escape(p.describe()) + "</p>\n");
            }
            out.write("<table><tr><th>line</th><th>action</th>" + (result == null ? "" : "<th>outcome</th>")
                    + "<th>user</th><th>changes</th><th>messages</th></tr>\n");
            for (RowOutcome row : rows(plan, result)) {
                PlannedChange c = row.change();
                RowOutcome o = result == null ? null : row;
                out.write("<tr><td>" + (c.hasLine() ? c.line() : "") + "</td><td>" + c.action().label() + "</td>");
                if (o != null) {
                    out.write("<td>" + o.state().label() + "</td>");
                }
                out.write("<td>" + escape(c.username() == null ? "" : c.username()) + "</td><td>"
                        + escape(PlanTable.changes(c)) + "</td><td>");
                for (Problem p : o == null ? c.messages() : o.messages()) {
                    out.write("<div class=\"" + p.severity().label() + "\">" + escape(p.describe()) + "</div>");
                }
                out.write("</td></tr>\n");
            }
            out.write("</table>\n</body></html>\n");
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    static void csvRow(Writer out, String... cells) throws IOException {
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                out.write(',');
            }
            String v = FormulaGuard.neutralise(cells[i]);
            if (v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
                out.write('"');
                out.write(v.replace("\"", "\"\""));
                out.write('"');
            } else {
                out.write(v);
            }
        }
        out.write("\r\n");
    }
}
