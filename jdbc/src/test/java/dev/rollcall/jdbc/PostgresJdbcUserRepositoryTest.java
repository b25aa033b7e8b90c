package dev.rollcall.jdbc;

import dev.rollcall.jdbc.internal.Tables;
import dev.rollcall.jdbc.internal.UrlDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.Statement;

/**
 * The whole behaviour suite against a real PostgreSQL server, when
 * {@value #ENVIRONMENT_VARIABLE} names one; skipped otherwise. Each test starts from a
 * database without Rollcall's tables (they are dropped), so point it at a throwaway
 * database: {@code .ci/postgres.sh} starts one.
 */
class PostgresJdbcUserRepositoryTest extends JdbcUserRepositoryContract {

    static final String ENVIRONMENT_VARIABLE = "ROLLCALL_TEST_POSTGRES_URL";

    static final String HOW_TO_RUN = "PostgreSQL tests skipped: " + ENVIRONMENT_VARIABLE + " is not set. To run them, "
            + "start a throwaway server and export its URL, e.g. `eval \"$(.ci/postgres.sh)\" && mvn -B -pl jdbc -am verify` "
            + "(or export " + ENVIRONMENT_VARIABLE
            + "=jdbc:postgresql://127.0.0.1:55432/rollcall?user=rollcall&password=rollcall for a server of your own; "
            + "its rollcall_ tables are dropped before each test)";

    private static UrlDataSource server;

    /** @return the test server's URL, or {@code null} when none is configured */
    static String url() {
        String url = System.getenv(ENVIRONMENT_VARIABLE);
        return url == null || url.isBlank() ? null : url.trim();
    }

    /** Says once, on the console, why the suite is skipped. */
    @BeforeAll
    static void explainSkip() {
        if (url() == null) {
            System.err.println(HOW_TO_RUN);
        }
    }

    /** Skips each test, saying how to run it, when no server is configured. */
    static void requireServer() {
        Assumptions.assumeTrue(url() != null, HOW_TO_RUN);
        synchronized (PostgresJdbcUserRepositoryTest.class) {
            if (server == null) {
                server = new UrlDataSource(url());
            }
        }
    }

    @AfterAll
    static void closeServer() {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    @Override
    protected DataSource freshDatabase() throws Exception {
        requireServer();
        dropTables(server);
        return server;
    }

    static void dropTables(DataSource ds) throws Exception {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            for (String table : Tables.ALL) {
                s.execute("DROP TABLE IF EXISTS " + table + " CASCADE");
            }
        }
    }
}
