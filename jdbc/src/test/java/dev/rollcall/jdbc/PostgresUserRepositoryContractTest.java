package dev.rollcall.jdbc;

import dev.rollcall.jdbc.internal.UrlDataSource;
import dev.rollcall.spi.UserRepository;
import dev.rollcall.testkit.UserRepositoryContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;

/**
 * The JDBC store passes the published SPI contract on PostgreSQL, when
 * {@code ROLLCALL_TEST_POSTGRES_URL} names a throwaway server; skipped otherwise (see
 * {@link PostgresJdbcUserRepositoryTest}). Rollcall's tables are dropped before each test.
 */
class PostgresUserRepositoryContractTest extends UserRepositoryContract {

    private static UrlDataSource server;

    @BeforeAll
    static void explainSkip() {
        if (PostgresJdbcUserRepositoryTest.url() == null) {
            System.err.println(PostgresJdbcUserRepositoryTest.HOW_TO_RUN);
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
    protected UserRepository newRepository() {
        String url = PostgresJdbcUserRepositoryTest.url();
        Assumptions.assumeTrue(url != null, PostgresJdbcUserRepositoryTest.HOW_TO_RUN);
        synchronized (PostgresUserRepositoryContractTest.class) {
            if (server == null) {
                server = new UrlDataSource(url);
            }
        }
        try {
            PostgresJdbcUserRepositoryTest.dropTables(server);
        } catch (Exception e) {
            throw new IllegalStateException("cannot drop the test tables", e);
        }
        return ContractStores.withCustomFields(server);
    }

    @Override
    protected void addTargets(UserRepository repository, String kind, String... names) {
        ContractStores.addTargets(repository, kind, names);
    }
}
