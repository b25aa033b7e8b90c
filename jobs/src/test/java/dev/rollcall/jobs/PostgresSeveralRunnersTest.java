package dev.rollcall.jobs;

/** Several runners over PostgreSQL, when {@value Databases#POSTGRES} names a server; skipped otherwise. */
class PostgresSeveralRunnersTest extends SeveralRunnersContract {
    @Override
    Databases.Database database() {
        return Databases.postgres();
    }
}
