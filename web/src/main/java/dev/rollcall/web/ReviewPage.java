package dev.rollcall.web;

import dev.rollcall.core.Action;
import dev.rollcall.core.PlannedChange;
import dev.rollcall.core.UploadPlan;
import dev.rollcall.core.UploadResult;
import dev.rollcall.spi.Problem;
import dev.rollcall.spi.UploadSummary;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The Review page: while the file is planned, its progress; then the counters, the file's
 * refusal explained, or every planned change page by page with the reviewer's include and
 * welcome ticks; while applying, its progress. Posting it saves the ticks of the page shown
 * and pages on, changes them all, or applies the plan.
 */
final class ReviewPage {

    private static final Logger LOG = LoggerFactory.getLogger(ReviewPage.class);

    private ReviewPage() {
    }

    static Optional<Review> find(Exchange x, String id) {
        Optional<Review> r = x.workspace().find(id);
        if (r.isEmpty()) {
            x.message(HttpServletResponse.SC_NOT_FOUND, x.text.get("review.gone.title"), x.text.get("review.gone"));
        }
        return r;
    }

    static void get(Exchange x, String id) {
        Optional<Review> found = find(x, id);
        if (found.isEmpty()) {
            return;
        }
        Review r = found.get();
        switch (r.state()) {
            case PLANNING -> progress(x, r, x.text.get("progress.planning", r.fileName), x.text.get("progress.rows", r.done()));
            case APPLYING -> progress(x, r, x.text.get("progress.applying", r.fileName),
                    x.text.get("progress.of", r.done(), r.total()));
            case APPLIED -> x.redirect(x.url("results", r.id));
            case FAILED -> x.message(HttpServletResponse.SC_OK, x.text.get("review.failed.title", r.fileName),
                    x.text.get("review.failed", r.failure()));
            case PLANNED -> review(x, r);
            default -> throw new IllegalStateException();
        }
    }

    /** A page that looks again every second until the work is done. */
    private static void progress(Exchange x, Review r, String title, String status) {
        x.response.setHeader("Refresh", "1");
        Html h = x.page(title);
        h.empty("meta", "http-equiv", "refresh", "content", "1");
        if (r.total() > 0) {
            h.el("progress", null, "max", Long.toString(r.total()), "value", Long.toString(r.done()), "id", "progress");
        } else {
            h.el("progress", null, "id", "progress");
        }
        h.el("p", status, "class", "status", "id", "status");
        x.end();
    }

