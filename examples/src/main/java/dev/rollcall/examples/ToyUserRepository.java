package dev.rollcall.examples;

import dev.rollcall.spi.DuplicateKeyException;
import dev.rollcall.spi.FieldDefinition;
import dev.rollcall.spi.FieldSchema;
import dev.rollcall.spi.Membership;
import dev.rollcall.spi.StaleUserException;
import dev.rollcall.spi.StandardFields;
import dev.rollcall.spi.UserChange;
import dev.rollcall.spi.UserQuery;
import dev.rollcall.spi.UserRecord;
import dev.rollcall.spi.UserRepository;
import dev.rollcall.spi.UserStatus;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A toy {@link UserRepository}, the way an adapter author starts one: a host's users in a
 * sorted map, written all or nothing by working on a copy and swapping it in. It is the
 * "adapter under test" of {@code ToyUserRepositoryContractTest} and
 * {@code ToyUserRepositoryLawsProperties}, which show how the test kit checks an adapter.
 * Passwords are never kept: only the fact that one was set.
 *
 * <p>Thread-safe: every method holds the repository's lock.
 */
public final class ToyUserRepository implements UserRepository {

    /** Everything the store holds; copied for each write, so a failed batch leaves no trace. */
    private static final class State {
        final TreeMap<Long, UserRecord> users = new TreeMap<>();
        final Map<Long, Set<String>> delegates = new HashMap<>();
        final Set<Long> withPassword = new HashSet<>();
        long nextId = 1;

        State copy() {
            State s = new State();
            s.users.putAll(users);
            delegates.forEach((k, v) -> s.delegates.put(k, new LinkedHashSet<>(v)));
            s.withPassword.addAll(withPassword);
            s.nextId = nextId;
            return s;
        }
    }

    private final FieldSchema schema;
    private final Map<String, Set<String>> targets = new HashMap<>();
    private State state = new State();

    /** @param schema the fields the host stores, its custom fields included */
    public ToyUserRepository(FieldSchema schema) {
        this.schema = Objects.requireNonNull(schema, "schema must not be null");
    }

    /** Adds a course, cohort, site…, as the host's own screens would. */
    public synchronized void addTarget(String kind, String name) {
        targets.computeIfAbsent(kind, k -> new HashSet<>()).add(name);
    }

    /** @return whether a password was set for the user (the toy keeps no more than that) */
    public synchronized boolean hasPassword(String userId) {
        return state.withPassword.contains(parse(userId));
    }

    @Override
    public FieldSchema schema() {
        return schema;
    }

    @Override
    public synchronized Map<String, List<UserRecord>> findBy(String field, Collection<String> keys) {
        Map<String, List<UserRecord>> out = new LinkedHashMap<>();
        for (String key : keys) {
            if (key == null || out.containsKey(key) || field.equals(StandardFields.PASSWORD)) {
                continue;
            }
            String wanted = comparable(field, key.trim());
            List<UserRecord> found = state.users.values().stream()
                    .filter(u -> u.field(field).map(v -> comparable(field, v).equals(wanted)).orElse(false))
                    .toList();
            if (!found.isEmpty()) {
                out.put(key, found);
            }
        }
        return out;
    }

    @Override
    public synchronized Map<String, UserRecord> findByIds(Collection<String> ids) {
        Map<String, UserRecord> out = new LinkedHashMap<>();
        for (String id : ids) {
            UserRecord u = state.users.get(parse(id));
            if (u != null) {
                out.put(id, u);
            }
        }
        return out;
    }

    @Override
    public synchronized Stream<UserRecord> list(UserQuery query) {
        return new ArrayList<>(state.users.values()).stream().filter(query::matches);
    }

    @Override
    public synchronized Set<String> existingTargets(String kind, Collection<String> names) {
        Set<String> known = targets.getOrDefault(kind, Set.of());
        Set<String> out = new LinkedHashSet<>();
        for (String n : names) {
            if (known.contains(n)) {
                out.add(n);
            }
        }
        return out;
    }

