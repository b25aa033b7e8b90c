package dev.rollcall.core;

import dev.rollcall.core.internal.Keys;
import dev.rollcall.spi.DuplicateKeyException;
import dev.rollcall.spi.FieldDefinition;
import dev.rollcall.spi.FieldSchema;
import dev.rollcall.spi.Membership;
import dev.rollcall.spi.PasswordChange;
import dev.rollcall.spi.StaleUserException;
import dev.rollcall.spi.StandardFields;
import dev.rollcall.spi.UserChange;
import dev.rollcall.spi.UserQuery;
import dev.rollcall.spi.UserRecord;
import dev.rollcall.spi.UserRepository;
import dev.rollcall.spi.UserStatus;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A {@link UserRepository} in memory: for tests, examples and hosts that keep users
 * elsewhere and only want a plan. Fully thread-safe (every method holds the
 * repository's lock); {@link #write} is atomic.
 *
 * <p>Look-ups by {@code username}, {@code email} and the schema's unique fields use
 * indexes; look-ups by any other field scan. Passwords are never stored: the repository
 * remembers only what was asked ({@link #passwordState}). Its {@link #planKey() key for
 * saved plans} is random and lives as long as the instance.
 */
public final class InMemoryUserRepository implements UserRepository {

    /** What the repository was last asked to do with a user's password. */
    public enum PasswordState {
        /** A password was given. */
        SET,
        /** The host was asked to generate one. */
        GENERATED,
        /** The host was asked to reset it. */
        RESET
    }

    private final FieldSchema schema;
    private final Set<String> indexed;
    private final Map<String, UserRecord> users = new LinkedHashMap<>();
    /** field → comparable value → the id of the one user with it, or a Set of ids when several share it */
    private final Map<String, Map<String, Object>> indexes = new HashMap<>();
    private final Map<String, Set<String>> targets = new HashMap<>();
    private final Map<String, PasswordState> passwords = new HashMap<>();
    private final Map<String, Set<String>> delegates = new HashMap<>();
    private long nextId = 1;
    private final byte[] planKey = new byte[32];

    /** A repository with the {@link FieldSchema#standard() standard} fields. */
    public InMemoryUserRepository() {
        this(FieldSchema.standard());
    }

    /** @param schema the fields this repository stores */
    public InMemoryUserRepository(FieldSchema schema) {
        this.schema = Objects.requireNonNull(schema, "schema must not be null");
        new java.security.SecureRandom().nextBytes(planKey);
        Set<String> idx = new HashSet<>();
        idx.add(StandardFields.USERNAME);
        idx.add(StandardFields.EMAIL);
        for (FieldDefinition f : schema.fields()) {
            if (f.unique()) {
                idx.add(f.name());
            }
        }
        this.indexed = Set.copyOf(idx);
        for (String f : indexed) {
            indexes.put(f, new HashMap<>());
        }
    }

    @Override
    public FieldSchema schema() {
        return schema;
    }

    /**
     * @return this repository's key for saved plans: 32 random bytes made with the
     *         repository, so a plan saved against one instance is refused by every other
     */
    @Override
    public Optional<byte[]> planKey() {
        return Optional.of(planKey.clone());
    }

    /**
     * Adds targets that memberships and references may name.
     *
     * @param kind  e.g. {@code cohort}, {@code course}, {@code site}, {@code office}
     * @param names the targets' names
     * @return this repository
     */
    public synchronized InMemoryUserRepository addTargets(String kind, String... names) {
        targets.computeIfAbsent(kind, k -> new HashSet<>()).addAll(List.of(names));
        return this;
    }

    /**
     * Stores a user directly, as a host's own screens would, bypassing uploads.
     *
     * @param fields the user's fields by canonical name; {@code status} defaults to ACTIVE
     * @return the stored record
     * @throws DuplicateKeyException when a unique field is taken
     */
    public synchronized UserRecord insert(Map<String, String> fields) {
        return insert(fields, Set.of());
    }

    /**
     * Stores a user with memberships directly.
     *
     * @param fields      the user's fields; {@code status} defaults to ACTIVE
     * @param memberships the user's memberships
     * @return the stored record
     */
    public synchronized UserRecord insert(Map<String, String> fields, Set<Membership> memberships) {
        Map<String, String> f = new LinkedHashMap<>(fields);
        f.putIfAbsent(StandardFields.STATUS, UserStatus.ACTIVE.name());
        String id = create(new UserChange.Create(f, memberships, PasswordChange.NONE));
        return users.get(id);
    }

    /** @return the user with that id */
    public synchronized Optional<UserRecord> byId(String id) {
        return Optional.ofNullable(users.get(id));
    }

    /** @return the user with that username */
    public synchronized Optional<UserRecord> byUsername(String username) {
        List<String> ids = ids(indexes.get(StandardFields.USERNAME).get(username));
        return ids.isEmpty() ? Optional.empty() : Optional.of(users.get(ids.get(0)));
    }

    @SuppressWarnings("unchecked")
    private static List<String> ids(Object entry) {
        if (entry == null) {
            return List.of();
        }
        return entry instanceof String id ? List.of(id) : List.copyOf((Set<String>) entry);
    }

    /** @return every user, in the order they were created */
    public synchronized List<UserRecord> all() {
        return List.copyOf(users.values());
    }

    /** @return the number of users */
    public synchronized int size() {
        return users.size();
    }

    /** @return what was last asked about the user's password, if anything */
    public synchronized Optional<PasswordState> passwordState(String userId) {
        return Optional.ofNullable(passwords.get(userId));
    }

    @Override
    public synchronized Map<String, List<UserRecord>> findBy(String field, Collection<String> keys) {
        Objects.requireNonNull(field, "field must not be null");
        Map<String, List<UserRecord>> out = new LinkedHashMap<>(Math.max(16, keys.size() * 2));
        Map<String, Object> index = indexes.get(field);
        for (String key : keys) {
            if (key == null || out.containsKey(key)) {
                continue;
            }
            String k = comparable(field, key.trim());
            if (index != null) {
                Object entry = index.get(k);
                if (entry instanceof String id) {
                    out.put(key, List.of(users.get(id)));
                } else if (entry != null) {
                    List<UserRecord> found = new ArrayList<>();
                    for (String id : ids(entry)) {
                        found.add(users.get(id));
                    }
                    out.put(key, List.copyOf(found));
                }
                continue;
            }
            List<UserRecord> found = new ArrayList<>(1);
            for (UserRecord u : users.values()) {
                String v = u.fields().get(field);
                if (v != null && comparable(field, v).equals(k)) {
                    found.add(u);
                }
            }
            if (!found.isEmpty()) {
                out.put(key, List.copyOf(found));
            }
        }
        return out;
    }

    @Override
    public synchronized Map<String, UserRecord> findByIds(Collection<String> ids) {
        Map<String, UserRecord> out = new LinkedHashMap<>();
        for (String id : ids) {
            UserRecord u = users.get(id);
            if (u != null) {
                out.put(id, u);
            }
        }
        return out;
    }

    @Override
    public synchronized Stream<UserRecord> list(UserQuery query) {
        Objects.requireNonNull(query, "query must not be null");
        return new ArrayList<>(users.values()).stream().filter(query::matches);
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
            Set<String> d = delegates.get(id);
            if (d != null && !d.isEmpty()) {
                out.put(id, Set.copyOf(d));
            }
        }
        return out;
    }

    @Override
    public synchronized List<String> write(List<UserChange> changes) {
        Objects.requireNonNull(changes, "changes must not be null");
        Map<String, UserRecord> before = new LinkedHashMap<>();
        Map<String, PasswordState> passwordsBefore = new HashMap<>(passwords);
        Map<String, Set<String>> delegatesBefore = new HashMap<>();
        delegates.forEach((k, v) -> delegatesBefore.put(k, new HashSet<>(v)));
        long idBefore = nextId;
        List<String> ids = new ArrayList<>(changes.size());
        try {
            for (UserChange change : changes) {
                if (change instanceof UserChange.Create c) {
                    String id = create(c);
                    before.putIfAbsent(id, null);
                    ids.add(id);
                } else if (change instanceof UserChange.Update u) {
                    before.putIfAbsent(u.userId(), users.get(u.userId()));
                    ids.add(update(u));
                } else if (change instanceof UserChange.Delete d) {
                    before.putIfAbsent(d.userId(), users.get(d.userId()));
                    ids.add(delete(d));
                } else if (change instanceof UserChange.Delegates d) {
                    ids.add(changeDelegates(d));
                }
            }
            return ids;
        } catch (RuntimeException e) {
            // undo, newest first, so the batch leaves no trace
            List<String> touched = new ArrayList<>(before.keySet());
            for (int i = touched.size() - 1; i >= 0; i--) {
                String id = touched.get(i);
                UserRecord current = users.get(id);
                if (current != null) {
                    unindex(current);
                    users.remove(id);
                }
            }
            boolean restored = false;
            for (String id : touched) {
                UserRecord old = before.get(id);
                if (old != null) {
                    users.put(id, old);
                    index(old);
                    restored = true;
                }
            }
            if (restored) {
                // put back where they were, so list() keeps its id order after a failed batch
                List<UserRecord> all = new ArrayList<>(users.values());
                all.sort(Comparator.comparing((UserRecord r) -> r.id().length()).thenComparing(UserRecord::id));
                users.clear();
                all.forEach(r -> users.put(r.id(), r));
            }
            passwords.clear();
            passwords.putAll(passwordsBefore);
            delegates.clear();
            delegates.putAll(delegatesBefore);
            nextId = idBefore;
            throw e;
        }
    }

    private String create(UserChange.Create c) {
        Map<String, String> fields = new LinkedHashMap<>(c.fields());
        fields.putIfAbsent(StandardFields.STATUS, UserStatus.ACTIVE.name());
        String id = String.valueOf(nextId++);
        UserRecord r = new UserRecord(id, fields, c.memberships(), 1);
        checkUnique(r, null);
        users.put(id, r);
        index(r);
        rememberPassword(id, c.password());
        return id;
    }

    private String update(UserChange.Update u) {
        UserRecord old = users.get(u.userId());
        if (old == null || old.version() != u.expectedVersion()) {
            throw new StaleUserException(u.userId());
        }
        Map<String, String> fields = new LinkedHashMap<>(old.fields());
        fields.putAll(u.set());
        u.erase().forEach(fields::remove);
        Set<Membership> memberships = new LinkedHashSet<>(old.memberships());
        memberships.removeAll(u.removeMemberships());
        memberships.addAll(u.addMemberships());
        UserRecord r = new UserRecord(old.id(), fields, memberships, old.version() + 1);
        checkUnique(r, old.id());
        unindex(old);
        users.put(r.id(), r);
        index(r);
        rememberPassword(r.id(), u.password());
        return r.id();
    }

    private String delete(UserChange.Delete d) {
        UserRecord old = users.get(d.userId());
        if (old == null || old.version() != d.expectedVersion()) {
            throw new StaleUserException(d.userId());
        }
        unindex(old);
        users.remove(old.id());
        passwords.remove(old.id());
        delegates.remove(old.id());
        delegates.values().forEach(set -> set.remove(old.id()));
        return old.id();
    }

    private String changeDelegates(UserChange.Delegates d) {
        if (!users.containsKey(d.userId())) {
            throw new StaleUserException(d.userId());
        }
        for (String id : d.add()) {
            if (!users.containsKey(id)) {
                throw new StaleUserException(id);
            }
        }
        Set<String> current = delegates.computeIfAbsent(d.userId(), k -> new LinkedHashSet<>());
        current.removeAll(d.remove());
        current.addAll(d.add());
        if (current.isEmpty()) {
            delegates.remove(d.userId());
        }
        return d.userId();
    }

    private void rememberPassword(String id, PasswordChange p) {
        if (p.newPassword() != null) {
            passwords.put(id, PasswordState.SET);
        } else if (p.generate()) {
            passwords.put(id, PasswordState.GENERATED);
        } else if (p.reset()) {
            passwords.put(id, PasswordState.RESET);
        }
    }

    private void checkUnique(UserRecord r, String self) {
        for (FieldDefinition f : schema.fields()) {
            if (!f.unique() && !f.name().equals(StandardFields.USERNAME)) {
                continue;
            }
            String v = r.fields().get(f.name());
            if (v == null) {
                continue;
            }
            for (String id : ids(indexes.get(f.name()).get(comparable(f.name(), v)))) {
                if (!id.equals(self) && (!f.uniqueWithinSite() || sameSite(users.get(id), r))) {
                    throw new DuplicateKeyException(f.name());
                }
            }
        }
    }

    /** @return whether two users are of the same site (users without a site are one site) */
    private static boolean sameSite(UserRecord a, UserRecord b) {
        return a == null || a.site().orElse("").equals(b.site().orElse(""));
    }

    @SuppressWarnings("unchecked")
    private void index(UserRecord r) {
        for (String f : indexed) {
            String v = r.fields().get(f);
            if (v != null) {
                indexes.get(f).merge(comparable(f, v), r.id(), (old, id) -> {
                    Set<String> set = old instanceof String one ? new LinkedHashSet<>(List.of(one)) : (Set<String>) old;
                    set.add((String) id);
                    return set;
                });
            }
        }
    }

    @SuppressWarnings("unchecked")
    private void unindex(UserRecord r) {
        for (String f : indexed) {
            String v = r.fields().get(f);
            if (v != null) {
                Map<String, Object> index = indexes.get(f);
                String k = comparable(f, v);
                Object entry = index.get(k);
                if (entry instanceof String id) {
                    if (id.equals(r.id())) {
                        index.remove(k);
                    }
                } else if (entry != null) {
                    Set<String> ids = (Set<String>) entry;
                    ids.remove(r.id());
                    if (ids.size() == 1) {
                        index.put(k, ids.iterator().next());
                    }
                }
            }
        }
    }

    private static String comparable(String field, String value) {
        return Keys.comparable(field, value.trim());
    }

    @Override
    public synchronized String toString() {
        return "InMemoryUserRepository[" + users.size() + " users]";
    }
}
