package dev.rollcall.jobs;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

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

    @Test
    void aStoreMadeBeforeTheCompletionEmailWasKept_gainsItsColumn_andKeepsItsJobs() throws Exception {
        db = Databases.h2Server(dir);
        javax.sql.DataSource ds = Databases.connecting(db.url());
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE rollcall_jobs (name VARCHAR(64) PRIMARY KEY, description VARCHAR(1000) NOT NULL, "
                    + "load_type VARCHAR(16) NOT NULL, schedule VARCHAR(1000) NOT NULL, settings VARCHAR(65536) NOT NULL, "
                    + "state VARCHAR(16) NOT NULL, since_ms BIGINT NOT NULL, last_run_ms BIGINT, run_id BIGINT, "
                    + "lease_owner VARCHAR(200), lease_until_ms BIGINT, updated_ms BIGINT NOT NULL)");
            s.execute("INSERT INTO rollcall_jobs VALUES ('hr', 'HR', 'USERS', 'daily', 'source=folder', 'DISABLED', 5, 7, "
                    + "NULL, NULL, NULL, 9)");
        }
        JdbcJobStore store = JdbcJobStore.create(ds);
        StoredJob hr = store.find("hr").orElseThrow();
        assertEquals(List.of(JobState.DISABLED, Optional.of(Instant.ofEpochMilli(7)), Optional.<String>empty()),
                List.of(hr.state(), hr.lastRun(), hr.definition().completionEmail()));
        store.save(definition("hr", "daily"), T0);
        assertEquals(Optional.of("hr-admin@example.com"), store.find("hr").orElseThrow().definition().completionEmail());
        assertEquals(JobState.DISABLED, store.find("hr").orElseThrow().state());
    }

    @Test
    void pruningTheHistory_leavesNoFileRowBehind() throws Exception {
        JobStore store = store();
        StoredJob seen = store.save(definition("hr", "daily"), T0);
        store.finish(store.claim(seen, T0, HistoryEntry.Kind.SCHEDULED, "a", T0, T0.plus(LEASE)).orElseThrow(), done("hr", T0));
        store.recordManual(done("rollcall apply", T0), "alice");
        assertEquals(2, store.pruneHistory(T0.plusSeconds(60)));
        try (Connection c = Databases.connecting(db.url()).getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM rollcall_job_files")) {
            rs.next();
            assertEquals(0, rs.getLong(1));
        }
    }

    @AfterEach
    void stop() {
        if (db != null) {
            db.close();
        }
    }
}
