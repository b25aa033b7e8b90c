package dev.rollcall.jobs;

/** The job store over PostgreSQL, when {@value Databases#POSTGRES} names a server; skipped otherwise. */
class PostgresJobStoreTest extends JobStoreContract {
    @Override
    JobStore store() {
        return JdbcJobStore.create(Databases.connecting(Databases.postgres().url()));
    }
}
