package dev.rollcall.jdbc;

import dev.rollcall.spi.DuplicateKeyException;
import dev.rollcall.spi.FieldDefinition;
import dev.rollcall.spi.FieldSchema;
import dev.rollcall.spi.FieldType;
import dev.rollcall.spi.Membership;
import dev.rollcall.spi.MembershipKind;
import dev.rollcall.spi.PasswordChange;
import dev.rollcall.spi.ProfileType;
import dev.rollcall.spi.RollcallException;
import dev.rollcall.spi.Secret;
import dev.rollcall.spi.StaleUserException;
import dev.rollcall.spi.StandardFields;
import dev.rollcall.spi.UserChange;
import dev.rollcall.spi.UserQuery;
import dev.rollcall.spi.UserRecord;
import dev.rollcall.spi.UserStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the JDBC repository promises beyond the SPI, checked against one database: its
 * administration API (custom fields, sites, targets), how it talks to the database (queries
 * per batch, chunking, cursors, transactions), password hashing, and its own choices where
 * the SPI leaves room (ids in creation order, versions counting up from 1). The SPI's
 * promises themselves are the published contract's: {@link H2UserRepositoryContractTest}
 * and {@link PostgresUserRepositoryContractTest}. Subclasses say which database: H2
 * in-process always, PostgreSQL when {@code ROLLCALL_TEST_POSTGRES_URL} is set.
 */
abstract class JdbcUserRepositoryContract {

    /** Iterations for test hashes: the minimum, so tests stay fast; one test checks the default. */
    static final int FAST = 1_000;

    protected CountingDataSource ds;
    protected JdbcUserRepository repo;

    /** @return a DataSource over an empty database (no rollcall tables) */
    protected abstract DataSource freshDatabase() throws Exception;

    /** Releases the database of the test that ran. */
    protected void releaseDatabase() throws Exception {
    }

    @BeforeEach
    void openRepository() throws Exception {
        ds = new CountingDataSource(freshDatabase());
        repo = JdbcUserRepository.builder().dataSource(ds).passwordIterations(FAST).build().initialize();
    }

    @AfterEach
    void closeRepository() throws Exception {
        if (repo != null) {
            repo.close();
        }
        releaseDatabase();
    }

    // ================================================================== helpers

