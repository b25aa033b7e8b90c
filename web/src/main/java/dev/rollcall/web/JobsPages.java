package dev.rollcall.web;

import dev.rollcall.core.UploadResult;
import dev.rollcall.jobs.FileResult;
import dev.rollcall.jobs.HistoryEntry;
import dev.rollcall.jobs.Job;
import dev.rollcall.jobs.JobDefinition;
import dev.rollcall.jobs.JobState;
import dev.rollcall.jobs.LoadType;
import dev.rollcall.jobs.RunRecord;
import dev.rollcall.jobs.StoredJob;
import dev.rollcall.spi.JobCompletion;
import dev.rollcall.spi.Problem;
import jakarta.servlet.http.HttpServletResponse;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The Jobs pages (rollcall-jobs), loaded only when the console has a {@link JobsConsole}:
 * the list, filtered by load type and stored state; adding and editing on seed 002's
 * schedule form; disabling, enabling and deleting (cancelling); the run history. Also
 * records uploads applied in the console in that history.
 *
 * <p>Paths: {@code jobs}, {@code jobs/add}, {@code jobs/edit/NAME}, {@code jobs/disable/NAME},
 * {@code jobs/enable/NAME}, {@code jobs/delete/NAME} (POST), {@code jobs/history[/NAME]}.
 */
final class JobsPages {

    /** The label of uploads applied in the console, in the job history. */
    static final String MANUAL_LABEL = "rollcall console";

    /** The settings the form sets, its fields named as the keys of a jobs file; editing keeps any other. */
    static final List<String> FORM_KEYS = List.of("description", "email", "source", "path", "format", "load",
            "new-users", "empty-quotes", "deactivate-missing", "allow-over-threshold",
            "schedule", "start", "time", "zone", "every", "days", "day-of-month", "end", "occurrences");

    private static final List<String> DAYS = List.of("MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN");
    private static final int HISTORY_LIMIT = 50;

    private JobsPages() {
    }

    static void handle(Exchange x, boolean post, String[] path) {
        JobsConsole jobs = (JobsConsole) x.console.jobs();
        String action = path.length > 1 ? path[1] : "";
        Optional<String> name = path.length == 3 && !path[2].isEmpty() ? Optional.of(path[2]) : Optional.empty();
        if (path.length > 3 || (path.length == 3 && name.isEmpty())) {
            ConsoleServlet.notFound(x);
            return;
        }
        Optional<StoredJob> job = name.flatMap(n -> jobs.store().find(n));
        if (name.isPresent() && job.isEmpty()) {
            ConsoleServlet.notFound(x);
            return;
        }
        switch (action) {
            case "" -> {
                if (!post && path.length == 1) {
                    list(x, jobs);
                    return;
                }
            }
            case "add" -> {
                if (path.length == 2) {
                    if (post) {
                        save(x, jobs, null);
                    } else {
                        form(x, null, Map.of(), null);
                    }
                    return;
                }
            }
            case "edit" -> {
                if (job.isPresent()) {
                    if (post) {
                        save(x, jobs, job.get());
                    } else {
                        form(x, job.get(), job.get().definition().settings(), null);
                    }
                    return;
                }
            }
            case "disable", "enable", "delete" -> {
                if (post && job.isPresent()) {
                    setState(x, jobs, job.get(), action);
                    return;
                }
            }
            case "history" -> {
                if (!post) {
                    history(x, jobs, name);
                    return;
                }
            }
            default -> {
            }
        }
        ConsoleServlet.notFound(x);
    }

