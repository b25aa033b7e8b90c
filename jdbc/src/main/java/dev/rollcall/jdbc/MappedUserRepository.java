package dev.rollcall.jdbc;

import dev.rollcall.jdbc.internal.PlanKeys;
import dev.rollcall.jdbc.internal.Sql;
import dev.rollcall.jdbc.internal.Stores;
import dev.rollcall.jdbc.internal.UrlDataSource;
import dev.rollcall.spi.Codes;
import dev.rollcall.spi.DuplicateKeyException;
import dev.rollcall.spi.FieldDefinition;
import dev.rollcall.spi.FieldSchema;
import dev.rollcall.spi.Membership;
import dev.rollcall.spi.MembershipKind;
import dev.rollcall.spi.PasswordChange;
import dev.rollcall.spi.RollcallException;
import dev.rollcall.spi.StaleUserException;
import dev.rollcall.spi.StandardFields;
import dev.rollcall.spi.StoreFeatures;
import dev.rollcall.spi.UserChange;
import dev.rollcall.spi.UserQuery;
import dev.rollcall.spi.UserRecord;
import dev.rollcall.spi.UserRepository;
import dev.rollcall.spi.UserStatus;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
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
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A {@link UserRepository} over the host's own tables, as a {@link TableMapping} describes
 * them: Moodle's {@code mdl_user}, a travel platform's {@code customers}. The host's tables
 * must exist; nothing of Rollcall's own schema is created but, the first time a plan is saved
 * or loaded with the store's own key, a small {@code rollcall_meta} table that keeps it
 * ({@link #planKey()}). What the mapping leaves out is absent ({@link #features()}), and a file
 * that needs it is refused before any row is written.
 *
 * <pre>{@code
 * TableMapping moodle = TableMapping.builder("mdl_user", "id").versionColumn("timemodified")
 *         .field("username", "username").field("email", "email").field("firstName", "firstname")
 *         .suspendedFlag("suspended").deletedFlag("deleted").absentValue("")
 *         .password("password", host::bcrypt)
 *         .memberships(MembershipKind.COHORT, "mdl_cohort_members", "userid", "cohortid", "mdl_cohort", "id", "idnumber")
 *         .build();
 * UserRepository users = new MappedUserRepository(dataSource, moodle);
 * }</pre>
 *
 * <p>Writes run in one transaction per batch, all or nothing. Unique fields are checked by
 * query inside that transaction; a host with concurrent writers of its own should also have
 * unique indexes. Look-ups answer up to {@value Sql#CHUNK} keys per query; {@link #list}
 * reads the matching ids first and the records a chunk at a time. Thread-safe when the
 * data source is.
 */
public final class MappedUserRepository implements UserRepository, AutoCloseable {

    private static final int LIST_CHUNK = 500;
    private static final String UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";

    private final DataSource dataSource;
    private final TableMapping m;
    private final FieldSchema schema;
    private final StoreFeatures features;
    private final UrlDataSource owned;
    private final JsonCustomFields json;
    private volatile byte[] planKey;
    private volatile Boolean postgres;

    /**
     * @param dataSource the host's database; {@link #close()} leaves it open
     * @param mapping    how its tables hold users
     */
    public MappedUserRepository(DataSource dataSource, TableMapping mapping) {
        this(dataSource, mapping, null);
    }

    private MappedUserRepository(DataSource dataSource, TableMapping mapping, UrlDataSource owned) {
        this.owned = owned;
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.m = Objects.requireNonNull(mapping, "mapping");
        this.schema = mapping.schema();
        this.features = mapping.features();
        this.json = mapping.customJsonColumn == null ? null : new JsonCustomFields(mapping);
    }

    @Override
    public FieldSchema schema() {
        return schema;
    }

    @Override
    public StoreFeatures features() {
        return features;
    }

    /**
     * The store's key for saved plans: 256 random bits, one per mapped user table, kept as the
     * row {@code plan_key:TABLE} of a small table {@code rollcall_meta(name, val)} in the host's
     * database. The table and the key are made the first time a key is needed (the first
     * {@code save} or {@code load} of a plan), never before; a host that gives the planner a key
     * of its own ({@code UploadPlan.builder().planKey(..)}) never causes them.
     *
     * @return the key
     * @throws JdbcStoreException when the host's database cannot keep it
     */
    @Override
    public Optional<byte[]> planKey() {
        byte[] key = planKey;
        if (key == null) {
            synchronized (this) {
                key = planKey;
                if (key == null) {
                    try (Connection c = dataSource.getConnection()) {
                        boolean autoCommit = c.getAutoCommit();
                        c.setAutoCommit(true);
                        try {
                            key = PlanKeys.readOrCreate(c, PlanKeys.forTable(m.table));
                        } finally {
                            c.setAutoCommit(autoCommit);
                        }
                    } catch (SQLException e) {
                        throw Stores.failure("keep its key for saved plans in rollcall_meta", e);
                    }
                    planKey = key;
                }
            }
        }
        return Optional.of(key.clone());
    }

    /** @return the host's database this repository reads and writes (for the host's own bookkeeping beside it) */
    public DataSource dataSource() {
        return dataSource;
    }

    // ================================================================= reads

    @Override
    public Map<String, List<UserRecord>> findBy(String field, Collection<String> keys) {
        FieldDefinition d = schema.field(field).orElse(null);
        if (d == null || keys.isEmpty() || !(m.columns.containsKey(field) || m.customs.containsKey(field))) {
            return Map.of();
        }
        boolean email = field.equals(StandardFields.EMAIL);
        Map<String, List<String>> given = new LinkedHashMap<>();
        for (String k : keys) {
            String n = k == null ? "" : k.strip();
            if (email) {
                n = n.toLowerCase(Locale.ROOT);
            }
            if (!n.isEmpty() && !n.equals(m.absentValue)) {
                given.computeIfAbsent(n, x -> new ArrayList<>()).add(k);
            }
        }
        try (Connection c = dataSource.getConnection()) {
            boolean inJson = json != null && json.holds(field);
            Map<String, Set<Long>> idsOf = inJson ? json.find(c, postgres(c), field, given.keySet(), alive(""), -1)
                    : new HashMap<>();
            for (List<String> chunk : inJson ? List.<List<String>>of() : Sql.chunks(given.keySet(), Sql.CHUNK)) {
                String sql;
                String column = m.columns.get(field);
                if (column != null) {
                    // ASCII letters lower-cased by TRANSLATE, whatever the database's locale (H2 follows the JVM's: Turkish I)
                    String expr = email ? "LOWER(TRANSLATE(" + column + ", '" + UPPER + "', '"
                            + UPPER.toLowerCase(Locale.ROOT) + "'))" : column;
                    sql = "SELECT " + m.idColumn + ", " + expr + " FROM " + m.table + " WHERE " + alive("")
                            + expr + " IN " + Sql.in(chunk.size());
                } else {
                    sql = "SELECT v." + m.values.userColumn() + ", v." + m.values.valueColumn() + valuesFrom()
                            + " AND v." + m.values.valueColumn() + " IN " + Sql.in(chunk.size());
                }
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    int i = 1;
                    if (column == null) {
                        ps.setString(i++, m.customs.get(field).key());
                    }
                    Sql.bindStrings(ps, i, chunk);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            idsOf.computeIfAbsent(rs.getString(2), x -> new HashSet<>()).add(rs.getLong(1));
                        }
                    }
                }
            }
            Set<Long> all = new HashSet<>();
            idsOf.values().forEach(all::addAll);
            Map<Long, UserRecord> users = load(c, all);
            Map<String, List<UserRecord>> out = new LinkedHashMap<>();
            given.forEach((n, as) -> {
                List<UserRecord> found = idsOf.getOrDefault(n, Set.of()).stream().sorted().map(users::get)
                        .filter(Objects::nonNull).toList();
                if (!found.isEmpty()) {
                    as.forEach(a -> out.put(a, found));
                }
            });
            return out;
        } catch (SQLException e) {
            throw Stores.failure("look users up", e);
        }
    }

    @Override
    public Map<String, UserRecord> findByIds(Collection<String> ids) {
        Map<Long, String> given = new LinkedHashMap<>();
        for (String id : ids) {
            OptionalLong n = Sql.parseId(id);
            if (n.isPresent()) {
                given.put(n.getAsLong(), id);
            }
        }
        try (Connection c = dataSource.getConnection()) {
            Map<String, UserRecord> out = new LinkedHashMap<>();
            load(c, given.keySet()).forEach((id, u) -> out.put(given.get(id), u));
            return out;
        } catch (SQLException e) {
            throw Stores.failure("look users up", e);
        }
    }

    @Override
    public Stream<UserRecord> list(UserQuery query) {
        StringBuilder sql = new StringBuilder("SELECT " + m.idColumn + " FROM " + m.table + " WHERE " + alive(""));
        List<String> args = new ArrayList<>();
        boolean feedInJson = query.feedFilter().isPresent() && json != null && json.holds(StandardFields.FEED);
        if (query.feedFilter().isPresent() && !feedInJson) {
            String feed = m.columns.get(StandardFields.FEED);
            if (feed != null) {
                sql.append(feed).append(" = ? AND ");
            } else if (m.customs.containsKey(StandardFields.FEED)) {
                sql.append(m.idColumn).append(" IN (SELECT v.").append(m.values.userColumn()).append(valuesFrom())
                        .append(" AND v.").append(m.values.valueColumn()).append(" = ?) AND ");
                args.add(m.customs.get(StandardFields.FEED).key());
            } else {
                return Stream.empty();
            }
            args.add(query.feedFilter().get());
        }
        if (query.scopeFilter().isPresent()) {
            String site = m.columns.get(StandardFields.SITE);
            if (site == null) {
                return Stream.empty();
            }
            sql.append("(").append(site).append(" = ? OR ").append(site).append(" LIKE ? ESCAPE '!') AND ");
            args.add(query.scopeFilter().get());
            args.add(Sql.escapeLike(query.scopeFilter().get()) + "/%");
        }
        sql.append("1 = 1 ORDER BY ").append(m.idColumn);
        List<Long> ids = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
            Set<Long> ofFeed = !feedInJson ? null : json.find(c, postgres(c), StandardFields.FEED,
                    List.of(query.feedFilter().get()), alive(""), -1).getOrDefault(query.feedFilter().get(), Set.of());
            bind(ps, new ArrayList<>(args));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (ofFeed == null || ofFeed.contains(rs.getLong(1))) {
                        ids.add(rs.getLong(1));
                    }
                }
            }
        } catch (SQLException e) {
            throw Stores.failure("list users", e);
        }
        return Sql.chunks(ids, LIST_CHUNK).stream().flatMap(chunk -> {
            try (Connection c = dataSource.getConnection()) {
                Map<Long, UserRecord> users = load(c, chunk);
                return chunk.stream().map(users::get).filter(Objects::nonNull);
            } catch (SQLException e) {
                throw Stores.failure("list users", e);
            }
        });
    }

    @Override
    public Set<String> existingTargets(String kind, Collection<String> names) {
        TableMapping.Target t = m.targets.get(kind);
        if (t == null || names.isEmpty()) {
            return Set.of();
        }
        Set<String> out = new HashSet<>();
        try (Connection c = dataSource.getConnection()) {
            for (List<String> chunk : Sql.chunks(new LinkedHashSet<>(names), Sql.CHUNK)) {
                try (PreparedStatement ps = c.prepareStatement("SELECT " + t.nameColumn() + " FROM " + t.table()
                        + " WHERE " + t.nameColumn() + " IN " + Sql.in(chunk.size()))) {
                    Sql.bindStrings(ps, 1, chunk);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            out.add(rs.getString(1));
                        }
                    }
                }
            }
        } catch (SQLException e) {
            throw Stores.failure("look targets up", e);
        }
        out.retainAll(new HashSet<>(names));
        return out;
    }

    @Override
    public Map<String, Set<String>> findDelegates(Collection<String> userIds) {
        if (m.delegatesTable == null) {
            return Map.of();
        }
        Map<Long, String> given = new LinkedHashMap<>();
        userIds.forEach(id -> Sql.parseId(id).ifPresent(n -> given.put(n, id)));
        Map<String, Set<String>> out = new LinkedHashMap<>();
        try (Connection c = dataSource.getConnection()) {
            for (List<Long> chunk : Sql.chunks(given.keySet(), Sql.CHUNK)) {
                try (PreparedStatement ps = c.prepareStatement("SELECT " + m.delegatesUserColumn + ", "
                        + m.delegatesDelegateColumn + " FROM " + m.delegatesTable + " WHERE " + m.delegatesUserColumn
                        + " IN " + Sql.in(chunk.size()))) {
                    Sql.bindLongs(ps, 1, chunk);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            out.computeIfAbsent(given.get(rs.getLong(1)), x -> new HashSet<>())
                                    .add(Long.toString(rs.getLong(2)));
                        }
                    }
                }
            }
        } catch (SQLException e) {
            throw Stores.failure("look delegates up", e);
        }
        return out;
    }

    /** @return the condition that a user row is not flagged deleted, followed by AND, or nothing */
    private String alive(String alias) {
        return m.deletedColumn == null ? "" : alias + m.deletedColumn + " = 0 AND ";
    }

    private String valuesFrom() {
        TableMapping.Values v = m.values;
        if (v.keyTable() == null) {
            return " FROM " + v.table() + " v WHERE v." + v.keyColumn() + " = ?";
        }
        TableMapping.Target k = v.keyTable();
        return " FROM " + v.table() + " v JOIN " + k.table() + " k ON k." + k.idColumn() + " = v." + v.keyColumn()
                + " WHERE k." + k.nameColumn() + " = ?";
    }

    /** Loads whole records: the user rows, their custom values and memberships, one query per table per chunk. */
    private Map<Long, UserRecord> load(Connection c, Collection<Long> ids) throws SQLException {
        Map<Long, UserRecord> out = new HashMap<>();
        List<String> fields = new ArrayList<>(m.columns.keySet());
        for (List<Long> chunk : Sql.chunks(ids, Sql.CHUNK)) {
            StringBuilder sql = new StringBuilder("SELECT " + m.idColumn + ", " + m.versionColumn);
            sql.append(", ").append(m.statusColumn == null ? "NULL" : m.statusColumn);
            fields.forEach(f -> sql.append(", ").append(m.columns.get(f)));
            if (json != null) {
                sql.append(", ").append(json.column());
            }
            sql.append(" FROM ").append(m.table).append(" WHERE ").append(alive("")).append(m.idColumn)
                    .append(" IN ").append(Sql.in(chunk.size()));
            Map<Long, Map<String, String>> rows = new LinkedHashMap<>();
            Map<Long, Long> versions = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                Sql.bindLongs(ps, 1, chunk);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long id = rs.getLong(1);
                        versions.put(id, rs.getLong(2));
                        Map<String, String> f = new HashMap<>();
                        String status = rs.getString(3);
                        f.put(StandardFields.STATUS, status != null && status.equals(m.inactiveValue)
                                ? UserStatus.INACTIVE.name() : UserStatus.ACTIVE.name());
                        for (int i = 0; i < fields.size(); i++) {
                            String v = rs.getString(4 + i);
                            if (v != null && !v.isEmpty() && !v.equals(m.absentValue)) {
                                f.put(fields.get(i), v);
                            }
                        }
                        if (json != null) {
                            f.putAll(json.read(id, rs.getString(4 + fields.size())));
                        }
                        rows.put(id, f);
                    }
                }
            }
            if (rows.isEmpty()) {
                continue;
            }
            List<Long> found = new ArrayList<>(rows.keySet());
            loadCustoms(c, found, rows);
            Map<Long, Set<Membership>> memberships = loadMemberships(c, found);
            rows.forEach((id, f) -> out.put(id, new UserRecord(Long.toString(id), f,
                    memberships.getOrDefault(id, Set.of()), versions.get(id))));
        }
        return out;
    }

    private void loadCustoms(Connection c, List<Long> ids, Map<Long, Map<String, String>> rows) throws SQLException {
        if (m.customs.isEmpty() || m.values == null) {
            return;
        }
        Map<String, String> fieldOfKey = new HashMap<>();
        m.customs.forEach((name, custom) -> fieldOfKey.put(custom.key(), name));
        TableMapping.Values v = m.values;
        String key = v.keyTable() == null ? "v." + v.keyColumn() : "k." + v.keyTable().nameColumn();
        String from = v.keyTable() == null ? " FROM " + v.table() + " v"
                : " FROM " + v.table() + " v JOIN " + v.keyTable().table() + " k ON k." + v.keyTable().idColumn()
                + " = v." + v.keyColumn();
        try (PreparedStatement ps = c.prepareStatement("SELECT v." + v.userColumn() + ", " + key + ", v."
                + v.valueColumn() + from + " WHERE v." + v.userColumn() + " IN " + Sql.in(ids.size()))) {
            Sql.bindLongs(ps, 1, ids);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String field = fieldOfKey.get(rs.getString(2));
                    String value = rs.getString(3);
                    if (field != null && value != null && !value.isEmpty() && !value.equals(m.absentValue)) {
                        rows.get(rs.getLong(1)).put(field, value);
                    }
                }
            }
        }
    }

    private Map<Long, Set<Membership>> loadMemberships(Connection c, List<Long> ids) throws SQLException {
        Map<Long, Set<Membership>> out = new HashMap<>();
        for (Map.Entry<MembershipKind, TableMapping.Link> e : m.links.entrySet()) {
            TableMapping.Link l = e.getValue();
            try (PreparedStatement ps = c.prepareStatement("SELECT l." + l.userColumn() + ", t." + l.target().nameColumn()
                    + " FROM " + l.table() + " l JOIN " + l.target().table() + " t ON t." + l.target().idColumn()
                    + " = l." + l.targetColumn() + " WHERE l." + l.userColumn() + " IN " + Sql.in(ids.size()))) {
                Sql.bindLongs(ps, 1, ids);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.computeIfAbsent(rs.getLong(1), x -> new HashSet<>())
                                .add(Membership.of(e.getKey(), rs.getString(2)));
                    }
                }
            }
        }
        return out;
    }

    // ================================================================= writes

    @Override
    public List<String> write(List<UserChange> changes) {
        changes.forEach(this::refuseWhatTheStoreLacks);
        if (changes.isEmpty()) {
            return List.of();
        }
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                List<String> ids = new ArrayList<>(changes.size());
                for (UserChange change : changes) {
                    ids.add(apply(c, change));
                }
                c.commit();
                return ids;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw Stores.writeFailure(e);
        }
    }

    /**
     * A change the mapped tables cannot hold (a membership without a link table, delegates
     * without a table, {@code INACTIVE} without a status column or flag, a password without a
     * password column) fails the batch before anything is written.
     */
    private void refuseWhatTheStoreLacks(UserChange change) {
        features.check(change);
    }

    private String apply(Connection c, UserChange change) throws SQLException {
        if (change instanceof UserChange.Create create) {
            return create(c, create);
        } else if (change instanceof UserChange.Update update) {
            return update(c, update);
        } else if (change instanceof UserChange.Delete delete) {
            return delete(c, delete);
        } else {
            return delegates(c, (UserChange.Delegates) change);
        }
    }

    private String create(Connection c, UserChange.Create create) throws SQLException {
        Map<String, String> fields = create.fields();
        checkUnique(c, fields, -1);
        List<String> cols = new ArrayList<>();
        List<Object> vals = new ArrayList<>();
        m.columns.forEach((f, col) -> {
            String v = fields.get(f);
            if (v != null || m.absentValue != null) {
                cols.add(col);
                vals.add(v != null ? v : m.absentValue);
            }
        });
        cols.add(m.versionColumn);
        vals.add(nextVersion(0));
        if (m.statusColumn != null) {
            cols.add(m.statusColumn);
            vals.add(statusValue(fields.get(StandardFields.STATUS)));
        }
        if (json != null) {
            cols.add(json.column());
            vals.add(new JsonText(json.forCreate(fields), postgres(c)));
        }
        if (m.passwordColumn != null) {
            cols.add(m.passwordColumn);
            String hash = hash(create.password());
            vals.add(hash != null ? hash : Objects.requireNonNullElse(m.absentValue, ""));
        }
        m.insertValues.forEach((col, v) -> {
            if (!cols.contains(col)) {
                cols.add(col);
                vals.add(v);
            }
        });
        String sql = "INSERT INTO " + m.table + " (" + String.join(", ", cols) + ") VALUES "
                + Sql.placeholders(cols.size());
        long id;
        try (PreparedStatement ps = c.prepareStatement(sql, new String[] {m.idColumn})) {
            bind(ps, vals);
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                if (!keys.next()) {
                    throw new SQLException("the database returned no id for the new user");
                }
                id = keys.getLong(1);
            }
        }
        setCustoms(c, id, fields, Set.of());
        addMemberships(c, id, create.memberships());
        return Long.toString(id);
    }

    private String update(Connection c, UserChange.Update u) throws SQLException {
        long id = lockCurrent(c, u.userId(), u.expectedVersion());
        Map<String, String> set = u.set();
        checkUnique(c, set, id);
        List<String> cols = new ArrayList<>();
        List<Object> vals = new ArrayList<>();
        set.forEach((f, v) -> {
            String col = m.columns.get(f);
            if (col != null) {
                cols.add(col);
                vals.add(v);
            }
        });
        for (String f : u.erase()) {
            String col = m.columns.get(f);
            if (col != null && !set.containsKey(f)) {
                cols.add(col);
                vals.add(m.absentValue);
            }
        }
        if (m.statusColumn != null && set.containsKey(StandardFields.STATUS)) {
            cols.add(m.statusColumn);
            vals.add(statusValue(set.get(StandardFields.STATUS)));
        }
        String hash = hash(u.password());
        if (hash != null) {
            cols.add(m.passwordColumn);
            vals.add(hash);
        }
        if (json != null) {
            String object = json.forUpdate(id, json.current(c, id), set, u.erase());
            if (object != null) {
                cols.add(json.column());
                vals.add(new JsonText(object, postgres(c)));
            }
        }
        cols.add(m.versionColumn);
        vals.add(nextVersion(u.expectedVersion()));
        updateRow(c, id, cols, vals);
        setCustoms(c, id, set, u.erase());
        removeMemberships(c, id, u.removeMemberships());
        addMemberships(c, id, u.addMemberships());
        return u.userId();
    }

    private String delete(Connection c, UserChange.Delete d) throws SQLException {
        long id = lockCurrent(c, d.userId(), d.expectedVersion());
        if (m.values != null) {
            execute(c, "DELETE FROM " + m.values.table() + " WHERE " + m.values.userColumn() + " = ?", id);
        }
        for (TableMapping.Link l : m.links.values()) {
            execute(c, "DELETE FROM " + l.table() + " WHERE " + l.userColumn() + " = ?", id);
        }
        if (m.delegatesTable != null) {
            execute(c, "DELETE FROM " + m.delegatesTable + " WHERE " + m.delegatesUserColumn + " = ? OR "
                    + m.delegatesDelegateColumn + " = ?", id, id);
        }
        if (m.deletedColumn == null) {
            execute(c, "DELETE FROM " + m.table + " WHERE " + m.idColumn + " = ?", id);
            return d.userId();
        }
        List<String> cols = new ArrayList<>(List.of(m.deletedColumn, m.columns.get(StandardFields.USERNAME)));
        List<Object> vals = new ArrayList<>(List.of(1, "deleted." + id));
        schema.fields().stream().filter(f -> f.unique() && m.columns.containsKey(f.name())
                && !f.name().equals(StandardFields.USERNAME)).forEach(f -> {
                    cols.add(m.columns.get(f.name()));
                    vals.add(m.absentValue);
                });
        if (json != null) {
            cols.add(json.column());
            vals.add(new JsonText(json.cleared(id, json.current(c, id)), postgres(c)));
        }
        cols.add(m.versionColumn);
        vals.add(nextVersion(d.expectedVersion()));
        updateRow(c, id, cols, vals);
        return d.userId();
    }

    private String delegates(Connection c, UserChange.Delegates d) throws SQLException {
        long user = existing(c, d.userId());
        for (String delegate : d.remove()) {
            OptionalLong other = Sql.parseId(delegate);
            if (other.isPresent()) {
                execute(c, "DELETE FROM " + m.delegatesTable + " WHERE " + m.delegatesUserColumn + " = ? AND "
                        + m.delegatesDelegateColumn + " = ?", user, other.getAsLong());
            }
        }
        for (String delegate : d.add()) {
            long other = existing(c, delegate);
            execute(c, "DELETE FROM " + m.delegatesTable + " WHERE " + m.delegatesUserColumn + " = ? AND "
                    + m.delegatesDelegateColumn + " = ?", user, other);
            execute(c, "INSERT INTO " + m.delegatesTable + " (" + m.delegatesUserColumn + ", "
                    + m.delegatesDelegateColumn + ") VALUES (?, ?)", user, other);
        }
        return d.userId();
    }

    /** @return the id of a user that exists (not flagged deleted), else throws {@link StaleUserException} */
    private long existing(Connection c, String userId) throws SQLException {
        OptionalLong id = Sql.parseId(userId);
        if (id.isPresent()) {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM " + m.table + " WHERE " + alive("")
                    + m.idColumn + " = ?")) {
                ps.setLong(1, id.getAsLong());
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        return id.getAsLong();
                    }
                }
            }
        }
        throw new StaleUserException(userId);
    }

    /** Locks the user's row when it has the expected version; else throws {@link StaleUserException}. */
    private long lockCurrent(Connection c, String userId, long expectedVersion) throws SQLException {
        OptionalLong id = Sql.parseId(userId);
        if (id.isPresent()) {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + m.versionColumn + " FROM " + m.table
                    + " WHERE " + alive("") + m.idColumn + " = ? FOR UPDATE")) {
                ps.setLong(1, id.getAsLong());
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next() && rs.getLong(1) == expectedVersion) {
                        return id.getAsLong();
                    }
                }
            }
        }
        throw new StaleUserException(userId);
    }

    /** Throws {@link DuplicateKeyException} when another user holds a value of a unique field the change sets. */
    private void checkUnique(Connection c, Map<String, String> fields, long self) throws SQLException {
        for (Map.Entry<String, String> e : new TreeMap<>(fields).entrySet()) {
            FieldDefinition d = schema.field(e.getKey()).orElse(null);
            if (d == null || !d.unique() || e.getValue() == null || e.getValue().equals(m.absentValue)) {
                continue;
            }
            if (json != null && json.holds(d.name())) {
                if (!json.find(c, postgres(c), d.name(), List.of(e.getValue()), alive(""), self).isEmpty()) {
                    throw new DuplicateKeyException(d.name());
                }
                continue;
            }
            String column = m.columns.get(d.name());
            String sql = column != null
                    ? "SELECT " + m.idColumn + " FROM " + m.table + " WHERE " + alive("") + column + " = ? AND "
                    + m.idColumn + " <> ?"
                    : "SELECT v." + m.values.userColumn() + valuesFrom() + " AND v." + m.values.valueColumn()
                    + " = ? AND v." + m.values.userColumn() + " <> ?";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int i = 1;
                if (column == null) {
                    ps.setString(i++, m.customs.get(d.name()).key());
                }
                ps.setString(i++, e.getValue());
                ps.setLong(i, self);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        throw new DuplicateKeyException(d.name());
                    }
                }
            }
        }
    }

    private void setCustoms(Connection c, long id, Map<String, String> set, Set<String> erase) throws SQLException {
        if (m.values == null) {
            return;
        }
        for (TableMapping.Custom custom : m.customs.values()) {
            String name = custom.definition().name();
            if (!set.containsKey(name) && !erase.contains(name)) {
                continue;
            }
            TableMapping.Values v = m.values;
            Object key = custom.key();
            if (v.keyTable() != null) {
                key = keyId(c, v.keyTable(), custom.key());
            }
            execute(c, "DELETE FROM " + v.table() + " WHERE " + v.userColumn() + " = ? AND " + v.keyColumn() + " = ?",
                    id, key);
            if (set.containsKey(name)) {
                execute(c, "INSERT INTO " + v.table() + " (" + v.userColumn() + ", " + v.keyColumn() + ", "
                        + v.valueColumn() + ") VALUES (?, ?, ?)", id, key, set.get(name));
            }
        }
    }

    private long keyId(Connection c, TableMapping.Target t, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + t.idColumn() + " FROM " + t.table() + " WHERE "
                + t.nameColumn() + " = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    return rs.getLong(1);
                }
            }
        }
        throw new RollcallException(Codes.UNKNOWN_TARGET, "the host's " + t.table() + " has no row named by its "
                + t.nameColumn() + " as the mapping says; nothing of the batch was written");
    }

    private void addMemberships(Connection c, long id, Set<Membership> memberships) throws SQLException {
        for (Membership ms : memberships) {
            TableMapping.Link l = m.links.get(ms.kind());
            long target = keyId(c, l.target(), ms.target());
            execute(c, "DELETE FROM " + l.table() + " WHERE " + l.userColumn() + " = ? AND " + l.targetColumn() + " = ?",
                    id, target);
            execute(c, "INSERT INTO " + l.table() + " (" + l.userColumn() + ", " + l.targetColumn() + ") VALUES (?, ?)",
                    id, target);
        }
    }

    private void removeMemberships(Connection c, long id, Set<Membership> memberships) throws SQLException {
        for (Membership ms : memberships) {
            TableMapping.Link l = m.links.get(ms.kind());
            if (l == null || features.whyNot(ms) != null) {
                continue;
            }
            execute(c, "DELETE FROM " + l.table() + " WHERE " + l.userColumn() + " = ? AND " + l.targetColumn()
                    + " IN (SELECT " + l.target().idColumn() + " FROM " + l.target().table() + " WHERE "
                    + l.target().nameColumn() + " = ?)", id, ms.target());
        }
    }

    private void updateRow(Connection c, long id, List<String> cols, List<Object> vals) throws SQLException {
        StringBuilder sql = new StringBuilder("UPDATE " + m.table + " SET ");
        for (int i = 0; i < cols.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append(cols.get(i)).append(" = ?");
        }
        sql.append(" WHERE ").append(m.idColumn).append(" = ?");
        List<Object> all = new ArrayList<>(vals);
        all.add(id);
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            bind(ps, all);
            ps.executeUpdate();
        }
    }

    private static void execute(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, List.of(args));
            ps.executeUpdate();
        }
    }

    private static void bind(PreparedStatement ps, List<Object> vals) throws SQLException {
        for (int i = 0; i < vals.size(); i++) {
            Object v = vals.get(i);
            if (v == null) {
                ps.setNull(i + 1, java.sql.Types.VARCHAR);
            } else if (v instanceof Long l) {
                ps.setLong(i + 1, l);
            } else if (v instanceof Integer n) {
                ps.setInt(i + 1, n);
            } else if (v instanceof Boolean b) {
                ps.setBoolean(i + 1, b);
            } else if (v instanceof JsonText j) {
                // PostgreSQL: a parameter of no declared type, so a json or jsonb column takes the text as well as a text column
                ps.setObject(i + 1, j.text(), j.untyped() ? java.sql.Types.OTHER : java.sql.Types.VARCHAR);
            } else {
                ps.setObject(i + 1, v);
            }
        }
    }

    /** A JSON object's text for the JSON column; {@code untyped} on PostgreSQL. */
    private record JsonText(String text, boolean untyped) {
    }

    /** @return whether the database is PostgreSQL (asked once) */
    private boolean postgres(Connection c) throws SQLException {
        Boolean pg = postgres;
        if (pg == null) {
            pg = c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgresql");
            postgres = pg;
        }
        return pg;
    }

    private Object statusValue(String status) {
        String v = UserStatus.INACTIVE.name().equalsIgnoreCase(status) ? m.inactiveValue : m.activeValue;
        return isInteger(v) ? (Object) Integer.valueOf(v) : v;
    }

    private static boolean isInteger(String v) {
        return v.matches("-?\\d{1,9}");
    }

    /** @return the hash of a given password, or null when the change gives none */
    private String hash(PasswordChange p) {
        if (p.newPassword() == null) {
            return null;
        }
        char[] plain = p.newPassword().reveal();
        try {
            return m.hasher.hash(plain);
        } finally {
            java.util.Arrays.fill(plain, '\0');
        }
    }

    /** @return the larger of the old version plus one and the current Unix time in seconds */
    private static long nextVersion(long old) {
        return Math.max(old + 1, System.currentTimeMillis() / 1000);
    }

    /**
     * Opens the host's database by URL (the command line's {@code --store}), with a small
     * connection pool that {@link #close()} closes. The JDBC driver must be on the class path.
     *
     * @param jdbcUrl the host's database, e.g. {@code jdbc:postgresql://db/moodle?user=…}
     * @param mapping how its tables hold users
     * @return the repository
     */
    public static MappedUserRepository forUrl(String jdbcUrl, TableMapping mapping) {
        UrlDataSource db = new UrlDataSource(jdbcUrl);
        return new MappedUserRepository(db, mapping, db);
    }

    /** Closes the connections this repository opened itself ({@link #forUrl}); a host's data source stays open. */
    @Override
    public void close() {
        if (owned != null) {
            owned.close();
        }
    }

    /** Shows the mapped table, never data. */
    @Override
    public String toString() {
        return "MappedUserRepository[" + m.table + "]";
    }
}
