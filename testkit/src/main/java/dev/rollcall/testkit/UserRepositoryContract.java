package dev.rollcall.testkit;

import dev.rollcall.spi.Codes;
import dev.rollcall.spi.DuplicateKeyException;
import dev.rollcall.spi.FieldDefinition;
import dev.rollcall.spi.FieldSchema;
import dev.rollcall.spi.FieldType;
import dev.rollcall.spi.Membership;
import dev.rollcall.spi.MembershipKind;
import dev.rollcall.spi.PasswordChange;
import dev.rollcall.spi.RollcallException;
import dev.rollcall.spi.Secret;
import dev.rollcall.spi.StaleUserException;
import dev.rollcall.spi.StandardFields;
import dev.rollcall.spi.UserChange;
import dev.rollcall.spi.UserQuery;
import dev.rollcall.spi.UserRecord;
import dev.rollcall.spi.UserRepository;
import dev.rollcall.spi.UserStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every promise of the {@link UserRepository} SPI, as JUnit Jupiter tests: extend this class,
 * return an empty store from {@link #newRepository()}, and run it with your other tests.
 *
 * <pre>{@code
 * class MyRepositoryContractTest extends UserRepositoryContract {
 *     @Override
 *     protected UserRepository newRepository() {
 *         return new MyRepository(freshTestDatabase());
 *     }
 * }
 * }</pre>
 *
 * <p>Each test's display name states the promise it checks; docs/TESTKIT.md explains them.
 * Where the SPI's Javadoc is silent, the tests hold an adapter to what the reference
 * implementation ({@code InMemoryUserRepository}) does, and say so.
 *
 * <p>The contract adapts to the store's {@link UserRepository#schema() schema}: tests of
 * custom fields use the custom fields the schema defines (a value valid for each one's type),
 * tests of unique fields use the schema's unique fields, and a test whose field the schema
 * lacks is skipped with a JUnit assumption that says so. Targets (courses, cohorts, sites…)
 * cannot be made through the SPI: override {@link #addTargets} to check
 * {@link UserRepository#existingTargets}; by default those tests are skipped. To leave a
 * promise out on purpose, override its method without {@code @Test} (or with
 * {@code @Disabled("why")}).
 *
 * <p>Each test gets a new repository from {@link #newRepository()} and hands it to
 * {@link #release} afterwards. Instances are not thread-safe; JUnit makes one per test.
 */
public abstract class UserRepositoryContract {

    /** For subclasses: one per store under test. */
    protected UserRepositoryContract() {
    }

    /** Plaintext used by the password tests; it must never be readable back. */
    private static final String PLAIN_PASSWORD = "Plain-Text-Pa55!";

    private UserRepository repository;

    /**
     * Makes the store under test: empty (no users, no delegates), and new for each test, so
     * tests do not see each other's users. Its schema decides which custom fields are checked.
     *
     * @return an empty repository
     */
    protected abstract UserRepository newRepository();

    /**
     * Adds targets (courses, cohorts, sites, themes, or any kind a custom field refers to) to
     * a store made by {@link #newRepository()}, as the host's own screens would. Targets
     * cannot be made through the SPI, so the tests of {@link UserRepository#existingTargets}
     * need this hook; the default skips them.
     *
     * @param repository the store under test
     * @param kind       the target kind, e.g. {@code course}
     * @param names      the targets' names, exactly as written
     */
    protected void addTargets(UserRepository repository, String kind, String... names) {
        Assumptions.abort("targets cannot be made through the SPI: override addTargets(repository, kind, names) "
                + "to check existingTargets");
    }

    /**
     * Makes the targets that memberships written by the tests refer to, for a store whose
     * memberships point at rows of the host's target tables (a mapped repository over
     * {@code mdl_cohort}, say). The planner only ever writes memberships of targets that
     * {@link UserRepository#existingTargets} found; the tests name targets freely, so such a
     * store makes them here. The default does nothing: a store that keeps memberships by name
     * needs no targets for them.
     *
     * @param repository the store under test
     * @param kind       the membership's kind
     * @param names      the targets' names, exactly as written
     */
    protected void prepareTargets(UserRepository repository, MembershipKind kind, String... names) {
    }

    /**
     * Releases a store made by {@link #newRepository()} after its test. The default closes it
     * when it is {@link AutoCloseable}.
     *
     * @param repository the store under test
     * @throws Exception when releasing fails
     */
    protected void release(UserRepository repository) throws Exception {
        if (repository instanceof AutoCloseable c) {
            c.close();
        }
    }

    /** @return the store under test in the running test */
    protected final UserRepository repository() {
        return repository;
    }

    @BeforeEach
    final void openContractRepository() {
        repository = Objects.requireNonNull(newRepository(), "newRepository() returned null");
    }

    @AfterEach
    final void releaseContractRepository() throws Exception {
        if (repository != null) {
            release(repository);
            repository = null;
        }
    }

    // =================================================================== schema

    @Test
    @DisplayName("schema(): never null, the same between calls, and defines username")
    public void schema_isStable_andDefinesUsername() {
        FieldSchema schema = repository.schema();
        assertNotNull(schema, "schema() returned null");
        assertEquals(schema, repository.schema(), "schema() changed between two calls");
        assertTrue(schema.has(StandardFields.USERNAME), "the schema has no username field: " + schema);
    }

    @Test
    @DisplayName("planKey(): empty (the default), or at least 32 bytes, the same between calls, a copy each time")
    public void planKey_isAbsentOrStable() {
        Optional<byte[]> key = repository.planKey();
        assertNotNull(key, "planKey() returned null");
        if (key.isPresent()) {
            byte[] first = key.get();
            assertTrue(first.length >= 32, "planKey() has " + first.length + " bytes; saved plans need at least 32");
            byte[] kept = first.clone();
            java.util.Arrays.fill(first, (byte) 0);
            assertTrue(java.util.Arrays.equals(kept, repository.planKey().orElseThrow()),
                    "planKey() changed between two calls, or handed out its own array");
        }
    }

    @Test
    @DisplayName("an empty store: every look-up answers with an empty, non-null result")
    public void emptyStore_answersEveryLookUpWithEmptyResults() {
        assertEquals(Map.of(), repository.findBy(StandardFields.USERNAME, List.of("nobody")));
        assertEquals(Map.of(), repository.findByIds(List.of("1", "nobody")));
        assertEquals(Map.of(), repository.findDelegates(List.of("1")));
        assertEquals(Set.of(), repository.existingTargets("course", List.of("math101")));
        assertEquals(List.of(), all());
    }

    // =================================================================== findBy

    @Test
    @DisplayName("findBy: answers exactly the keys that matched, as given; keys that matched nobody are absent")
    public void findBy_answersExactlyTheKeysThatMatched_asGiven() {
        create("alice");
        create("bob");
        create("carol");
        Map<String, List<UserRecord>> found = repository.findBy(StandardFields.USERNAME, List.of("carol", "nobody", "alice"));
        assertEquals(Set.of("alice", "carol"), found.keySet());
        assertEquals(List.of("alice"), usernames(found.get("alice")));
        assertEquals(List.of("carol"), usernames(found.get("carol")));
    }

    @Test
    @DisplayName("findBy: no keys find nothing")
    public void findBy_noKeys_findsNothing() {
        create("alice");
        assertEquals(Map.of(), repository.findBy(StandardFields.USERNAME, List.of()));
    }

    @Test
    @DisplayName("findBy: keys are trimmed before comparing, and answered under the key exactly as given")
    public void findBy_trimsKeys_andAnswersUnderTheKeyAsGiven() {
        requireField(StandardFields.EMAIL);
        String id = create("jdoe", StandardFields.EMAIL, "jdoe@example.com");
        Map<String, List<UserRecord>> byName = repository.findBy(StandardFields.USERNAME, List.of("  jdoe\t"));
        assertEquals(Set.of("  jdoe\t"), byName.keySet());
        assertEquals(id, byName.get("  jdoe\t").get(0).id());
        Map<String, List<UserRecord>> byEmail = repository.findBy(StandardFields.EMAIL, List.of(" JDOE@example.com "));
        assertEquals(Set.of(" JDOE@example.com "), byEmail.keySet());
        assertEquals(id, byEmail.get(" JDOE@example.com ").get(0).id());
    }

    @Test
    @DisplayName("findBy: email compares without regard to case")
    public void findBy_email_ignoresCase() {
        requireField(StandardFields.EMAIL);
        String id = create("jdoe", StandardFields.EMAIL, "John.Doe@Example.com");
        for (String key : List.of("john.doe@example.com", "JOHN.DOE@EXAMPLE.COM", "John.Doe@Example.com")) {
            List<UserRecord> found = repository.findBy(StandardFields.EMAIL, List.of(key)).get(key);
            assertNotNull(found, "no user found by email " + key);
            assertEquals(id, found.get(0).id());
        }
    }

    @Test
    @DisplayName("findBy: email is lower-cased with Locale.ROOT, so TITLE@… matches title@… even in a Turkish locale")
    public void findBy_email_lowerCasesWithTheRootLocale() {
        requireField(StandardFields.EMAIL);
        create("ti", StandardFields.EMAIL, "TITLE@EXAMPLE.COM");
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(Locale.forLanguageTag("tr-TR"));
            assertEquals(Set.of("title@example.com"),
                    repository.findBy(StandardFields.EMAIL, List.of("title@example.com")).keySet());
        } finally {
            Locale.setDefault(before);
        }
    }

    @Test
    @DisplayName("findBy: username and every field but email compare exactly: another case finds nobody")
    public void findBy_usernameAndOtherFields_compareExactly() {
        String text = textField();
        create("JDoe", text, "Doe");
        assertEquals(Map.of(), repository.findBy(StandardFields.USERNAME, List.of("jdoe")));
        assertEquals(Map.of(), repository.findBy(StandardFields.USERNAME, List.of("JDOE")));
        assertEquals(Map.of(), repository.findBy(text, List.of("DOE")));
        assertEquals(Map.of(), repository.findBy(text, List.of("doe")));
        assertEquals(1, repository.findBy(StandardFields.USERNAME, List.of("JDoe")).size());
        assertEquals(1, repository.findBy(text, List.of("Doe")).size());
        Optional<FieldDefinition> unique = uniqueStandardField();
        if (unique.isPresent()) {
            String field = unique.get().name();
            create("other", field, "HR-abc");
            assertEquals(Map.of(), repository.findBy(field, List.of("hr-abc")));
            assertEquals(1, repository.findBy(field, List.of("HR-abc")).size());
        }
    }

    @Test
    @DisplayName("findBy: duplicate keys, and different keys meaning the same email, each get the user")
    public void findBy_duplicateKeys_andKeysMeaningTheSameValue_eachGetTheUser() {
        requireField(StandardFields.EMAIL);
        String id = create("jdoe", StandardFields.EMAIL, "jdoe@example.com");
        Map<String, List<UserRecord>> found = repository.findBy(StandardFields.EMAIL,
                List.of("JDOE@example.com", "jdoe@example.com", "jdoe@example.com"));
        assertEquals(Set.of("JDOE@example.com", "jdoe@example.com"), found.keySet());
        assertEquals(List.of(id), ids(found.get("JDOE@example.com")));
        assertEquals(List.of(id), ids(found.get("jdoe@example.com")));
    }

    @Test
    @DisplayName("findBy: a field whose values are not unique answers every matching user")
    public void findBy_nonUniqueField_answersEveryMatchingUser() {
        String text = textField();
        String a = create("a", text, "Finance");
        create("b", text, "Sales");
        String c = create("c", text, "Finance");
        assertEquals(Set.of(a, c), new HashSet<>(ids(repository.findBy(text, List.of("Finance")).get("Finance"))));
        if (repository.schema().has(StandardFields.EMAIL) && !unique(StandardFields.EMAIL)) {
            String d = create("d", StandardFields.EMAIL, "shared@example.com");
            String e = create("e", StandardFields.EMAIL, "SHARED@example.com");
            assertEquals(Set.of(d, e), new HashSet<>(ids(repository.findBy(StandardFields.EMAIL,
                    List.of("shared@example.com")).get("shared@example.com"))));
        }
    }

    @Test
    @DisplayName("findBy: returns whole records: every field, memberships and version, as findByIds and list do")
    public void findBy_returnsWholeRecords() {
        Membership course = new Membership(MembershipKind.COURSE, "math101", "student", "active",
                LocalDate.of(2026, 9, 1), LocalDate.of(2027, 6, 30));
        String id = write(new UserChange.Create(fields(StandardFields.USERNAME, "jdoe", textField(), "Doe",
                StandardFields.FEED, "hr"), holdable(Set.of(course)), PasswordChange.NONE)).get(0);
        UserRecord found = repository.findBy(StandardFields.USERNAME, List.of("jdoe")).get("jdoe").get(0);
        assertEquals(id, found.id());
        assertEquals(holdable(Set.of(course)), found.memberships());
        assertEquals(Optional.of("Doe"), found.field(textField()));
        assertEquals(Optional.of("hr"), found.feed());
        assertEquals(found, byId(id));
        assertEquals(List.of(found), all());
    }

    @Test
    @DisplayName("findBy: a field nobody has, an unknown field, or password, finds nothing")
    public void findBy_unknownFieldOrPassword_findsNothing() {
        create("a", textField(), "Paris");
        assertEquals(Map.of(), repository.findBy("noSuchField", List.of("Paris")));
        assertEquals(Map.of(), repository.findBy(StandardFields.PASSWORD, List.of("Paris")));
        String other = otherTextField();
        assertEquals(Map.of(), repository.findBy(other, List.of("Paris")));
    }

    @Test
    @DisplayName("findBy: many keys in one call (more than SQL IN-list limits) are all answered")
    public void findBy_manyKeysInOneCall_areAllAnswered() {
        List<UserChange> creates = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            creates.add(createChange("user" + i));
        }
        write(creates);
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 2_500; i++) {
            keys.add("user" + (i % 1_250));
        }
        Map<String, List<UserRecord>> found = repository.findBy(StandardFields.USERNAME, keys);
        assertEquals(150, found.size());
        for (int i = 0; i < 150; i++) {
            assertEquals(List.of("user" + i), usernames(found.get("user" + i)));
        }
    }

    // =================================================================== findByIds

    @Test
    @DisplayName("findByIds: answers exactly the users that exist, keyed by the id as given; unknown and malformed ids are absent")
    public void findByIds_answersExactlyTheUsersThatExist() {
        String a = create("a");
        String b = create("b");
        Map<String, UserRecord> found = repository.findByIds(List.of(b, a, "999999", "not-an-id", "", a));
        assertEquals(Set.of(a, b), found.keySet());
        assertEquals("a", found.get(a).username());
        assertEquals("b", found.get(b).username());
        assertEquals(Map.of(), repository.findByIds(List.of()));
    }

    // =================================================================== creates

    @Test
    @DisplayName("create: each change gets a new, distinct id, returned in list order, and stores every field given")
    public void create_returnsNewDistinctIdsInOrder_andStoresEveryField() {
        Map<String, String> all = new LinkedHashMap<>();
        all.put(StandardFields.USERNAME, "jdoe");
        // a store without an account status holds active users only (features().status())
        all.put(StandardFields.STATUS, (repository.features().status() ? UserStatus.INACTIVE : UserStatus.ACTIVE).name());
        all.put(StandardFields.FEED, "hr");
        int n = 0;
        for (FieldDefinition f : repository.schema().fields()) {
            if (!all.containsKey(f.name()) && !f.name().equals(StandardFields.PASSWORD) && !f.sensitive()) {
                all.put(f.name(), standardValue(f, n++));
            }
        }
        List<String> ids = write(new UserChange.Create(all, Set.of(), PasswordChange.NONE), createChange("second"),
                createChange("third"));
        assertEquals(3, ids.size());
        assertEquals(3, new HashSet<>(ids).size(), "ids must be distinct: " + ids);
        assertEquals(all, byId(ids.get(0)).fields());
        assertEquals("second", byId(ids.get(1)).username());
        assertEquals("third", byId(ids.get(2)).username());
    }

    @Test
    @DisplayName("create: a user created without a status is ACTIVE (as the reference implementation does)")
    public void create_withoutStatus_isActive() {
        String id = write(new UserChange.Create(fields(StandardFields.USERNAME, "jdoe"), Set.of(), PasswordChange.NONE)).get(0);
        assertEquals(UserStatus.ACTIVE, byId(id).status());
    }

    @Test
    @DisplayName("values read back exactly as written: accents, apostrophes, quotes, %, _, backslashes, emoji, CJK")
    public void values_readBackExactly() {
        String text = textField();
        List<String> values = List.of("Zoë Ødegård-Nguyễn", "O'Neil", "\"quoted\"", "50% off_sale", "back\\slash",
                "Jo ✓ 😀", "漢字かな", "Müller, Jr.", "  inner  spaces  ".strip(), "=SUM(A1)");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            ids.add(create("user" + i, text, values.get(i)));
        }
        for (int i = 0; i < values.size(); i++) {
            assertEquals(Optional.of(values.get(i)), byId(ids.get(i)).field(text), "value " + i);
            assertEquals(List.of(ids.get(i)), ids(repository.findBy(text, List.of(values.get(i))).get(values.get(i))),
                    "look-up of value " + i);
        }
    }

    @Test
    @DisplayName("create: a taken username is DuplicateKeyException(username), naming the field but not the value; nothing is written")
    public void create_takenUsername_isDuplicateKeyException() {
        create("jdoe.secretvalue");
        DuplicateKeyException e = assertThrows(DuplicateKeyException.class, () -> create("jdoe.secretvalue"));
        assertEquals(StandardFields.USERNAME, e.field());
        assertNoValueInChain(e, "secretvalue");
        assertEquals(1, all().size());
    }

    @Test
    @DisplayName("create: the same username twice in one batch is DuplicateKeyException, and nothing of the batch is written")
    public void create_sameUsernameTwiceInOneBatch_isDuplicateKeyException() {
        DuplicateKeyException e = assertThrows(DuplicateKeyException.class,
                () -> write(createChange("x"), createChange("jdoe"), createChange("jdoe")));
        assertEquals(StandardFields.USERNAME, e.field());
        assertEquals(List.of(), all());
    }

    @Test
    @DisplayName("create: a value of a unique standard field (externalId, employeeId) that is taken is DuplicateKeyException(field)")
    public void create_takenUniqueStandardValue_isDuplicateKeyException() {
        List<FieldDefinition> unique = repository.schema().fields().stream()
                .filter(f -> f.unique() && !f.custom() && !f.name().equals(StandardFields.USERNAME)).toList();
        Assumptions.assumeFalse(unique.isEmpty(), "the store's schema has no unique standard field besides username");
        int n = 0;
        for (FieldDefinition f : unique) {
            String value = standardValue(f, 7 + n++);
            create("owner-" + f.name(), f.name(), value);
            DuplicateKeyException e = assertThrows(DuplicateKeyException.class, () -> create("thief-" + f.name(), f.name(), value));
            assertEquals(f.name(), e.field());
            assertNoValueInChain(e, value);
        }
        assertEquals(unique.size(), all().size());
    }

    @Test
    @DisplayName("usernames that differ only in case are different users (usernames compare exactly)")
    public void usernames_differingOnlyInCase_areDifferentUsers() {
        String lower = create("jdoe");
        String upper = create("JDoe");
        assertNotEquals(lower, upper);
        assertEquals(List.of(lower), ids(repository.findBy(StandardFields.USERNAME, List.of("jdoe")).get("jdoe")));
        assertEquals(List.of(upper), ids(repository.findBy(StandardFields.USERNAME, List.of("JDoe")).get("JDoe")));
    }

    @Test
    @DisplayName("email is not unique unless the schema marks it unique: two users may share one")
    public void email_isNotUnique_unlessTheSchemaSaysSo() {
        requireField(StandardFields.EMAIL);
        Assumptions.assumeFalse(unique(StandardFields.EMAIL), "the store's schema makes email unique");
        create("a", StandardFields.EMAIL, "same@example.com");
        create("b", StandardFields.EMAIL, "SAME@example.com");
        assertEquals(2, repository.findBy(StandardFields.EMAIL, List.of("same@example.com")).get("same@example.com").size());
    }

    // =================================================================== updates

    @Test
    @DisplayName("update: sets fields, leaves the others, and the version grows")
    public void update_setsFields_andTheVersionGrows() {
        String text = textField();
        String other = otherTextField();
        String id = create("jdoe", text, "Toronto", other, "Keep");
        UserRecord before = byId(id);
        assertEquals(List.of(id), write(update(before, fields(text, "Ottawa"), Set.of())));
        UserRecord after = byId(id);
        assertEquals(Optional.of("Ottawa"), after.field(text));
        assertEquals(Optional.of("Keep"), after.field(other));
        assertTrue(after.version() > before.version(), "the version must grow: " + before.version() + " -> " + after.version());
    }

    @Test
    @DisplayName("update: erases fields; erasing a field the user does not have is harmless")
    public void update_erasesFields() {
        String text = textField();
        String other = otherTextField();
        String id = create("jdoe", text, "Toronto");
        write(update(byId(id), Map.of(), Set.of(text, other)));
        UserRecord after = byId(id);
        assertEquals(Optional.empty(), after.field(text));
        assertEquals(Optional.empty(), after.field(other));
        assertEquals(Map.of(), repository.findBy(text, List.of("Toronto")));
        assertEquals("jdoe", after.username());
    }

    @Test
    @DisplayName("rename: the new username finds the same user, the old one finds nobody and is free again")
    public void rename_movesTheUsername_andFreesTheOldOne() {
        String id = create("jdoe");
        write(update(byId(id), fields(StandardFields.USERNAME, "john.doe"), Set.of()));
        assertEquals(Map.of(), repository.findBy(StandardFields.USERNAME, List.of("jdoe")));
        assertEquals(List.of(id), ids(repository.findBy(StandardFields.USERNAME, List.of("john.doe")).get("john.doe")));
        String again = create("jdoe");
        assertNotEquals(id, again);
    }

    @Test
    @DisplayName("rename onto a taken username is DuplicateKeyException(username), and the user is unchanged")
    public void rename_ontoATakenUsername_isDuplicateKeyException() {
        String id = create("jdoe");
        create("taken");
        UserRecord before = byId(id);
        DuplicateKeyException e = assertThrows(DuplicateKeyException.class,
                () -> write(update(before, fields(StandardFields.USERNAME, "taken"), Set.of())));
        assertEquals(StandardFields.USERNAME, e.field());
        assertEquals(before, byId(id));
    }

    @Test
    @DisplayName("status: an update deactivates and activates a user")
    public void statusChanges_deactivateAndActivate() {
        requireStatus();
        String id = create("jdoe");
        write(update(byId(id), fields(StandardFields.STATUS, UserStatus.INACTIVE.name()), Set.of()));
        assertEquals(UserStatus.INACTIVE, byId(id).status());
        write(update(byId(id), fields(StandardFields.STATUS, UserStatus.ACTIVE.name()), Set.of()));
        assertEquals(UserStatus.ACTIVE, byId(id).status());
    }

    @Test
    @DisplayName("update with another version than the stored one is StaleUserException(userId), and changes nothing")
    public void update_withAnOldVersion_isStaleUserException() {
        String text = textField();
        String id = create("jdoe", text, "Toronto");
        UserRecord old = byId(id);
        write(update(old, fields(text, "Ottawa"), Set.of()));
        UserRecord current = byId(id);
        StaleUserException e = assertThrows(StaleUserException.class, () -> write(update(old, fields(text, "Paris"), Set.of())));
        assertEquals(id, e.userId());
        assertEquals(current, byId(id));
    }

    @Test
    @DisplayName("update of a user that does not exist (or an id the store could never have made) is StaleUserException")
    public void update_ofAUserThatDoesNotExist_isStaleUserException() {
        String id = create("jdoe");
        for (String ghost : List.of("999999", "not-an-id")) {
            UserChange.Update change = new UserChange.Update(ghost, 1, fields(textField(), "X"), Set.of(), Set.of(), Set.of(),
                    PasswordChange.NONE);
            assertEquals(ghost, assertThrows(StaleUserException.class, () -> write(change)).userId());
        }
        assertEquals(List.of(id), ids(all()));
    }

    // =================================================================== unique values within batches

    @Test
    @DisplayName("a unique value moves between users when an earlier change of the batch frees it (every unique field of the schema)")
    public void uniqueValue_movesBetweenUsers_whenFreedEarlierInTheBatch() {
        for (FieldDefinition f : uniqueFields()) {
            String v1 = valueOf(f, 1);
            String v2 = valueOf(f, 2);
            String a = create("a-" + f.name(), f.name(), v1);
            String b = create("b-" + f.name(), f.name(), v2);
            write(update(byId(a), Map.of(), Set.of(f.name())), update(byId(b), fields(f.name(), v1), Set.of()));
            assertEquals(Optional.empty(), byId(a).field(f.name()), f.name());
            assertEquals(Optional.of(v1), byId(b).field(f.name()), f.name());
            create("c-" + f.name(), f.name(), v2);
        }
    }

    @Test
    @DisplayName("a unique value taken before a later change of the batch frees it is DuplicateKeyException, and nothing changes")
    public void uniqueValue_takenBeforeItIsFreed_isDuplicateKeyException() {
        for (FieldDefinition f : uniqueFields()) {
            String v1 = valueOf(f, 1);
            String a = create("a-" + f.name(), f.name(), v1);
            String b = create("b-" + f.name(), f.name(), valueOf(f, 2));
            List<UserRecord> before = all();
            DuplicateKeyException e = assertThrows(DuplicateKeyException.class, () -> write(
                    update(byId(b), fields(f.name(), v1), Set.of()),
                    update(byId(a), fields(f.name(), valueOf(f, 3)), Set.of())), f.name());
            assertEquals(f.name(), e.field());
            assertEquals(byIdMap(before), byIdMap(all()), f.name());
        }
    }

    @Test
    @DisplayName("a unique value kept by its owner in an update is no conflict")
    public void uniqueValue_keptByItsOwner_isNoConflict() {
        for (FieldDefinition f : uniqueFields()) {
            String v = valueOf(f, 1);
            String a = create("a-" + f.name(), f.name(), v);
            write(update(byId(a), fields(f.name(), v, textField(), "Paris"), Set.of()));
            assertEquals(Optional.of(v), byId(a).field(f.name()), f.name());
            assertEquals(Optional.of("Paris"), byId(a).field(textField()), f.name());
        }
    }

    // =================================================================== memberships

    @Test
    @DisplayName("memberships of every kind, with role, status and period, read back equal")
    public void memberships_readBackEqual() {
        Set<Membership> all = Set.of(
                new Membership(MembershipKind.COURSE, "math101", "student", "active", LocalDate.of(2026, 9, 1),
                        LocalDate.of(2027, 6, 30)),
                new Membership(MembershipKind.COURSE, "bio201", "teacher", null, null, null),
                Membership.of(MembershipKind.COHORT, "Nurses"),
                Membership.of(MembershipKind.PROGRAM, "MSc Nursing"),
                Membership.of(MembershipKind.GROUP, "math101/group A"),
                Membership.of(MembershipKind.SYSTEM_ROLE, "manager"));
        Set<Membership> kept = holdable(all);
        Assumptions.assumeFalse(kept.isEmpty(), "the store declares it keeps no memberships (features())");
        String id = write(new UserChange.Create(fields(StandardFields.USERNAME, "jdoe"), kept, PasswordChange.NONE)).get(0);
        assertEquals(kept, byId(id).memberships());
    }

    @Test
    @DisplayName("memberships: added and removed as sets; adding one held or removing one not held changes nothing else")
    public void memberships_addAndRemove_asSets() {
        Membership math = new Membership(MembershipKind.COURSE, "math101", "student", "active", null, null);
        Membership mathTeacher = new Membership(MembershipKind.COURSE, "math101", "teacher", null, null, null);
        Membership nurses = Membership.of(MembershipKind.COHORT, "Nurses");
        Membership role = Membership.of(MembershipKind.SYSTEM_ROLE, "manager");
        requireMemberships(math, mathTeacher, nurses, role, Membership.of(MembershipKind.PROGRAM, "absent"));
        String id = write(new UserChange.Create(fields(StandardFields.USERNAME, "jdoe"), Set.of(math, nurses),
                PasswordChange.NONE)).get(0);
        // a change of role is removing one membership and adding another
        write(new UserChange.Update(id, byId(id).version(), Map.of(), Set.of(), Set.of(mathTeacher, nurses, role),
                Set.of(math, Membership.of(MembershipKind.PROGRAM, "absent")), PasswordChange.NONE));
        assertEquals(Set.of(mathTeacher, nurses, role), byId(id).memberships());
    }

    @Test
    @DisplayName("memberships: one removed and added in the same change stays (removals first, then additions)")
    public void memberships_removedAndAddedInOneChange_stay() {
        Membership role = Membership.of(MembershipKind.SYSTEM_ROLE, "manager");
        Membership group = Membership.of(MembershipKind.GROUP, "math101/group A");
        requireMemberships(role, group);
        String id = write(new UserChange.Create(fields(StandardFields.USERNAME, "jdoe"), Set.of(role, group),
                PasswordChange.NONE)).get(0);
        write(new UserChange.Update(id, byId(id).version(), Map.of(), Set.of(), Set.of(role), Set.of(role, group),
                PasswordChange.NONE));
        assertEquals(Set.of(role), byId(id).memberships());
    }

    @Test
    @DisplayName("memberships that differ only in a null component (a role or none) are different memberships")
    public void memberships_differingOnlyInANullComponent_areDifferent() {
        Membership plain = Membership.of(MembershipKind.COURSE, "math101");
        Membership withRole = new Membership(MembershipKind.COURSE, "math101", "student", null, null, null);
        requireMemberships(plain, withRole);
        String id = write(new UserChange.Create(fields(StandardFields.USERNAME, "jdoe"), Set.of(plain, withRole),
                PasswordChange.NONE)).get(0);
        assertEquals(Set.of(plain, withRole), byId(id).memberships());
        write(new UserChange.Update(id, byId(id).version(), Map.of(), Set.of(), Set.of(), Set.of(plain), PasswordChange.NONE));
        assertEquals(Set.of(withRole), byId(id).memberships());
    }

    @Test
    @DisplayName("memberships: plain memberships of each kind the store keeps are added, read back and removed")
    public void memberships_plainOfEveryKeptKind_addedAndRemoved() {
        Set<MembershipKind> kinds = repository.features().membershipKinds();
        Assumptions.assumeFalse(kinds.isEmpty(), "the store declares it keeps no memberships (features())");
        Set<Membership> first = new HashSet<>();
        Set<Membership> second = new HashSet<>();
        for (MembershipKind kind : kinds) {
            String name = kind == MembershipKind.GROUP ? "math101/group " : "Équipe ";
            first.add(Membership.of(kind, name + "A"));
            second.add(Membership.of(kind, name + "B"));
        }
        Set<Membership> both = new HashSet<>(first);
        both.addAll(second);
        String id = write(new UserChange.Create(fields(StandardFields.USERNAME, "jdoe"), both, PasswordChange.NONE)).get(0);
        assertEquals(both, byId(id).memberships());
        write(new UserChange.Update(id, byId(id).version(), Map.of(), Set.of(), Set.of(), first, PasswordChange.NONE));
        assertEquals(second, byId(id).memberships());
    }

    @Test
    @DisplayName("features(): a membership the store declares it cannot hold is refused (UNSUPPORTED_COLUMN), and nothing of the batch is written")
    public void features_aMembershipTheStoreCannotHold_isRefused_andNothingIsWritten() {
        Membership detailed = new Membership(MembershipKind.COURSE, "math101", "student", "active", null, null);
        Membership unkept = Arrays.stream(MembershipKind.values())
                .filter(k -> !repository.features().keeps(k)).findFirst().map(k -> Membership.of(k, "x"))
                .orElse(repository.features().membershipDetails() ? null : detailed);
        Assumptions.assumeTrue(unkept != null, "the store declares it keeps every membership (features())");
        RollcallException e = assertThrows(RollcallException.class, () -> repository.write(List.of(createChange("a"),
                new UserChange.Create(fields(StandardFields.USERNAME, "b"), Set.of(unkept), PasswordChange.NONE))));
        assertEquals(Codes.UNSUPPORTED_COLUMN, e.code());
        assertEquals(List.of(), all());
    }

    @Test
    @DisplayName("features(): a store that declares no delegates refuses a delegates change (UNSUPPORTED_COLUMN) and finds none")
    public void features_noDelegates_refusesDelegateChanges() {
        Assumptions.assumeFalse(repository.features().delegates(), "the store declares it keeps delegates (features())");
        String a = create("a");
        String b = create("b");
        RollcallException e = assertThrows(RollcallException.class, () -> repository.write(List.of(
                createChange("c"), new UserChange.Delegates(a, Set.of(b), Set.of()))));
        assertEquals(Codes.UNSUPPORTED_COLUMN, e.code());
        assertEquals(Map.of(), repository.findDelegates(List.of(a, b)));
        assertEquals(Map.of(), repository.findBy(StandardFields.USERNAME, List.of("c")));
    }

    @Test
    @DisplayName("features(): a store that declares no account status reads every user as ACTIVE, and refuses INACTIVE "
            + "(UNSUPPORTED_COLUMN) in a create or an update, writing nothing of the batch")
    public void features_noStatus_refusesInactive_andNothingIsWritten() {
        Assumptions.assumeFalse(repository.features().status(), "the store declares it keeps an account status (features())");
        String id = create("a");
        UserRecord a = byId(id);
        assertEquals(UserStatus.ACTIVE, a.status());
        RollcallException e = assertThrows(RollcallException.class, () -> repository.write(List.of(createChange("b"),
                createChange("c", StandardFields.STATUS, UserStatus.INACTIVE.name()))));
        assertEquals(Codes.UNSUPPORTED_COLUMN, e.code());
        e = assertThrows(RollcallException.class, () -> repository.write(List.of(createChange("d"),
                update(a, fields(StandardFields.STATUS, UserStatus.INACTIVE.name()), Set.of()))));
        assertEquals(Codes.UNSUPPORTED_COLUMN, e.code());
        assertEquals(List.of(a), all());
        write(update(a, fields(StandardFields.STATUS, UserStatus.ACTIVE.name()), Set.of()));
        assertEquals(UserStatus.ACTIVE, byId(id).status());
    }

    @Test
    @DisplayName("features(): a store that declares it takes no passwords refuses a given password (UNSUPPORTED_COLUMN) "
            + "in a create or an update, writing nothing of the batch")
    public void features_noPasswords_refusesAGivenPassword_andNothingIsWritten() {
        Assumptions.assumeFalse(repository.features().passwords(), "the store declares it takes passwords (features())");
        String id = create("a");
        UserRecord a = byId(id);
        RollcallException e = assertThrows(RollcallException.class, () -> repository.write(List.of(createChange("b"),
                new UserChange.Create(fields(StandardFields.USERNAME, "c"), Set.of(),
                        new PasswordChange(Secret.of(PLAIN_PASSWORD), false, false, false)))));
        assertEquals(Codes.UNSUPPORTED_COLUMN, e.code());
        assertNoValueInChain(e, PLAIN_PASSWORD);
        e = assertThrows(RollcallException.class, () -> repository.write(List.of(createChange("d"),
                new UserChange.Update(id, a.version(), Map.of(), Set.of(), Set.of(), Set.of(),
                        new PasswordChange(Secret.of(PLAIN_PASSWORD), false, false, false)))));
        assertEquals(Codes.UNSUPPORTED_COLUMN, e.code());
        assertEquals(List.of(a), all());
    }

    @Test
    @DisplayName("memberships: a membership change makes the version grow")
    public void memberships_changeMakesTheVersionGrow() {
        requireMemberships(Membership.of(MembershipKind.COHORT, "x"));
        String id = create("jdoe");
        UserRecord before = byId(id);
        write(new UserChange.Update(id, before.version(), Map.of(), Set.of(), Set.of(Membership.of(MembershipKind.COHORT, "x")),
                Set.of(), PasswordChange.NONE));
        assertTrue(byId(id).version() > before.version(), "the version must grow when memberships change");
    }

    // =================================================================== deletes

    @Test
    @DisplayName("delete: the user is gone from every look-up, and its username and unique values are free again")
    public void delete_removesTheUser_andFreesItsKeys() {
        Optional<FieldDefinition> unique = anyUniqueField();
        Map<String, String> f = fields(StandardFields.USERNAME, "a");
        unique.ifPresent(u -> f.put(u.name(), valueOf(u, 5)));
        String id = write(new UserChange.Create(f, holdable(Set.of(Membership.of(MembershipKind.COHORT, "x"))),
                PasswordChange.NONE)).get(0);
        String keep = create("b");
        assertEquals(List.of(id), write(new UserChange.Delete(id, byId(id).version())));
        assertEquals(Map.of(), repository.findByIds(List.of(id)));
        assertEquals(Map.of(), repository.findBy(StandardFields.USERNAME, List.of("a")));
        assertEquals(List.of(keep), ids(all()));
        unique.ifPresent(u -> assertEquals(Map.of(), repository.findBy(u.name(), List.of(valueOf(u, 5)))));
        String again = write(new UserChange.Create(f, Set.of(), PasswordChange.NONE)).get(0);
        assertNotEquals(id, again);
        assertEquals(Set.of(), byId(again).memberships());
    }

    @Test
    @DisplayName("delete with another version than the stored one, or of nobody, is StaleUserException, and deletes nothing")
    public void delete_withAnOldVersion_orOfNobody_isStaleUserException() {
        String id = create("jdoe");
        UserRecord old = byId(id);
        write(update(old, fields(textField(), "Paris"), Set.of()));
        assertEquals(id, assertThrows(StaleUserException.class, () -> write(new UserChange.Delete(id, old.version()))).userId());
        assertThrows(StaleUserException.class, () -> write(new UserChange.Delete("424242", 1)));
        assertEquals(List.of(id), ids(all()));
    }

    // =================================================================== delegates

    @Test
    @DisplayName("delegates: added and removed; findDelegates answers users with delegates, keyed as given")
    public void delegates_addAndRemove() {
        requireDelegates();
        String a = create("a");
        String b = create("b");
        String c = create("c");
        assertEquals(List.of(a), write(new UserChange.Delegates(a, Set.of(b, c), Set.of())));
        assertEquals(Map.of(a, Set.of(b, c)), repository.findDelegates(List.of(a, b, c)));
        write(new UserChange.Delegates(a, Set.of(), Set.of(c, "999999")));
        assertEquals(Map.of(a, Set.of(b)), repository.findDelegates(List.of(a, b)));
        write(new UserChange.Delegates(a, Set.of(), Set.of(b)));
        assertEquals(Map.of(), repository.findDelegates(List.of(a, b, c, "nobody")));
    }

    @Test
    @DisplayName("delegates of, or to, a user that does not exist are StaleUserException, and nothing of the batch changes")
    public void delegates_unknownUserOrDelegate_isStaleUserException() {
        requireDelegates();
        String a = create("a");
        String b = create("b");
        assertEquals("999999", assertThrows(StaleUserException.class,
                () -> write(new UserChange.Delegates("999999", Set.of(a), Set.of()))).userId());
        assertEquals("888888", assertThrows(StaleUserException.class, () -> write(
                new UserChange.Delegates(b, Set.of(a), Set.of()),
                new UserChange.Delegates(a, Set.of("888888"), Set.of()))).userId());
        assertEquals(Map.of(), repository.findDelegates(List.of(a, b)));
    }

    @Test
    @DisplayName("delegates: deleting a user removes its delegate links both ways")
    public void delete_removesDelegateLinksBothWays() {
        requireDelegates();
        String a = create("a");
        String b = create("b");
        String c = create("c");
        write(new UserChange.Delegates(a, Set.of(b), Set.of()), new UserChange.Delegates(b, Set.of(a, c), Set.of()));
        write(new UserChange.Delete(a, byId(a).version()));
        assertEquals(Map.of(b, Set.of(c)), repository.findDelegates(List.of(a, b, c)));
    }

    @Test
    @DisplayName("delegates are not fields: changing them leaves the user's version as it is (as the reference implementation does)")
    public void delegates_doNotChangeTheVersion() {
        requireDelegates();
        String a = create("a");
        String b = create("b");
        long version = byId(a).version();
        write(new UserChange.Delegates(a, Set.of(b), Set.of()));
        assertEquals(version, byId(a).version());
    }

    // =================================================================== batches

    @Test
    @DisplayName("a batch whose third change of five is stale leaves no trace: users, versions, memberships and delegates as before")
    public void aStaleChangeMidBatch_leavesNoTrace() {
        String text = textField();
        String a = create("a", text, "Toronto");
        String b = create("b");
        String c = create("c");
        boolean delegates = repository.features().delegates();
        if (delegates) {
            write(new UserChange.Delegates(c, Set.of(a), Set.of()));
        }
        UserRecord staleB = byId(b);
        write(update(staleB, fields(text, "Moved"), Set.of()));
        Set<Membership> cohortX = holdable(Set.of(Membership.of(MembershipKind.COHORT, "x")));
        prepare(cohortX);
        Map<String, UserRecord> before = byIdMap(all());
        Map<String, Set<String>> delegatesBefore = repository.findDelegates(List.of(a, b, c));
        List<UserChange> batch = new ArrayList<>(List.of(
                createChange("new1"),
                new UserChange.Update(a, byId(a).version(), fields(text, "Paris"), Set.of(),
                        cohortX, Set.of(), PasswordChange.NONE),
                update(staleB, fields(text, "Lyon"), Set.of())));
        if (delegates) {
            batch.add(new UserChange.Delegates(c, Set.of(b), Set.of(a)));
        }
        batch.add(new UserChange.Delete(c, byId(c).version()));
        assertThrows(StaleUserException.class, () -> write(batch));
        assertEquals(before, byIdMap(all()));
        assertEquals(delegatesBefore, repository.findDelegates(List.of(a, b, c)));
    }

    @Test
    @DisplayName("a batch that fails on a duplicate key mid-batch leaves no trace, and the names it would have taken stay free")
    public void aDuplicateMidBatch_leavesNoTrace() {
        String a = create("a");
        create("b");
        Map<String, UserRecord> before = byIdMap(all());
        List<UserChange> batch = List.of(createChange("new1"),
                update(byId(a), fields(StandardFields.USERNAME, "a2"), Set.of()),
                createChange("b"),
                createChange("new2"));
        assertThrows(DuplicateKeyException.class, () -> write(batch));
        assertEquals(before, byIdMap(all()));
        assertEquals(Map.of(), repository.findBy(StandardFields.USERNAME, List.of("new1", "a2", "new2")));
        write(createChange("new1"), createChange("a2"), createChange("new2"));
        assertEquals(5, all().size());
    }

    @Test
    @DisplayName("changes take effect in list order: a rename frees a name that a later create in the batch uses")
    public void changes_takeEffectInListOrder_aRenameFreesANameALaterCreateUses() {
        String a = create("a");
        String b = create("b");
        List<String> ids = write(
                update(byId(a), fields(StandardFields.USERNAME, "a2"), Set.of()),
                createChange("a"),
                new UserChange.Delete(b, byId(b).version()),
                createChange("b"));
        assertEquals(4, ids.size());
        assertEquals(a, ids.get(0));
        assertEquals(b, ids.get(2));
        assertEquals("a2", byId(a).username());
        assertEquals("a", byId(ids.get(1)).username());
        assertEquals("b", byId(ids.get(3)).username());
        assertEquals(Set.of("a2", "a", "b"), new HashSet<>(usernames(all())));
    }

    @Test
    @DisplayName("changes in the wrong order (taking a name before the rename that frees it) are DuplicateKeyException")
    public void changes_inTheWrongOrder_areDuplicateKeyException() {
        String a = create("a");
        String b = create("b");
        assertThrows(DuplicateKeyException.class, () -> write(
                update(byId(b), fields(StandardFields.USERNAME, "a"), Set.of()),
                update(byId(a), fields(StandardFields.USERNAME, "a2"), Set.of())));
        assertEquals("a", byId(a).username());
        assertEquals("b", byId(b).username());
    }

    @Test
    @DisplayName("write: an empty batch writes nothing and returns an empty list")
    public void write_emptyBatch_returnsEmptyList() {
        create("a");
        Map<String, UserRecord> before = byIdMap(all());
        assertEquals(List.of(), repository.write(List.of()));
        assertEquals(before, byIdMap(all()));
    }

    // =================================================================== list

    @Test
    @DisplayName("list(ALL): streams every user as whole records, the same as findByIds")
    public void list_all_streamsEveryUser_asWholeRecords() {
        String a = write(new UserChange.Create(fields(StandardFields.USERNAME, "zed", textField(), "Paris"),
                holdable(Set.of(Membership.of(MembershipKind.COHORT, "c"))), PasswordChange.NONE)).get(0);
        String b = create("amy");
        List<UserRecord> listed = all();
        assertEquals(Set.of(a, b), new HashSet<>(ids(listed)));
        for (UserRecord u : listed) {
            assertEquals(byId(u.id()), u);
        }
    }

    @Test
    @DisplayName("list: the order is stable (by id): the same on every call, and unchanged by updates")
    public void list_orderIsStable_acrossCallsAndUpdates() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            ids.add(create("u" + i));
        }
        List<String> order = ids(all());
        assertEquals(Set.copyOf(ids), Set.copyOf(order));
        assertEquals(order, ids(all()));
        write(update(byId(ids.get(0)), fields(textField(), "Paris"), Set.of()),
                update(byId(ids.get(7)), fields(StandardFields.USERNAME, "renamed"), Set.of()));
        assertEquals(order, ids(all()), "an update moved a user in the listing");
    }

    @Test
    @DisplayName("list: the order is stable (by id): a failed batch that touched users does not move them")
    public void list_orderIsUnchangedByAFailedBatch() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            ids.add(create("u" + i));
        }
        List<String> order = ids(all());
        assertThrows(DuplicateKeyException.class, () -> write(
                update(byId(ids.get(1)), fields(textField(), "Lyon"), Set.of()), createChange("u5")));
        assertEquals(order, ids(all()), "a failed batch moved a user in the listing");
    }

    @Test
    @DisplayName("list: a site scope covers the site and every site below it, never a sibling whose name starts the same (Ontario2)")
    public void list_scope_coversTheSiteAndBelow_neverSiblingsOrLookalikes() {
        requireField(StandardFields.SITE);
        create("root", StandardFields.SITE, "Canada");
        create("ontario", StandardFields.SITE, "Canada/Ontario");
        create("hospitalA", StandardFields.SITE, "Canada/Ontario/Hospital A");
        create("hospitalB", StandardFields.SITE, "Canada/Ontario/Hospital B");
        create("quebec", StandardFields.SITE, "Canada/Quebec");
        create("ontario2", StandardFields.SITE, "Canada/Ontario2");
        create("ontarioX", StandardFields.SITE, "Canada/OntarioX/Sub");
        create("nosite");
        assertEquals(Set.of("ontario", "hospitalA", "hospitalB"), listed(UserQuery.ALL.inScope("Canada/Ontario")));
        assertEquals(Set.of("hospitalA"), listed(UserQuery.ALL.inScope("Canada/Ontario/Hospital A")));
        assertEquals(Set.of("root", "ontario", "hospitalA", "hospitalB", "quebec", "ontario2", "ontarioX"),
                listed(UserQuery.ALL.inScope("Canada")));
        assertEquals(Set.of(), listed(UserQuery.ALL.inScope("Canada/Ont")));
        assertEquals(Set.of(), listed(UserQuery.ALL.inScope("Ontario")));
        assertEquals(8, listed(UserQuery.ALL).size(), "a user without a site is listed only without a scope");
    }

    @Test
    @DisplayName("list: characters that are wildcards in SQL LIKE (%, _, !) are plain characters in a scope")
    public void list_scope_treatsLikeWildcardsLiterally() {
        requireField(StandardFields.SITE);
        create("pct", StandardFields.SITE, "50%/A");
        create("fiftyx", StandardFields.SITE, "50x/A");
        create("under", StandardFields.SITE, "a_b/c");
        create("axb", StandardFields.SITE, "axb/c");
        create("bang", StandardFields.SITE, "x!y/z");
        assertEquals(Set.of("pct"), listed(UserQuery.ALL.inScope("50%")));
        assertEquals(Set.of("under"), listed(UserQuery.ALL.inScope("a_b")));
        assertEquals(Set.of("bang"), listed(UserQuery.ALL.inScope("x!y")));
        assertEquals(Set.of(), listed(UserQuery.ALL.inScope("%")));
        assertEquals(Set.of(), listed(UserQuery.ALL.inScope("_")));
    }

    @Test
    @DisplayName("list: a feed lists exactly the users that feed created (compared exactly), alone or within a scope")
    public void list_feed_onlyUsersThatFeedCreated() {
        boolean sites = repository.schema().has(StandardFields.SITE);
        String site = sites ? StandardFields.SITE : StandardFields.FEED;
        create("hr1", site, "Canada/Ontario", StandardFields.FEED, "hr");
        create("hr2", site, "Canada/Quebec", StandardFields.FEED, "hr");
        create("lms1", site, "Canada/Ontario", StandardFields.FEED, "lms");
        if (sites) {
            create("manual", StandardFields.SITE, "Canada/Ontario");
        } else {
            create("manual");
        }
        assertEquals(Set.of("hr1", "hr2"), listed(UserQuery.feed("hr")));
        assertEquals(Set.of(), listed(UserQuery.feed("HR")));
        assertEquals(Set.of(), listed(UserQuery.feed("h")));
        if (sites) {
            assertEquals(Set.of("hr1"), listed(UserQuery.feed("hr").inScope("Canada/Ontario")));
            assertEquals(Set.of("hr1", "lms1", "manual"), listed(UserQuery.ALL.inScope("Canada/Ontario")));
        }
    }

    @Test
    @DisplayName("list: the stream can be closed half-read, and the store keeps working")
    public void list_closedHalfRead_leavesTheStoreWorking() {
        List<UserChange> creates = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            creates.add(createChange("u" + i));
        }
        write(creates);
        try (Stream<UserRecord> s = repository.list(UserQuery.ALL)) {
            assertEquals(2, s.limit(2).count());
        }
        create("after");
        assertEquals(601, all().size());
    }

    // =================================================================== custom fields

    @Test
    @DisplayName("custom fields: a valid value of every custom field of the schema is stored and read back exactly")
    public void customFields_readBackExactly() {
        List<FieldDefinition> custom = customFields();
        Map<String, String> f = fields(StandardFields.USERNAME, "jdoe");
        int n = 1;
        for (FieldDefinition d : custom) {
            f.put(d.name(), valueOf(d, n++));
        }
        String id = write(new UserChange.Create(f, Set.of(), PasswordChange.NONE)).get(0);
        UserRecord u = byId(id);
        for (FieldDefinition d : custom) {
            assertEquals(Optional.of(f.get(d.name())), u.field(d.name()), d.name());
        }
    }

    @Test
    @DisplayName("custom fields: updates set and erase them like standard fields")
    public void customFields_setAndErase() {
        List<FieldDefinition> custom = customFields();
        Map<String, String> f = fields(StandardFields.USERNAME, "jdoe");
        Map<String, String> changed = new LinkedHashMap<>();
        int n = 1;
        for (FieldDefinition d : custom) {
            f.put(d.name(), valueOf(d, n));
            changed.put(d.name(), valueOf(d, n + 1));
            n += 2;
        }
        String id = write(new UserChange.Create(f, Set.of(), PasswordChange.NONE)).get(0);
        write(update(byId(id), changed, Set.of()));
        for (FieldDefinition d : custom) {
            assertEquals(Optional.of(changed.get(d.name())), byId(id).field(d.name()), d.name());
        }
        Set<String> names = new HashSet<>(changed.keySet());
        write(update(byId(id), Map.of(), names));
        for (FieldDefinition d : custom) {
            assertEquals(Optional.empty(), byId(id).field(d.name()), d.name());
            assertEquals(Map.of(), repository.findBy(d.name(), List.of(changed.get(d.name()))), d.name());
        }
    }

    @Test
    @DisplayName("custom fields: a taken value of a unique custom field is DuplicateKeyException(field), never quoting the value")
    public void customFields_unique_takenValue_isDuplicateKeyException() {
        List<FieldDefinition> unique = customFields().stream().filter(FieldDefinition::unique).toList();
        Assumptions.assumeFalse(unique.isEmpty(), "the store's schema has no unique custom field");
        for (FieldDefinition d : unique) {
            String value = valueOf(d, 3);
            create("owner-" + d.name(), d.name(), value);
            DuplicateKeyException e = assertThrows(DuplicateKeyException.class, () -> create("thief-" + d.name(), d.name(), value));
            assertEquals(d.name(), e.field());
            assertNoValueInChain(e, value);
            DuplicateKeyException inBatch = assertThrows(DuplicateKeyException.class, () -> write(
                    createChange("x-" + d.name(), d.name(), valueOf(d, 4)), createChange("y-" + d.name(), d.name(), valueOf(d, 4))));
            assertEquals(d.name(), inBatch.field());
        }
        assertEquals(unique.size(), all().size());
    }

    @Test
    @DisplayName("custom fields: a value of a field unique within a site (seed 003) may repeat in another site; "
            + "within one site (users without a site are one) it is DuplicateKeyException(field), also for a user moving in")
    public void customFields_uniqueWithinSite_isUniquePerSite() {
        List<FieldDefinition> scoped = customFields().stream().filter(FieldDefinition::uniqueWithinSite).toList();
        Assumptions.assumeFalse(scoped.isEmpty(), "the store's schema has no custom field unique within a site");
        Assumptions.assumeTrue(repository.schema().has(StandardFields.SITE), "the store's schema has no site field");
        for (FieldDefinition d : scoped) {
            String n = d.name();
            String value = valueOf(d, 7);
            String north = create("north-" + n, n, value, StandardFields.SITE, "North");
            String south = create("south-" + n, n, value, StandardFields.SITE, "South");
            String none = create("none-" + n, n, value);
            assertEquals(Set.of(north, south, none), new HashSet<>(ids(repository.findBy(n, List.of(value)).get(value))), n);
            assertEquals(n, assertThrows(DuplicateKeyException.class,
                    () -> create("north2-" + n, n, value, StandardFields.SITE, "North")).field());
            assertEquals(n, assertThrows(DuplicateKeyException.class, () -> create("none2-" + n, n, value)).field());
            DuplicateKeyException moving = assertThrows(DuplicateKeyException.class,
                    () -> write(update(byId(south), fields(StandardFields.SITE, "North"), Set.of())));
            assertEquals(n, moving.field());
            assertNoValueInChain(moving, value);
            assertEquals("South", byId(south).site().orElse(null), "a refused write changes nothing");
        }
        assertEquals(3 * scoped.size(), all().size());
    }

    @Test
    @DisplayName("custom fields: look-ups compare exactly (another case finds nobody); a value that is not unique finds everyone who has it")
    public void customFields_compareExactly() {
        List<FieldDefinition> custom = customFields();
        int n = 0;
        for (FieldDefinition d : custom) {
            String value = valueOf(d, 11);
            String id = create("user" + n++, d.name(), value);
            List<String> holders = new ArrayList<>(List.of(id));
            if (!d.unique()) {
                holders.add(create("user" + n++, d.name(), value));
            }
            assertEquals(Set.copyOf(holders), new HashSet<>(ids(repository.findBy(d.name(), List.of(value)).get(value))), d.name());
            if (FieldValues.hasLetters(value)) {
                String other = value.equals(value.toUpperCase(Locale.ROOT)) ? value.toLowerCase(Locale.ROOT)
                        : value.toUpperCase(Locale.ROOT);
                assertEquals(Map.of(), repository.findBy(d.name(), List.of(other)), d.name());
            }
        }
    }

    // =================================================================== targets

    @Test
    @DisplayName("existingTargets: a kind or name the host does not have is absent")
    public void existingTargets_unknownKindOrName_isAbsent() {
        assertEquals(Set.of(), repository.existingTargets("course", List.of("math101", "")));
        assertEquals(Set.of(), repository.existingTargets("no-such-kind", List.of("x")));
        assertEquals(Set.of(), repository.existingTargets("course", List.of()));
    }

    @Test
    @DisplayName("existingTargets: answers the subset of the names that exist, for that kind only, compared exactly")
    public void existingTargets_answersTheSubsetThatExists_perKind_exactly() {
        addTargets(repository, "course", "math101", "bio201");
        addTargets(repository, "cohort", "Nurses");
        addTargets(repository, "office", "Paris HQ");
        addTargets(repository, "group", "math101/group A");
        assertEquals(Set.of("math101"), repository.existingTargets("course", List.of("math101", "MATH101", "Nurses", "x")));
        assertEquals(Set.of("math101", "bio201"), repository.existingTargets("course", List.of("bio201", "math101", "math101")));
        assertEquals(Set.of("Nurses"), repository.existingTargets("cohort", List.of("Nurses", "nurses", "math101")));
        assertEquals(Set.of("Paris HQ"), repository.existingTargets("office", List.of("Paris HQ", "Paris")));
        assertEquals(Set.of("math101/group A"), repository.existingTargets("group", List.of("math101/group A")));
        assertEquals(Set.of(), repository.existingTargets("theme", List.of("math101")));
    }

    @Test
    @DisplayName("existingTargets: sites are targets of kind site, named by their whole path")
    public void existingTargets_sites_byWholePath() {
        addTargets(repository, "site", "Canada/Ontario");
        assertEquals(Set.of("Canada/Ontario"),
                repository.existingTargets("site", List.of("Canada/Ontario", "Ontario", "Canada/Ontario2")));
    }

    // =================================================================== passwords

    @Test
    @DisplayName("passwords: never readable back: no field, no value, no look-up, no record text shows one")
    public void passwords_areNeverReadableBack() {
        Assumptions.assumeTrue(repository.features().passwords(), "the store declares it takes no passwords (features())");
        String id = write(new UserChange.Create(fields(StandardFields.USERNAME, "a"), Set.of(),
                new PasswordChange(Secret.of(PLAIN_PASSWORD), false, true, false))).get(0);
        write(new UserChange.Update(id, byId(id).version(), Map.of(), Set.of(), Set.of(), Set.of(),
                new PasswordChange(Secret.of(PLAIN_PASSWORD + "2"), false, false, false)));
        write(new UserChange.Create(fields(StandardFields.USERNAME, "b"), Set.of(), new PasswordChange(null, true, true, false)));
        for (UserRecord u : all()) {
            assertFalse(u.fields().containsKey(StandardFields.PASSWORD), "a record has a password field");
            for (String v : u.fields().values()) {
                assertFalse(v.contains(PLAIN_PASSWORD), "a field value holds the password");
            }
            assertFalse(u.toString().contains(PLAIN_PASSWORD));
        }
        assertEquals(Map.of(), repository.findBy(StandardFields.PASSWORD, List.of(PLAIN_PASSWORD, PLAIN_PASSWORD + "2")));
        assertFalse(String.valueOf(repository).contains(PLAIN_PASSWORD));
    }

    @Test
    @DisplayName("passwords: a password request leaves the user's fields as they were")
    public void passwordRequests_leaveTheFieldsAlone() {
        String id = create("a", textField(), "Paris");
        Map<String, String> before = byId(id).fields();
        write(new UserChange.Update(id, byId(id).version(), Map.of(), Set.of(), Set.of(), Set.of(),
                new PasswordChange(null, false, true, true)));
        assertEquals(before, byId(id).fields());
    }

    // =================================================================== helpers for the tests

    /**
     * @param kv field names and values, alternately
     * @return them as a mutable map in the order given
     */
    protected static Map<String, String> fields(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    private static UserChange.Create createChange(String username, String... kv) {
        Map<String, String> f = fields(kv);
        f.put(StandardFields.USERNAME, username);
        return new UserChange.Create(f, Set.of(), PasswordChange.NONE);
    }

    private static UserChange.Update update(UserRecord u, Map<String, String> set, Set<String> erase) {
        return new UserChange.Update(u.id(), u.version(), set, erase, Set.of(), Set.of(), PasswordChange.NONE);
    }

    private List<String> write(UserChange... changes) {
        return write(List.of(changes));
    }

    private List<String> write(List<UserChange> changes) {
        for (UserChange c : changes) {
            if (c instanceof UserChange.Create create) {
                prepare(create.memberships());
            } else if (c instanceof UserChange.Update update) {
                prepare(update.addMemberships());
            }
        }
        List<String> ids = repository.write(changes);
        assertNotNull(ids, "write returned null");
        assertEquals(changes.size(), ids.size(), "write must return one id per change");
        return ids;
    }

    /** Creates a user with a username and fields; returns its id. */
    private String create(String username, String... kv) {
        return write(createChange(username, kv)).get(0);
    }

    private UserRecord byId(String id) {
        UserRecord u = repository.findByIds(List.of(id)).get(id);
        assertNotNull(u, "no user with id " + id);
        return u;
    }

    private List<UserRecord> all() {
        try (Stream<UserRecord> s = repository.list(UserQuery.ALL)) {
            return s.toList();
        }
    }

    private Set<String> listed(UserQuery query) {
        try (Stream<UserRecord> s = repository.list(query)) {
            return new HashSet<>(usernames(s.toList()));
        }
    }

    private static Map<String, UserRecord> byIdMap(List<UserRecord> users) {
        Map<String, UserRecord> m = new LinkedHashMap<>();
        users.forEach(u -> m.put(u.id(), u));
        return m;
    }

    private static List<String> ids(List<UserRecord> users) {
        assertNotNull(users, "nobody found");
        return users.stream().map(UserRecord::id).toList();
    }

    private static List<String> usernames(List<UserRecord> users) {
        assertNotNull(users, "nobody found");
        return users.stream().map(UserRecord::username).toList();
    }

    private void prepare(Set<Membership> memberships) {
        for (Membership m : memberships) {
            prepareTargets(repository, m.kind(), m.target());
        }
    }

    /** Skips the test unless the store declares that it can hold every one of the memberships. */
    private void requireMemberships(Membership... memberships) {
        for (Membership m : memberships) {
            String why = repository.features().whyNot(m);
            Assumptions.assumeTrue(why == null, () -> "the store declares so (features()): " + why);
        }
    }

    /** @return the memberships the store declares it can hold */
    private Set<Membership> holdable(Set<Membership> memberships) {
        Set<Membership> out = new HashSet<>();
        for (Membership m : memberships) {
            if (repository.features().whyNot(m) == null) {
                out.add(m);
            }
        }
        return out;
    }

    private void requireStatus() {
        Assumptions.assumeTrue(repository.features().status(), "the store declares it keeps no account status (features())");
    }

    private void requireDelegates() {
        Assumptions.assumeTrue(repository.features().delegates(), "the store declares it keeps no delegates (features())");
    }

    private void requireField(String field) {
        Assumptions.assumeTrue(repository.schema().has(field), "the store's schema has no " + field + " field");
    }

    private boolean unique(String field) {
        return repository.schema().field(field).map(FieldDefinition::unique).orElse(false);
    }

    /** A non-unique, non-sensitive text field to set and erase: a standard one if the schema has one. */
    private String textField() {
        return textFields().get(0);
    }

    /** Another such field, not {@link #textField()}. */
    private String otherTextField() {
        List<String> all = textFields();
        Assumptions.assumeTrue(all.size() > 1, "the store's schema has fewer than two plain text fields");
        return all.get(1);
    }

    private List<String> textFields() {
        List<String> out = new ArrayList<>();
        for (String preferred : List.of(StandardFields.CITY, StandardFields.DEPARTMENT, StandardFields.LAST_NAME,
                StandardFields.FIRST_NAME, StandardFields.JOB_TITLE)) {
            repository.schema().field(preferred).filter(UserRepositoryContract::plainText).ifPresent(f -> out.add(f.name()));
        }
        for (FieldDefinition f : repository.schema().fields()) {
            if (plainText(f) && !out.contains(f.name())) {
                out.add(f.name());
            }
        }
        Assumptions.assumeFalse(out.isEmpty(), "the store's schema has no plain text field");
        return out;
    }

    private static boolean plainText(FieldDefinition f) {
        return f.type() == FieldType.TEXT && !f.unique() && !f.sensitive() && f.fixedLength() == 0
                && (f.maxLength() == 0 || f.maxLength() >= 40) && f.references() == null
                && !f.name().equals(StandardFields.USERNAME) && !f.name().equals(StandardFields.PASSWORD)
                && !f.name().equals(StandardFields.STATUS) && !f.name().equals(StandardFields.SITE);
    }

    private Optional<FieldDefinition> uniqueStandardField() {
        return repository.schema().fields().stream()
                .filter(f -> f.unique() && !f.custom() && !f.name().equals(StandardFields.USERNAME) && !f.sensitive()
                        && f.fixedLength() == 0 && (f.maxLength() == 0 || f.maxLength() >= 10)
                        && (f.type() == FieldType.TEXT || f.type() == FieldType.IDENTIFIER))
                .findFirst();
    }

    /** The unique fields besides username with room for several values; skips the test when there are none. */
    private List<FieldDefinition> uniqueFields() {
        List<FieldDefinition> all = repository.schema().fields().stream()
                .filter(f -> f.unique() && !f.name().equals(StandardFields.USERNAME) && FieldValues.distinct(f) >= 6)
                .toList();
        Assumptions.assumeFalse(all.isEmpty(), "the store's schema has no unique field besides username");
        return all;
    }

    private Optional<FieldDefinition> anyUniqueField() {
        return repository.schema().fields().stream()
                .filter(f -> f.unique() && !f.name().equals(StandardFields.USERNAME) && FieldValues.distinct(f) >= 6)
                .findFirst();
    }

    private List<FieldDefinition> customFields() {
        List<FieldDefinition> custom = repository.schema().customFields();
        Assumptions.assumeFalse(custom.isEmpty(), "the store's schema has no custom field: return a repository whose "
                + "schema has some from newRepository() to check them");
        return custom;
    }

    private static String valueOf(FieldDefinition f, int n) {
        return FieldValues.valid(f, n);
    }

    /** A plausible value for a standard field (a site path for site, a status for status, …), else a valid one. */
    private static String standardValue(FieldDefinition f, int n) {
        switch (f.name()) {
            case StandardFields.SITE:
                return "Canada/Ontario/Hospital A";
            case StandardFields.STATUS:
                return UserStatus.INACTIVE.name();
            case StandardFields.PROFILE_TYPE:
                return "1";
            case StandardFields.THEME:
                return "dark";
            default:
                return FieldValues.valid(f, n);
        }
    }

    /** Fails when a message or text anywhere in the exception's chain quotes the value. */
    private static void assertNoValueInChain(Throwable e, String value) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Throwable> todo = new ArrayList<>(List.of(e));
        while (!todo.isEmpty()) {
            Throwable t = todo.remove(0);
            if (t == null || !seen.add(t)) {
                continue;
            }
            assertFalse(String.valueOf(t.getMessage()).contains(value), () -> "an exception message quotes a value: "
                    + t.getClass().getName());
            todo.add(t.getCause());
            todo.addAll(List.of(t.getSuppressed()));
        }
    }
}
