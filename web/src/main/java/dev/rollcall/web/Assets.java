package dev.rollcall.web;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/** The console's stylesheet and script, served from the jar: no file from anywhere else. */
final class Assets {

    private static final Map<String, String> FILES = Map.of(
            "/static/console.css", "text/css;charset=UTF-8",
            "/static/console.js", "text/javascript;charset=UTF-8");

    private Assets() {
    }

    static void serve(Exchange x) throws IOException {
        String type = FILES.get(x.path);
        if (type == null || !"GET".equals(x.request.getMethod()) && !"HEAD".equals(x.request.getMethod())) {
            ConsoleServlet.notFound(x);
            return;
        }
        try (InputStream in = Assets.class.getResourceAsStream(x.path.substring("/static/".length()))) {
            if (in == null) {
                ConsoleServlet.notFound(x);
                return;
            }
            x.response.setContentType(type);
            x.response.setHeader("Cache-Control", "max-age=3600");
            in.transferTo(x.response.getOutputStream());
        }
    }
}
