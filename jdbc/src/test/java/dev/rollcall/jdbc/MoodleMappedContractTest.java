package dev.rollcall.jdbc;

import dev.rollcall.jdbc.internal.UrlDataSource;
import dev.rollcall.spi.MembershipKind;
import dev.rollcall.spi.UserRepository;
import dev.rollcall.testkit.UserRepositoryContract;
import org.junit.jupiter.api.Assumptions;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.Statement;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The test kit's whole contract on Moodle's own tables (H2): a {@link MappedUserRepository}
 * with the mapping of docs/MAPPING.md. What Moodle's tables cannot hold (delegates, courses
 * by name, a membership's role or period) the repository declares absent, and the contract
 * skips it, saying so.
 */
class MoodleMappedContractTest extends UserRepositoryContract {

    private final Map<UserRepository, UrlDataSource> databases = new IdentityHashMap<>();

    @Override
    protected UserRepository newRepository() {
        UrlDataSource h2 = MoodleSchema.newH2();
        MappedUserRepository repo = new MappedUserRepository(h2, mapping(h2));
        databases.put(repo, h2);
        return repo;
    }

    /**
     * @param db a new database with Moodle's tables
     * @return the mapping under test (a subclass may change the tables first)
     */
    TableMapping mapping(DataSource db) {
        return MoodleSchema.mapping();
    }

    @Override
    protected void addTargets(UserRepository repository, String kind, String... names) {
        Assumptions.assumeTrue(kind.equals("cohort"), "Moodle's tables are mapped for cohort targets only, not " + kind);
        MoodleSchema.addCohorts(databases.get(repository), names);
    }

    @Override
    protected void prepareTargets(UserRepository repository, MembershipKind kind, String... names) {
        MoodleSchema.addCohorts(databases.get(repository), names);
    }

    @Override
    protected void release(UserRepository repository) throws Exception {
        UrlDataSource h2 = databases.remove(repository);
        try (Connection c = h2.getConnection(); Statement s = c.createStatement()) {
            s.execute("SHUTDOWN");
        }
        h2.close();
    }
}
