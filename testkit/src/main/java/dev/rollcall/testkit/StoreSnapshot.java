package dev.rollcall.testkit;

import dev.rollcall.spi.FieldDefinition;
import dev.rollcall.spi.FieldSchema;
import dev.rollcall.spi.Membership;
import dev.rollcall.spi.UserQuery;
import dev.rollcall.spi.UserRecord;
import dev.rollcall.spi.UserRepository;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * What a store holds as a person sees it: each user's fields (status included), memberships
 * and delegates, by username; never ids or versions, which differ between two stores that hold
 * the same people. Two snapshots are equal when the stores hold the same users in the same
 * state, so "a failed run and a re-run end where one clean run ends" is
 * {@code assertEquals(StoreSnapshot.of(clean), StoreSnapshot.of(recovered))}.
 *
 * <p>Immutable and thread-safe. {@link #toString()} and {@link #differences} show field
 * values (this is test data), except values of fields the schema marks sensitive.
 */
public final class StoreSnapshot {

    /**
     * One user's state.
     *
     * @param fields      field values by canonical name
     * @param memberships memberships
     * @param delegates   the usernames of the user's delegates
     */
    public record UserState(Map<String, String> fields, Set<Membership> memberships, Set<String> delegates) {
        /** Copies the collections. */
        public UserState {
            fields = Map.copyOf(fields);
            memberships = Set.copyOf(memberships);
            delegates = Set.copyOf(delegates);
        }
    }

    private final Map<String, UserState> users;
    private final Set<String> sensitive;

    private StoreSnapshot(Map<String, UserState> users, Set<String> sensitive) {
        this.users = users;
        this.sensitive = sensitive;
    }

    /**
     * Reads every user of a store.
     *
     * @param repository the store
     * @return its state now
     */
    public static StoreSnapshot of(UserRepository repository) {
        Objects.requireNonNull(repository, "repository must not be null");
        List<UserRecord> all;
        try (Stream<UserRecord> s = repository.list(UserQuery.ALL)) {
            all = s.toList();
        }
        Map<String, String> usernameById = new TreeMap<>();
        all.forEach(u -> usernameById.put(u.id(), u.username()));
        Map<String, Set<String>> delegates = repository.findDelegates(new ArrayList<>(usernameById.keySet()));
        Map<String, UserState> users = new TreeMap<>();
        for (UserRecord u : all) {
            Set<String> names = new TreeSet<>();
            for (String id : delegates.getOrDefault(u.id(), Set.of())) {
                names.add(usernameById.getOrDefault(id, "#" + id));
            }
            users.put(u.username(), new UserState(u.fields(), u.memberships(), names));
        }
        FieldSchema schema = repository.schema();
        Set<String> sensitive = new TreeSet<>();
        for (FieldDefinition f : schema.fields()) {
            if (f.sensitive()) {
                sensitive.add(f.name());
            }
        }
        return new StoreSnapshot(java.util.Collections.unmodifiableMap(users), Set.copyOf(sensitive));
    }

    /** @return each user's state by username, sorted by username */
    public Map<String, UserState> users() {
        return users;
    }

    /** @return the usernames, sorted */
    public Set<String> usernames() {
        return users.keySet();
    }

    /**
     * @param other another snapshot
     * @return one line per difference ({@code jdoe: city Paris -> Lyon}, {@code + asmith},
     *         {@code - bnguyen}); empty when the snapshots are equal
     */
    public List<String> differences(StoreSnapshot other) {
        Objects.requireNonNull(other, "other must not be null");
        List<String> out = new ArrayList<>();
        Set<String> names = new TreeSet<>(users.keySet());
        names.addAll(other.users.keySet());
        for (String name : names) {
            UserState a = users.get(name);
            UserState b = other.users.get(name);
            if (a == null) {
                out.add("+ " + name);
            } else if (b == null) {
                out.add("- " + name);
            } else if (!a.equals(b)) {
                Set<String> fields = new TreeSet<>(a.fields().keySet());
                fields.addAll(b.fields().keySet());
                for (String f : fields) {
                    if (!Objects.equals(a.fields().get(f), b.fields().get(f))) {
                        out.add(name + ": " + f + " " + show(f, a.fields().get(f)) + " -> " + show(f, b.fields().get(f)));
                    }
                }
                if (!a.memberships().equals(b.memberships())) {
                    out.add(name + ": memberships " + describe(a.memberships()) + " -> " + describe(b.memberships()));
                }
                if (!a.delegates().equals(b.delegates())) {
                    out.add(name + ": delegates " + a.delegates() + " -> " + b.delegates());
                }
            }
        }
        return out;
    }

    private String show(String field, String value) {
        if (value == null) {
            return "(none)";
        }
        return sensitive.contains(field) ? "***" : "\"" + value + "\"";
    }

    private static String describe(Set<Membership> memberships) {
        return new TreeSet<>(memberships.stream().map(Membership::describe).toList()).toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StoreSnapshot s && s.users.equals(users);
    }

    @Override
    public int hashCode() {
        return users.hashCode();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("StoreSnapshot[").append(users.size()).append(" users");
        for (Map.Entry<String, UserState> e : users.entrySet()) {
            sb.append("\n  ").append(e.getKey()).append(':');
            new TreeMap<>(e.getValue().fields()).forEach((f, v) -> sb.append(' ').append(f).append('=').append(show(f, v)));
            if (!e.getValue().memberships().isEmpty()) {
                sb.append(" memberships=").append(describe(e.getValue().memberships()));
            }
            if (!e.getValue().delegates().isEmpty()) {
                sb.append(" delegates=").append(e.getValue().delegates());
            }
        }
        return sb.append(']').toString();
    }
}
