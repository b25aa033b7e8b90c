package dev.rollcall.jdbc;

import dev.rollcall.jdbc.internal.Checks;
import dev.rollcall.jdbc.internal.Cursor;
import dev.rollcall.jdbc.internal.Failures;
import dev.rollcall.jdbc.internal.FieldDefinitions;
import dev.rollcall.jdbc.internal.Passwords;
import dev.rollcall.jdbc.internal.PlanKeys;
import dev.rollcall.jdbc.internal.Reads;
import dev.rollcall.jdbc.internal.Sql;
import dev.rollcall.jdbc.internal.Stores;
import dev.rollcall.jdbc.internal.Tables;
import dev.rollcall.jdbc.internal.UrlDataSource;
import dev.rollcall.jdbc.internal.UserRow;
import dev.rollcall.jdbc.internal.Writer;
import dev.rollcall.spi.DuplicateKeyException;
import dev.rollcall.spi.FieldDefinition;
import dev.rollcall.spi.FieldSchema;
import dev.rollcall.spi.Membership;
import dev.rollcall.spi.PasswordChange;
import dev.rollcall.spi.Sites;
import dev.rollcall.spi.StaleUserException;
import dev.rollcall.spi.StandardFields;
import dev.rollcall.spi.UserChange;
import dev.rollcall.spi.UserQuery;
import dev.rollcall.spi.UserRecord;
import dev.rollcall.spi.UserRepository;
import dev.rollcall.spi.UserStatus;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.StreamSupport;

/**
 * A {@link UserRepository} over JDBC: the command line's embedded default store and the
 * adapter every host can copy from. It runs the same portable SQL on H2 (2.x) and
 * PostgreSQL; docs/JDBC-SCHEMA.md describes its tables.
 *
 * <pre>{@code
 * JdbcUserRepository store = JdbcUserRepository.embedded(Path.of("rollcall-data"));   // H2 file database
 * JdbcUserRepository store = JdbcUserRepository.forUrl("jdbc:postgresql://db/rollcall?user=app&password=…");
 * JdbcUserRepository store = JdbcUserRepository.create(hostDataSource);               // the host's pool
 * JdbcUserRepository store = JdbcUserRepository.builder().dataSource(ds).passwordIterations(310_000).build();
 * }</pre>
 *
 * <h2>Schema</h2>
 * The tables ({@code rollcall_users}, {@code rollcall_user_fields},
 * {@code rollcall_unique_values}, {@code rollcall_memberships}, {@code rollcall_targets},
 * {@code rollcall_field_definitions}, {@code rollcall_delegates}, {@code rollcall_meta}) are
 * created on first use, or by {@link #initialize()}. Standard fields are columns of
 * {@code rollcall_users}; custom fields (any other field name) are rows of
 * {@code rollcall_user_fields}; a unique custom field's values are also kept in
 * {@code rollcall_unique_values}, whose primary key enforces them. Text values are kept up
 * to {@value #MAX_VALUE_LENGTH} characters; a longer value is refused with
 * {@link IllegalArgumentException}.
 *
 * <h2>Batching</h2>
 * {@link #findBy} answers up to 1,000 keys with one query, and loads the found users'
 * custom values and memberships with one query per table; {@link #list} streams through a
 * cursor, 500 users at a time; {@link #write} runs in one transaction and sends
 * consecutive changes of the same kind as JDBC batches. Password hashing, the slow part
 * of creating users with passwords, runs before the transaction, in parallel.
 *
 * <h2>Passwords</h2>
 * Only salted PBKDF2-HMAC-SHA512 hashes are stored ({@code pbkdf2-sha512$iterations$salt$hash},
 * a random 16-byte salt each); the plaintext never reaches the database, and neither
 * passwords nor values of any field reach an exception message. What a change asks of the
 * host (generate a password, reset it, force a change at next sign-in) is kept as flags:
 * see {@link #passwordState}. The store's {@link #planKey() key for saved plans} (256 random
 * bits, made once) is kept in {@code rollcall_meta}.
 *
 * <h2>Transactions</h2>
 * Every call takes a connection from the {@link DataSource}, uses its own transaction and
 * closes the connection. A host's DataSource must therefore hand out connections the
 * repository may commit and roll back (not connections enlisted in another transaction).
 *
 * <p>Thread-safe: calls from many threads may run at once, each on its own connection.
 * Repositories from {@link #forUrl} and {@link #embedded} own a small connection pool that
 * {@link #close()} releases; one from {@link #create} leaves the host's DataSource alone.
 */
public final class JdbcUserRepository implements UserRepository, AutoCloseable {

    /** The PBKDF2 iteration count unless configured otherwise (OWASP's 2023 figure for HMAC-SHA512). */
    public static final int DEFAULT_PASSWORD_ITERATIONS = 210_000;

    /** The longest text value the store keeps, in characters. */
    public static final int MAX_VALUE_LENGTH = Tables.MAX_VALUE_LENGTH;

    /** The target kind under which {@link #addSite sites} are kept. */
    public static final String SITE_KIND = "site";

    /** The write lock of each embedded database in this JVM, by URL; see {@link #embeddedUrl}. */
    private static final Map<String, ReentrantLock> EMBEDDED_WRITERS = new ConcurrentHashMap<>();

    private final DataSource dataSource;
    private final UrlDataSource ownPool;
    /** For an embedded database, held by every transaction that writes; null otherwise. */
    private final ReentrantLock writes;
    private final String description;
    private final int passwordIterations;
    private final Object initLock = new Object();
    private volatile byte[] planKey;
    private volatile boolean initialized;

