package dev.rollcall.web;

import dev.rollcall.core.Reports;
import dev.rollcall.core.UploadPlan;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The files of an upload: the plan's JSON report, the error file (the rejected rows as they
 * were, with what is wrong), and once applied the JSON and CSV reports. Passwords and
 * sensitive values are never in them (core's reports and error file leave them out).
 */
final class Downloads {

    private Downloads() {
    }

    static void get(Exchange x, String id, String what) throws IOException {
        Optional<Review> found = ReviewPage.find(x, id);
        if (found.isEmpty()) {
            return;
        }
        Review r = found.get();
        boolean applied = r.state() == Review.State.APPLIED;
        UploadPlan plan = applied ? r.appliedPlan() : r.plan();
        if (plan == null || (r.state() != Review.State.PLANNED && !applied)) {
            ConsoleServlet.notFound(x);
            return;
        }
        String stem = stem(r.fileName);
        switch (what) {
            case "plan.json" -> {
                attach(x, "application/json", stem + "-plan.json");
                write(x, w -> Reports.json(plan, w));
            }
            case "report.json" -> {
                if (!applied) {
                    ConsoleServlet.notFound(x);
                    return;
                }
                attach(x, "application/json", stem + "-report.json");
                write(x, w -> Reports.json(plan, r.result(), w));
            }
            case "report.csv" -> {
                if (!applied) {
                    ConsoleServlet.notFound(x);
                    return;
                }
                attach(x, "text/csv", stem + "-report.csv");
                write(x, w -> Reports.csv(plan, r.result(), w));
            }
            case "errors" -> {
                if (plan.isRefused()) {
                    ConsoleServlet.notFound(x);
                    return;
                }
                attach(x, "application/octet-stream", "errors-" + dev.rollcall.core.Formats.decodedName(r.fileName));
                plan.writeErrorFile(x.response.getOutputStream());
            }
            default -> ConsoleServlet.notFound(x);
        }
    }

    private static String stem(String fileName) {
        String n = dev.rollcall.core.Formats.decodedName(fileName);
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }

    /** Sends a file to be saved, under an ASCII name and its UTF-8 form (RFC 6266). */
    static void attach(Exchange x, String type, String name) {
        x.response.setContentType(type.startsWith("text/") || type.endsWith("json") ? type + ";charset=UTF-8" : type);
        String ascii = name.replaceAll("[^A-Za-z0-9._-]", "_");
        x.response.setHeader("Content-Disposition", "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''"
                + java.net.URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20"));
    }

    interface Body {
        void write(Writer w) throws IOException;
    }

    private static void write(Exchange x, Body body) throws IOException {
        Writer w = new BufferedWriter(new OutputStreamWriter(x.response.getOutputStream(), StandardCharsets.UTF_8));
        body.write(w);
        w.flush();
    }
}