    private static void list(Exchange x, JobsConsole jobs) {
        String load = x.param("load");
        String state = x.param("state");
        Html h = x.page(x.text.get("jobs.title"));
        h.open("p").el("a", x.text.get("jobs.add"), "href", x.url("jobs", "add"), "id", "add-job", "class", "button")
                .text(" ").el("a", x.text.get("jobs.history.all"), "href", x.url("jobs", "history")).close("p");
        h.open("form", "method", "get", "action", x.url("jobs"), "class", "filters");
        filter(x, "load", load, "", "users", "delegates");
        filter(x, "state", state, "", "active", "disabled", "cancelled");
        h.el("button", x.text.get("jobs.filter"), "type", "submit").close("form");
        h.open("table", "class", "jobs", "id", "jobs").open("thead").open("tr")
                .el("th", x.text.get("jobs.col.name")).el("th", x.text.get("jobs.col.load"))
                .el("th", x.text.get("jobs.col.state")).el("th", x.text.get("jobs.col.schedule"))
                .el("th", x.text.get("jobs.col.actions"))
                .close("tr").close("thead").open("tbody");
        for (StoredJob j : jobs.store().list()) {
            LoadType t = j.definition().loadType();
            JobState s = j.state();
            if ((!load.isEmpty() && !t.label().equals(load)) || (!state.isEmpty() && !s.label().equals(state))) {
                continue;
            }
            h.open("tr", "id", "job-" + j.name()).open("td")
                    .el("a", j.name(), "href", x.url("jobs", "edit", j.name())).close("td")
                    .el("td", x.text.get("jobs.load." + t.label()))
                    .el("td", x.text.get("jobs.state." + s.label()), "class", "state-" + s.label())
                    .el("td", j.definition().schedule()).open("td", "class", "actions");
            h.el("a", x.text.get("jobs.history"), "href", x.url("jobs", "history", j.name())).text(" ");
            if (s == JobState.ACTIVE) {
                button(x, "disable", j.name());
            } else if (s == JobState.DISABLED) {
                button(x, "enable", j.name());
            }
            if (s != JobState.CANCELLED) {
                button(x, "delete", j.name());
            }
            h.close("td").close("tr");
        }
        h.close("tbody").close("table");
        x.end();
    }

    private static void filter(Exchange x, String name, String chosen, String... values) {
        Html h = x.html();
        h.open("label").text(x.text.get("jobs.col." + name)).open("select", "name", name);
        for (String v : values) {
            h.el("option", x.text.get(v.isEmpty() ? "jobs.any" : "jobs." + name + "." + v), "value", v,
                    "selected", v.equals(chosen) ? "" : null);
        }
        h.close("select").close("label");
    }

    private static void button(Exchange x, String action, String name) {
        x.form(x.url("jobs", action, name), "class", "inline")
                .el("button", x.text.get("jobs." + action), "type", "submit", "id", action + "-" + name)
                .close("form").text(" ");
    }

    private static void setState(Exchange x, JobsConsole jobs, StoredJob job, String action) {
        JobState to = switch (action) {
            case "enable" -> JobState.ACTIVE;
            case "disable" -> JobState.DISABLED;
            default -> JobState.CANCELLED;
        };
        try {
            jobs.store().setState(job.name(), to, Instant.now());
        } catch (IllegalStateException e) {
            x.message(HttpServletResponse.SC_CONFLICT, x.text.get("jobs.title"), x.text.get("jobs.cannot", e.getMessage()));
            return;
        }
        x.redirect(x.url("jobs"));
    }

    /** Reads the form into the job's settings, checks them by building the job, and saves it. */
    private static void save(Exchange x, JobsConsole jobs, StoredJob old) {
        Map<String, String> settings = new TreeMap<>(old == null ? jobs.newJobSettings() : old.definition().settings());
        FORM_KEYS.forEach(settings::remove);
        for (String key : FORM_KEYS) {
            String value = switch (key) {
                case "deactivate-missing", "allow-over-threshold" -> x.flag(key) ? "true" : "";
                case "days" -> String.join(",", Optional.ofNullable(x.request.getParameterValues(key)).map(List::of)
                        .orElse(List.of()));
                case "end" -> x.param("ends").equals("date") ? x.param(key) : "";
                case "occurrences" -> x.param("ends").equals("count") ? x.param(key) : "";
                default -> x.param(key);
            };
            if (!value.isBlank()) {
                settings.put(key, value.strip());
            }
        }
        if ("delegates".equalsIgnoreCase(settings.get("load"))) {
            List.of("new-users", "empty-quotes", "deactivate-missing").forEach(settings::remove); // user profiles only
        }
        String name = old == null ? x.param("name") : old.name();
        try {
            if (old == null && jobs.store().find(name).filter(s -> s.state() != JobState.CANCELLED).isPresent()) {
                throw new IllegalArgumentException(x.text.get("jobs.exists", name));
            }
            Job job = jobs.reader().read(name, settings);
            jobs.store().save(JobDefinition.of(job, settings), Instant.now());
        } catch (IllegalArgumentException | IllegalStateException e) {
            x.response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            form(x, old, settings, e.getMessage());
            return;
        }
        x.redirect(x.url("jobs"));
    }

