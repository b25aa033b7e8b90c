package dev.rollcall.web;

import dev.rollcall.core.FieldChange;
import dev.rollcall.core.PlannedChange;
import dev.rollcall.spi.Membership;
import dev.rollcall.spi.Problem;

import java.util.List;

/** The cells the review and the results share: changes, memberships and messages of a row, and the pager. */
final class Rows {

    private Rows() {
    }

    /** Each changed field, old → new; sensitive values show as {@code ***}, never themselves. */
    static void changes(Exchange x, PlannedChange c) {
        Html h = x.html();
        if (c.changes().isEmpty() && c.addMemberships().isEmpty() && c.removeMemberships().isEmpty()) {
            return;
        }
        h.open("ul", "class", "changes");
        for (FieldChange f : c.changes()) {
            h.open("li").el("span", f.field(), "class", "field").text(": ")
                    .el("span", shown(x, f.shownFrom()), "class", "from")
                    .text(" → ")
                    .el("span", shown(x, f.shownTo()), "class", "to")
                    .close("li");
        }
        for (Membership m : c.addMemberships()) {
            h.el("li", x.text.get("membership.add", m.kind().toString().toLowerCase(java.util.Locale.ROOT), m.target()),
                    "class", "member-add");
        }
        for (Membership m : c.removeMemberships()) {
            h.el("li", x.text.get("membership.remove", m.kind().toString().toLowerCase(java.util.Locale.ROOT), m.target()),
                    "class", "member-remove");
        }
        h.close("ul");
    }

    private static String shown(Exchange x, String value) {
        return value == null ? x.text.get("value.none") : value;
    }

    /** The messages of a row: severity, code, column and text; errors highlighted. */
    static void messages(Exchange x, List<Problem> messages) {
        if (messages.isEmpty()) {
            return;
        }
        Html h = x.html();
        h.open("ul", "class", "messages");
        for (Problem p : messages) {
            h.open("li", "class", "severity-" + p.severity().label())
                    .el("code", p.code());
            if (p.column() != null) {
                h.text(" ").el("span", x.text.get("message.column", p.column()), "class", "column");
            }
            h.text(" ").el("span", p.message(), "class", "text").close("li");
        }
        h.close("ul");
    }

    /** @return the line, or a dash for a user the file left out */
    static String line(PlannedChange c) {
        return c.hasLine() ? Long.toString(c.line()) : "–";
    }

    /**
     * The page links: previous, "page n of m", next.
     *
     * @param link makes the URL of a page
     */
    static void pager(Exchange x, int page, int pages, java.util.function.IntFunction<String> link) {
        Html h = x.html();
        h.open("nav", "class", "pager");
        if (page > 1) {
            h.el("a", x.text.get("page.previous"), "href", link.apply(page - 1), "rel", "prev", "id", "page-previous");
        }
        h.el("span", x.text.get("page.of", page, pages), "class", "page-of");
        if (page < pages) {
            h.el("a", x.text.get("page.next"), "href", link.apply(page + 1), "rel", "next", "id", "page-next");
        }
        h.close("nav");
    }
}
