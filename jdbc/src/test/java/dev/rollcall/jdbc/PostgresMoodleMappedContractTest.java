package dev.rollcall.jdbc;

import dev.rollcall.jdbc.internal.UrlDataSource;
import dev.rollcall.spi.MembershipKind;
import dev.rollcall.spi.UserRepository;
import dev.rollcall.testkit.UserRepositoryContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;

import javax.sql.DataSource;

/**
 * The test kit's whole contract on Moodle's own tables in PostgreSQL (text columns as
 * {@code TEXT}, as Moodle's PostgreSQL generator makes them), when
 * {@value PostgresJdbcUserRepositoryTest#ENVIRONMENT_VARIABLE} names a throwaway server;
 * skipped otherwise. Each test drops and recreates the {@code mdl_} tables.
 */
class PostgresMoodleMappedContractTest extends UserRepositoryContract {

    private static UrlDataSource server;

    @Override
    protected UserRepository newRepository() {
        Assumptions.assumeTrue(PostgresJdbcUserRepositoryTest.url() != null, PostgresJdbcUserRepositoryTest.HOW_TO_RUN);
        synchronized (PostgresMoodleMappedContractTest.class) {
            if (server == null) {
                server = new UrlDataSource(PostgresJdbcUserRepositoryTest.url());
            }
        }
        MoodleSchema.create(server, "TEXT");
        return new MappedUserRepository(server, mapping(server));
    }

    /**
     * @param db the server, with Moodle's tables made afresh
     * @return the mapping under test (a subclass may change the tables first)
     */
    TableMapping mapping(DataSource db) {
        return MoodleSchema.mapping();
    }

    @Override
    protected void addTargets(UserRepository repository, String kind, String... names) {
        Assumptions.assumeTrue(kind.equals("cohort"), "Moodle's tables are mapped for cohort targets only, not " + kind);
        MoodleSchema.addCohorts(server, names);
    }

    @Override
    protected void prepareTargets(UserRepository repository, MembershipKind kind, String... names) {
        MoodleSchema.addCohorts(server, names);
    }

    @Override
    protected void release(UserRepository repository) {
        // the server stays up for the next test, which recreates the tables
    }

    @AfterAll
    static void closeServer() {
        if (server != null) {
            server.close();
            server = null;
        }
    }
}
