package dev.rollcall.web;

import dev.rollcall.jobs.JobState;
import dev.rollcall.jobs.LoadType;
import dev.rollcall.jobs.StoredJob;

/**
 * The Jobs pages (rollcall-jobs). So far the list, filtered by load type and stored state;
 * adding, editing, disabling, enabling, deleting and the run history are still to come
 * (the command line has them: rollcall jobs).
 */
final class JobsPages {

    private JobsPages() {
    }

    static void handle(Exchange x, boolean post, String[] path) {
        if (post || path.length > 1) {
            ConsoleServlet.notFound(x);
            return;
        }
        JobsConsole jobs = (JobsConsole) x.console.jobs();
        String load = x.param("load");
        String state = x.param("state");
        Html h = x.page(x.text.get("jobs.title"));
        h.open("table", "class", "jobs", "id", "jobs").open("thead").open("tr")
                .el("th", x.text.get("jobs.col.name")).el("th", x.text.get("jobs.col.load"))
                .el("th", x.text.get("jobs.col.state")).el("th", x.text.get("jobs.col.schedule"))
                .close("tr").close("thead").open("tbody");
        for (StoredJob j : jobs.store().list()) {
            LoadType t = j.definition().loadType();
            JobState s = j.state();
            if ((!load.isEmpty() && !t.label().equals(load)) || (!state.isEmpty() && !s.label().equals(state))) {
                continue;
            }
            h.open("tr").el("td", j.name()).el("td", t.label()).el("td", s.label(), "class", "state-" + s.label())
                    .el("td", j.definition().schedule()).close("tr");
        }
        h.close("tbody").close("table");
        x.end();
    }
}