    private JdbcUserRepository(DataSource dataSource, UrlDataSource ownPool, ReentrantLock writes, String description,
            int passwordIterations) {
        this.dataSource = dataSource;
        this.ownPool = ownPool;
        this.writes = writes;
        this.description = description;
        this.passwordIterations = passwordIterations;
    }

    // ------------------------------------------------------------------ front doors

    /**
     * @param dataSource the host's DataSource (ideally pooled); the repository never closes it
     * @return a repository over it, with default settings
     */
    public static JdbcUserRepository create(DataSource dataSource) {
        return builder().dataSource(dataSource).build();
    }

    /**
     * @param jdbcUrl a JDBC URL whose driver is on the class path; a user and password, if
     *                needed, go in the URL ({@code ?user=…&password=…} for PostgreSQL)
     * @return a repository over that database, with a small pool of its own ({@link #close()} it)
     */
    public static JdbcUserRepository forUrl(String jdbcUrl) {
        return builder().url(jdbcUrl).build();
    }

    /**
     * @param directory the folder for the database files (created if missing); the command
     *                  line's default is {@code ./rollcall-data}
     * @return a repository over an H2 file database in that folder (H2 must be on the class
     *         path); {@link #close()} it to close the database
     */
    public static JdbcUserRepository embedded(Path directory) {
        return builder().embedded(directory).build();
    }

    /**
     * The URL {@link #embedded} uses: {@code jdbc:h2:file:<dir>/rollcall} with the trace file
     * off (H2's trace file would record failed statements, values included), a 10-second
     * lock timeout (concurrent writers wait instead of failing), lazy query execution (a
     * listing streams from the table instead of being copied into a result first),
     * {@code WRITE_DELAY=0} and {@code MAX_COMPACT_TIME=0}; {@link #close()} compacts the file
     * when it is mostly dead space.
     *
     * <h4>Why {@code WRITE_DELAY=0}: a killed process must not damage the store</h4>
     * H2's default (500 ms) lets a background thread save the database every half second,
     * in the middle of whatever transaction is running. Its snapshot is not atomic across
     * H2's maps: a table's new rows may be saved while the undo-log records that would roll
     * them back are not. When the process is killed then ({@code kill -9}), the
     * reopened database rolls back what the undo log knows and leaves the other rows
     * marked as written by a transaction that no longer exists. Once a new transaction is
     * given the same number, those rows count as its own: part of the killed batch becomes
     * visible, and every other writer waits on them until it fails with "Timeout trying to
     * lock table". With {@code WRITE_DELAY=0} there is no background writer: H2 saves when
     * a transaction commits (so a commit also survives a killed process), and the
     * repository lets one writing transaction at a time run on an embedded database (see
     * {@link #write}), so nothing uncommitted is saved (unless one transaction alone
     * fills H2's buffer of unsaved changes, several megabytes: far more than a batch of
     * users). A kill then loses only the batch being written.
     *
     * <h4>Compaction</h4>
     * Saving at every commit leaves more dead space in the file than the background writer
     * did (it also compacted). H2's own compaction at close is bounded in time and, on a
     * store of 200,000 users, did not catch up even in 5 seconds (which every command, a
     * 10-row plan included, then spent at close); with its default bound (0.2 s) closing a
     * file 79% full still took 1.2 s. So {@code MAX_COMPACT_TIME=0} turns it off, and
     * {@link #close()} asks H2 how full
     * the file's chunks are and, when less than half of them is live data and no other
     * connection uses the database, closes it with {@code SHUTDOWN COMPACT}: H2 writes the
     * live data to a new file and swaps it in (200,000 users: 1.6 s, 87 MB to 31 MB). A
     * compacted file also opens faster.
     *
     * @param directory the database folder
     * @return the JDBC URL of the embedded database in that folder
     */
    public static String embeddedUrl(Path directory) {
        Objects.requireNonNull(directory, "directory must not be null");
        String path = directory.toAbsolutePath().normalize().resolve("rollcall").toString().replace('\\', '/');
        if (path.indexOf(';') >= 0) {
            throw new IllegalArgumentException("the database folder must not contain ';': " + directory);
        }
        return "jdbc:h2:file:" + path + ";TRACE_LEVEL_FILE=0;LOCK_TIMEOUT=10000;LAZY_QUERY_EXECUTION=TRUE;WRITE_DELAY=0"
                + ";MAX_COMPACT_TIME=0";
    }

    /** @return a builder; exactly one of {@code dataSource}, {@code url} or {@code embedded} must be given */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Creates the tables and indexes that are missing, and checks the schema version. Runs
     * by itself on first use; call it to fail early.
     *
     * @return this repository
     * @throws IllegalStateException when the database holds a newer schema than this code knows
     * @throws JdbcStoreException    when the database cannot be reached or refuses the DDL
     */
    public JdbcUserRepository initialize() {
        synchronized (initLock) {
            if (initialized) {
                return this;
            }
            lockWrites();
            try {
                createSchema();
            } catch (SQLException first) {
                // Two processes creating the tables at once may trip over each other: once more.
                try {
                    createSchema();
                } catch (SQLException e) {
                    throw Stores.failure("create its tables", e);
                }
            } finally {
                unlockWrites();
            }
            initialized = true;
            return this;
        }
    }

