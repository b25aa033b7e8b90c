package dev.rollcall.jdbc.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * A store's key for saved plans: 256 random bits, made once and kept in Base64 as a row of
 * {@code rollcall_meta(name, val)}. Rollcall's own store keeps its key under {@code plan_key};
 * a mapped store over a host's tables keeps one per user table ({@link #forTable}), in a
 * {@code rollcall_meta} that {@link #createTable} makes in the host's database when a key is
 * first needed.
 */
public final class PlanKeys {

    private PlanKeys() {
    }

    /** The key's length: 256 bits. */
    public static final int LENGTH = 32;

    /** The name of Rollcall's own store's key. */
    public static final String OWN_STORE = "plan_key";

    /**
     * @param table a mapped store's user table, e.g. {@code mdl_user} or {@code lms.users}
     * @return the name of that store's key: {@code plan_key:TABLE}, or a digest of the table's
     *         name when that would not fit the name column
     */
    public static String forTable(String table) {
        String name = OWN_STORE + ":" + table;
        if (name.length() <= Tables.MAX_FIELD_NAME_LENGTH) {
            return name;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(table.getBytes(StandardCharsets.UTF_8));
            return OWN_STORE + ":sha256:" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** Creates {@code rollcall_meta} when it is missing ({@link Tables#META_DDL}). */
    public static void createTable(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(Tables.META_DDL);
        }
    }

    /**
     * Makes the key named {@code name}, unless there is one: 256 random bits, Base64.
     *
     * @param c    a connection in auto-commit mode
     * @param name the key's name
     */
    public static void create(Connection c, String name) throws SQLException {
        byte[] key = new byte[LENGTH];
        new SecureRandom().nextBytes(key);
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO " + Tables.META + " (name, val) SELECT "
                + "CAST(? AS VARCHAR(100)), CAST(? AS VARCHAR(100)) WHERE NOT EXISTS (SELECT 1 FROM " + Tables.META
                + " WHERE name = ?)")) {
            insert.setString(1, name);
            insert.setString(2, Base64.getEncoder().encodeToString(key));
            insert.setString(3, name);
            insert.executeUpdate();
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /**
     * @param c    a connection
     * @param name the key's name
     * @return the key, or {@code null} when there is none
     */
    public static byte[] read(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT val FROM " + Tables.META + " WHERE name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Base64.getDecoder().decode(rs.getString(1).trim()) : null;
            }
        }
    }

    /**
     * Reads the key named {@code name}, making {@code rollcall_meta} and the key first when
     * they are missing. Two processes doing so at once both end with the one key that was kept.
     * A database user that may not create tables gets on when {@code rollcall_meta} exists and
     * it may insert into it.
     *
     * @param c    a connection in auto-commit mode
     * @param name the key's name
     * @return the key
     */
    public static byte[] readOrCreate(Connection c, String name) throws SQLException {
        byte[] key;
        boolean table = true;
        try {
            key = read(c, name);
        } catch (SQLException noTable) {
            key = null;
            table = false;    // in auto-commit mode a failed statement leaves nothing behind, even on PostgreSQL
        }
        if (key != null) {
            return key;
        }
        try {
            if (!table) {
                createTable(c);
            }
            create(c, name);
        } catch (SQLException raced) {
            // another process made the table or the key between our look and our insert: read theirs
            key = readIfTableExists(c, name);
            if (key != null) {
                return key;
            }
            throw raced;
        }
        key = read(c, name);
        if (key == null) {
            throw new SQLException("the key " + name + " was made but cannot be read back from " + Tables.META);
        }
        return key;
    }

    /** @return the key, or null when there is none or no {@code rollcall_meta} to read it from */
    private static byte[] readIfTableExists(Connection c, String name) {
        try {
            return read(c, name);
        } catch (SQLException noTable) {
            return null;
        }
    }
}
