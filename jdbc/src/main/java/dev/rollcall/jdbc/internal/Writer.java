package dev.rollcall.jdbc.internal;

import dev.rollcall.spi.DuplicateKeyException;
import dev.rollcall.spi.FieldDefinition;
import dev.rollcall.spi.Membership;
import dev.rollcall.spi.PasswordChange;
import dev.rollcall.spi.StaleUserException;
import dev.rollcall.spi.StandardFields;
import dev.rollcall.spi.UserChange;
import dev.rollcall.spi.UserStatus;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Makes one {@code write} call's changes inside the caller's transaction.
 *
 * <h2>Groups</h2>
 * Consecutive changes of the same kind form a group (at most {@link Sql#CHUNK} changes,
 * and never two changes of the same user, so that a group's statements may run table by
 * table instead of change by change without changing the outcome). Groups run in list
 * order. Within a group every statement is a JDBC batch on a reused
 * {@link PreparedStatement}:
 * <ul>
 *   <li>creates: one batch insert into the users table (ids from generated keys); on
 *       PostgreSQL, from {@value CopyIn#MIN_ROWS} creates on, one {@code COPY} instead (ids
 *       taken from the identity sequence first, see {@link CopyIn}); then one batch each for
 *       custom values, unique custom values and memberships;</li>
 *   <li>updates: {@code UPDATE … SET <the columns it touches>, version = version + 1
 *       WHERE id = ? AND version = ?}, one batch per distinct set of touched columns (an
 *       update count of 0 means the user changed or is gone). When a change of the group
 *       touches a unique column (username, external id, employee id), order matters — a
 *       rename may free the name a later change takes — so the group goes instead as one
 *       batch, in list order, of the one statement that can make any update
 *       ({@code col = CASE WHEN ? THEN ? ELSE col END} for every column). Then batches for
 *       custom values and memberships (deletes before inserts);</li>
 *   <li>deletes: one batch of {@code DELETE … WHERE id = ? AND version = ?}; foreign keys
 *       cascade to the user's custom values, memberships and delegate links;</li>
 *   <li>delegate changes: one query that checks every user named exists, a batch of deletes
 *       and a batch of inserts that skip links already present.</li>
 * </ul>
 *
 * <h2>Unique custom fields</h2>
 * Unique custom values live in their own table whose primary key is (field, value), so the
 * database enforces them. Before a group writes unique custom values, one query per such
 * field finds the current holders of the values, and the group is checked in list order as
 * the in-memory repository checks it; the database's constraint then only guards against
 * concurrent writers.
 *
 * <p>Not thread-safe: one writer per {@code write} call.
 */
public final class Writer {

    /** What a password change sets: a new hash (clearing "generate"), or flags added to the stored ones. */
    private static final String PASSWORD_SET = "password_hash = CASE WHEN ? THEN ? ELSE password_hash END, "
            + "password_generate = CASE WHEN ? THEN FALSE ELSE (password_generate OR ?) END, "
            + "password_reset = CASE WHEN ? THEN ? ELSE (password_reset OR ?) END, "
            + "password_force_change = CASE WHEN ? THEN ? ELSE (password_force_change OR ?) END, ";
    /** The standard fields with unique columns. */
    private static final List<String> UNIQUE_COLUMNS = List.of(StandardFields.USERNAME, StandardFields.EXTERNAL_ID,
            StandardFields.EMPLOYEE_ID);
    private static final String USER_VALUES;
    private static final String INSERT_USER;
    private static final String UPDATE_USER;

    static {
        StringBuilder cols = new StringBuilder();
        StringBuilder sets = new StringBuilder();
        for (String f : Tables.STANDARD_FIELDS) {
            String col = Tables.column(f).orElseThrow();
            cols.append(col).append(", ");
            sets.append(col).append(" = CASE WHEN ? THEN ? ELSE ").append(col).append(" END, ");
            if (f.equals(StandardFields.EMAIL)) {
                cols.append("email_lower, ");
                sets.append("email_lower = CASE WHEN ? THEN ? ELSE email_lower END, ");
            }
        }
        USER_VALUES = cols.toString();
        int params = Tables.STANDARD_FIELDS.size() + 1 + 5;
        INSERT_USER = "INSERT INTO " + Tables.USERS + " (" + USER_VALUES + "version, password_hash, password_generate, "
                + "password_reset, password_force_change, created_at, updated_at) VALUES "
                + Sql.placeholders(params).replace(")", ", CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)");
        UPDATE_USER = "UPDATE " + Tables.USERS + " SET " + sets + "version = version + 1, " + PASSWORD_SET
                + "updated_at = CURRENT_TIMESTAMP WHERE id = ? AND version = ?";
    }

    private static final String INSERT_FIELD = "INSERT INTO " + Tables.USER_FIELDS
            + " (user_id, field, field_value) VALUES (?, ?, ?)";
    private static final String DELETE_FIELD = "DELETE FROM " + Tables.USER_FIELDS + " WHERE user_id = ? AND field = ?";
    private static final String INSERT_UNIQUE = "INSERT INTO " + Tables.UNIQUE_VALUES
            + " (field, field_value, user_id) VALUES (?, ?, ?)";
    private static final String DELETE_UNIQUE = "DELETE FROM " + Tables.UNIQUE_VALUES + " WHERE user_id = ? AND field = ?";
    private static final String INSERT_MEMBERSHIP = "INSERT INTO " + Tables.MEMBERSHIPS
            + " (user_id, membership_key, kind, target, role, status, start_date, end_date) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String ADD_MEMBERSHIP = "INSERT INTO " + Tables.MEMBERSHIPS
            + " (user_id, membership_key, kind, target, role, status, start_date, end_date)"
            + " SELECT ?, ?, ?, ?, ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM " + Tables.MEMBERSHIPS
            + " WHERE user_id = ? AND membership_key = ?)";
    private static final String DELETE_MEMBERSHIP = "DELETE FROM " + Tables.MEMBERSHIPS
            + " WHERE user_id = ? AND membership_key = ?";
    private static final String DELETE_USER = "DELETE FROM " + Tables.USERS + " WHERE id = ? AND version = ?";
    private static final String ADD_DELEGATE = "INSERT INTO " + Tables.DELEGATES + " (user_id, delegate_id)"
            + " SELECT ?, ? WHERE NOT EXISTS (SELECT 1 FROM " + Tables.DELEGATES + " WHERE user_id = ? AND delegate_id = ?)";
    private static final String DELETE_DELEGATE = "DELETE FROM " + Tables.DELEGATES
            + " WHERE user_id = ? AND delegate_id = ?";

    private static final List<String> USER_CONSTRAINTS = List.of(Tables.USERNAME_UQ, Tables.EXTERNAL_ID_UQ,
            Tables.EMPLOYEE_ID_UQ);

    private final Connection connection;
    /** Unique custom fields, in schema order (not those unique within a site). */
    private final List<String> uniqueCustom = new ArrayList<>();
    /** Custom fields unique within a site ({@link SiteUniqueness}). */
    private final List<String> uniqueWithinSite = new ArrayList<>();
    private final String[] hashes;
    private final boolean generatedKeys;
    private final Map<String, PreparedStatement> statements = new HashMap<>();
    private CopyIn copy;
    private boolean copyLooked;

    /**
     * @param connection   a connection in a transaction the caller commits or rolls back
     * @param customFields the store's custom fields, read in the same transaction
     * @param hashes       for each change, the hash of its new password, or {@code null}
     */
    public Writer(Connection connection, List<FieldDefinition> customFields, String[] hashes) throws SQLException {
        this.connection = connection;
        this.hashes = hashes;
        for (FieldDefinition f : customFields) {
            if (f.uniqueWithinSite()) {
                uniqueWithinSite.add(f.name());
            } else if (f.unique()) {
                uniqueCustom.add(f.name());
            }
        }
        this.generatedKeys = connection.getMetaData().supportsGetGeneratedKeys();
    }

    /**
     * Makes the changes, in list order.
     *
     * @return for each change, the id of the user it wrote
     */
    public List<String> run(List<UserChange> changes) throws SQLException {
        List<String> ids = new ArrayList<>(changes.size());
        try {
            String withinSite = uniqueWithinSite.isEmpty() ? null : SiteUniqueness.check(connection, uniqueWithinSite, changes);
            if (withinSite != null) {
                throw new DuplicateKeyException(withinSite);
            }
            int start = 0;
            while (start < changes.size()) {
                int end = groupEnd(changes, start);
                List<UserChange> group = changes.subList(start, end);
                UserChange first = group.get(0);
                if (first instanceof UserChange.Create) {
                    creates(group, start, ids);
                } else if (first instanceof UserChange.Update) {
                    updates(group, start, ids);
                } else if (first instanceof UserChange.Delete) {
                    deletes(group, ids);
                } else if (first instanceof UserChange.Delegates) {
                    delegates(group, ids);
                } else {
                    throw new IllegalArgumentException("unknown change " + first.getClass().getName());
                }
                start = end;
            }
            return ids;
        } finally {
            for (PreparedStatement ps : statements.values()) {
                try {
                    ps.close();
                } catch (SQLException ignored) {
                    // the transaction's outcome is decided elsewhere
                }
            }
        }
    }

    /** The end (exclusive) of the group that starts at {@code start}. */
    private static int groupEnd(List<UserChange> changes, int start) {
        Class<?> kind = changes.get(start).getClass();
        Set<String> users = new HashSet<>();
        int i = start;
        while (i < changes.size() && i - start < Sql.CHUNK) {
            UserChange c = changes.get(i);
            if (c.getClass() != kind) {
                break;
            }
            String user = userOf(c);
            if (user != null && !users.add(user)) {
                break;
            }
            i++;
        }
        return i;
    }

    private static String userOf(UserChange c) {
        if (c instanceof UserChange.Update u) {
            return u.userId();
        }
        if (c instanceof UserChange.Delete d) {
            return d.userId();
        }
        if (c instanceof UserChange.Delegates d) {
            return d.userId();
        }
        return null;
    }

    private PreparedStatement statement(String sql) throws SQLException {
        PreparedStatement ps = statements.get(sql);
        if (ps == null) {
            ps = sql.equals(INSERT_USER) && generatedKeys
                    ? connection.prepareStatement(sql, new String[]{"id"})
                    : connection.prepareStatement(sql);
            statements.put(sql, ps);
        }
        return ps;
    }

    // ---------------------------------------------------------------- creates

    private void creates(List<UserChange> group, int base, List<String> ids) throws SQLException {
        int n = group.size();
        UserRow[] rows = new UserRow[n];
        List<Map<String, String>> custom = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            UserChange.Create c = (UserChange.Create) group.get(k);
            String[] values = new String[Tables.STANDARD_FIELDS.size()];
            Map<String, String> other = new LinkedHashMap<>();
            for (Map.Entry<String, String> e : c.fields().entrySet()) {
                int i = Tables.standardIndex(e.getKey());
                if (i >= 0) {
                    values[i] = e.getValue();
                } else {
                    other.put(e.getKey(), e.getValue());
                }
            }
            int status = Tables.standardIndex(StandardFields.STATUS);
            if (values[status] == null) {
                values[status] = UserStatus.ACTIVE.name();
            }
            UserRow row = new UserRow(0, values, 1);
            applyPassword(row, c.password(), hashes[base + k]);
            rows[k] = row;
            custom.add(other);
        }
        Optional<String> customDuplicate = checkUniqueCustom(group, null, custom);

        long[] newIds;
        CopyIn copy = n >= CopyIn.MIN_ROWS ? copyIn() : null;
        if (copy != null) {
            try {
                newIds = copy.insert(rows);
            } catch (SQLException e) {
                throw duplicateOr(e);
            }
        } else {
            PreparedStatement ps = statement(INSERT_USER);
            for (UserRow row : rows) {
                int p = bindStandard(ps, 1, row.values);
                ps.setLong(p++, 1L);
                bindPassword(ps, p, row);
                ps.addBatch();
            }
            executeUsers(ps, group);
            newIds = generatedIds(ps, rows);
        }
        for (int k = 0; k < n; k++) {
            ids.add(Long.toString(newIds[k]));
        }
        if (customDuplicate.isPresent()) {
            throw new DuplicateKeyException(customDuplicate.get());
        }

        PreparedStatement fields = null;
        for (int k = 0; k < n; k++) {
            for (Map.Entry<String, String> e : custom.get(k).entrySet()) {
                fields = fields == null ? statement(INSERT_FIELD) : fields;
                fields.setLong(1, newIds[k]);
                fields.setString(2, e.getKey());
                fields.setString(3, e.getValue());
                fields.addBatch();
            }
        }
        execute(fields);
        insertUniqueValues(newIds, custom);

        PreparedStatement memberships = null;
        for (int k = 0; k < n; k++) {
            UserChange.Create c = (UserChange.Create) group.get(k);
            for (Membership m : c.memberships()) {
                memberships = memberships == null ? statement(INSERT_MEMBERSHIP) : memberships;
                bindMembership(memberships, 1, newIds[k], m);
                memberships.addBatch();
            }
        }
        execute(memberships);
    }

    /** @return the COPY writer of this connection (PostgreSQL through PgJDBC), or null */
    private CopyIn copyIn() {
        if (!copyLooked) {
            copy = CopyIn.of(connection);
            copyLooked = true;
        }
        return copy;
    }

    private long[] generatedIds(PreparedStatement ps, UserRow[] rows) throws SQLException {
        long[] out = new long[rows.length];
        int k = 0;
        if (generatedKeys) {
            try (ResultSet rs = ps.getGeneratedKeys()) {
                while (rs.next() && k < out.length) {
                    out[k++] = rs.getLong(1);
                }
            }
        }
        if (k == out.length) {
            return out;
        }
        // The driver gave no keys for the batch: find the new rows by their unique username.
        Map<String, Integer> byName = new HashMap<>();
        List<String> names = new ArrayList<>(rows.length);
        for (int i = 0; i < rows.length; i++) {
            String u = rows[i].get(StandardFields.USERNAME);
            byName.put(u, i);
            names.add(u);
        }
        int found = 0;
        try (PreparedStatement q = connection.prepareStatement("SELECT id, username FROM " + Tables.USERS
                + " WHERE username IN " + Sql.in(names.size()))) {
            Sql.bindStrings(q, 1, names);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    Integer i = byName.get(rs.getString(2));
                    if (i != null) {
                        out[i] = rs.getLong(1);
                        found++;
                    }
                }
            }
        }
        if (found != rows.length) {
            throw new IllegalStateException("the database returned " + found + " new ids for " + rows.length + " users");
        }
        return out;
    }

    // ---------------------------------------------------------------- updates

    private void updates(List<UserChange> group, int base, List<String> ids) throws SQLException {
        int n = group.size();
        long[] userIds = new long[n];
        List<Map<String, String>> custom = new ArrayList<>(n);
        List<Set<String>> customGone = new ArrayList<>(n);
        int invalid = -1;
        IllegalArgumentException firstInvalid = null;
        for (int k = 0; k < n; k++) {
            UserChange.Update u = (UserChange.Update) group.get(k);
            userIds[k] = Sql.parseId(u.userId()).orElse(-1L);
            if (firstInvalid == null) {
                try {
                    Checks.fields(u.set());
                } catch (IllegalArgumentException e) {
                    invalid = k;
                    firstInvalid = e;
                }
            }
            Map<String, String> set = new LinkedHashMap<>();
            Set<String> gone = new HashSet<>();
            for (Map.Entry<String, String> e : u.set().entrySet()) {
                if (Tables.standardIndex(e.getKey()) < 0) {
                    set.put(e.getKey(), e.getValue());
                    gone.add(e.getKey());
                }
            }
            for (String f : u.erase()) {
                if (Tables.standardIndex(f) < 0 && !f.equals(StandardFields.PASSWORD)) {
                    gone.add(f);
                }
            }
            custom.add(set);
            customGone.add(gone);
        }
        if (firstInvalid != null) {
            // as the in-memory store does: a change is checked for staleness before its values
            throwStaleBefore(group, invalid + 1);
            throw firstInvalid;
        }
        Optional<String> customDuplicate = checkUniqueCustom(group, userIds, custom);

        int[] counts = orderMatters(group) ? updateInOrder(group, base, userIds) : updateBySignature(group, base, userIds);
        for (int k = 0; k < n; k++) {
            if (counts[k] == 0) {
                throw new StaleUserException(((UserChange.Update) group.get(k)).userId());
            }
            ids.add(Long.toString(userIds[k]));
        }
        if (customDuplicate.isPresent()) {
            throw new DuplicateKeyException(customDuplicate.get());
        }

        PreparedStatement deleteField = null;
        PreparedStatement deleteUnique = null;
        for (int k = 0; k < n; k++) {
            for (String f : customGone.get(k)) {
                deleteField = deleteField == null ? statement(DELETE_FIELD) : deleteField;
                deleteField.setLong(1, userIds[k]);
                deleteField.setString(2, f);
                deleteField.addBatch();
                if (uniqueCustom.contains(f)) {
                    deleteUnique = deleteUnique == null ? statement(DELETE_UNIQUE) : deleteUnique;
                    deleteUnique.setLong(1, userIds[k]);
                    deleteUnique.setString(2, f);
                    deleteUnique.addBatch();
                }
            }
        }
        execute(deleteField);
        execute(deleteUnique);
        PreparedStatement insertField = null;
        for (int k = 0; k < n; k++) {
            for (Map.Entry<String, String> e : custom.get(k).entrySet()) {
                insertField = insertField == null ? statement(INSERT_FIELD) : insertField;
                insertField.setLong(1, userIds[k]);
                insertField.setString(2, e.getKey());
                insertField.setString(3, e.getValue());
                insertField.addBatch();
            }
        }
        execute(insertField);
        insertUniqueValues(userIds, custom);

        PreparedStatement removeMembership = null;
        PreparedStatement addMembership = null;
        for (int k = 0; k < n; k++) {
            UserChange.Update u = (UserChange.Update) group.get(k);
            for (Membership m : u.removeMemberships()) {
                removeMembership = removeMembership == null ? statement(DELETE_MEMBERSHIP) : removeMembership;
                removeMembership.setLong(1, userIds[k]);
                removeMembership.setString(2, Reads.membershipKey(m));
                removeMembership.addBatch();
            }
        }
        execute(removeMembership);
        for (int k = 0; k < n; k++) {
            UserChange.Update u = (UserChange.Update) group.get(k);
            for (Membership m : u.addMemberships()) {
                addMembership = addMembership == null ? statement(ADD_MEMBERSHIP) : addMembership;
                int p = bindMembership(addMembership, 1, userIds[k], m);
                addMembership.setLong(p++, userIds[k]);
                addMembership.setString(p, Reads.membershipKey(m));
                addMembership.addBatch();
            }
        }
        execute(addMembership);
    }

    /**
     * @return whether the group's updates must reach the users table in list order: when one
     *         of them sets or erases a unique column, an earlier change may free the value a
     *         later one takes (a chain of renames)
     */
    private static boolean orderMatters(List<UserChange> group) {
        for (UserChange c : group) {
            UserChange.Update u = (UserChange.Update) c;
            for (String f : UNIQUE_COLUMNS) {
                if (u.set().containsKey(f) || u.erase().contains(f)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * One batch in list order of the one statement that can make any update:
     * {@code col = CASE WHEN ? THEN ? ELSE col END} for every column.
     *
     * @return the update count of each change
     */
    private int[] updateInOrder(List<UserChange> group, int base, long[] userIds) throws SQLException {
        PreparedStatement ps = statement(UPDATE_USER);
        for (int k = 0; k < group.size(); k++) {
            UserChange.Update u = (UserChange.Update) group.get(k);
            int p = 1;
            for (String f : Tables.STANDARD_FIELDS) {
                boolean touched = u.set().containsKey(f) || u.erase().contains(f);
                String value = u.set().get(f);
                ps.setBoolean(p++, touched);
                ps.setString(p++, value);
                if (f.equals(StandardFields.EMAIL)) {
                    ps.setBoolean(p++, touched);
                    ps.setString(p++, lowerEmail(value));
                }
            }
            PasswordChange pw = u.password();
            boolean given = pw.newPassword() != null;
            ps.setBoolean(p++, given);
            ps.setString(p++, hashes[base + k]);
            ps.setBoolean(p++, given);
            ps.setBoolean(p++, pw.generate());
            ps.setBoolean(p++, given);
            ps.setBoolean(p++, pw.reset());
            ps.setBoolean(p++, pw.reset());
            ps.setBoolean(p++, given);
            ps.setBoolean(p++, pw.forceChange());
            ps.setBoolean(p++, pw.forceChange());
            ps.setLong(p++, userIds[k]);
            ps.setLong(p, u.expectedVersion());
            ps.addBatch();
        }
        int[] counts = executeUsers(ps, group);
        int[] out = new int[group.size()];
        for (int k = 0; k < out.length; k++) {
            out[k] = k < counts.length ? counts[k] : 0;
        }
        return out;
    }

    /**
     * One batch per distinct set of columns the group's updates touch, each statement
     * setting only those columns. Only for groups whose order does not matter (no unique
     * column changes, no user twice).
     *
     * @return the update count of each change, in list order
     */
    private int[] updateBySignature(List<UserChange> group, int base, long[] userIds) throws SQLException {
        Map<String, List<Integer>> bySignature = new LinkedHashMap<>();
        for (int k = 0; k < group.size(); k++) {
            bySignature.computeIfAbsent(signature((UserChange.Update) group.get(k)), x -> new ArrayList<>()).add(k);
        }
        int[] out = new int[group.size()];
        for (Map.Entry<String, List<Integer>> e : bySignature.entrySet()) {
            List<Integer> members = e.getValue();
            UserChange.Update first = (UserChange.Update) group.get(members.get(0));
            List<String> columns = touchedFields(first);
            boolean password = !first.password().isNone();
            PreparedStatement ps = statement(updateSql(columns, password));
            for (int k : members) {
                UserChange.Update u = (UserChange.Update) group.get(k);
                int p = 1;
                for (String f : columns) {
                    String value = u.set().get(f);
                    ps.setString(p++, value);
                    if (f.equals(StandardFields.EMAIL)) {
                        ps.setString(p++, lowerEmail(value));
                    }
                }
                if (password) {
                    PasswordChange pw = u.password();
                    boolean given = pw.newPassword() != null;
                    ps.setBoolean(p++, given);
                    ps.setString(p++, hashes[base + k]);
                    ps.setBoolean(p++, given);
                    ps.setBoolean(p++, pw.generate());
                    ps.setBoolean(p++, given);
                    ps.setBoolean(p++, pw.reset());
                    ps.setBoolean(p++, pw.reset());
                    ps.setBoolean(p++, given);
                    ps.setBoolean(p++, pw.forceChange());
                    ps.setBoolean(p++, pw.forceChange());
                }
                ps.setLong(p++, userIds[k]);
                ps.setLong(p, u.expectedVersion());
                ps.addBatch();
            }
            int[] counts = ps.executeBatch();
            for (int i = 0; i < members.size(); i++) {
                out[members.get(i)] = i < counts.length ? counts[i] : 0;
            }
        }
        return out;
    }

    /** @return the standard fields an update sets or erases, in column order */
    private static List<String> touchedFields(UserChange.Update u) {
        List<String> out = new ArrayList<>();
        for (String f : Tables.STANDARD_FIELDS) {
            if (u.set().containsKey(f) || u.erase().contains(f)) {
                out.add(f);
            }
        }
        return out;
    }

    private static String signature(UserChange.Update u) {
        return touchedFields(u) + (u.password().isNone() ? "" : "+password");
    }

    private static String updateSql(List<String> fields, boolean password) {
        StringBuilder sb = new StringBuilder("UPDATE ").append(Tables.USERS).append(" SET ");
        for (String f : fields) {
            sb.append(Tables.column(f).orElseThrow()).append(" = ?, ");
            if (f.equals(StandardFields.EMAIL)) {
                sb.append("email_lower = ?, ");
            }
        }
        sb.append("version = version + 1, ");
        if (password) {
            sb.append(PASSWORD_SET);
        }
        return sb.append("updated_at = CURRENT_TIMESTAMP WHERE id = ? AND version = ?").toString();
    }

    private static String lowerEmail(String email) {
        return email == null ? null : email.trim().toLowerCase(Locale.ROOT);
    }

    // ---------------------------------------------------------------- deletes

    private void deletes(List<UserChange> group, List<String> ids) throws SQLException {
        PreparedStatement ps = statement(DELETE_USER);
        long[] userIds = new long[group.size()];
        for (int k = 0; k < group.size(); k++) {
            UserChange.Delete d = (UserChange.Delete) group.get(k);
            userIds[k] = Sql.parseId(d.userId()).orElse(-1L);
            ps.setLong(1, userIds[k]);
            ps.setLong(2, d.expectedVersion());
            ps.addBatch();
        }
        int[] counts = ps.executeBatch();
        for (int k = 0; k < group.size(); k++) {
            if (k >= counts.length || counts[k] == 0) {
                throw new StaleUserException(((UserChange.Delete) group.get(k)).userId());
            }
            ids.add(Long.toString(userIds[k]));
        }
    }

    // ---------------------------------------------------------------- delegates

    private void delegates(List<UserChange> group, List<String> ids) throws SQLException {
        Set<Long> wanted = new java.util.LinkedHashSet<>();
        for (UserChange c : group) {
            UserChange.Delegates d = (UserChange.Delegates) c;
            Sql.parseId(d.userId()).ifPresent(wanted::add);
            for (String a : d.add()) {
                Sql.parseId(a).ifPresent(wanted::add);
            }
        }
        Set<Long> existing = new HashSet<>();
        for (List<Long> chunk : Sql.chunks(wanted, Sql.CHUNK)) {
            try (PreparedStatement q = connection.prepareStatement("SELECT id FROM " + Tables.USERS + " WHERE id IN "
                    + Sql.in(chunk.size()))) {
                Sql.bindLongs(q, 1, chunk);
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        existing.add(rs.getLong(1));
                    }
                }
            }
        }
        PreparedStatement remove = null;
        PreparedStatement add = null;
        for (UserChange c : group) {
            UserChange.Delegates d = (UserChange.Delegates) c;
            long user = existingId(existing, d.userId());
            for (String a : d.add()) {
                existingId(existing, a);
            }
            for (String r : d.remove()) {
                OptionalLong id = Sql.parseId(r);
                if (id.isPresent()) {
                    remove = remove == null ? statement(DELETE_DELEGATE) : remove;
                    remove.setLong(1, user);
                    remove.setLong(2, id.getAsLong());
                    remove.addBatch();
                }
            }
            ids.add(Long.toString(user));
        }
        execute(remove);
        for (UserChange c : group) {
            UserChange.Delegates d = (UserChange.Delegates) c;
            long user = Sql.parseId(d.userId()).orElseThrow();
            for (String a : d.add()) {
                long id = Sql.parseId(a).orElseThrow();
                add = add == null ? statement(ADD_DELEGATE) : add;
                add.setLong(1, user);
                add.setLong(2, id);
                add.setLong(3, user);
                add.setLong(4, id);
                add.addBatch();
            }
        }
        execute(add);
    }

    private static long existingId(Set<Long> existing, String id) {
        OptionalLong n = Sql.parseId(id);
        if (n.isEmpty() || !existing.contains(n.getAsLong())) {
            throw new StaleUserException(id);
        }
        return n.getAsLong();
    }

    // ---------------------------------------------------------------- shared

    /**
     * Throws {@link StaleUserException} for the first of a group's first {@code end} updates
     * whose user is missing or at another version (one query, only on the way to a failure).
     */
    private void throwStaleBefore(List<UserChange> group, int end) throws SQLException {
        List<Long> ids = new ArrayList<>(end);
        for (int k = 0; k < end; k++) {
            Sql.parseId(userOf(group.get(k))).ifPresent(ids::add);
        }
        Map<Long, Long> versions = new HashMap<>();
        if (!ids.isEmpty()) {
            try (PreparedStatement q = connection.prepareStatement("SELECT id, version FROM " + Tables.USERS
                    + " WHERE id IN " + Sql.in(ids.size()))) {
                Sql.bindLongs(q, 1, ids);
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        versions.put(rs.getLong(1), rs.getLong(2));
                    }
                }
            }
        }
        for (int k = 0; k < end; k++) {
            UserChange.Update u = (UserChange.Update) group.get(k);
            OptionalLong id = Sql.parseId(u.userId());
            Long version = id.isPresent() ? versions.get(id.getAsLong()) : null;
            if (version == null || version != u.expectedVersion()) {
                throw new StaleUserException(u.userId());
            }
        }
    }

    /** Records what a change asks about the password; the hash was made before the transaction. */
    private static void applyPassword(UserRow row, PasswordChange p, String hash) {
        if (p.newPassword() != null) {
            row.passwordHash = hash;
            row.passwordGenerate = false;
            row.passwordReset = p.reset();
            row.passwordForceChange = p.forceChange();
        } else {
            row.passwordGenerate |= p.generate();
            row.passwordReset |= p.reset();
            row.passwordForceChange |= p.forceChange();
        }
    }

    private static int bindStandard(PreparedStatement ps, int from, String[] values) throws SQLException {
        int p = from;
        for (int i = 0; i < values.length; i++) {
            ps.setString(p++, values[i]);
            if (Tables.STANDARD_FIELDS.get(i).equals(StandardFields.EMAIL)) {
                ps.setString(p++, values[i] == null ? null : values[i].trim().toLowerCase(Locale.ROOT));
            }
        }
        return p;
    }

    private static int bindPassword(PreparedStatement ps, int from, UserRow row) throws SQLException {
        int p = from;
        ps.setString(p++, row.passwordHash);
        ps.setBoolean(p++, row.passwordGenerate);
        ps.setBoolean(p++, row.passwordReset);
        ps.setBoolean(p++, row.passwordForceChange);
        return p;
    }

    private static int bindMembership(PreparedStatement ps, int from, long userId, Membership m) throws SQLException {
        int p = from;
        ps.setLong(p++, userId);
        ps.setString(p++, Reads.membershipKey(m));
        ps.setString(p++, m.kind().name());
        ps.setString(p++, m.target());
        ps.setString(p++, m.role());
        ps.setString(p++, m.status());
        if (m.start() == null) {
            ps.setNull(p++, Types.DATE);
        } else {
            ps.setObject(p++, m.start());
        }
        if (m.end() == null) {
            ps.setNull(p++, Types.DATE);
        } else {
            ps.setObject(p++, m.end());
        }
        return p;
    }

    /**
     * Runs a batch on the users table, turning its unique violations into
     * {@link DuplicateKeyException} — or into {@link StaleUserException} when an earlier
     * update of the batch touched no row, as changes fail in list order.
     */
    private static int[] executeUsers(PreparedStatement ps, List<UserChange> group) throws SQLException {
        try {
            return ps.executeBatch();
        } catch (SQLException e) {
            if (Failures.uniqueViolation(e, USER_CONSTRAINTS).isPresent() && e instanceof java.sql.BatchUpdateException b) {
                int[] counts = b.getUpdateCounts();
                for (int k = 0; counts != null && k < counts.length && k < group.size(); k++) {
                    if (counts[k] == 0 && group.get(k) instanceof UserChange.Update u) {
                        throw new StaleUserException(u.userId());
                    }
                }
            }
            throw duplicateOr(e);
        }
    }

    /**
     * @return {@link DuplicateKeyException} naming the field when {@code e} is a unique
     *         violation of the users table; else {@code e}, to be thrown
     */
    private static SQLException duplicateOr(SQLException e) {
        Optional<String> constraint = Failures.uniqueViolation(e, USER_CONSTRAINTS);
        if (constraint.isPresent()) {
            String c = constraint.get();
            if (c.equals(Tables.USERNAME_UQ)) {
                throw new DuplicateKeyException(StandardFields.USERNAME);
            } else if (c.equals(Tables.EXTERNAL_ID_UQ)) {
                throw new DuplicateKeyException(StandardFields.EXTERNAL_ID);
            } else if (c.equals(Tables.EMPLOYEE_ID_UQ)) {
                throw new DuplicateKeyException(StandardFields.EMPLOYEE_ID);
            }
        }
        return e;
    }

    private static void execute(PreparedStatement ps) throws SQLException {
        if (ps != null) {
            ps.executeBatch();
        }
    }

    /** Inserts unique custom values, one batch per field, so a violation names its field. */
    private void insertUniqueValues(long[] userIds, List<Map<String, String>> custom) throws SQLException {
        for (String f : uniqueCustom) {
            PreparedStatement ps = null;
            for (int k = 0; k < userIds.length; k++) {
                String v = custom.get(k).get(f);
                if (v != null) {
                    ps = ps == null ? statement(INSERT_UNIQUE) : ps;
                    ps.setString(1, f);
                    ps.setString(2, v);
                    ps.setLong(3, userIds[k]);
                    ps.addBatch();
                }
            }
            if (ps != null) {
                try {
                    ps.executeBatch();
                } catch (SQLException e) {
                    if (Failures.uniqueViolation(e, List.of()).isPresent()) {
                        throw new DuplicateKeyException(f);
                    }
                    throw e;
                }
            }
        }
    }

    /**
     * Checks a group's unique custom values in list order against the stored holders (one
     * query per unique field the group writes).
     *
     * @param group  the group's creates or updates
     * @param userIds for updates, the users' ids; {@code null} for creates
     * @param custom for each change, the custom values it sets
     * @return the first field whose value would be duplicated, if any
     */
    private Optional<String> checkUniqueCustom(List<UserChange> group, long[] userIds, List<Map<String, String>> custom)
            throws SQLException {
        if (uniqueCustom.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Map<String, Long>> holders = new HashMap<>();
        for (String f : uniqueCustom) {
            Set<String> values = new java.util.LinkedHashSet<>();
            for (Map<String, String> m : custom) {
                String v = m.get(f);
                if (v != null) {
                    values.add(v);
                }
            }
            if (values.isEmpty()) {
                continue;
            }
            Map<String, Long> byValue = new HashMap<>();
            for (List<String> chunk : Sql.chunks(values, Sql.CHUNK)) {
                try (PreparedStatement q = connection.prepareStatement("SELECT field_value, user_id FROM "
                        + Tables.UNIQUE_VALUES + " WHERE field = ? AND field_value IN " + Sql.in(chunk.size()))) {
                    q.setString(1, f);
                    Sql.bindStrings(q, 2, chunk);
                    try (ResultSet rs = q.executeQuery()) {
                        while (rs.next()) {
                            byValue.put(rs.getString(1), rs.getLong(2));
                        }
                    }
                }
            }
            holders.put(f, byValue);
        }
        if (holders.isEmpty()) {
            return Optional.empty();
        }
        for (int k = 0; k < group.size(); k++) {
            long self = userIds == null ? -1L - k : userIds[k];
            Map<String, String> set = custom.get(k);
            for (String f : uniqueCustom) {
                String v = set.get(f);
                if (v == null) {
                    continue;
                }
                Long holder = holders.get(f).get(v);
                if (holder != null && holder != self) {
                    return Optional.of(f);
                }
            }
            // this change frees the values it replaces or erases, then holds the ones it sets
            Set<String> touched = new HashSet<>(set.keySet());
            if (group.get(k) instanceof UserChange.Update u) {
                touched.addAll(u.erase());
            }
            for (String f : uniqueCustom) {
                Map<String, Long> byValue = holders.get(f);
                if (byValue == null || !touched.contains(f)) {
                    continue;
                }
                byValue.values().removeIf(h -> h == self);
                String v = set.get(f);
                if (v != null) {
                    byValue.put(v, self);
                }
            }
        }
        return Optional.empty();
    }
}
