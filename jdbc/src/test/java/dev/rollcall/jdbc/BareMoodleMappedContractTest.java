package dev.rollcall.jdbc;

import dev.rollcall.jdbc.internal.UrlDataSource;
import dev.rollcall.spi.StoreFeatures;
import dev.rollcall.spi.UserRepository;
import dev.rollcall.testkit.UserRepositoryContract;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.Statement;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The test kit's whole contract on Moodle's tables mapped bare ({@link MoodleSchema#bareMapping()}):
 * no status flag, no password column, no deleted flag, no cohorts. The store declares it keeps
 * no account status and takes no passwords, and the contract checks that it refuses both.
 */
class BareMoodleMappedContractTest extends UserRepositoryContract {

    private final Map<UserRepository, UrlDataSource> databases = new IdentityHashMap<>();

    @Override
    protected UserRepository newRepository() {
        UrlDataSource h2 = MoodleSchema.newH2();
        MappedUserRepository repo = new MappedUserRepository(h2, MoodleSchema.bareMapping());
        databases.put(repo, h2);
        return repo;
    }

    @Override
    protected void release(UserRepository repository) throws Exception {
        UrlDataSource h2 = databases.remove(repository);
        try (Connection c = h2.getConnection(); Statement s = c.createStatement()) {
            s.execute("SHUTDOWN");
        }
        h2.close();
    }

    @Test
    void theBareMapping_declaresNoStatusAndNoPasswords_andItsSchemaHasNeither() {
        assertEquals(new StoreFeatures(Set.of(), false, false, false, false, false), repository().features());
        assertFalse(repository().schema().has("status"));
        assertFalse(repository().schema().has("password"));
    }
}