    /** Seed 002's form: the schedule, the job options, the file options and the load options. */
    private static void form(Exchange x, StoredJob old, Map<String, String> v, String problem) {
        Html h = x.page(old == null ? x.text.get("jobs.add") : x.text.get("jobs.edit", old.name()));
        if (problem != null) {
            h.el("p", problem, "class", "notice error", "role", "alert");
        }
        x.form(old == null ? x.url("jobs", "add") : x.url("jobs", "edit", old.name()), "class", "settings", "id", "job-form");

        h.open("fieldset").el("legend", x.text.get("jobs.form.schedule"));
        select(x, v, "schedule", "", "now", "once", "daily", "periodic", "weekly", "bi-weekly", "monthly");
        input(x, v, "start", "date");
        input(x, v, "time", "time");
        input(x, v, "zone", "text");
        input(x, v, "every", "text");
        h.open("fieldset", "class", "days").el("legend", x.text.get("jobs.field.days"));
        List<String> days = List.of(v.getOrDefault("days", "").toUpperCase(java.util.Locale.ROOT).split("\\s*,\\s*"));
        for (String d : DAYS) {
            h.open("label", "class", "check").empty("input", "type", "checkbox", "name", "days", "value", d,
                    "checked", days.stream().anyMatch(g -> g.length() >= 3 && d.startsWith(g.substring(0, 3))) ? "" : null)
                    .text(x.text.get("jobs.day." + d)).close("label");
        }
        h.close("fieldset");
        input(x, v, "day-of-month", "number");
        String ends = v.containsKey("end") ? "date" : v.containsKey("occurrences") ? "count" : "none";
        h.open("fieldset", "class", "ends").el("legend", x.text.get("jobs.field.ends"));
        for (String e : List.of("none", "date", "count")) {
            h.open("label", "class", "check").empty("input", "type", "radio", "name", "ends", "value", e, "id", "ends-" + e,
                    "checked", e.equals(ends) ? "" : null).text(x.text.get("jobs.ends." + e)).close("label");
        }
        input(x, v, "end", "date");
        input(x, v, "occurrences", "number");
        h.close("fieldset").close("fieldset");

        h.open("fieldset").el("legend", x.text.get("jobs.form.job"));
        if (old == null) {
            h.open("label").text(x.text.get("jobs.field.name"))
                    .empty("input", "type", "text", "name", "name", "id", "name", "required", "", "value", x.param("name"),
                            "pattern", "[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
                    .close("label");
        }
        input(x, v, "description", "text");
        input(x, v, "email", "email");
        h.close("fieldset");

        h.open("fieldset").el("legend", x.text.get("jobs.form.file"));
        select(x, v, "source", "folder", "folder", "file", "sftp-folder", "sftp-file");
        input(x, v, "path", "text");
        select(x, v, "format", "", "", "csv", "xml");
        h.close("fieldset");

        h.open("fieldset").el("legend", x.text.get("jobs.form.load"));
        select(x, v, "load", "users", "users", "delegates");
        select(x, v, "new-users", "allow", "allow", "ignore");
        select(x, v, "empty-quotes", "ignore", "ignore", "erase");
        checkbox(x, v, "deactivate-missing");
        checkbox(x, v, "allow-over-threshold");
        h.close("fieldset");

        h.el("button", x.text.get("jobs.save"), "type", "submit", "id", "save-job");
        h.close("form");
        x.end();
    }

    private static void input(Exchange x, Map<String, String> v, String key, String type) {
        x.html().open("label").text(x.text.get("jobs.field." + key))
                .empty("input", "type", type, "name", key, "id", key, "value", v.getOrDefault(key, ""))
                .close("label");
    }

    private static void select(Exchange x, Map<String, String> v, String key, String fallback, String... values) {
        String chosen = v.getOrDefault(key, fallback);
        Html h = x.html();
        h.open("label").text(x.text.get("jobs.field." + key)).open("select", "name", key, "id", key);
        for (String value : values) {
            h.el("option", x.text.get("jobs.option." + key + "." + (value.isEmpty() ? "none" : value)), "value", value,
                    "selected", value.equalsIgnoreCase(chosen) ? "" : null);
        }
        h.close("select").close("label");
    }

    private static void checkbox(Exchange x, Map<String, String> v, String key) {
        boolean on = List.of("true", "yes", "on").contains(v.getOrDefault(key, "").toLowerCase(java.util.Locale.ROOT));
        x.html().open("label", "class", "check").empty("input", "type", "checkbox", "name", key, "id", key,
                "checked", on ? "" : null).text(x.text.get("jobs.field." + key)).close("label");
    }

    /** A job's runs, or the whole history (every job's runs and every upload applied by hand), latest last. */
    private static void history(Exchange x, JobsConsole jobs, Optional<String> name) {
        Html h = x.page(name.map(n -> x.text.get("jobs.history.of", n)).orElse(x.text.get("jobs.history.all")));
        List<HistoryEntry> entries = jobs.store().history(name, HISTORY_LIMIT);
        if (entries.isEmpty()) {
            h.el("p", x.text.get("jobs.history.none"), "class", "notice");
        }
        h.open("table", "class", "history", "id", "history").open("thead").open("tr")
                .el("th", "#").el("th", x.text.get("jobs.history.started")).el("th", x.text.get("jobs.history.what"))
                .el("th", x.text.get("jobs.history.by")).el("th", x.text.get("jobs.history.outcome"))
                .el("th", x.text.get("jobs.history.files")).close("tr").close("thead").open("tbody");
        for (HistoryEntry e : entries) {
            RunRecord r = e.run();
            String outcome = r.outcome().name().toLowerCase(java.util.Locale.ROOT);
            h.open("tr", "id", "entry-" + e.id(), "class", "outcome-" + outcome).el("td", e.id()).el("td", r.startedAt())
                    .el("td", x.text.get("jobs.kind." + e.kind().name().toLowerCase(java.util.Locale.ROOT), r.job()))
                    .el("td", e.by()).el("td", x.text.get("jobs.outcome." + outcome)).open("td").open("ul");
            for (FileResult f : r.files()) {
                h.el("li", f.file() + ": " + f.status().name().toLowerCase(java.util.Locale.ROOT) + ", " + f.description());
            }
            for (Problem p : r.problems()) {
                h.el("li", p.describe(), "class", "problem");
            }
            h.close("ul").close("td").close("tr");
        }
        h.close("tbody").close("table");
        h.open("p").el("a", x.text.get("jobs.back"), "href", x.url("jobs")).close("p");
        x.end();
    }

    /**
     * Records an upload applied in the console in the job history; a failure to record is
     * logged, never more (the upload is applied).
     *
     * @param console the console, which has a {@link JobsConsole}
     * @param review  the upload
     * @param result  what was applied
     * @param by      who applied it
     * @param started when applying started
     */
    static void recordApplied(RollcallConsole console, Review review, UploadResult result, String by, Instant started) {
        Instant now = Instant.now();
        FileResult f = new FileResult(review.fileName, review.fileSize(), review.sha256(), JobCompletion.Status.APPLIED,
                result.summary(), result.summary().describe(), List.of(), Optional.empty(), now);
        ((JobsConsole) console.jobs()).store().recordManual(new RunRecord(MANUAL_LABEL, started, started, now,
                RunRecord.Outcome.PROCESSED, List.of(f), List.of()), by);
    }
}
