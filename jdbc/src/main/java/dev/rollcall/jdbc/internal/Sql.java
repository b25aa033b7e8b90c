package dev.rollcall.jdbc.internal;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.OptionalLong;

/** Small helpers for building and binding portable SQL. */
public final class Sql {

    private Sql() {
    }

    /**
     * The most keys one IN list carries. PostgreSQL accepts 32,767 parameters per
     * statement; staying far below keeps statements small and plans cheap.
     */
    public static final int CHUNK = 1000;

    /** IN-list sizes: a list is padded up to the next of these, so few distinct statements are prepared. */
    private static final int[] BUCKETS = {1, 2, 4, 8, 16, 32, 64, 128, 256, 512, CHUNK};

    /**
     * @param items the items
     * @param size  the most per chunk
     * @return the items in consecutive chunks of at most {@code size}
     */
    public static <T> List<List<T>> chunks(Collection<T> items, int size) {
        List<T> all = items instanceof List<T> l ? l : new ArrayList<>(items);
        List<List<T>> out = new ArrayList<>((all.size() + size - 1) / size);
        for (int i = 0; i < all.size(); i += size) {
            out.add(all.subList(i, Math.min(all.size(), i + size)));
        }
        return out;
    }

    /**
     * @param n the number of keys (1 to {@link #CHUNK})
     * @return the number of placeholders to write for them (keys are padded by repeating the last)
     */
    public static int padded(int n) {
        for (int b : BUCKETS) {
            if (n <= b) {
                return b;
            }
        }
        throw new IllegalArgumentException("at most " + CHUNK + " keys per IN list, not " + n);
    }

    /** @return {@code (?, ?, …)} with {@code n} placeholders */
    public static String placeholders(int n) {
        StringBuilder sb = new StringBuilder(n * 3 + 2).append('(');
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "?" : ", ?");
        }
        return sb.append(')').toString();
    }

    /** @return {@code (?, ?, …)} for {@link #padded(int) padded(n)} keys */
    public static String in(int n) {
        return placeholders(padded(n));
    }

    /**
     * Binds string keys to an IN list written with {@link #in(int)}, padding with the last key.
     *
     * @return the next parameter index
     */
    public static int bindStrings(PreparedStatement ps, int from, List<String> keys) throws SQLException {
        int n = padded(keys.size());
        for (int i = 0; i < n; i++) {
            ps.setString(from + i, keys.get(Math.min(i, keys.size() - 1)));
        }
        return from + n;
    }

    /**
     * Binds long keys to an IN list written with {@link #in(int)}, padding with the last key.
     *
     * @return the next parameter index
     */
    public static int bindLongs(PreparedStatement ps, int from, List<Long> keys) throws SQLException {
        int n = padded(keys.size());
        for (int i = 0; i < n; i++) {
            ps.setLong(from + i, keys.get(Math.min(i, keys.size() - 1)));
        }
        return from + n;
    }

    /**
     * The keys of a look-up as a table to join, where the database takes them as one array
     * parameter: {@code UNNEST(CAST(? AS VARCHAR ARRAY)) k(v)} on H2, {@code unnest(CAST(? AS
     * varchar[])) AS k(v)} on PostgreSQL, one row a key in column {@code k.v}. Joined to the
     * indexed column, the database probes the index once per key; with {@code col = ANY(?)}
     * H2 also tests every row it finds against the whole array (in a profile of planning
     * 105,000 rows against 100,000 users in H2, 5% of the planning thread's samples were that
     * test), and an IN list is one parameter a key, padded.
     *
     * @param c an open connection
     * @return the FROM item to join, binding one array ({@link #bindArray}), or null when the
     *         database gets IN lists instead
     */
    public static String keyTable(Connection c) throws SQLException {
        return switch (c.getMetaData().getDatabaseProductName()) {
            case "H2" -> "UNNEST(CAST(? AS VARCHAR ARRAY)) k(v)";
            case "PostgreSQL" -> "unnest(CAST(? AS varchar[])) AS k(v)";
            default -> null;
        };
    }

    /** Binds string keys as one array parameter, for {@link #keyTable}. */
    public static void bindArray(Connection c, PreparedStatement ps, int index, List<String> keys) throws SQLException {
        Array array = c.createArrayOf("varchar", keys.toArray());
        ps.setArray(index, array);
    }

    /**
     * @param id a user id as the SPI carries it
     * @return the numeric id, or empty when the text cannot be an id of this store (ids are
     *         written in canonical decimal: {@code 007} is no id, as no user has it)
     */
    public static OptionalLong parseId(String id) {
        if (id == null || id.isEmpty() || id.length() > 19 || (id.length() > 1 && id.charAt(0) == '0')) {
            return OptionalLong.empty();
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c < '0' || c > '9') {
                return OptionalLong.empty();
            }
        }
        try {
            return OptionalLong.of(Long.parseLong(id));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /**
     * Escapes a value for use in {@code LIKE … ESCAPE '!'}.
     *
     * @param value a literal prefix
     * @return the value with {@code !}, {@code %} and {@code _} escaped by {@code !}
     */
    public static String escapeLike(String value) {
        StringBuilder sb = new StringBuilder(value.length() + 8);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '!' || c == '%' || c == '_') {
                sb.append('!');
            }
            sb.append(c);
        }
        return sb.toString();
    }
}
