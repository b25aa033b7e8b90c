package dev.rollcall.core;

import dev.rollcall.spi.Codes;
import dev.rollcall.spi.FieldSchema;
import dev.rollcall.spi.Problem;
import dev.rollcall.spi.StandardFields;
import dev.rollcall.spi.StoreFeatures;
import dev.rollcall.spi.UserChange;
import dev.rollcall.spi.UserQuery;
import dev.rollcall.spi.UserRecord;
import dev.rollcall.spi.UserRepository;
import dev.rollcall.spi.UserStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static dev.rollcall.core.TestUploads.plan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A store that keeps no account status and takes no passwords ({@link StoreFeatures#status()},
 * {@link StoreFeatures#passwords()} false): what would need them refuses the whole file before
 * a row is planned, with {@link Codes#UNSUPPORTED_COLUMN} and a message that says why; new users
 * are active unless the host asked otherwise.
 */
class StoreWithoutStatusOrPasswordsTest {

    /** Standard fields, status and password among them, none required to create. */
    private static final FieldSchema SCHEMA = FieldSchema.of(Stream.of(StandardFields.USERNAME, StandardFields.STATUS,
            StandardFields.PASSWORD, StandardFields.CITY).map(f -> FieldSchema.standard().field(f).orElseThrow()).toList());

    /** The reference store, with status and password in its schema, behind features that may lack both. */
    static final class Bare implements UserRepository {
        final InMemoryUserRepository users = new InMemoryUserRepository(SCHEMA);
        private final StoreFeatures features;

        Bare(StoreFeatures features) {
            this.features = features;
        }

        @Override
        public FieldSchema schema() {
            return users.schema();
        }

        @Override
        public StoreFeatures features() {
            return features;
        }

        @Override
        public Map<String, List<UserRecord>> findBy(String field, Collection<String> keys) {
            return users.findBy(field, keys);
        }

        @Override
        public Map<String, UserRecord> findByIds(Collection<String> ids) {
            return users.findByIds(ids);
        }

        @Override
        public Stream<UserRecord> list(UserQuery query) {
            return users.list(query);
        }

        @Override
        public List<String> write(List<UserChange> changes) {
            changes.forEach(features::check);
            return users.write(changes);
        }
    }

    private final Bare store = new Bare(StoreFeatures.FIELDS_ONLY);

    private UploadPlanner.Builder builder() {
        return UploadPlan.builder().repository(store).mode(UploadMode.ADD_UPDATE);
    }

    /** The one file problem of a refused plan that planned nothing. */
    private static Problem refusal(UploadPlan plan) {
        assertTrue(plan.isRefused(), plan::toString);
        assertFalse(plan.hasChanges());
        assertEquals(List.of(), plan.all());
        assertEquals(1, plan.fileProblems().size(), plan.fileProblems()::toString);
        Problem p = plan.fileProblems().get(0);
        assertEquals(Codes.UNSUPPORTED_COLUMN, p.code(), p::toString);
        return p;
    }

    @ParameterizedTest
    @ValueSource(strings = {"status", "Account State", "suspended", "employeeStatus", "accountStatus"})
    void aStatusColumn_isRefused_namingIt(String column) {
        Problem p = refusal(plan(builder().build(), "username," + column + "\njdoe,A\n"));
        assertEquals(column, p.column());
        assertEquals("column \"" + column + "\" cannot be applied: this store keeps no account status (every user is "
                + "active; docs/MAPPING.md); remove the column", p.message());
        assertEquals(0, store.users.size());
    }

    @Test
    void aFullUpload_isRefused_becauseItWouldDeactivate() {
        store.users.insert(Map.of("username", "old", "feed", "hr"));
        Problem p = refusal(plan(builder().feed("hr").fullUpload(true).build(), "username\njdoe\n"));
        assertEquals("a full upload deactivates the feed's users that the file leaves out, but this store keeps no "
                + "account status (every user is active; docs/MAPPING.md); upload without the full-upload setting "
                + "(rollcall: without --full)", p.message());
        assertEquals(1, store.users.size());
    }

    @Test
    void newUsersAskedToBeInactive_areRefused() {
        Problem p = refusal(plan(builder().newUserStatus(UserStatus.INACTIVE).build(), "username\njdoe\n"));
        assertTrue(p.message().startsWith("new users are to be made inactive, but this store keeps no account status"),
                p.message());
        assertEquals(0, store.users.size());
    }

    @Test
    void newUsersAskedToBeInactive_inAnUploadThatCreatesNobody_isNoProblem() {
        store.users.insert(Map.of("username", "jdoe"));
        UploadPlan plan = plan(UploadPlan.builder().repository(store).mode(UploadMode.UPDATE_ONLY)
                .newUserStatus(UserStatus.INACTIVE).build(), "username,city\njdoe,Paris\n");
        assertEquals(List.of(), plan.fileProblems());
        plan.apply();
        assertEquals("Paris", TestUploads.user(store.users, "jdoe").field("city").orElseThrow());
    }

    @Test
    void newUsersWithoutAStatusAsked_areActive_silently() {
        UploadPlan plan = plan(builder().build(), "username\njdoe\n");
        assertEquals(List.of(), plan.fileProblems());
        assertEquals(1, plan.creates().size());
        assertEquals(1, plan.apply().summary().created());
        assertEquals(UserStatus.ACTIVE, TestUploads.user(store.users, "jdoe").status());
    }

    @Test
    void onAStoreWithAStatus_newUsersStayInactiveByDefault() {
        Bare withStatus = new Bare(StoreFeatures.FIELDS_ONLY.withStatus(true));
        UploadPlan plan = plan(UploadPlan.builder().repository(withStatus).build(), "username\njdoe\n");
        plan.apply();
        assertEquals(UserStatus.INACTIVE, TestUploads.user(withStatus.users, "jdoe").status());
    }

    @ParameterizedTest
    @ValueSource(strings = {"password", "pwd"})
    void aPasswordColumn_isRefused_becauseTheStoreTakesNone(String column) {
        Problem p = refusal(plan(builder().build(), "username," + column + "\njdoe,Corr3ct-Horse-Battery!\n"));
        assertEquals(column, p.column());
        assertEquals("column \"" + column + "\" cannot be applied: this store cannot take passwords (docs/MAPPING.md); "
                + "remove the column", p.message());
        assertFalse(p.message().contains("Corr3ct"));
        assertEquals(0, store.users.size());
    }

    @Test
    void aPasswordColumn_onAStoreThatTakesPasswords_isPlanned() {
        Bare withPasswords = new Bare(StoreFeatures.FIELDS_ONLY.withPasswords(true));
        UploadPlan plan = plan(UploadPlan.builder().repository(withPasswords).build(),
                "username,password\njdoe,Corr3ct-Horse-Battery!\n");
        assertEquals(List.of(), plan.fileProblems());
        assertEquals(1, plan.creates().size());
    }

    @Test
    void everyRefusal_isReportedAtOnce() {
        UploadPlan plan = plan(builder().newUserStatus(UserStatus.INACTIVE).feed("hr").fullUpload(true).build(),
                "username,status,password\njdoe,ACTIVE,x\n");
        assertTrue(plan.isRefused());
        assertEquals(Arrays.asList("status", null, null, "password"), plan.fileProblems().stream().map(Problem::column).toList(),
                plan.fileProblems()::toString);
        assertTrue(plan.fileProblems().stream().allMatch(p -> p.code().equals(Codes.UNSUPPORTED_COLUMN)));
    }
}