    static Map<String, String> fields(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    static UserChange.Create create(String username, String... kv) {
        Map<String, String> f = fields(kv);
        f.put(StandardFields.USERNAME, username);
        return new UserChange.Create(f, Set.of(), PasswordChange.NONE);
    }

    static UserChange.Update set(UserRecord u, String... kv) {
        return new UserChange.Update(u.id(), u.version(), fields(kv), Set.of(), Set.of(), Set.of(), PasswordChange.NONE);
    }

    static UserChange.Update erase(UserRecord u, String... names) {
        return new UserChange.Update(u.id(), u.version(), Map.of(), Set.of(names), Set.of(), Set.of(),
                PasswordChange.NONE);
    }

    UserRecord add(String username, String... kv) {
        String id = repo.write(List.of(create(username, kv))).get(0);
        return repo.findById(id).orElseThrow();
    }

    UserRecord reload(UserRecord u) {
        return repo.findById(u.id()).orElseThrow();
    }

    Optional<UserRecord> byUsername(String username) {
        List<UserRecord> found = repo.findBy(StandardFields.USERNAME, List.of(username)).get(username);
        return found == null ? Optional.empty() : Optional.of(found.get(0));
    }

    List<UserRecord> all() {
        try (Stream<UserRecord> s = repo.list(UserQuery.ALL)) {
            return s.collect(Collectors.toList());
        }
    }

    List<String> usernames(UserQuery q) {
        try (Stream<UserRecord> s = repo.list(q)) {
            return s.map(UserRecord::username).collect(Collectors.toList());
        }
    }

    void addCostCenter(boolean unique) {
        repo.addCustomField(FieldDefinition.builder("costCenter").unique(unique).maxLength(20).alias("Cost Centre").build());
    }

    // ================================================================== schema

    @Test
    void initialize_twice_changesNothing() {
        add("jdoe");
        repo.initialize();
        JdbcUserRepository.builder().dataSource(ds).build().initialize();
        assertEquals(List.of("jdoe"), usernames(UserQuery.ALL));
    }

    @Test
    void tables_areCreatedOnFirstUse_withoutInitialize() throws Exception {
        DataSource other = freshDatabase();
        try (JdbcUserRepository lazy = JdbcUserRepository.create(other)) {
            assertEquals(FieldSchema.standard(), lazy.schema());
            assertEquals(Map.of(), lazy.findBy(StandardFields.USERNAME, List.of("x")));
        }
    }

    @Test
    void schema_isTheStandardFieldsFollowedByCustomFieldsInTheOrderAdded() {
        repo.addCustomField(FieldDefinition.builder("office").references("office").build());
        addCostCenter(false);
        FieldSchema schema = repo.schema();
        List<String> names = schema.fields().stream().map(FieldDefinition::name).toList();
        List<String> standard = FieldSchema.standard().fields().stream().map(FieldDefinition::name).toList();
        assertEquals(standard, names.subList(0, standard.size()));
        assertEquals(List.of("office", "costCenter"), names.subList(standard.size(), names.size()));
        assertEquals(List.of("office", "costCenter"), schema.customFields().stream().map(FieldDefinition::name).toList());
    }

    @Test
    void customFieldDefinitions_surviveReopening_withEverySetting() {
        FieldDefinition card = FieldDefinition.builder("cardNumber").type(FieldType.IDENTIFIER).custom(true)
                .alias("Card Number", "card no").requiredFor(ProfileType.INDIVIDUAL, ProfileType.FACILITY)
                .updatable(false).unique(true).sensitive(true).maxLength(19).fixedLength(16).fieldSet("paymentCard")
                .description("payment card number").example("4111111111111111").build();
        FieldDefinition level = FieldDefinition.builder("level").custom(true).allowedValues("junior", "senior")
                .description("with \\ backslash and \n newline").build();
        FieldDefinition office = FieldDefinition.builder("office").custom(true).references("office").build();
        FieldDefinition odd = FieldDefinition.builder("odd").custom(true).allowedValues("A", "B").type(FieldType.TEXT).build();
        repo.addCustomField(card);
        repo.addCustomField(level);
        repo.addCustomField(office);
        repo.addCustomField(odd);

        JdbcUserRepository reopened = JdbcUserRepository.builder().dataSource(ds).build();
        FieldSchema schema = reopened.schema();
        assertEquals(Optional.of(card), schema.field("cardNumber"));
        assertEquals(Optional.of(level), schema.field("level"));
        assertEquals(Optional.of(office), schema.field("office"));
        assertEquals(Optional.of(odd), schema.field("odd"));
        assertEquals(FieldSchema.standard().with(card, level, office, odd), schema);
    }

    @Test
    void addCustomField_marksTheFieldCustom() {
        repo.addCustomField(FieldDefinition.builder("costCenter").build());
        assertTrue(repo.schema().field("costCenter").orElseThrow().custom());
    }

    @Test
    void addCustomField_nameOrAliasMeaningAStandardField_isRefused() {
        for (FieldDefinition f : List.of(
                FieldDefinition.builder("email").build(),
                FieldDefinition.builder("Username").build(),
                FieldDefinition.builder("surname").build(),
                FieldDefinition.builder("userInfo_email").build(),
                FieldDefinition.builder("feed").build(),
                FieldDefinition.builder("password").build(),
                FieldDefinition.builder("costCenter").alias("E-Mail").build(),
                FieldDefinition.builder("costCenter").alias("first name").build())) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> repo.addCustomField(f),
                    f.name());
            assertTrue(e.getMessage().contains("already means the field"), e.getMessage());
        }
        assertEquals(List.of(), repo.schema().customFields());
    }

    @Test
    void addCustomField_nameOrAliasOfAnotherCustomField_isRefused() {
        addCostCenter(false);
        assertThrows(IllegalArgumentException.class,
                () -> repo.addCustomField(FieldDefinition.builder("cost_centre").build()));
        assertThrows(IllegalArgumentException.class,
                () -> repo.addCustomField(FieldDefinition.builder("office").alias("COST CENTER").build()));
    }

    @Test
    void addCustomField_sameDefinitionAgain_doesNothing_otherSettings_isRefused() {
        addCostCenter(false);
        addCostCenter(false);
        assertEquals(1, repo.schema().customFields().size());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> addCostCenter(true));
        assertTrue(e.getMessage().contains("remove it first"), e.getMessage());
    }

    @Test
    void addCustomField_longerThanTheStoreKeeps_isRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> repo.addCustomField(FieldDefinition.builder("notes").maxLength(10_000).build()));
    }

    @Test
    void addCustomField_null_isNullPointerExceptionNamingTheArgument() {
        NullPointerException e = assertThrows(NullPointerException.class, () -> repo.addCustomField(null));
        assertEquals("definition must not be null", e.getMessage());
    }

    @Test
    void addCustomField_unique_overValuesThatAlreadyRepeat_isRefused() {
        add("a", "badge", "7");
        add("b", "badge", "7");
        assertThrows(IllegalArgumentException.class,
                () -> repo.addCustomField(FieldDefinition.builder("badge").unique(true).build()));
        assertFalse(repo.schema().has("badge"));
    }

    @Test
    void addCustomField_unique_overDistinctStoredValues_enforcesThemFromNowOn() {
        add("a", "badge", "7");
        repo.addCustomField(FieldDefinition.builder("badge").unique(true).build());
        DuplicateKeyException e = assertThrows(DuplicateKeyException.class, () -> add("b", "badge", "7"));
        assertEquals("badge", e.field());
    }

    @Test
    void removeCustomField_dropsItsValues_andChangesTheVersionOfUsersWhoHadOne() {
        addCostCenter(true);
        UserRecord a = add("a", "costCenter", "CC1", "office", "Paris");
        UserRecord b = add("b");
        assertTrue(repo.removeCustomField("costCenter"));
        assertFalse(repo.schema().has("costCenter"));
        UserRecord a2 = reload(a);
        assertEquals(Optional.empty(), a2.field("costCenter"));
        assertEquals(Optional.of("Paris"), a2.field("office"));
        assertEquals(a.version() + 1, a2.version());
        assertEquals(b.version(), reload(b).version());
        assertFalse(repo.removeCustomField("costCenter"));
        // its values are free again, and no longer unique
        addCostCenter(false);
        add("c", "costCenter", "CC1");
        add("d", "costCenter", "CC1");
    }

    @Test
    void newerSchemaVersion_isRefused() throws Exception {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE rollcall_meta SET val = '99' WHERE name = 'schema_version'");
        }
        JdbcUserRepository newer = JdbcUserRepository.create(ds);
        IllegalStateException e = assertThrows(IllegalStateException.class, newer::initialize);
        assertTrue(e.getMessage().contains("newer"), e.getMessage());
    }

    // ================================================================== findBy


    @Test
    void findBy_noKeys_findsNothing_withoutAQuery() {
        add("alice");
        ds.reset();
        assertEquals(Map.of(), repo.findBy(StandardFields.USERNAME, List.of()));
        assertEquals(0, ds.executions());
    }




    @Test
    void findBy_nullKeys_areHarmless_andKeysAreAnsweredInTheOrderGiven() {
        UserRecord u = add("jdoe", "email", "jdoe@example.com");
        List<String> keys = Arrays.asList("JDOE@example.com", null, "jdoe@example.com", "jdoe@example.com", null);
        Map<String, List<UserRecord>> found = repo.findBy(StandardFields.EMAIL, keys);
        assertEquals(List.of("JDOE@example.com", "jdoe@example.com"), new ArrayList<>(found.keySet()));
        assertEquals(List.of(u), found.get("JDOE@example.com"));
        assertEquals(List.of(u), found.get("jdoe@example.com"));
    }

    @Test
    void findBy_nonUniqueField_returnsEveryMatchingUser_inIdOrder() {
        UserRecord a = add("a", "department", "Finance", "email", "shared@example.com");
        add("b", "department", "Sales");
        UserRecord c = add("c", "department", "Finance", "email", "SHARED@example.com");
        assertEquals(List.of(a, c), repo.findBy(StandardFields.DEPARTMENT, List.of("Finance")).get("Finance"));
        assertEquals(List.of(a, c), repo.findBy(StandardFields.EMAIL, List.of("shared@example.com")).get("shared@example.com"));
    }



    @Test
    void findBy_usesOneQueryPerBatch_forTheUsersAndOnePerTableForTheirDetails() {
        addCostCenter(false);
        List<UserChange> creates = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            creates.add(new UserChange.Create(fields("username", "u" + i, "email", "u" + i + "@example.com",
                    "costCenter", "CC" + (i % 3), "office", "O" + i),
                    Set.of(Membership.of(MembershipKind.COHORT, "c" + (i % 4))), PasswordChange.NONE));
        }
        repo.write(creates);
        List<String> keys = IntStream.range(0, 60).mapToObj(i -> "U" + i + "@EXAMPLE.com").toList();

        ds.reset();
        Map<String, List<UserRecord>> byEmail = repo.findBy(StandardFields.EMAIL, keys);
        assertEquals(60, byEmail.size());
        assertEquals(3, ds.executions(), () -> "users, custom values, memberships: " + ds.executed());

        ds.reset();
        Map<String, List<UserRecord>> byCost = repo.findBy("costCenter", List.of("CC0", "CC1", "CC2"));
        assertEquals(60, byCost.values().stream().mapToInt(List::size).sum());
        assertEquals(3, ds.executions(), () -> "users, custom values, memberships: " + ds.executed());
    }

    @Test
    void findBy_manyKeys_isChunked_aQueryPerThousandKeys() {
        List<UserChange> creates = new ArrayList<>();
        for (int i = 0; i < 2_500; i++) {
            creates.add(create("user" + i));
        }
        repo.write(creates);
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 2_600; i++) {
            keys.add("user" + i);
        }
        ds.reset();
        Map<String, List<UserRecord>> found = repo.findBy(StandardFields.USERNAME, keys);
        assertEquals(2_500, found.size());
        // no user has custom values or memberships: the users' query says so, and no other runs
        assertEquals(3, ds.executions(), () -> String.valueOf(ds.executed()));
    }

    // ================================================================== creates


    @Test
    void create_withoutStatus_isActive_andStartsAtVersionOne() {
        UserRecord u = add("jdoe");
        assertEquals(UserStatus.ACTIVE, u.status());
        assertEquals(1, u.version());
    }







    @Test
    void create_withWhatTheStoreCannotKeep_isIllegalArgument_beforeAnyWrite() {
        ds.reset();
        assertThrows(IllegalArgumentException.class, () -> add("a", "status", "DELETED"));
        assertThrows(IllegalArgumentException.class, () -> add("a", "office", ""));
        assertThrows(IllegalArgumentException.class, () -> add("a", "password", "Secret#1"));
        assertThrows(IllegalArgumentException.class, () -> add("a", "office", "x".repeat(513)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> add("a", "password", "Secret#1"));
        assertFalse(e.getMessage().contains("Secret#1"));
        assertEquals(0, ds.executions(), () -> String.valueOf(ds.executed()));
    }

    @Test
    void write_emptyList_doesNothing_nullIsNullPointerException() {
        assertEquals(List.of(), repo.write(List.of()));
        NullPointerException e = assertThrows(NullPointerException.class, () -> repo.write(null));
        assertEquals("changes must not be null", e.getMessage());
    }

    // ================================================================== updates


    @Test
    void update_changingNothing_stillIncrementsTheVersion() {
        UserRecord u = add("jdoe");
        repo.write(List.of(set(u)));
        assertEquals(2, reload(u).version());
    }






    @Test
    void status_deleted_isIllegalArgument_deletionIsADelete() {
        UserRecord u = add("jdoe");
        assertThrows(IllegalArgumentException.class, () -> repo.write(List.of(set(u, "status", "DELETED"))));
        assertEquals(UserStatus.ACTIVE, reload(u).status());
    }



    @Test
    void update_sameUserTwiceInOneBatch_appliesBothInOrder() {
        UserRecord u = add("jdoe", "city", "Toronto");
        UserChange.Update first = new UserChange.Update(u.id(), 1, fields("city", "Ottawa"), Set.of(), Set.of(), Set.of(),
                PasswordChange.NONE);
        UserChange.Update second = new UserChange.Update(u.id(), 2, fields("office", "HQ"), Set.of("city"),
                Set.of(), Set.of(), PasswordChange.NONE);
        repo.write(List.of(first, second));
        UserRecord v = reload(u);
        assertEquals(3, v.version());
        assertEquals(Map.of("username", "jdoe", "status", "ACTIVE", "office", "HQ"), v.fields());
        UserChange.Update stale = new UserChange.Update(u.id(), 3, Map.of(), Set.of(), Set.of(), Set.of(),
                PasswordChange.NONE);
        assertThrows(StaleUserException.class, () -> repo.write(List.of(stale, stale)));
        assertEquals(3, reload(u).version());
    }






    // ================================================================== deletes



    // ================================================================== delegates




    @Test
    void delegates_sameUserTwiceInOneBatch_applyInOrder() {
        UserRecord a = add("a");
        UserRecord b = add("b");
        repo.write(List.of(new UserChange.Delegates(a.id(), Set.of(b.id()), Set.of()),
                new UserChange.Delegates(a.id(), Set.of(), Set.of(b.id()))));
        assertEquals(Map.of(), repo.findDelegates(List.of(a.id())));
    }

    @Test
    void findDelegates_answersUnderTheIdsAsGiven_inOneQuery() {
        List<String> ids = repo.write(IntStream.range(0, 30).mapToObj(i -> (UserChange) create("u" + i)).toList());
        List<UserChange> links = new ArrayList<>();
        for (int i = 0; i < 29; i++) {
            links.add(new UserChange.Delegates(ids.get(i), Set.of(ids.get(i + 1)), Set.of()));
        }
        repo.write(links);
        ds.reset();
        Map<String, Set<String>> found = repo.findDelegates(ids);
        assertEquals(29, found.size());
        assertEquals(Set.of(ids.get(5)), found.get(ids.get(4)));
        assertEquals(1, ds.executions());
    }

    // ================================================================== batches


    @Test
    void aDatabaseFailure_rollsBackTheBatch_andItsExceptionQuotesNoValue() throws Exception {
        UserRecord a = add("a");
        try (Connection c = ds.target().getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP TABLE rollcall_memberships");
        }
        List<UserChange> batch = List.of(create("victim-secret-name"), set(a, "city", "Secretville"),
                new UserChange.Create(fields("username", "b"), Set.of(Membership.of(MembershipKind.COHORT, "x")),
                        PasswordChange.NONE));
        RollcallException e = assertThrows(RollcallException.class, () -> repo.write(batch));
        assertEquals("WRITE_FAILED", e.code());
        assertNoValueInChain(e, "victim-secret-name");
        assertNoValueInChain(e, "Secretville");
        try (Connection c = ds.target().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT username, city, version FROM rollcall_users ORDER BY id")) {
            assertTrue(rs.next());
            assertEquals("a", rs.getString(1));
            assertNull(rs.getString(2));
            assertEquals(1, rs.getLong(3));
            assertFalse(rs.next());
        }
    }


    @Test
    void consecutiveChangesOfOneKind_goToTheDatabaseAsBatches() {
        addCostCenter(true);
        List<UserChange> creates = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            creates.add(new UserChange.Create(fields("username", "u" + i, "costCenter", "CC" + i, "office", "O"),
                    Set.of(Membership.of(MembershipKind.COHORT, "c")), PasswordChange.NONE));
        }
        ds.reset();
        List<String> ids = repo.write(creates);
        // custom field definitions, holders of unique values, users, custom values, unique values, memberships
        assertTrue(ds.executions() <= 6, () -> ds.executions() + " statements: " + ds.executed());

        List<UserChange> updates = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            updates.add(new UserChange.Update(ids.get(i), 1, fields("city", "C" + i, "costCenter", "X" + i), Set.of("office"),
                    Set.of(Membership.of(MembershipKind.COHORT, "d")), Set.of(Membership.of(MembershipKind.COHORT, "c")),
                    PasswordChange.NONE));
        }
        ds.reset();
        repo.write(updates);
        assertTrue(ds.executions() <= 11, () -> ds.executions() + " statements: " + ds.executed());

        List<UserChange> deletes = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            deletes.add(new UserChange.Delete(ids.get(i), 2));
        }
        ds.reset();
        repo.write(deletes);
        assertTrue(ds.executions() <= 3, () -> ds.executions() + " statements: " + ds.executed());
        assertEquals(List.of(), all());
    }

    @Test
    void concurrentWriters_eachGetTheirOwnTransaction() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<String>>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    List<String> ids = new ArrayList<>();
                    for (int i = 0; i < 10; i++) {
                        ids.addAll(repo.write(List.of(create("t" + thread + "-" + i), create("t" + thread + "-" + i + "b"))));
                    }
                    return ids;
                }));
            }
            Set<String> ids = new HashSet<>();
            for (Future<List<String>> f : results) {
                ids.addAll(f.get());
            }
            assertEquals(80, ids.size());
            assertEquals(80, all().size());
        } finally {
            pool.shutdownNow();
        }
    }

    // ================================================================== targets and sites

    @Test
    void existingTargets_returnsTheSubsetThatExists_perKind_exactly() {
        repo.addTarget("course", "math101");
        repo.addTarget("course", "bio201");
        repo.addTarget("cohort", "Nurses");
        repo.addTarget("office", "Paris HQ");
        repo.addTarget("group", "math101/group A");
        assertEquals(Set.of("math101"), repo.existingTargets("course", List.of("math101", "MATH101", "Nurses", "x")));
        assertEquals(Set.of("Nurses"), repo.existingTargets("cohort", List.of("Nurses", "math101")));
        assertEquals(Set.of("Paris HQ"), repo.existingTargets("office", List.of("Paris HQ", "Paris")));
        assertEquals(Set.of("math101/group A"), repo.existingTargets("group", List.of("math101/group A")));
        assertEquals(Set.of(), repo.existingTargets("theme", List.of("dark")));
        assertEquals(List.of("bio201", "math101"), repo.targets("course"));
        repo.addTarget("course", "math101");
        assertEquals(List.of("bio201", "math101"), repo.targets("course"));
    }

    @Test
    void existingTargets_isOneQueryPerThousandNames() {
        for (int i = 0; i < 20; i++) {
            repo.addTarget("course", "c" + i);
        }
        List<String> names = IntStream.range(0, 1_500).mapToObj(i -> "c" + i).toList();
        ds.reset();
        assertEquals(20, repo.existingTargets("course", names).size());
        assertEquals(2, ds.executions());
    }

    @Test
    void addSite_addsItsAncestors_normalised() {
        assertEquals("Canada/Ontario/Hospital A", repo.addSite(" Canada / Ontario /Hospital A/ "));
        repo.addSite("Canada/Quebec");
        repo.addTarget("site", "Canada/Ontario/Hospital B");
        assertEquals(List.of("Canada", "Canada/Ontario", "Canada/Ontario/Hospital A", "Canada/Ontario/Hospital B",
                "Canada/Quebec"), repo.sites());
        assertEquals(Set.of("Canada/Ontario"), repo.existingTargets("site", List.of("Canada/Ontario", "Ontario")));
        assertThrows(IllegalArgumentException.class, () -> repo.addSite(" / "));
    }

    @Test
    void addTarget_blank_isRefused() {
        assertThrows(IllegalArgumentException.class, () -> repo.addTarget("course", " "));
        assertThrows(IllegalArgumentException.class, () -> repo.addTarget(" ", "x"));
        assertEquals("kind must not be null",
                assertThrows(NullPointerException.class, () -> repo.addTarget(null, "x")).getMessage());
    }

    // ================================================================== list

    @Test
    void list_streamsEveryUser_inIdOrder_asWholeRecords() {
        UserRecord a = add("zed", "office", "Paris");
        UserRecord b = add("amy");
        assertEquals(List.of(a, b), all());
    }




    @Test
    void list_loadsDetailsInChunks_notPerUser() {
        List<UserChange> creates = new ArrayList<>();
        for (int i = 0; i < 1_200; i++) {
            creates.add(new UserChange.Create(fields("username", "u" + i, "office", "o"),
                    Set.of(Membership.of(MembershipKind.COHORT, "c")), PasswordChange.NONE));
        }
        repo.write(creates);
        ds.reset();
        List<UserRecord> users = all();
        assertEquals(1_200, users.size());
        assertTrue(users.stream().allMatch(u -> u.field("office").isPresent() && u.memberships().size() == 1));
        // the cursor, then custom values and memberships for each chunk of 500
        assertEquals(1 + 3 * 2, ds.executions(), () -> String.valueOf(ds.executed()));
    }

    @Test
    void list_closingTheStream_releasesTheConnection_evenHalfRead() {
        for (int i = 0; i < 700; i++) {
            repo.write(List.of(create("u" + i)));
        }
        int before = ds.openConnections();
        Stream<UserRecord> s = repo.list(UserQuery.ALL);
        assertEquals(before + 1, ds.openConnections());
        assertEquals(List.of("u0", "u1"), s.limit(2).map(UserRecord::username).toList());
        s.close();
        assertEquals(before, ds.openConnections());
        // and the store still works
        assertEquals(700, all().size());
        assertEquals(before, ds.openConnections());
    }

    @Test
    void list_whileWritingFromTheSameThread_doesNotBlock() {
        add("a");
        add("b");
        try (Stream<UserRecord> s = repo.list(UserQuery.ALL)) {
            for (UserRecord u : (Iterable<UserRecord>) s::iterator) {
                repo.write(List.of(set(u, "city", "Paris")));
            }
        }
        assertTrue(all().stream().allMatch(u -> u.version() == 2));
    }

    // ================================================================== passwords

    @Test
    void passwords_areStoredAsSaltedPbkdf2Hashes_andVerify() throws Exception {
        String[] ids = repo.write(List.of(
                new UserChange.Create(fields("username", "a"), Set.of(), new PasswordChange(Secret.of("S3cret!pw"), false, false, false)),
                new UserChange.Create(fields("username", "b"), Set.of(), new PasswordChange(Secret.of("S3cret!pw"), false, true, false))))
                .toArray(String[]::new);
        List<String> hashes = new ArrayList<>();
        try (Connection c = ds.target().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT password_hash FROM rollcall_users ORDER BY id")) {
            while (rs.next()) {
                hashes.add(rs.getString(1));
            }
        }
        assertEquals(2, hashes.size());
        for (String h : hashes) {
            String[] parts = h.split("\\$");
            assertEquals("pbkdf2-sha512", parts[0]);
            assertEquals(String.valueOf(FAST), parts[1]);
            assertEquals(16, java.util.Base64.getDecoder().decode(parts[2]).length);
            assertEquals(64, java.util.Base64.getDecoder().decode(parts[3]).length);
        }
        assertNotEquals(hashes.get(0), hashes.get(1), "a random salt per password");
        assertTrue(repo.verifyPassword("a", "S3cret!pw".toCharArray()));
        assertFalse(repo.verifyPassword("a", "S3cret!pW".toCharArray()));
        assertFalse(repo.verifyPassword("nobody", "S3cret!pw".toCharArray()));
        assertEquals(Optional.of(new JdbcUserRepository.PasswordState(true, false, false, true)), repo.passwordState(ids[1]));
    }

    @Test
    void passwordPlaintext_appearsInNoTextColumnOfAnyTable() throws Exception {
        String plain = "Plain-Text-Pa55!";
        addCostCenter(false);
        List<String> ids = repo.write(List.of(
                new UserChange.Create(fields("username", "a", "costCenter", "CC1"), Set.of(Membership.of(MembershipKind.COHORT, "c")),
                        new PasswordChange(Secret.of(plain), false, true, false)),
                new UserChange.Create(fields("username", "b"), Set.of(), new PasswordChange(Secret.of(plain + "2"), false, false, false))));
        UserRecord a = repo.findById(ids.get(0)).orElseThrow();
        repo.write(List.of(new UserChange.Update(a.id(), a.version(), Map.of(), Set.of(), Set.of(), Set.of(),
                new PasswordChange(Secret.of(plain + "3"), false, false, true))));
        int scanned = 0;
        try (Connection c = ds.target().getConnection()) {
            DatabaseMetaData meta = c.getMetaData();
            List<String[]> columns = new ArrayList<>();
            try (ResultSet rs = meta.getColumns(null, null, "%", "%")) {
                while (rs.next()) {
                    String table = rs.getString("TABLE_NAME");
                    int type = rs.getInt("DATA_TYPE");
                    if (table.toLowerCase(Locale.ROOT).startsWith("rollcall_")
                            && (type == Types.VARCHAR || type == Types.CHAR || type == Types.LONGVARCHAR || type == Types.CLOB)) {
                        columns.add(new String[]{table, rs.getString("COLUMN_NAME")});
                    }
                }
            }
            assertTrue(columns.size() > 20, "found the tables' text columns: " + columns.size());
            for (String[] col : columns) {
                try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + col[0] + " WHERE " + col[1]
                        + " LIKE ?")) {
                    ps.setString(1, "%Plain-Text-Pa55%");
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        assertEquals(0, rs.getInt(1), col[0] + "." + col[1]);
                        scanned++;
                    }
                }
            }
        }
        assertTrue(scanned > 20);
        assertTrue(repo.verifyPassword("a", (plain + "3").toCharArray()));
        assertFalse(repo.verifyPassword("a", plain.toCharArray()));
    }

    @Test
    void passwordRequests_areKeptAsFlagsForTheHost() {
        List<String> ids = repo.write(List.of(
                new UserChange.Create(fields("username", "gen"), Set.of(), new PasswordChange(null, true, true, false)),
                new UserChange.Create(fields("username", "none"), Set.of(), PasswordChange.NONE)));
        assertEquals(Optional.of(new JdbcUserRepository.PasswordState(false, true, false, true)), repo.passwordState(ids.get(0)));
        assertEquals(Optional.of(new JdbcUserRepository.PasswordState(false, false, false, false)), repo.passwordState(ids.get(1)));
        UserRecord none = repo.findById(ids.get(1)).orElseThrow();
        repo.write(List.of(new UserChange.Update(none.id(), none.version(), Map.of(), Set.of(), Set.of(), Set.of(),
                new PasswordChange(null, false, false, true))));
        assertEquals(Optional.of(new JdbcUserRepository.PasswordState(false, false, true, false)), repo.passwordState(ids.get(1)));
        UserRecord gen = repo.findById(ids.get(0)).orElseThrow();
        repo.write(List.of(new UserChange.Update(gen.id(), gen.version(), Map.of(), Set.of(), Set.of(), Set.of(),
                new PasswordChange(Secret.of("N3w-password"), false, false, false))));
        assertEquals(Optional.of(new JdbcUserRepository.PasswordState(true, false, false, false)), repo.passwordState(ids.get(0)));
        assertEquals(Optional.empty(), repo.passwordState("987654"));
    }

    @Test
    void passwordIterations_defaultIs210000_andBelowTheMinimumIsRefused() {
        try (JdbcUserRepository defaults = JdbcUserRepository.create(ds)) {
            assertEquals(210_000, defaults.passwordIterations());
            String id = defaults.write(List.of(new UserChange.Create(fields("username", "slow"), Set.of(),
                    new PasswordChange(Secret.of("Sl0w&steady"), false, false, false)))).get(0);
            assertTrue(defaults.verifyPassword("slow", "Sl0w&steady".toCharArray()));
            assertTrue(defaults.passwordState(id).orElseThrow().hasPassword());
        }
        assertThrows(IllegalArgumentException.class, () -> JdbcUserRepository.builder().passwordIterations(999));
    }

    @Test
    void aDestroyedSecret_failsTheBatch_beforeTheDatabase() {
        Secret s = Secret.of("Destroyed1!");
        s.destroy();
        ds.reset();
        assertThrows(IllegalStateException.class, () -> repo.write(List.of(new UserChange.Create(fields("username", "a"),
                Set.of(), new PasswordChange(s, false, false, false)))));
        assertEquals(0, ds.executions());
    }

    @Test
    void generatedBatches_haveTheSameOutcomesAndStateAsTheInMemoryRepository() throws Exception {
        // the same check as SameAsInMemoryProperties, here against this subclass's database
        List<List<List<SameAsInMemoryProperties.Op>>> scenarios = SameAsInMemoryProperties.scenarios()
                .sampleStream().limit(25).toList();
        for (List<List<SameAsInMemoryProperties.Op>> scenario : scenarios) {
            SameAsInMemoryProperties.check(scenario, freshDatabase());
        }
    }

    // ================================================================== API

    @Test
    void builder_storeGivenTwice_isIllegalState_noStore_isIllegalState() {
        assertThrows(IllegalStateException.class, () -> JdbcUserRepository.builder().dataSource(ds).url("jdbc:h2:mem:x"));
        assertThrows(IllegalStateException.class, () -> JdbcUserRepository.builder().build());
        assertThrows(IllegalArgumentException.class, () -> JdbcUserRepository.builder().url("h2:mem:x"));
        assertEquals("dataSource must not be null",
                assertThrows(NullPointerException.class, () -> JdbcUserRepository.create(null)).getMessage());
    }

    @Test
    void findById_unknownOrMalformed_isEmpty() {
        assertEquals(Optional.empty(), repo.findById("123456"));
        assertEquals(Optional.empty(), repo.findById("abc"));
    }

    // ================================================================== helpers

    static void assertNoValueInChain(Throwable e, String value) {
        Set<Throwable> seen = Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        List<Throwable> todo = new ArrayList<>(List.of(e));
        while (!todo.isEmpty()) {
            Throwable t = todo.remove(0);
            if (t == null || !seen.add(t)) {
                continue;
            }
            assertFalse(String.valueOf(t.getMessage()).contains(value), () -> "message quotes a value: " + t);
            assertFalse(String.valueOf(t).contains(value), () -> "toString quotes a value: " + t);
            todo.add(t.getCause());
            todo.addAll(List.of(t.getSuppressed()));
            if (t instanceof SQLException s) {
                todo.add(s.getNextException());
            }
        }
    }
}
