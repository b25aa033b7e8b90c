package dev.rollcall.jdbc.internal;

import dev.rollcall.spi.Membership;
import dev.rollcall.spi.UserRecord;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** One row of the users table, mutable while a write computes a user's new state. */
public final class UserRow {

    /** The user's id. */
    public final long id;
    /** The standard columns, indexed like {@link Tables#STANDARD_FIELDS}; {@code null} for no value. */
    public final String[] values;
    /** The stored version. */
    public long version;
    /** The stored password hash, when read for an update. */
    public String passwordHash;
    /** The host should generate a password. */
    public boolean passwordGenerate;
    /** The host should reset the password. */
    public boolean passwordReset;
    /** The user must change the password at next sign-in. */
    public boolean passwordForceChange;

    /** A new row. */
    public UserRow(long id, String[] values, long version) {
        this.id = id;
        this.values = values;
        this.version = version;
    }

    /**
     * Reads a row selected with {@link Tables#USER_COLUMNS} (and the password columns after
     * them when {@code withPassword}).
     */
    public static UserRow read(ResultSet rs, boolean withPassword) throws SQLException {
        int n = Tables.STANDARD_FIELDS.size();
        String[] values = new String[n];
        for (int i = 0; i < n; i++) {
            values[i] = rs.getString(2 + i);
        }
        UserRow row = new UserRow(rs.getLong(1), values, rs.getLong(2 + n));
        if (withPassword) {
            row.passwordHash = rs.getString(3 + n);
            row.passwordGenerate = rs.getBoolean(4 + n);
            row.passwordReset = rs.getBoolean(5 + n);
            row.passwordForceChange = rs.getBoolean(6 + n);
        }
        return row;
    }

    /** @return the value of a standard field */
    public String get(String field) {
        return values[Tables.standardIndex(field)];
    }

    /**
     * @param custom      the user's custom field values
     * @param memberships the user's memberships
     * @return the record the SPI hands out
     */
    public UserRecord toRecord(Map<String, String> custom, Set<Membership> memberships) {
        Set<Membership> held = memberships == null ? Set.of() : memberships;
        if (custom == null) {
            // the common case, once per user found: the immutable map the record keeps, built
            // directly (UserRecord's Map.copyOf then returns it as it is)
            @SuppressWarnings("unchecked")
            Map.Entry<String, String>[] entries = (Map.Entry<String, String>[]) new Map.Entry<?, ?>[values.length];
            int n = 0;
            for (int i = 0; i < values.length; i++) {
                if (values[i] != null && !values[i].isEmpty()) {
                    entries[n++] = Map.entry(Tables.STANDARD_FIELDS.get(i), values[i]);
                }
            }
            return new UserRecord(Long.toString(id), Map.ofEntries(Arrays.copyOf(entries, n)), held, version);
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i < values.length; i++) {
            if (values[i] != null && !values[i].isEmpty()) {
                fields.put(Tables.STANDARD_FIELDS.get(i), values[i]);
            }
        }
        for (Map.Entry<String, String> e : custom.entrySet()) {
            fields.putIfAbsent(e.getKey(), e.getValue());
        }
        return new UserRecord(Long.toString(id), fields, held, version);
    }
}
