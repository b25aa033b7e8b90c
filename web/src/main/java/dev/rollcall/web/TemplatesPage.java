package dev.rollcall.web;

/** The Templates page: the files a host offers (CSV, XML, XSD), made from the store's fields. */
final class TemplatesPage {

    private TemplatesPage() {
    }

    static void get(Exchange x, String file) throws java.io.IOException {
        if (!file.isEmpty()) {
            for (ConsoleTemplate t : x.console.templates()) {
                if (t.fileName().equals(file)) {
                    Downloads.attach(x, t.mediaType(), t.fileName());
                    java.io.Writer w = new java.io.BufferedWriter(new java.io.OutputStreamWriter(
                            x.response.getOutputStream(), java.nio.charset.StandardCharsets.UTF_8));
                    t.writer().write(x.console.repository().schema(), w);
                    w.flush();
                    return;
                }
            }
            ConsoleServlet.notFound(x);
            return;
        }
        Html h = x.page(x.text.get("templates.title"));
        if (x.console.templates().isEmpty()) {
            h.el("p", x.text.get("templates.none"), "class", "notice");
        } else {
            h.el("p", x.text.get("templates.intro"));
            h.open("ul", "class", "templates");
            for (ConsoleTemplate t : x.console.templates()) {
                String about = x.text.find("templates.about." + t.fileName());
                h.open("li").el("a", t.fileName(), "href", x.url("templates", t.fileName()), "download", "");
                if (about != null) {
                    h.text(" — ").text(about);
                }
                h.close("li");
            }
            h.close("ul");
        }
        x.end();
    }
}
