package dev.rollcall.jobs;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** The job store over H2 in server mode, as several nodes would share it. */
class H2JobStoreTest extends JobStoreContract {

    @TempDir
    Path dir;

    private Databases.Database db;

    @Override
    JobStore store() {
        db = Databases.h2Server(dir);
        return JdbcJobStore.create(Databases.connecting(db.url()));
    }

    @AfterEach
    void stop() {
        if (db != null) {
            db.close();
        }
    }
}
