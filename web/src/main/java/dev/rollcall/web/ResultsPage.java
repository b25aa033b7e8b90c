package dev.rollcall.web;

import dev.rollcall.core.PlannedChange;
import dev.rollcall.core.RowOutcome;
import dev.rollcall.core.UploadResult;
import dev.rollcall.spi.Problem;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The Results page: the counters of what was written, each row's outcome page by page with
 * failures highlighted (or the failures only), and the downloads: the error file, the JSON
 * and CSV reports.
 */
final class ResultsPage {

    private ResultsPage() {
    }

    static void get(Exchange x, String id) {
        Optional<Review> found = ReviewPage.find(x, id);
        if (found.isEmpty()) {
            return;
        }
        Review r = found.get();
        if (r.state() != Review.State.APPLIED) {
            x.redirect(x.url("review", id));
            return;
        }
        UploadResult result = r.result();
        Html h = x.page(x.text.get("results.title", r.fileName));
        h.el("p", result.isComplete() ? x.text.get("results.complete") : x.text.get("results.incomplete"),
                "class", result.isComplete() ? "notice ok" : "notice error", "id", "outcome");
        ReviewPage.summary(x, result.summary(), result);
        for (Problem p : result.problems()) {
            h.el("p", p.message(), "class", "notice warning");
        }

        h.open("p", "class", "downloads").text(x.text.get("results.downloads")).text(" ");
        if (r.appliedPlan().summary().rejected() > 0) {
            h.el("a", x.text.get("download.errors"), "href", x.url("download", id, "errors"), "id", "download-errors")
                    .text(" · ");
        }
        h.el("a", x.text.get("download.reportJson"), "href", x.url("download", id, "report.json"), "id", "download-json")
                .text(" · ")
                .el("a", x.text.get("download.reportCsv"), "href", x.url("download", id, "report.csv"), "id", "download-csv")
                .close("p");

        boolean failuresOnly = "failures".equals(x.param("show"));
        h.open("nav", "class", "filters")
                .el("a", x.text.get("results.showAll"), "href", x.url("results", id), "class", failuresOnly ? null : "current")
                .text(" · ")
                .el("a", x.text.get("results.showFailures"), "href", x.url("results", id) + "?show=failures",
                        "class", failuresOnly ? "current" : null, "id", "show-failures")
                .close("nav");

        int[] matching = r.outcomes(failuresOnly);
        List<RowOutcome> rows = result.rows();
        int count = matching == null ? rows.size() : matching.length;
        int size = x.console.pageSize();
        int pages = Math.max(1, (count + size - 1) / size);
        int page = Math.min(Math.max(1, x.intParam("page", 1)), pages);
        h.open("table", "class", "plan results", "id", "results").open("thead").open("tr")
                .el("th", x.text.get("col.line")).el("th", x.text.get("col.action")).el("th", x.text.get("col.outcome"))
                .el("th", x.text.get("col.user")).el("th", x.text.get("col.changes")).el("th", x.text.get("col.messages"))
                .close("tr").close("thead").open("tbody");
        for (int k = (page - 1) * size; k < Math.min(count, page * size); k++) {
            RowOutcome o = rows.get(matching == null ? k : matching[k]);
            PlannedChange c = o.change();
            String state = o.state().name().toLowerCase(Locale.ROOT).replace('_', '-');
            h.open("tr", "class", "action-" + c.action().label() + " outcome-" + state
                            + (Review.failure(o) ? " failure" : ""), "data-line", Rows.line(c))
                    .el("td", Rows.line(c), "class", "line")
                    .el("td", x.text.get("action." + c.action().label()), "class", "action")
                    .el("td", x.text.get("outcome." + state), "class", "outcome")
                    .el("td", c.username(), "class", "user")
                    .open("td");
            Rows.changes(x, c);
            h.close("td").open("td");
            Rows.messages(x, o.messages());
            h.close("td").close("tr");
        }
        h.close("tbody").close("table");
        Rows.pager(x, page, pages, p -> x.url("results", id) + "?page=" + p + (failuresOnly ? "&show=failures" : ""));
        h.open("p").el("a", x.text.get("results.another"), "href", x.url(), "id", "another").close("p");
        x.end();
    }
}
