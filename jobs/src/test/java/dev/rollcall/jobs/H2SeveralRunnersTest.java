package dev.rollcall.jobs;

/** Several runners over H2 in server mode. */
class H2SeveralRunnersTest extends SeveralRunnersContract {
    @Override
    Databases.Database database() {
        return Databases.h2Server(dir.resolve("db"));
    }
}
