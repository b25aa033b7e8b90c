package dev.rollcall.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;

/** One request to the console: what the pages need of it, and the page frame they share. */
final class Exchange {

    private static final String CSRF = "dev.rollcall.web.csrf";
    private static final SecureRandom RANDOM = new SecureRandom();

    final HttpServletRequest request;
    final HttpServletResponse response;
    final RollcallConsole console;
    final Text text;
    /** the console's root URL path, without a trailing slash */
    final String base;
    /** the path below the root: {@code /review/abc} */
    final String path;
    private Html html;

    Exchange(HttpServletRequest request, HttpServletResponse response, RollcallConsole console) {
        this.request = request;
        this.response = response;
        this.console = console;
        this.text = Text.of(request.getLocale(), console.messages());
        this.base = request.getContextPath() + request.getServletPath();
        String p = request.getPathInfo();
        this.path = p == null || p.isEmpty() ? "/" : p;
    }

    /** @return a URL of the console: {@code url("review", id)} */
    String url(String... segments) {
        StringBuilder sb = new StringBuilder(base);
        for (String s : segments) {
            sb.append('/').append(java.net.URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return sb.length() == 0 ? "/" : sb.toString();
    }

    String param(String name) {
        String v = request.getParameter(name);
        return v == null ? "" : v.strip();
    }

    boolean flag(String name) {
        return request.getParameter(name) != null;
    }

    int intParam(String name, int fallback) {
        try {
            return Integer.parseInt(param(name));
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    /** @return the positions given in a repeated parameter; anything not a number is ignored */
    Set<Integer> positions(String name) {
        Set<Integer> out = new HashSet<>();
        String[] values = request.getParameterValues(name);
        if (values != null) {
            for (String v : values) {
                try {
                    out.add(Integer.parseInt(v.strip()));
                } catch (NumberFormatException e) {
                    // not one of ours
                }
            }
        }
        return out;
    }

    HttpSession session() {
        return request.getSession(true);
    }

    Workspace workspace() {
        return Workspace.of(session());
    }

    /** @return the session's CSRF token, made on first use */
    String csrf() {
        HttpSession s = session();
        synchronized (s) {
            String t = (String) s.getAttribute(CSRF);
            if (t == null) {
                byte[] b = new byte[32];
                RANDOM.nextBytes(b);
                t = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
                s.setAttribute(CSRF, t);
            }
            return t;
        }
    }

    /** @return whether the request carries the session's CSRF token */
    boolean csrfValid() {
        HttpSession s = request.getSession(false);
        String expected = s == null ? null : (String) s.getAttribute(CSRF);
        String given = request.getParameter("csrf");
        return expected != null && given != null && MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.US_ASCII), given.getBytes(StandardCharsets.US_ASCII));
    }

    /** Starts a page: the head, the navigation and the main element; {@link #end()} closes it. */
    Html page(String title) {
        response.setContentType("text/html;charset=UTF-8");
        try {
            html = new Html(response.getWriter());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        html.doctype().open("html", "lang", text.get("lang")).open("head")
                .empty("meta", "charset", "utf-8")
                .empty("meta", "name", "viewport", "content", "width=device-width, initial-scale=1")
                .el("title", title + " · " + text.get("console.title"))
                .empty("link", "rel", "stylesheet", "href", url("static", "console.css"))
                .open("script", "src", url("static", "console.js"), "defer", "").close("script")
                .close("head").open("body")
                .open("header").el("a", text.get("console.title"), "class", "brand", "href", url())
                .open("nav")
                .el("a", text.get("nav.upload"), "href", url())
                .el("a", text.get("nav.templates"), "href", url("templates"));
        if (console.jobs() != null) {
            html.el("a", text.get("nav.jobs"), "href", url("jobs"));
        }
        return html.close("nav").close("header").open("main").el("h1", title);
    }

    /** @return the writer of the page under way */
    Html html() {
        return html;
    }

    /** Ends the page {@link #page} began. */
    void end() {
        html.close("main").close("body").close("html");
    }

    /** A form posting to the console, with the CSRF token. */
    Html form(String action, String... attrs) {
        String[] all = new String[attrs.length + 4];
        all[0] = "method";
        all[1] = "post";
        all[2] = "action";
        all[3] = action;
        System.arraycopy(attrs, 0, all, 4, attrs.length);
        return html.open("form", all).empty("input", "type", "hidden", "name", "csrf", "value", csrf());
    }

    /** A page with one message, sent with the status given. */
    void message(int status, String title, String message) {
        response.setStatus(status);
        page(title).el("p", message, "class", "notice");
        html.open("p").el("a", text.get("nav.back"), "href", url()).close("p");
        end();
    }

    /** Sends the browser on to another page of the console (303: a POST becomes a GET). */
    void redirect(String url) {
        response.setStatus(HttpServletResponse.SC_SEE_OTHER);
        response.setHeader("Location", url);
    }
}
