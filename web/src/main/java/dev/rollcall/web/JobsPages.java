package dev.rollcall.web;

/** The Jobs pages (rollcall-jobs): list, add, edit, disable, enable, delete, history. */
final class JobsPages {

    private JobsPages() {
    }

    static void handle(Exchange x, boolean post, String[] path) {
        ConsoleServlet.notFound(x);
    }
}
