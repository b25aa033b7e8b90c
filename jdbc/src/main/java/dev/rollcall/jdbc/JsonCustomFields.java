package dev.rollcall.jdbc;

import dev.rollcall.jdbc.internal.JsonObjects;
import dev.rollcall.jdbc.internal.Sql;
import dev.rollcall.spi.Codes;
import dev.rollcall.spi.RollcallException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Custom fields in a JSON column of the host's user table ({@link TableMapping.Builder#customJson}):
 * reading a user's values out of the column's object, the object to write for a create, an
 * update or a delete (members the host keeps there for itself stay as they were), and finding
 * users by a value: on PostgreSQL by querying the JSON, elsewhere by reading the column of
 * every user. Immutable and thread-safe.
 */
final class JsonCustomFields {

    private final TableMapping m;
    private final String column;
    /** each custom field's member name, by field (in the fields' order, so that a new object is always written alike) */
    private final Map<String, String> keyOf = new TreeMap<>();

    JsonCustomFields(TableMapping m) {
        this.m = m;
        this.column = m.customJsonColumn;
        m.customs.forEach((field, custom) -> keyOf.put(field, custom.key()));
    }

    /** @return the JSON column */
    String column() {
        return column;
    }

    /** @return whether the field is one of the custom fields kept in the column */
    boolean holds(String field) {
        return keyOf.containsKey(field);
    }

    /**
     * @param id   the user, for the message when the column is malformed
     * @param text the column's value
     * @return the custom fields' values it holds, by field
     * @throws RollcallException ({@link Codes#STORE_FAILED}) when the column holds no JSON object,
     *                           or an object or array where a field's value should be
     */
    Map<String, String> read(long id, String text) {
        Map<String, Object> members = parse(id, text);
        Map<String, String> out = new HashMap<>();
        keyOf.forEach((field, key) -> {
            String v = value(id, key, members.get(key));
            if (v != null) {
                out.put(field, v);
            }
        });
        return out;
    }

    /** @return the object a new user's column gets: the custom fields the change sets */
    String forCreate(Map<String, String> fields) {
        Map<String, Object> members = new LinkedHashMap<>();
        keyOf.forEach((field, key) -> {
            String v = fields.get(field);
            if (present(v)) {
                members.put(key, v);
            }
        });
        return JsonObjects.write(members);
    }

    /**
     * @return the object after an update sets and erases custom fields, the host's members kept;
     *         {@code null} when the update touches no custom field
     */
    String forUpdate(long id, String current, Map<String, String> set, Set<String> erase) {
        if (set.keySet().stream().noneMatch(this::holds) && erase.stream().noneMatch(this::holds)) {
            return null;
        }
        Map<String, Object> members = parse(id, current);
        keyOf.forEach((field, key) -> {
            if (present(set.get(field))) {
                members.put(key, set.get(field));
            } else if (erase.contains(field) || set.containsKey(field)) {
                members.remove(key);
            }
        });
        return JsonObjects.write(members);
    }

    /** @return the object without any custom field's member (a user flagged deleted), the host's members kept */
    String cleared(long id, String current) {
        Map<String, Object> members = parse(id, current);
        members.keySet().removeAll(keyOf.values());
        return JsonObjects.write(members);
    }

    /** @return the column's current value for a user (in the caller's transaction) */
    String current(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + column + " FROM " + m.table + " WHERE "
                + m.idColumn + " = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    /**
     * Finds users by a custom field's value, compared exactly.
     *
     * @param postgres whether the database is PostgreSQL, which queries the JSON itself
     * @param alive    the condition that a row is not flagged deleted, followed by AND, or nothing
     * @param except   a user to leave out, or -1
     * @return the ids of the users holding each value (values nobody holds are absent)
     */
    Map<String, Set<Long>> find(Connection c, boolean postgres, String field, Collection<String> values, String alive,
                                long except) throws SQLException {
        String key = keyOf.get(field);
        Map<String, Set<Long>> out = new HashMap<>();
        if (postgres) {
            // through TEXT, so that a text column's empty string (no object yet) is no error, whatever the column's type
            String expr = "CAST(NULLIF(CAST(" + column + " AS TEXT), '') AS jsonb) ->> CAST(? AS TEXT)";
            for (List<String> chunk : Sql.chunks(new HashSet<>(values), Sql.CHUNK)) {
                try (PreparedStatement ps = c.prepareStatement("SELECT " + m.idColumn + ", " + expr + " FROM " + m.table
                        + " WHERE " + alive + m.idColumn + " <> ? AND " + expr + " IN " + Sql.in(chunk.size()))) {
                    ps.setString(1, key);
                    ps.setLong(2, except);
                    ps.setString(3, key);
                    Sql.bindStrings(ps, 4, chunk);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            out.computeIfAbsent(rs.getString(2), x -> new HashSet<>()).add(rs.getLong(1));
                        }
                    }
                }
            }
            return out;
        }
        Set<String> wanted = new HashSet<>(values);
        try (PreparedStatement ps = c.prepareStatement("SELECT " + m.idColumn + ", " + column + " FROM " + m.table
                + " WHERE " + alive + m.idColumn + " <> ?")) {
            ps.setLong(1, except);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long id = rs.getLong(1);
                    String v = value(id, key, parse(id, rs.getString(2)).get(key));
                    if (v != null && wanted.contains(v)) {
                        out.computeIfAbsent(v, x -> new HashSet<>()).add(id);
                    }
                }
            }
        }
        return out;
    }

    private Map<String, Object> parse(long id, String text) {
        if (text == null || text.isBlank() || text.equals(m.absentValue)) {
            return new LinkedHashMap<>();
        }
        try {
            return JsonObjects.parse(text);
        } catch (IllegalArgumentException e) {
            throw new RollcallException(Codes.STORE_FAILED, "the JSON column " + m.table + "." + column + " of user " + id
                    + " is " + e.getMessage() + "; fix the stored value (docs/MAPPING.md)");
        }
    }

    /** @return a member's value as a field's value: a string or a number or boolean as written; null when absent */
    private String value(long id, String key, Object member) {
        String v;
        if (member == null) {
            return null;
        } else if (member instanceof String s) {
            v = s;
        } else {
            JsonObjects.Raw raw = (JsonObjects.Raw) member;
            if (raw.isNull()) {
                return null;
            }
            if (!raw.isScalar()) {
                throw new RollcallException(Codes.STORE_FAILED, "the JSON column " + m.table + "." + column + " of user "
                        + id + " holds an object or an array under \"" + key + "\", where a field's value should be a "
                        + "string; fix the stored value (docs/MAPPING.md)");
            }
            v = raw.json();
        }
        return present(v) ? v : null;
    }

    private boolean present(String v) {
        return v != null && !v.isEmpty() && !v.equals(m.absentValue);
    }
}
