/**
 * Scheduled uploads (seeds 000 and 002): {@link dev.rollcall.jobs.Job}s with a
 * {@link dev.rollcall.jobs.Schedule}, read from a {@link dev.rollcall.spi.FileSource} through
 * a durable inbox and run by a {@link dev.rollcall.jobs.JobRunner}. A host that only plans
 * uploads does not need this module.
 */
module dev.rollcall.jobs {
    requires transitive dev.rollcall.core;
    requires org.slf4j;
    requires transitive java.sql;

    exports dev.rollcall.jobs;
}