    @Override
    public synchronized Map<String, Set<String>> findDelegates(Collection<String> userIds) {
        Map<String, Set<String>> out = new LinkedHashMap<>();
        for (String id : userIds) {
            Set<String> d = state.delegates.get(parse(id));
            if (d != null && !d.isEmpty()) {
                out.put(id, Set.copyOf(d));
            }
        }
        return out;
    }

    @Override
    public synchronized List<String> write(List<UserChange> changes) {
        State next = state.copy();
        List<String> ids = new ArrayList<>();
        for (UserChange change : changes) {
            ids.add(apply(next, change));
        }
        state = next;
        return ids;
    }

    private String apply(State s, UserChange change) {
        if (change instanceof UserChange.Create c) {
            Map<String, String> fields = new LinkedHashMap<>(c.fields());
            fields.putIfAbsent(StandardFields.STATUS, UserStatus.ACTIVE.name());
            long id = s.nextId++;
            UserRecord u = new UserRecord(String.valueOf(id), fields, c.memberships(), 1);
            checkUnique(s, u);
            s.users.put(id, u);
            if (c.password().newPassword() != null) {
                s.withPassword.add(id);
            }
            return u.id();
        }
        if (change instanceof UserChange.Update c) {
            UserRecord old = current(s, c.userId(), c.expectedVersion());
            Map<String, String> fields = new LinkedHashMap<>(old.fields());
            fields.putAll(c.set());
            c.erase().forEach(fields::remove);
            Set<Membership> memberships = new LinkedHashSet<>(old.memberships());
            memberships.removeAll(c.removeMemberships());
            memberships.addAll(c.addMemberships());
            UserRecord u = new UserRecord(old.id(), fields, memberships, old.version() + 1);
            checkUnique(s, u);
            s.users.put(parse(u.id()), u);
            if (c.password().newPassword() != null) {
                s.withPassword.add(parse(u.id()));
            }
            return u.id();
        }
        if (change instanceof UserChange.Delete c) {
            UserRecord old = current(s, c.userId(), c.expectedVersion());
            long id = parse(old.id());
            s.users.remove(id);
            s.withPassword.remove(id);
            s.delegates.remove(id);
            s.delegates.values().forEach(d -> d.remove(old.id()));
            return old.id();
        }
        UserChange.Delegates c = (UserChange.Delegates) change;
        if (!s.users.containsKey(parse(c.userId()))) {
            throw new StaleUserException(c.userId());
        }
        for (String d : c.add()) {
            if (!s.users.containsKey(parse(d))) {
                throw new StaleUserException(d);
            }
        }
        Set<String> d = s.delegates.computeIfAbsent(parse(c.userId()), k -> new LinkedHashSet<>());
        d.removeAll(c.remove());
        d.addAll(c.add());
        return c.userId();
    }

    private static UserRecord current(State s, String userId, long expectedVersion) {
        UserRecord old = s.users.get(parse(userId));
        if (old == null || old.version() != expectedVersion) {
            throw new StaleUserException(userId);
        }
        return old;
    }

    private void checkUnique(State s, UserRecord u) {
        for (FieldDefinition f : schema.fields()) {
            if (!f.unique() && !f.name().equals(StandardFields.USERNAME)) {
                continue;
            }
            String v = u.fields().get(f.name());
            if (v == null) {
                continue;
            }
            String mine = comparable(f.name(), v);
            for (UserRecord other : s.users.values()) {
                if (!other.id().equals(u.id())
                        && other.field(f.name()).map(o -> comparable(f.name(), o).equals(mine)).orElse(false)) {
                    throw new DuplicateKeyException(f.name());
                }
            }
        }
    }

    /** Email compares without case (Locale.ROOT); every other field exactly. */
    private static String comparable(String field, String value) {
        return field.equals(StandardFields.EMAIL) ? value.toLowerCase(Locale.ROOT) : value;
    }

    /** @return the numeric id, or -1 for an id this store could never have made */
    private static long parse(String id) {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    @Override
    public synchronized String toString() {
        return "ToyUserRepository[" + state.users.size() + " users]";
    }
}
