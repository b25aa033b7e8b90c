package dev.rollcall.jdbc;

import dev.rollcall.core.InMemoryUserRepository;
import dev.rollcall.jdbc.internal.UrlDataSource;
import dev.rollcall.spi.DuplicateKeyException;
import dev.rollcall.spi.FieldDefinition;
import dev.rollcall.spi.FieldSchema;
import dev.rollcall.spi.Membership;
import dev.rollcall.spi.MembershipKind;
import dev.rollcall.spi.PasswordChange;
import dev.rollcall.spi.StaleUserException;
import dev.rollcall.spi.StandardFields;
import dev.rollcall.spi.UserChange;
import dev.rollcall.spi.UserQuery;
import dev.rollcall.spi.UserRecord;
import dev.rollcall.spi.UserRepository;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The JDBC repository behaves as the in-memory reference does: the same batches of
 * creates, updates (renames, unique values, erasures, memberships), deletes and delegate
 * changes — valid, stale or duplicating — applied to both end in the same outcome and the
 * same stored state, and look-ups answer the same.
 */
class SameAsInMemoryProperties {

    private static final List<String> NAMES = List.of("ann", "bob", "cy", "dee", "ed");
    private static final FieldDefinition COST_CENTER = FieldDefinition.builder("costCenter").custom(true).unique(true).build();

    /** One step of a scenario, naming users by username so it can run against both stores. */
    record Op(String kind, String user, Map<String, String> set, Set<String> erase, Set<Membership> add,
              Set<Membership> remove, boolean stale, Set<String> delegatesAdd, Set<String> delegatesRemove) {
    }

    @Property(tries = 100)
    void sameBatches_sameOutcomes_sameState(@ForAll("scenarios") List<List<Op>> batches) throws Exception {
        UrlDataSource h2 = new UrlDataSource("jdbc:h2:mem:same-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        try {
            check(batches, h2);
        } finally {
            try (Connection c = h2.getConnection(); Statement s = c.createStatement()) {
                s.execute("SHUTDOWN");
            }
            h2.close();
        }
    }

    /**
     * Applies the batches to an in-memory repository and to a JDBC repository over an empty
     * database, and checks that every outcome, state and look-up is the same.
     */
    static void check(List<List<Op>> batches, DataSource emptyDatabase) {
        InMemoryUserRepository memory = new InMemoryUserRepository(FieldSchema.standard().with(COST_CENTER));
        try (JdbcUserRepository jdbc = JdbcUserRepository.create(emptyDatabase)) {
            jdbc.addCustomField(COST_CENTER);
            for (List<Op> batch : batches) {
                String expected = outcome(memory, changes(memory, batch), batch.size());
                String actual = outcome(jdbc, changes(jdbc, batch), batch.size());
                assertEquals(expected, actual, () -> "batch " + batch);
                assertEquals(state(memory), state(jdbc), () -> "after batch " + batch);
                for (String field : List.of(StandardFields.EMAIL, StandardFields.EXTERNAL_ID, "costCenter", "city")) {
                    List<String> keys = List.of("A@X.com", " a@x.com", "e1", "e2 ", "c1", "c2", "Paris", "paris");
                    assertEquals(lookups(memory, field, keys), lookups(jdbc, field, keys), field);
                }
            }
        }
    }

    /** The batch's outcome: ok, or the exception (with its field or user for a single change). */
    private static String outcome(UserRepository repo, List<UserChange> changes, int size) {
        try {
            repo.write(changes);
            return "ok";
        } catch (DuplicateKeyException e) {
            return size == 1 ? "duplicate " + e.field() : "failed";
        } catch (StaleUserException e) {
            return size == 1 ? "stale" : "failed";
        } catch (IllegalArgumentException e) {
            return size == 1 ? "illegal" : "failed";
        }
    }

    private static List<UserChange> changes(UserRepository repo, List<Op> batch) {
        Map<String, UserRecord> byName = new HashMap<>();
        try (Stream<UserRecord> s = repo.list(UserQuery.ALL)) {
            s.forEach(u -> byName.put(u.username(), u));
        }
        List<UserChange> out = new ArrayList<>();
        for (Op op : batch) {
            UserRecord u = byName.get(op.user());
            String id = u == null ? "999999" : u.id();
            long version = u == null ? 1 : u.version() - (op.stale() ? 1 : 0);
            switch (op.kind()) {
                case "create" -> {
                    Map<String, String> f = new LinkedHashMap<>(op.set());
                    f.put(StandardFields.USERNAME, op.user());
                    out.add(new UserChange.Create(f, op.add(), PasswordChange.NONE));
                }
                case "update" -> out.add(new UserChange.Update(id, version, op.set(), op.erase(), op.add(), op.remove(),
                        PasswordChange.NONE));
                case "delete" -> out.add(new UserChange.Delete(id, version));
                default -> {
                    Set<String> add = new TreeSet<>();
                    for (String n : op.delegatesAdd()) {
                        UserRecord d = byName.get(n);
                        add.add(d == null ? "888888" : d.id());
                    }
                    Set<String> remove = new TreeSet<>();
                    for (String n : op.delegatesRemove()) {
                        UserRecord d = byName.get(n);
                        remove.add(d == null ? "777777" : d.id());
                    }
                    add.remove(id);
                    remove.removeAll(add);
                    out.add(new UserChange.Delegates(id, add, remove));
                }
            }
        }
        return out;
    }

