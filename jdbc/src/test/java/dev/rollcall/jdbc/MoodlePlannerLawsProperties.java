package dev.rollcall.jdbc;

import dev.rollcall.jdbc.internal.UrlDataSource;
import dev.rollcall.spi.UserRepository;
import dev.rollcall.testkit.PlannerLaws;
import net.jqwik.api.PropertyDefaults;

import java.sql.Connection;
import java.sql.Statement;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The planner's laws on Moodle's own tables (H2) through a {@link MappedUserRepository}.
 * Few tries: each makes several databases.
 */
@PropertyDefaults(tries = 20)
class MoodlePlannerLawsProperties extends PlannerLaws {

    private final Map<UserRepository, UrlDataSource> databases = new IdentityHashMap<>();

    @Override
    protected synchronized UserRepository newRepository() {
        UrlDataSource h2 = MoodleSchema.newH2();
        MappedUserRepository repo = new MappedUserRepository(h2, MoodleSchema.mapping());
        databases.put(repo, h2);
        return repo;
    }

    @Override
    protected synchronized void addTargets(UserRepository repository, String kind, String... names) {
        if (kind.equals("cohort")) {
            MoodleSchema.addCohorts(databases.get(repository), names);
        }
    }

    @Override
    protected synchronized void release(UserRepository repository) throws Exception {
        UrlDataSource h2 = databases.remove(repository);
        try (Connection c = h2.getConnection(); Statement s = c.createStatement()) {
            s.execute("SHUTDOWN");
        }
        h2.close();
    }
}