    private static void review(Exchange x, Review r) {
        UploadPlan plan = r.plan();
        Html h = x.page(x.text.get("review.title", r.fileName));
        if (plan.isRefused()) {
            h.open("section", "class", "refused", "id", "refused", "role", "alert")
                    .el("h2", x.text.get("review.refused.title"))
                    .el("p", x.text.get("review.refused"));
            problems(x, plan.fileProblems());
            h.close("section");
            h.open("p").el("a", x.text.get("review.another"), "href", x.url()).close("p");
            x.end();
            return;
        }
        summary(x, plan.summary(), null);
        plan.safetyStop().ifPresent(stop -> {
            h.open("section", "class", "refused", "id", "stopped", "role", "alert")
                    .el("h2", x.text.get("review.stopped.title"))
                    .el("p", x.text.get("review.stopped"));
            problems(x, List.of(stop));
            h.close("section");
        });

        Action action = action(x.param("action"));
        String q = x.param("q");
        int[] matching = r.matching(action, q);
        int count = matching == null ? r.size() : matching.length;
        int size = x.console.pageSize();
        int pages = Math.max(1, (count + size - 1) / size);
        int page = Math.min(Math.max(1, x.intParam("page", 1)), pages);

        // filters: a GET form, so a filtered view has its own address
        h.open("form", "method", "get", "action", x.url("review", r.id), "class", "filters", "role", "search")
                .open("label").text(x.text.get("review.filter.action")).open("select", "name", "action", "id", "filter-action")
                .el("option", x.text.get("review.filter.all"), "value", "");
        for (Action a : Action.values()) {
            h.el("option", x.text.get("action." + a.label()), "value", a.label(), "selected", a == action ? "" : null);
        }
        h.close("select").close("label")
                .open("label").text(x.text.get("review.filter.user"))
                .empty("input", "type", "search", "name", "q", "value", q, "id", "filter-user").close("label")
                .el("button", x.text.get("review.filter.submit"), "type", "submit", "id", "filter")
                .close("form");

        h.el("p", x.text.get("review.selected", r.includedCount(), r.welcomedCount(), count), "id", "selected");

        x.form(x.url("review", r.id), "id", "review-form");
        h.empty("input", "type", "hidden", "name", "action", "value", action == null ? "" : action.label())
                .empty("input", "type", "hidden", "name", "q", "value", q)
                .empty("input", "type", "hidden", "name", "page", "value", Integer.toString(page));
        h.open("table", "class", "plan", "id", "plan").open("thead").open("tr")
                .open("th").open("label", "class", "all")
                .empty("input", "type", "checkbox", "class", "toggle-all", "data-column", "include", "id", "all-include")
                .text(x.text.get("review.col.include")).close("label").close("th")
                .open("th").open("label", "class", "all")
                .empty("input", "type", "checkbox", "class", "toggle-all", "data-column", "welcome", "id", "all-welcome")
                .text(x.text.get("review.col.welcome")).close("label").close("th")
                .el("th", x.text.get("col.line"))
                .el("th", x.text.get("col.action"))
                .el("th", x.text.get("col.user"))
                .el("th", x.text.get("col.changes"))
                .el("th", x.text.get("col.messages"))
                .close("tr").close("thead").open("tbody");
        List<PlannedChange> all = plan.all();
        int from = (page - 1) * size;
        int to = Math.min(count, from + size);
        for (int k = from; k < to; k++) {
            int i = matching == null ? k : matching[k];
            PlannedChange c = all.get(i);
            String index = Integer.toString(i);
            h.open("tr", "class", "action-" + c.action().label(), "id", "row-" + index, "data-line", Rows.line(c));
            h.open("td", "class", "include").empty("input", "type", "hidden", "name", "shown", "value", index);
            if (c.action().writes()) {
                h.empty("input", "type", "checkbox", "name", "include", "value", index, "class", "include",
                        "checked", r.included(i) ? "" : null, "aria-label", x.text.get("review.col.include"));
            }
            h.close("td").open("td", "class", "welcome");
            if (c.action() == Action.CREATE) {
                h.empty("input", "type", "checkbox", "name", "welcome", "value", index, "class", "welcome",
                        "checked", r.welcomed(i) ? "" : null, "aria-label", x.text.get("review.col.welcome"));
            }
            h.close("td")
                    .el("td", Rows.line(c), "class", "line")
                    .el("td", x.text.get("action." + c.action().label()), "class", "action")
                    .el("td", c.username(), "class", "user")
                    .open("td");
            Rows.changes(x, c);
            h.close("td").open("td");
            Rows.messages(x, c.messages());
            h.close("td").close("tr");
        }
        h.close("tbody").close("table");
        if (count == 0) {
            h.el("p", x.text.get("review.none"), "class", "notice");
        }

        h.open("nav", "class", "pager");
        if (page > 1) {
            h.el("button", x.text.get("page.previous"), "type", "submit", "name", "op", "value", "page:" + (page - 1),
                    "id", "page-previous");
        }
        h.el("span", x.text.get("page.of", page, pages), "class", "page-of", "id", "page-of");
        if (page < pages) {
            h.el("button", x.text.get("page.next"), "type", "submit", "name", "op", "value", "page:" + (page + 1),
                    "id", "page-next");
        }
        h.close("nav");

        boolean applicable = plan.safetyStop().isEmpty() && plan.hasChanges();
        h.open("div", "class", "actions")
                .el("button", x.text.get("review.save"), "type", "submit", "name", "op", "value", "save", "id", "save")
                .el("button", x.text.get("review.includeAll"), "type", "submit", "name", "op", "value", "include-all")
                .el("button", x.text.get("review.excludeAll"), "type", "submit", "name", "op", "value", "exclude-all")
                .el("button", x.text.get("review.welcomeAll"), "type", "submit", "name", "op", "value", "welcome-all")
                .el("button", x.text.get("review.welcomeNone"), "type", "submit", "name", "op", "value", "welcome-none")
                .el("button", x.text.get("review.apply"), "type", "submit", "name", "op", "value", "apply", "id", "apply",
                        "class", "primary", "disabled", applicable ? null : "")
                .close("div");
        h.close("form");

        h.open("p", "class", "downloads").text(x.text.get("review.downloads")).text(" ")
                .el("a", x.text.get("download.planJson"), "href", x.url("download", r.id, "plan.json"), "id", "download-plan");
        if (plan.summary().rejected() > 0) {
            h.text(" · ").el("a", x.text.get("download.errors"), "href", x.url("download", r.id, "errors"),
                    "id", "download-errors");
        }
        h.close("p");
        x.end();
    }

    /** The file-level problems: line, column, code and message, with what to do. */
    static void problems(Exchange x, List<Problem> problems) {
        Html h = x.html();
        h.open("table", "class", "problems").open("thead").open("tr")
                .el("th", x.text.get("col.line")).el("th", x.text.get("col.column"))
                .el("th", x.text.get("col.code")).el("th", x.text.get("col.message"))
                .close("tr").close("thead").open("tbody");
        for (Problem p : problems) {
            h.open("tr", "class", "severity-" + p.severity().label())
                    .el("td", p.line() > 0 ? Long.toString(p.line()) : "–")
                    .el("td", p.column() == null ? "–" : p.column())
                    .open("td").el("code", p.code()).close("td")
                    .open("td").text(p.message());
            String hint = x.text.find("code." + p.code());
            if (hint != null) {
                h.el("p", hint, "class", "hint");
            }
            h.close("td").close("tr");
        }
        h.close("tbody").close("table");
    }