    /** Every user by username: fields, memberships, version and delegates' usernames. */
    private static Map<String, String> state(UserRepository repo) {
        List<UserRecord> users;
        try (Stream<UserRecord> s = repo.list(UserQuery.ALL)) {
            users = s.toList();
        }
        Map<String, String> names = users.stream().collect(Collectors.toMap(UserRecord::id, UserRecord::username));
        Map<String, Set<String>> delegates = repo.findDelegates(names.keySet());
        Map<String, String> out = new TreeMap<>();
        for (UserRecord u : users) {
            Set<String> d = new TreeSet<>();
            for (String id : delegates.getOrDefault(u.id(), Set.of())) {
                d.add(names.get(id));
            }
            out.put(u.username(), new TreeMap<>(u.fields()) + " " + new TreeSet<>(u.memberships().stream()
                    .map(Membership::describe).toList()) + " v" + u.version() + " delegates " + d);
        }
        return out;
    }

    private static Map<String, Set<String>> lookups(UserRepository repo, String field, List<String> keys) {
        Map<String, Set<String>> out = new TreeMap<>();
        repo.findBy(field, keys).forEach((k, v) -> out.put(k, v.stream().map(UserRecord::username)
                .collect(Collectors.toCollection(TreeSet::new))));
        return out;
    }

    // ------------------------------------------------------------------ generators

    @Provide
    static Arbitrary<List<List<Op>>> scenarios() {
        return op().list().ofMinSize(1).ofMaxSize(4).list().ofMinSize(1).ofMaxSize(12);
    }

    private static Arbitrary<Op> op() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, create()),
                net.jqwik.api.Tuple.of(5, update()),
                net.jqwik.api.Tuple.of(1, delete()),
                net.jqwik.api.Tuple.of(2, delegates()));
    }

    private static Arbitrary<String> name() {
        return Arbitraries.of(NAMES);
    }

    private static Arbitrary<Map<String, String>> values() {
        Arbitrary<String> email = Arbitraries.of("a@x.com", "A@X.COM", "b@x.com");
        Arbitrary<String> ext = Arbitraries.of("e1", "e2", "e3");
        Arbitrary<String> cost = Arbitraries.of("c1", "c2", "c3");
        Arbitrary<String> city = Arbitraries.of("Paris", "paris", "Lyon", "");
        Arbitrary<String> status = Arbitraries.of("ACTIVE", "INACTIVE", "ACTIVE", "DELETED");
        return Combinators.combine(email.injectNull(0.5), ext.injectNull(0.6), cost.injectNull(0.5),
                city.injectNull(0.6), status.injectNull(0.7)).as((e, x, c, t, s) -> {
                    Map<String, String> m = new LinkedHashMap<>();
                    put(m, StandardFields.EMAIL, e);
                    put(m, StandardFields.EXTERNAL_ID, x);
                    put(m, "costCenter", c);
                    put(m, "city", t);
                    put(m, StandardFields.STATUS, s);
                    return m;
                });
    }

    private static void put(Map<String, String> m, String k, String v) {
        if (v != null) {
            m.put(k, v);
        }
    }

    private static Arbitrary<Set<Membership>> memberships() {
        return Arbitraries.of(
                Membership.of(MembershipKind.COHORT, "nurses"),
                Membership.of(MembershipKind.COURSE, "math"),
                new Membership(MembershipKind.COURSE, "math", "teacher", null, null, null),
                Membership.of(MembershipKind.GROUP, "math/a")).set().ofMaxSize(2);
    }

    private static Arbitrary<Op> create() {
        return Combinators.combine(name(), values(), memberships())
                .as((n, v, m) -> new Op("create", n, v, Set.of(), m, Set.of(), false, Set.of(), Set.of()));
    }

    private static Arbitrary<Op> update() {
        Arbitrary<Set<String>> erase = Arbitraries.of("city", "costCenter", "externalId", "email").set().ofMaxSize(2);
        Arbitrary<String> rename = name().injectNull(0.7);
        return Combinators.combine(name(), values(), erase, memberships(), memberships(), rename,
                Arbitraries.of(false, false, false, true)).as((n, v, e, add, remove, r, stale) -> {
                    Map<String, String> set = new LinkedHashMap<>(v);
                    if (r != null) {
                        set.put(StandardFields.USERNAME, r);
                    }
                    Set<String> erased = new TreeSet<>(e);
                    erased.removeAll(set.keySet());
                    return new Op("update", n, set, erased, add, remove, stale, Set.of(), Set.of());
                });
    }

    private static Arbitrary<Op> delete() {
        return Combinators.combine(name(), Arbitraries.of(false, false, true))
                .as((n, stale) -> new Op("delete", n, Map.of(), Set.of(), Set.of(), Set.of(), stale, Set.of(), Set.of()));
    }

    private static Arbitrary<Op> delegates() {
        Arbitrary<Set<String>> some = Arbitraries.of("ann", "bob", "cy", "dee", "ed", "zz").set().ofMaxSize(2);
        return Combinators.combine(name(), some, some)
                .as((n, add, remove) -> new Op("delegates", n, Map.of(), Set.of(), Set.of(), Set.of(), false, add, remove));
    }
}
