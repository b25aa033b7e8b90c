/**
 * The review console: a Jakarta Servlet 6 servlet ({@link dev.rollcall.web.ConsoleServlet})
 * a host mounts to upload, review, apply and follow uploads in the browser, and, when
 * {@code dev.rollcall.jobs} and a job store are given, to manage scheduled jobs.
 */
module dev.rollcall.web {
    requires transitive dev.rollcall.core;
    requires static transitive dev.rollcall.jobs;
    requires transitive jakarta.servlet;
    requires org.slf4j;

    exports dev.rollcall.web;
}
