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
 * The planner's laws on Moodle's own tables through a {@link MappedUserRepository}: in
 * PostgreSQL (a schema per store) when {@value PostgresJdbcUserRepositoryTest#ENVIRONMENT_VARIABLE}
 * names a throwaway server, in H2 otherwise. Few tries: each makes several databases.
 */
@PropertyDefaults(tries = 20)
class MoodlePlannerLawsProperties extends PlannerLaws {

    private final Map<UserRepository, UrlDataSource> databases = new IdentityHashMap<>();
    private final Map<UserRepository, String> schemas = new IdentityHashMap<>();
    private int made;

    @Override
    protected synchronized UserRepository newRepository() {
        String server = PostgresJdbcUserRepositoryTest.url();
        UrlDataSource db;
        String schema = null;
        if (server == null) {
            db = MoodleSchema.newH2();
        } else {
            schema = "moodle_laws_" + (++made);
            execute(server, "DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            execute(server, "CREATE SCHEMA " + schema);
            db = new UrlDataSource(server + (server.contains("?") ? "&" : "?") + "currentSchema=" + schema);
            MoodleSchema.create(db, "TEXT");
        }
        MappedUserRepository repo = new MappedUserRepository(db, MoodleSchema.mapping());
        databases.put(repo, db);
        if (schema != null) {
            schemas.put(repo, schema);
        }
        return repo;
    }

    private static void execute(String url, String sql) {
        try (UrlDataSource ds = new UrlDataSource(url); Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    protected synchronized void addTargets(UserRepository repository, String kind, String... names) {
        if (kind.equals("cohort")) {
            MoodleSchema.addCohorts(databases.get(repository), names);
        }
    }

    @Override
    protected synchronized void release(UserRepository repository) throws Exception {
        UrlDataSource db = databases.remove(repository);
        String schema = schemas.remove(repository);
        if (schema == null) {
            try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
                s.execute("SHUTDOWN");
            }
            db.close();
        } else {
            db.close();
            execute(PostgresJdbcUserRepositoryTest.url(), "DROP SCHEMA " + schema + " CASCADE");
        }
    }
}
