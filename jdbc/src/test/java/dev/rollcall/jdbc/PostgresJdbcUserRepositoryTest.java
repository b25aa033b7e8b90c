package dev.rollcall.jdbc;

import dev.rollcall.jdbc.internal.Tables;
import dev.rollcall.jdbc.internal.UrlDataSource;
import dev.rollcall.spi.DuplicateKeyException;
import dev.rollcall.spi.PasswordChange;
import dev.rollcall.spi.StandardFields;
import dev.rollcall.spi.UserChange;
import dev.rollcall.spi.UserRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    @Test
    void manyCreates_goThroughCopy_withIdsInListOrder_andEveryValueAsGiven() {
        List<UserChange> creates = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            creates.add(new UserChange.Create(fields("username", "copy" + i, "email", "Copy." + i + "@Example.com",
                    "firstName", i == 7 ? "Zoë \"Z\", O'Neil" : "Anna", "department", i % 2 == 0 ? "Research, Development" : "Sales"),
                    Set.of(), PasswordChange.NONE));
        }
        ds.reset();
        List<String> ids = repo.write(creates);
        assertFalse(ds.executed().stream().anyMatch(sql -> sql.startsWith("INSERT INTO " + Tables.USERS)),
                () -> "no INSERT, the rows went by COPY: " + ds.executed());
        for (int i = 1; i < ids.size(); i++) {
            assertTrue(Long.parseLong(ids.get(i - 1)) < Long.parseLong(ids.get(i)), "ids in list order: " + ids);
        }
        Map<String, UserRecord> byId = repo.findByIds(ids);
        for (int i = 0; i < 40; i++) {
            UserRecord u = byId.get(ids.get(i));
            assertEquals("copy" + i, u.username());
            assertEquals(1, u.version());
            assertEquals(i == 7 ? "Zoë \"Z\", O'Neil" : "Anna", u.field(StandardFields.FIRST_NAME).orElseThrow());
            assertEquals(i % 2 == 0 ? "Research, Development" : "Sales", u.field(StandardFields.DEPARTMENT).orElseThrow());
            assertEquals(null, u.field(StandardFields.PHONE).orElse(null), "a field not given stays empty");
        }
        assertEquals(List.of(byId.get(ids.get(3))),
                repo.findBy(StandardFields.EMAIL, List.of("copy.3@example.com")).get("copy.3@example.com"));
    }

    @Test
    void manyCreates_byCopy_aTakenUsername_isADuplicateKey_andNothingIsWritten() {
        repo.write(List.of(new UserChange.Create(fields("username", "taken"), Set.of(), PasswordChange.NONE)));
        List<UserChange> creates = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            creates.add(new UserChange.Create(fields("username", i == 30 ? "taken" : "n" + i), Set.of(), PasswordChange.NONE));
        }
        DuplicateKeyException e = assertThrows(DuplicateKeyException.class, () -> repo.write(creates));
        assertEquals(StandardFields.USERNAME, e.field());
        assertEquals(Map.of(), repo.findBy(StandardFields.USERNAME, List.of("n0", "n39")));
    }

    static void dropTables(DataSource ds) throws Exception {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            for (String table : Tables.ALL) {
                s.execute("DROP TABLE IF EXISTS " + table + " CASCADE");
            }
        }
    }
}