    private void createSchema() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(true);
            try (Statement s = c.createStatement()) {
                for (String ddl : Tables.ddl()) {
                    s.execute(ddl);
                }
                s.executeUpdate("INSERT INTO " + Tables.META + " (name, val) SELECT 'schema_version', '"
                        + Tables.SCHEMA_VERSION + "' WHERE NOT EXISTS (SELECT 1 FROM " + Tables.META
                        + " WHERE name = 'schema_version')");
                createPlanKey(c);
                try (ResultSet rs = s.executeQuery("SELECT val FROM " + Tables.META + " WHERE name = 'schema_version'")) {
                    int version = rs.next() ? Integer.parseInt(rs.getString(1).trim()) : Tables.SCHEMA_VERSION;
                    if (version > Tables.SCHEMA_VERSION) {
                        throw new IllegalStateException("the store was made by a newer Rollcall (schema version "
                                + version + "); this one knows versions up to " + Tables.SCHEMA_VERSION);
                    }
                }
            } finally {
                c.setAutoCommit(auto);
            }
        }
    }

    /**
     * Makes the store's key for saved plans, once: 256 random bits, Base64, in
     * {@code rollcall_meta} as {@code plan_key}. A store made before there were keys gets
     * one the first time it is opened.
     */
    private static void createPlanKey(Connection c) throws SQLException {
        PlanKeys.create(c, PlanKeys.OWN_STORE);
    }

    /** On an embedded database, waits until no other transaction of this JVM writes to it. */
    private void lockWrites() {
        if (writes != null) {
            writes.lock();
        }
    }

    private void unlockWrites() {
        if (writes != null) {
            writes.unlock();
        }
    }

    private void ready() {
        if (!initialized) {
            initialize();
        }
    }

    private Connection connect() throws SQLException {
        ready();
        return dataSource.getConnection();
    }

    // ------------------------------------------------------------------ UserRepository

    /**
     * @return {@link FieldSchema#standard()} followed by the stored custom fields, in the
     *         order they were added; read from the database on every call
     */
    @Override
    public FieldSchema schema() {
        try (Connection c = connect()) {
            return FieldDefinitions.schema(c);
        } catch (SQLException e) {
            throw Stores.failure("read its field schema", e);
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>One query per 1,000 distinct keys, sorted (on H2 and PostgreSQL the keys are one
     * array parameter, unnested and joined to the field's column or to the custom values
     * table, so each key is one index probe; elsewhere an IN list), then one query each for the
     * found users' custom values and memberships, when any user has some.
     */
    @Override
    public Map<String, List<UserRecord>> findBy(String field, Collection<String> keys) {
        Objects.requireNonNull(field, "field must not be null");
        Objects.requireNonNull(keys, "keys must not be null");
        boolean email = field.equals(StandardFields.EMAIL);
        Map<String, Set<String>> givenByKey = new LinkedHashMap<>();
        for (String key : keys) {
            if (key == null) {
                continue;
            }
            String k = key.trim();
            if (email) {
                k = k.toLowerCase(Locale.ROOT);
            }
            givenByKey.computeIfAbsent(k, x -> new LinkedHashSet<>(2)).add(key);
        }
        if (givenByKey.isEmpty() || field.equals(StandardFields.PASSWORD)) {
            return Map.of();
        }
        Optional<String> column = email ? Optional.of("email_lower") : Tables.column(field);
        Map<String, List<UserRecord>> found = new HashMap<>();
        // sorted, so that each query walks the index in order
        List<String> sorted = new ArrayList<>(givenByKey.keySet());
        Collections.sort(sorted);
        try (Connection c = connect()) {
            String keyTable = Sql.keyTable(c);
            boolean array = keyTable != null;
            for (List<String> chunk : Sql.chunks(sorted, Sql.CHUNK)) {
                String details = ", " + Reads.ANY_DETAILS;
                String sql;
                if (array && column.isPresent()) {
                    sql = "SELECT " + Tables.userColumns("u.") + ", u." + column.get() + details + " FROM " + keyTable
                            + " JOIN " + Tables.USERS + " u ON u." + column.get() + " = k.v ORDER BY u.id";
                } else if (array) {
                    sql = "SELECT " + Tables.userColumns("u.") + ", f.field_value" + details + " FROM " + keyTable
                            + " JOIN " + Tables.USER_FIELDS + " f ON f.field = ? AND f.field_value = k.v JOIN "
                            + Tables.USERS + " u ON u.id = f.user_id ORDER BY u.id";
                } else if (column.isPresent()) {
                    sql = "SELECT " + Tables.USER_COLUMNS + ", " + column.get() + details + " FROM " + Tables.USERS
                            + " WHERE " + column.get() + " IN " + Sql.in(chunk.size()) + " ORDER BY id";
                } else {
                    sql = "SELECT " + Tables.userColumns("u.") + ", f.field_value" + details + " FROM " + Tables.USERS
                            + " u JOIN " + Tables.USER_FIELDS + " f ON f.user_id = u.id WHERE f.field = ? AND f.field_value IN "
                            + Sql.in(chunk.size()) + " ORDER BY u.id";
                }
                List<UserRow> rows = new ArrayList<>();
                List<String> matched = new ArrayList<>();
                boolean anyCustom = false;
                boolean anyMemberships = false;
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    if (array) {
                        // the array comes first in the statement's text, then the custom field's name
                        Sql.bindArray(c, ps, 1, chunk);
                        if (column.isEmpty()) {
                            ps.setString(2, field);
                        }
                    } else {
                        int p = 1;
                        if (column.isEmpty()) {
                            ps.setString(p++, field);
                        }
                        Sql.bindStrings(ps, p, chunk);
                    }
                    try (ResultSet rs = ps.executeQuery()) {
                        int keyColumn = Tables.STANDARD_FIELDS.size() + 3;
                        while (rs.next()) {
                            rows.add(UserRow.read(rs, false));
                            matched.add(rs.getString(keyColumn));
                            anyCustom = rs.getInt(keyColumn + 1) != 0;
                            anyMemberships = rs.getInt(keyColumn + 2) != 0;
                        }
                    }
                }
                List<UserRecord> records = Reads.complete(c, rows, anyCustom, anyMemberships);
                for (int i = 0; i < records.size(); i++) {
                    found.computeIfAbsent(matched.get(i), x -> new ArrayList<>(1)).add(records.get(i));
                }
            }
        } catch (SQLException e) {
            throw Stores.failure("find users", e);
        }
        Map<String, List<UserRecord>> out = new LinkedHashMap<>();
        for (Map.Entry<String, Set<String>> e : givenByKey.entrySet()) {
            List<UserRecord> users = found.get(e.getKey());
            if (users != null) {
                List<UserRecord> copy = List.copyOf(users);
                for (String given : e.getValue()) {
                    out.put(given, copy);
                }
            }
        }
        return Collections.unmodifiableMap(out);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Filters by feed and by site scope in SQL ({@code site = ? OR site LIKE ? ESCAPE '!'},
     * the scope's LIKE wildcards escaped, so {@code Canada/Ontario} covers
     * {@code Canada/Ontario/Hospital A} and never {@code Canada/Ontario2}); reads through a
     * cursor (fetch size 500) in one read-only transaction, and loads custom values and
     * memberships 500 users at a time. <strong>Close the stream</strong>: it holds a
     * connection until then.
     */
    @Override
    public Stream<UserRecord> list(UserQuery query) {
        Objects.requireNonNull(query, "query must not be null");
        StringBuilder sql = new StringBuilder("SELECT ").append(Tables.USER_COLUMNS).append(" FROM ").append(Tables.USERS);
        List<String> params = new ArrayList<>();
        String glue = " WHERE ";
        if (query.feed() != null) {
            sql.append(glue).append("feed = ?");
            params.add(query.feed());
            glue = " AND ";
        }
        if (query.scope() != null) {
            sql.append(glue).append("(site = ? OR site LIKE ? ESCAPE '!')");
            params.add(query.scope());
            params.add(Sql.escapeLike(query.scope()) + "/%");
        }
        sql.append(" ORDER BY id");
        Connection c = null;
        PreparedStatement ps = null;
        try {
            c = connect();
            boolean auto = c.getAutoCommit();
            int isolation = c.getTransactionIsolation();
            c.setAutoCommit(false);
            DatabaseMetaData meta = c.getMetaData();
            if (meta.supportsTransactionIsolationLevel(Connection.TRANSACTION_REPEATABLE_READ)) {
                // one snapshot for the cursor and the chunk loads
                c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            }
            ps = c.prepareStatement(sql.toString(), ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
            ps.setFetchSize(Cursor.CHUNK);
            for (int i = 0; i < params.size(); i++) {
                ps.setString(i + 1, params.get(i));
            }
            ResultSet rs = ps.executeQuery();
            Cursor cursor = new Cursor(c, ps, rs, auto, isolation);
            return StreamSupport.stream(Spliterators.spliteratorUnknownSize(cursor,
                    Spliterator.ORDERED | Spliterator.NONNULL | Spliterator.DISTINCT), false).onClose(cursor::close);
        } catch (SQLException e) {
            closeQuietly(ps);
            if (c != null) {
                try {
                    c.rollback();
                } catch (SQLException ignored) {
                    // already failing
                }
                closeQuietly(c);
            }
            throw Stores.failure("list users", e);
        }
    }

    /** {@inheritDoc} One query per 1,000 names. */
    @Override
    public Set<String> existingTargets(String kind, Collection<String> names) {
        Objects.requireNonNull(kind, "kind must not be null");
        Objects.requireNonNull(names, "names must not be null");
        Set<String> wanted = new LinkedHashSet<>();
        for (String n : names) {
            if (n != null) {
                wanted.add(n);
            }
        }
        if (wanted.isEmpty()) {
            return Set.of();
        }
        Set<String> known = new java.util.HashSet<>();
        try (Connection c = connect()) {
            for (List<String> chunk : Sql.chunks(wanted, Sql.CHUNK)) {
                try (PreparedStatement ps = c.prepareStatement("SELECT name FROM " + Tables.TARGETS
                        + " WHERE kind = ? AND name IN " + Sql.in(chunk.size()))) {
                    ps.setString(1, kind);
                    Sql.bindStrings(ps, 2, chunk);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            known.add(rs.getString(1));
                        }
                    }
                }
            }
        } catch (SQLException e) {
            throw Stores.failure("look up targets", e);
        }
        Set<String> out = new LinkedHashSet<>();
        for (String n : wanted) {
            if (known.contains(n)) {
                out.add(n);
            }
        }
        return Collections.unmodifiableSet(out);
    }

    /** {@inheritDoc} One query per 1,000 users. */
    @Override
    public Map<String, Set<String>> findDelegates(Collection<String> userIds) {
        Objects.requireNonNull(userIds, "userIds must not be null");
        Map<Long, List<String>> given = new LinkedHashMap<>();
        for (String id : userIds) {
            OptionalLong n = Sql.parseId(id);
            if (n.isPresent()) {
                List<String> names = given.computeIfAbsent(n.getAsLong(), k -> new ArrayList<>(1));
                if (!names.contains(id)) {
                    names.add(id);
                }
            }
        }
        if (given.isEmpty()) {
            return Map.of();
        }
        Map<Long, Set<String>> found = new HashMap<>();
        try (Connection c = connect()) {
            for (List<Long> chunk : Sql.chunks(given.keySet(), Sql.CHUNK)) {
                try (PreparedStatement ps = c.prepareStatement("SELECT user_id, delegate_id FROM " + Tables.DELEGATES
                        + " WHERE user_id IN " + Sql.in(chunk.size()) + " ORDER BY user_id, delegate_id")) {
                    Sql.bindLongs(ps, 1, chunk);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            found.computeIfAbsent(rs.getLong(1), k -> new LinkedHashSet<>())
                                    .add(Long.toString(rs.getLong(2)));
                        }
                    }
                }
            }
        } catch (SQLException e) {
            throw Stores.failure("find delegates", e);
        }
        Map<String, Set<String>> out = new LinkedHashMap<>();
        for (Map.Entry<Long, List<String>> e : given.entrySet()) {
            Set<String> d = found.get(e.getKey());
            if (d != null) {
                Set<String> copy = Collections.unmodifiableSet(d);
                for (String id : e.getValue()) {
                    out.put(id, copy);
                }
            }
        }
        return Collections.unmodifiableMap(out);
    }

    /**
     * {@inheritDoc}
     *
     * <p>One transaction. Consecutive changes of the same kind go to the database as JDBC
     * batches (see docs/JDBC-SCHEMA.md for the statements); an update or delete whose
     * expected version is not the stored one ({@code UPDATE … WHERE id = ? AND version = ?}
     * touching no row) throws {@link StaleUserException}; a duplicated username, external
     * id, employee id or unique custom value throws {@link DuplicateKeyException} naming the
     * field. Any failure rolls the whole batch back. On an {@link #embedded} database one
     * writing transaction runs at a time in this JVM (others wait), so that no half-done
     * batch is ever saved (see {@link #embeddedUrl}).
     *
     * @throws IllegalArgumentException when a change carries a field the store cannot keep:
     *                                  an empty value, a value longer than
     *                                  {@value #MAX_VALUE_LENGTH} characters, a status other
     *                                  than ACTIVE or INACTIVE, or a {@code password} field
     *                                  (passwords travel only as {@link PasswordChange})
     * @throws JdbcStoreException       with code {@code WRITE_FAILED} when the database fails
     */
    /**
     * @return the store's key for saved plans: 256 random bits made when the store was
     *         created (or first opened by a Rollcall that signs plans) and kept in
     *         {@code rollcall_meta}, so plans saved with one store are refused by every other
     * @throws JdbcStoreException when the store cannot be read
     */
    @Override
    public Optional<byte[]> planKey() {
        byte[] key = planKey;
        if (key == null) {
            try (Connection c = connect()) {
                key = PlanKeys.read(c, PlanKeys.OWN_STORE);
                if (key == null) {
                    throw new IllegalStateException("the store has no key for saved plans (" + Tables.META + "."
                            + PlanKeys.OWN_STORE + " is missing); open it again to make one");
                }
                planKey = key;
            } catch (SQLException e) {
                throw Stores.failure("read its key for saved plans", e);
            }
        }
        return Optional.of(key.clone());
    }

    @Override
    public List<String> write(List<UserChange> changes) {
        Objects.requireNonNull(changes, "changes must not be null");
        if (changes.isEmpty()) {
            return List.of();
        }
        for (UserChange change : changes) {
            check(Objects.requireNonNull(change, "change must not be null"));
        }
        ready();
        String[] hashes = hashPasswords(changes);
        lockWrites();
        try (Connection c = dataSource.getConnection()) {
            boolean auto = c.getAutoCommit();
            if (auto) {
                c.setAutoCommit(false);
            }
            try {
                List<String> ids = new Writer(c, FieldDefinitions.load(c), hashes).run(changes);
                c.commit();
                return List.copyOf(ids);
            } catch (SQLException | RuntimeException | Error e) {
                try {
                    c.rollback();
                } catch (SQLException rollbackFailure) {
                    e.addSuppressed(Failures.sanitize(rollbackFailure));
                }
                throw e;
            } finally {
                if (auto) {
                    try {
                        c.setAutoCommit(true);
                    } catch (SQLException ignored) {
                        // the connection is closed next
                    }
                }
            }
        } catch (SQLException e) {
            throw Stores.writeFailure(e);
        } finally {
            unlockWrites();
        }
    }

    /** Refuses, before any database work, what the store cannot keep. */
    private static void check(UserChange change) {
        if (change instanceof UserChange.Create c) {
            Checks.fields(c.fields());
            checkMemberships(c.memberships());
        } else if (change instanceof UserChange.Update u) {
            // its fields are checked in the transaction, after its version: as the in-memory store does
            checkMemberships(u.addMemberships());
            for (String f : u.erase()) {
                Objects.requireNonNull(f, "erased field must not be null");
            }
        }
    }

    private static void checkMemberships(Set<Membership> memberships) {
        for (Membership m : memberships) {
            if (m.target().length() > MAX_VALUE_LENGTH || (m.role() != null && m.role().length() > MAX_VALUE_LENGTH)
                    || (m.status() != null && m.status().length() > MAX_VALUE_LENGTH)) {
                throw new IllegalArgumentException("a " + m.kind().targetKind() + " membership has a value longer than "
                        + MAX_VALUE_LENGTH + " characters");
            }
        }
    }

    /** Hashes every new password of the batch, in parallel, before the transaction starts. */
    private String[] hashPasswords(List<UserChange> changes) {
        String[] hashes = new String[changes.size()];
        int[] withPassword = IntStream.range(0, changes.size())
                .filter(i -> passwordOf(changes.get(i)).newPassword() != null).toArray();
        IntStream indexes = IntStream.of(withPassword);
        if (withPassword.length > 1) {
            indexes = indexes.parallel();
        }
        indexes.forEach(i -> {
            char[] plain = passwordOf(changes.get(i)).newPassword().reveal();
            try {
                hashes[i] = Passwords.hash(plain, passwordIterations);
            } finally {
                Passwords.clear(plain);
            }
        });
        return hashes;
    }

    private static PasswordChange passwordOf(UserChange change) {
        if (change instanceof UserChange.Create c) {
            return c.password();
        }
        if (change instanceof UserChange.Update u) {
            return u.password();
        }
        return PasswordChange.NONE;
    }

    // ------------------------------------------------------------------ administration

    /**
     * Adds a custom field to the stored schema (it is marked {@link FieldDefinition#custom()
     * custom} whatever the definition says). Adding a field exactly as it is stored already
     * does nothing.
     *
     * @param definition the field
     * @throws IllegalArgumentException when its name or an alias means a standard field, a
     *                                  header alias of one, {@code feed} or {@code password},
     *                                  or another custom field; when a custom field of that
     *                                  name exists with other settings; when its maximum
     *                                  length exceeds {@value #MAX_VALUE_LENGTH}; or when it is
     *                                  unique and values stored under its name already repeat
     */
    public void addCustomField(FieldDefinition definition) {
        Objects.requireNonNull(definition, "definition must not be null");
        FieldDefinition f = definition.custom() ? definition : definition.toBuilder().custom(true).build();
        if (f.name().length() > Tables.MAX_FIELD_NAME_LENGTH) {
            throw new IllegalArgumentException("field names have at most " + Tables.MAX_FIELD_NAME_LENGTH + " characters");
        }
        if (f.maxLength() > MAX_VALUE_LENGTH || f.fixedLength() > MAX_VALUE_LENGTH) {
            throw new IllegalArgumentException("this store keeps values of at most " + MAX_VALUE_LENGTH + " characters");
        }
        inTransaction("add a custom field", c -> {
            List<FieldDefinition> existing = FieldDefinitions.load(c);
            for (FieldDefinition e : existing) {
                if (e.name().equals(f.name())) {
                    if (e.equals(f)) {
                        return null;
                    }
                    throw new IllegalArgumentException("custom field " + f.name()
                            + " exists already with other settings; remove it first");
                }
            }
            Map<String, String> owners = FieldDefinitions.headerOwners(
                    FieldSchema.standard().with(existing.toArray(FieldDefinition[]::new)));
            List<String> names = new ArrayList<>();
            names.add(f.name());
            names.addAll(f.aliases());
            for (String n : names) {
                String owner = owners.get(FieldDefinitions.headerKey(n));
                if (owner != null) {
                    throw new IllegalArgumentException("\"" + n + "\" already means the field " + owner
                            + "; choose another name or alias for custom field " + f.name());
                }
            }
            FieldDefinitions.insert(c, f);
            if (f.uniqueWithinSite()) {
                if (dev.rollcall.jdbc.internal.SiteUniqueness.repeats(c, f.name())) {
                    throw new IllegalArgumentException("users of one site already share values of " + f.name()
                            + "; it cannot be unique within a site");
                }
            } else if (f.unique()) {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + Tables.UNIQUE_VALUES
                        + " (field, field_value, user_id) SELECT field, field_value, user_id FROM " + Tables.USER_FIELDS
                        + " WHERE field = ?")) {
                    ps.setString(1, f.name());
                    ps.executeUpdate();
                } catch (SQLException e) {
                    if (Failures.uniqueViolation(e, List.of()).isPresent()) {
                        throw new IllegalArgumentException("users already share values of " + f.name()
                                + "; it cannot be unique");
                    }
                    throw e;
                }
            }
            return null;
        });
    }

    /**
     * Removes a custom field, and every user's value of it (those users' versions change).
     *
     * @param name the custom field's name
     * @return whether there was such a custom field
     */
    public boolean removeCustomField(String name) {
        Objects.requireNonNull(name, "name must not be null");
        return inTransaction("remove a custom field", c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + Tables.FIELD_DEFINITIONS + " WHERE name = ?")) {
                ps.setString(1, name);
                if (ps.executeUpdate() == 0) {
                    return false;
                }
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE " + Tables.USERS
                    + " SET version = version + 1, updated_at = CURRENT_TIMESTAMP WHERE id IN (SELECT user_id FROM "
                    + Tables.USER_FIELDS + " WHERE field = ?)")) {
                ps.setString(1, name);
                ps.executeUpdate();
            }
            for (String table : List.of(Tables.UNIQUE_VALUES, Tables.USER_FIELDS)) {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE field = ?")) {
                    ps.setString(1, name);
                    ps.executeUpdate();
                }
            }
            return true;
        });
    }

    /**
     * Adds a site and every site above it ({@code Canada/Ontario/Hospital A} adds
     * {@code Canada} and {@code Canada/Ontario} too). Adding a site that exists does nothing.
     *
     * @param path a site path; normalised with {@link Sites#normalize}
     * @return the normalised path
     * @throws IllegalArgumentException when the path is empty after normalising, or too long
     */
    public String addSite(String path) {
        Objects.requireNonNull(path, "path must not be null");
        String normalized = Sites.normalize(path);
        if (normalized.isEmpty()) {
            throw new IllegalArgumentException("a site path needs at least one name");
        }
        checkTargetName(normalized);
        List<String> chain = new ArrayList<>();
        int slash = -1;
        while ((slash = normalized.indexOf('/', slash + 1)) >= 0) {
            chain.add(normalized.substring(0, slash));
        }
        chain.add(normalized);
        inTransaction("add a site", c -> {
            for (String site : chain) {
                insertTarget(c, SITE_KIND, site);
            }
            return null;
        });
        return normalized;
    }

    /** @return every site path, sorted */
    public List<String> sites() {
        return targets(SITE_KIND);
    }

    /**
     * Adds something memberships and field values may name: a cohort, a course, a program,
     * a group ({@code course/group}), a system role, a theme, or any kind a custom field
     * {@linkplain FieldDefinition#references() refers to} (an office, say). Adding one that
     * exists does nothing. Kind {@value #SITE_KIND} goes to {@link #addSite}.
     *
     * @param kind the kind, e.g. {@code course} (see {@link dev.rollcall.spi.MembershipKind#targetKind()})
     * @param name the target's name, exactly as memberships will name it
     */
    public void addTarget(String kind, String name) {
        Objects.requireNonNull(kind, "kind must not be null");
        Objects.requireNonNull(name, "name must not be null");
        if (kind.isBlank() || kind.length() > 100) {
            throw new IllegalArgumentException("a target kind needs 1 to 100 characters");
        }
        if (kind.equals(SITE_KIND)) {
            addSite(name);
            return;
        }
        if (name.isBlank()) {
            throw new IllegalArgumentException("a target name must not be blank");
        }
        checkTargetName(name);
        inTransaction("add a target", c -> {
            insertTarget(c, kind, name);
            return null;
        });
    }

    /**
     * @param kind a target kind
     * @return the names of that kind, sorted
     */
    public List<String> targets(String kind) {
        Objects.requireNonNull(kind, "kind must not be null");
        List<String> out = new ArrayList<>();
        try (Connection c = connect();
             PreparedStatement ps = c.prepareStatement("SELECT name FROM " + Tables.TARGETS + " WHERE kind = ?")) {
            ps.setString(1, kind);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw Stores.failure("list targets", e);
        }
        Collections.sort(out);
        return List.copyOf(out);
    }

    private static void checkTargetName(String name) {
        if (name.length() > MAX_VALUE_LENGTH) {
            throw new IllegalArgumentException("target names have at most " + MAX_VALUE_LENGTH + " characters");
        }
    }

    private static void insertTarget(Connection c, String kind, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + Tables.TARGETS + " (kind, name) SELECT ?, ? "
                + "WHERE NOT EXISTS (SELECT 1 FROM " + Tables.TARGETS + " WHERE kind = ? AND name = ?)")) {
            ps.setString(1, kind);
            ps.setString(2, name);
            ps.setString(3, kind);
            ps.setString(4, name);
            ps.executeUpdate();
        }
    }

    // ------------------------------------------------------------------ users and passwords

    /**
     * {@inheritDoc}
     *
     * <p>One query per 1,000 ids, then one for their custom values and one for their
     * memberships. Ids that are not numbers, or name no user, are absent.
     */
    @Override
    public Map<String, UserRecord> findByIds(Collection<String> ids) {
        Objects.requireNonNull(ids, "ids must not be null");
        Map<Long, String> given = new LinkedHashMap<>();
        for (String id : ids) {
            OptionalLong n = id == null ? OptionalLong.empty() : Sql.parseId(id);
            if (n.isPresent()) {
                given.putIfAbsent(n.getAsLong(), id);
            }
        }
        if (given.isEmpty()) {
            return Map.of();
        }
        Map<String, UserRecord> out = new LinkedHashMap<>();
        try (Connection c = connect()) {
            for (List<Long> chunk : Sql.chunks(given.keySet(), Sql.CHUNK)) {
                List<UserRow> rows = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement("SELECT " + Tables.USER_COLUMNS + " FROM " + Tables.USERS
                        + " WHERE id IN " + Sql.in(chunk.size()) + " ORDER BY id")) {
                    Sql.bindLongs(ps, 1, chunk);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            rows.add(UserRow.read(rs, false));
                        }
                    }
                }
                for (UserRecord u : Reads.complete(c, rows)) {
                    out.put(given.get(Long.parseLong(u.id())), u);
                }
            }
        } catch (SQLException e) {
            throw Stores.failure("find users by id", e);
        }
        return out;
    }

    /**
     * @param userId a user id
     * @return the user, or empty when there is none with that id
     */
    public Optional<UserRecord> findById(String userId) {
        Objects.requireNonNull(userId, "userId must not be null");
        OptionalLong id = Sql.parseId(userId);
        if (id.isEmpty()) {
            return Optional.empty();
        }
        try (Connection c = connect();
             PreparedStatement ps = c.prepareStatement("SELECT " + Tables.USER_COLUMNS + " FROM " + Tables.USERS
                     + " WHERE id = ?")) {
            ps.setLong(1, id.getAsLong());
            UserRow row = null;
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    row = UserRow.read(rs, false);
                }
            }
            return row == null ? Optional.empty() : Optional.of(Reads.complete(c, List.of(row)).get(0));
        } catch (SQLException e) {
            throw Stores.failure("find a user", e);
        }
    }

    /**
     * Checks a password against the stored hash, for hosts and tests.
     *
     * @param username the user's username (compared exactly)
     * @param password the password to check; not kept or cleared (the caller clears it)
     * @return whether the user exists, has a password and it matches
     */
    public boolean verifyPassword(String username, char[] password) {
        Objects.requireNonNull(username, "username must not be null");
        Objects.requireNonNull(password, "password must not be null");
        String hash = null;
        try (Connection c = connect();
             PreparedStatement ps = c.prepareStatement("SELECT password_hash FROM " + Tables.USERS
                     + " WHERE username = ?")) {
            ps.setString(1, username);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    hash = rs.getString(1);
                }
            }
        } catch (SQLException e) {
            throw Stores.failure("check a password", e);
        }
        return Passwords.verify(password, hash);
    }

    /**
     * @param userId a user id
     * @return what is stored about the user's password, or empty when there is no such user
     */
    public Optional<PasswordState> passwordState(String userId) {
        Objects.requireNonNull(userId, "userId must not be null");
        OptionalLong id = Sql.parseId(userId);
        if (id.isEmpty()) {
            return Optional.empty();
        }
        try (Connection c = connect();
             PreparedStatement ps = c.prepareStatement("SELECT password_hash, password_generate, password_reset, "
                     + "password_force_change FROM " + Tables.USERS + " WHERE id = ?")) {
            ps.setLong(1, id.getAsLong());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new PasswordState(rs.getString(1) != null, rs.getBoolean(2), rs.getBoolean(3),
                        rs.getBoolean(4)));
            }
        } catch (SQLException e) {
            throw Stores.failure("read a password state", e);
        }
    }

    /**
     * What the store knows about a user's password: never the password, never the hash.
     * Immutable and thread-safe.
     *
     * @param hasPassword whether a password hash is stored
     * @param generate    the host should generate a password (a user created without one)
     * @param reset       the host should reset the password and tell the user
     * @param forceChange the user must change the password at next sign-in
     */
    public record PasswordState(boolean hasPassword, boolean generate, boolean reset, boolean forceChange) {
    }

    // ------------------------------------------------------------------ plumbing

    /**
     * Closes the connection pool this repository owns, if any; a host's DataSource is left
     * open. An {@link #embedded} database is compacted first when most of its file is dead
     * space (see {@link #embeddedUrl}).
     */
    @Override
    public void close() {
        if (ownPool == null) {
            return;
        }
        if (writes == null || !initialized) {
            ownPool.close();
            return;
        }
        lockWrites();
        try (Connection c = ownPool.getConnection()) {
            ownPool.close();
            Stores.compactEmbedded(c);
        } catch (SQLException | RuntimeException e) {
            // compaction saves space, never a reason to fail: the next close tries again
        } finally {
            ownPool.close();
            unlockWrites();
        }
    }

    /**
     * @return the DataSource this repository uses (its own pool, or the host's), so that
     *         other stores can keep their tables in the same database; closing the
     *         repository closes its own pool
     */
    public DataSource dataSource() {
        return dataSource;
    }

        /** @return the number of PBKDF2 iterations new password hashes get */
    public int passwordIterations() {
        return passwordIterations;
    }

    @Override
    public String toString() {
        return "JdbcUserRepository[" + description + "]";
    }

    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T inTransaction(String what, Work<T> work) {
        lockWrites();
        try (Connection c = connect()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                try {
                    c.rollback();
                } catch (SQLException rollbackFailure) {
                    e.addSuppressed(Failures.sanitize(rollbackFailure));
                }
                throw e;
            } finally {
                try {
                    c.setAutoCommit(auto);
                } catch (SQLException ignored) {
                    // the connection is closed next
                }
            }
        } catch (SQLException e) {
            throw Stores.failure(what, e);
        } finally {
            unlockWrites();
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c != null) {
            try {
                c.close();
            } catch (Exception ignored) {
                // already failing
            }
        }
    }

    /**
     * Configures a {@link JdbcUserRepository}. Not thread-safe; {@link #build()} copies the
     * settings, so a builder can be reused.
     */
    public static final class Builder {
        private DataSource dataSource;
        private String url;
        private Path directory;
        private int passwordIterations = DEFAULT_PASSWORD_ITERATIONS;

        private Builder() {
        }

        /** Uses the host's DataSource, which the repository never closes. */
        public Builder dataSource(DataSource newDataSource) {
            Objects.requireNonNull(newDataSource, "dataSource must not be null");
            checkUnset();
            this.dataSource = newDataSource;
            return this;
        }

        /** Connects with {@link java.sql.DriverManager} to a JDBC URL (user and password inside it). */
        public Builder url(String jdbcUrl) {
            Objects.requireNonNull(jdbcUrl, "jdbcUrl must not be null");
            if (!jdbcUrl.startsWith("jdbc:")) {
                throw new IllegalArgumentException("a JDBC URL starts with jdbc:");
            }
            checkUnset();
            this.url = jdbcUrl;
            return this;
        }

        /** Uses an embedded H2 file database in a folder (see {@link JdbcUserRepository#embeddedUrl}). */
        public Builder embedded(Path newDirectory) {
            Objects.requireNonNull(newDirectory, "directory must not be null");
            checkUnset();
            this.directory = newDirectory;
            return this;
        }

        /**
         * Sets the PBKDF2 iteration count for new password hashes (default
         * {@value JdbcUserRepository#DEFAULT_PASSWORD_ITERATIONS}); stored hashes keep theirs.
         */
        public Builder passwordIterations(int iterations) {
            if (iterations < Passwords.MIN_ITERATIONS) {
                throw new IllegalArgumentException("passwordIterations must be at least " + Passwords.MIN_ITERATIONS
                        + ", not " + iterations);
            }
            this.passwordIterations = iterations;
            return this;
        }

        private void checkUnset() {
            if (dataSource != null || url != null || directory != null) {
                throw new IllegalStateException("the store is given already: choose one of dataSource, url or embedded");
            }
        }

        /**
         * @return the repository; its tables are created on first use
         * @throws IllegalStateException when no store was given
         * @throws UncheckedIOException  when the embedded database's folder cannot be created
         */
        public JdbcUserRepository build() {
            if (dataSource != null) {
                return new JdbcUserRepository(dataSource, null, null, dataSource.getClass().getSimpleName(),
                        passwordIterations);
            }
            if (url != null) {
                UrlDataSource pool = new UrlDataSource(url);
                return new JdbcUserRepository(pool, pool, null, pool.toString(), passwordIterations);
            }
            if (directory != null) {
                try {
                    Files.createDirectories(directory);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot create the database folder " + directory, e);
                }
                String url = embeddedUrl(directory);
                Path where = directory.toAbsolutePath().normalize();
                UrlDataSource pool = new UrlDataSource(url, "the embedded store at " + where);
                return new JdbcUserRepository(pool, pool, EMBEDDED_WRITERS.computeIfAbsent(url, u -> new ReentrantLock()),
                        "embedded H2 in " + where, passwordIterations);
            }
            throw new IllegalStateException("say where the store is: dataSource, url or embedded");
        }
    }
}
