package dev.rollcall.web;

import jakarta.servlet.annotation.MultipartConfig;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Objects;

/**
 * The review console, a Jakarta Servlet 6 servlet a host mounts (say at {@code /rollcall/*}):
 * Upload, Review, Apply with its progress, Results, Templates and, when a
 * {@link JobsConsole} is given, Jobs. Pages are plain HTML rendered on the server; the
 * stylesheet and the one small script are served by the servlet itself, so the console
 * works offline and under a strict Content-Security-Policy.
 *
 * <p>Every request is first put to the console's {@link Authorizer}; every POST must carry
 * the session's CSRF token. Give the container {@link RollcallConsole#multipartConfig()}
 * when registering it, for uploads:
 *
 * <pre>{@code
 * ServletHolder holder = new ServletHolder(new ConsoleServlet(console));
 * holder.getRegistration().setMultipartConfig(console.multipartConfig());
 * context.addServlet(holder, "/rollcall/*");
 * }</pre>
 */
@MultipartConfig
public class ConsoleServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleServlet.class);

    /** The Content-Security-Policy of every response: nothing but the console's own files. */
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
            + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    private final transient RollcallConsole console;

    /** @param console what the console works with */
    public ConsoleServlet(RollcallConsole console) {
        this.console = Objects.requireNonNull(console, "console must not be null");
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("Content-Security-Policy", CSP);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setHeader("X-Frame-Options", "DENY");
        request.setCharacterEncoding("UTF-8");
        Exchange x = new Exchange(request, response, console);
        if (!console.authorizer().permits(request)) {
            x.message(HttpServletResponse.SC_FORBIDDEN, x.text.get("denied.title"), x.text.get("denied.text"));
            return;
        }
        if (x.path.startsWith("/static/")) {
            Assets.serve(x);
            return;
        }
        response.setHeader("Cache-Control", "no-store");
        String method = request.getMethod();
        boolean post = "POST".equals(method);
        if (!post && !"GET".equals(method) && !"HEAD".equals(method)) {
            response.sendError(HttpServletResponse.SC_METHOD_NOT_ALLOWED);
            return;
        }
        try {
            if (post && !readsForm(x)) {
                return;
            }
            route(x, post);
        } catch (RuntimeException e) {
            LOG.warn("console request {} {} failed", method, x.path, e);
            if (!response.isCommitted()) {
                response.reset();
                response.setHeader("Content-Security-Policy", CSP);
                x.message(500, x.text.get("error.title"), x.text.get("error.text", e.getClass().getSimpleName()));
            }
        }
    }

    /** Reads a POST's form (a multipart one may be too large) and checks its CSRF token. */
    private boolean readsForm(Exchange x) throws IOException {
        String type = x.request.getContentType();
        if (type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith("multipart/")) {
            try {
                x.request.getParts();
            } catch (IllegalStateException | jakarta.servlet.ServletException e) {
                x.message(413, x.text.get("upload.tooLarge.title"),
                        x.text.get("upload.tooLarge", console.maxUploadBytes() >> 20));
                return false;
            }
        }
        if (!x.csrfValid()) {
            x.message(HttpServletResponse.SC_FORBIDDEN, x.text.get("csrf.title"), x.text.get("csrf.text"));
            return false;
        }
        return true;
    }

    private void route(Exchange x, boolean post) throws IOException {
        String[] p = x.path.substring(1).split("/", -1);
        String first = p[0];
        switch (first) {
            case "" -> {
                if (post) {
                    UploadPage.post(x);
                } else {
                    UploadPage.get(x, null);
                }
                return;
            }
            case "review" -> {
                if (p.length == 2) {
                    if (post) {
                        ReviewPage.post(x, p[1]);
                    } else {
                        ReviewPage.get(x, p[1]);
                    }
                    return;
                }
            }
            case "results" -> {
                if (p.length == 2 && !post) {
                    ResultsPage.get(x, p[1]);
                    return;
                }
            }
            case "download" -> {
                if (p.length == 3 && !post) {
                    Downloads.get(x, p[1], p[2]);
                    return;
                }
            }
            case "templates" -> {
                if (!post && p.length <= 2) {
                    TemplatesPage.get(x, p.length == 2 ? p[1] : "");
                    return;
                }
            }
            case "jobs" -> {
                if (console.jobs() != null) {
                    JobsPages.handle(x, post, p);
                    return;
                }
            }
            default -> {
            }
        }
        notFound(x);
    }

    static void notFound(Exchange x) {
        x.message(HttpServletResponse.SC_NOT_FOUND, x.text.get("notFound.title"), x.text.get("notFound.text"));
    }

    @Override
    public void destroy() {
        console.shutdown();
    }
}