    /** The counters; for a result, the failures too. */
    static void summary(Exchange x, UploadSummary s, UploadResult result) {
        Html h = x.html();
        h.open("dl", "class", "summary", "id", "summary");
        counter(h, x, "rows", s.rows());
        counter(h, x, "created", s.created());
        counter(h, x, "updated", s.updated());
        counter(h, x, "renamed", s.renamed());
        counter(h, x, "activated", s.activated());
        counter(h, x, "deactivated", s.deactivated());
        counter(h, x, "deleted", s.deleted());
        counter(h, x, "unchanged", s.unchanged());
        counter(h, x, "skipped", s.skipped());
        counter(h, x, "weakPasswords", s.weakPasswords());
        counter(h, x, "errors", s.rejected());
        if (result != null) {
            counter(h, x, "failed", s.failed());
            counter(h, x, "notAttempted", s.notAttempted());
        }
        h.close("dl");
    }

    private static void counter(Html h, Exchange x, String key, long value) {
        h.open("div", "class", "counter" + (value > 0 && (key.equals("errors") || key.equals("failed")
                        || key.equals("notAttempted")) ? " bad" : ""), "id", "count-" + key)
                .el("dt", x.text.get("count." + key)).el("dd", Long.toString(value)).close("div");
    }

    private static Action action(String label) {
        for (Action a : Action.values()) {
            if (a.label().equals(label.toLowerCase(Locale.ROOT))) {
                return a;
            }
        }
        return null;
    }

    static void post(Exchange x, String id) {
        Optional<Review> found = find(x, id);
        if (found.isEmpty()) {
            return;
        }
        Review r = found.get();
        if (r.state() != Review.State.PLANNED || r.plan().isRefused()) {
            x.redirect(x.url("review", id));
            return;
        }
        String op = x.param("op");
        r.choose(x.positions("shown"), x.positions("include"), x.positions("welcome"));
        int page = x.intParam("page", 1);
        switch (op) {
            case "include-all" -> r.includeAll(true);
            case "exclude-all" -> r.includeAll(false);
            case "welcome-all" -> r.welcomeAll(true);
            case "welcome-none" -> r.welcomeAll(false);
            case "apply" -> {
                apply(x, r);
                return;
            }
            default -> {
                if (op.startsWith("page:")) {
                    try {
                        page = Integer.parseInt(op.substring(5));
                    } catch (NumberFormatException e) {
                        page = 1;
                    }
                }
            }
        }
        StringBuilder url = new StringBuilder(x.url("review", id)).append("?page=").append(page);
        if (!x.param("action").isEmpty()) {
            url.append("&action=").append(java.net.URLEncoder.encode(x.param("action"), StandardCharsets.UTF_8));
        }
        if (!x.param("q").isEmpty()) {
            url.append("&q=").append(java.net.URLEncoder.encode(x.param("q"), StandardCharsets.UTF_8));
        }
        x.redirect(url.toString());
    }

    private static void apply(Exchange x, Review r) {
        if (r.plan().safetyStop().isPresent()) {
            x.redirect(x.url("review", r.id));
            return;
        }
        UploadPlan toApply = r.startApplying();
        String by = user(x);
        java.time.Instant started = java.time.Instant.now();
        RollcallConsole console = x.console;
        x.console.executor().execute(() -> {
            try {
                UploadResult result = toApply.apply();
                r.appliedWith(result);
                if (console.jobs() != null) {
                    record(console, r, result, by, started);
                }
            } catch (RuntimeException e) {
                LOG.warn("applying {} failed", r.fileName, e);
                r.failed(e instanceof dev.rollcall.spi.RollcallException re ? re.getMessage() : e.getClass().getSimpleName());
            }
        });
        x.redirect(x.url("review", r.id));
    }

    /** @return who is applying: the request's user, as the host's authentication (or rollcall serve's token) named it */
    static String user(Exchange x) {
        java.security.Principal p = x.request.getUserPrincipal();
        return p != null && p.getName() != null ? p.getName() : "anonymous";
    }

    /** Records the applied upload in the job history; a failure to record is logged, never more. */
    private static void record(RollcallConsole console, Review r, UploadResult result, String by,
                               java.time.Instant started) {
        try {
            JobsPages.recordApplied(console, r, result, by, started);
        } catch (RuntimeException e) {
            LOG.warn("{} was applied, but could not be recorded in the job history", r.fileName, e);
        }
    }
}
