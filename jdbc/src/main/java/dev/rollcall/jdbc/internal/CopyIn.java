package dev.rollcall.jdbc.internal;

import dev.rollcall.spi.StandardFields;

import java.io.Reader;
import java.io.StringReader;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Locale;

/**
 * Inserts new users into PostgreSQL with {@code COPY … FROM STDIN} (PgJDBC's
 * {@code CopyManager}, found by reflection, so the module needs no driver to compile or to
 * run on other databases): one round trip for their ids (taken from the table's identity
 * sequence), one for the rows. Nothing else differs from a batch of inserts: the same
 * columns and values, the same transaction, the same constraints (a unique violation fails
 * the statement with SQLState 23505 and the constraint's name).
 */
final class CopyIn {

    /** Fewer users than this go as a batch of inserts: a COPY costs an extra round trip for the ids. */
    static final int MIN_ROWS = 16;

    private static final String COLUMNS;

    static {
        StringBuilder cols = new StringBuilder("id, ");
        for (String f : Tables.STANDARD_FIELDS) {
            cols.append(Tables.column(f).orElseThrow()).append(", ");
            if (f.equals(StandardFields.EMAIL)) {
                cols.append("email_lower, ");
            }
        }
        COLUMNS = cols.append("version, password_hash, password_generate, password_reset, password_force_change, ")
                .append("created_at, updated_at").toString();
    }

    private final Connection connection;
    private final Object copyManager;
    private final Method copyIn;

    private CopyIn(Connection connection, Object copyManager, Method copyIn) {
        this.connection = connection;
        this.copyManager = copyManager;
        this.copyIn = copyIn;
    }

    /**
     * @param c a connection
     * @return a COPY writer when {@code c} is a PgJDBC connection, else null
     */
    static CopyIn of(Connection c) {
        try {
            if (!c.getMetaData().getDatabaseProductName().equals("PostgreSQL")) {
                return null;
            }
            Class<?> pgConnection = pgConnectionClass(c);
            if (pgConnection == null || !c.isWrapperFor(pgConnection)) {
                return null;
            }
            Object pg = c.unwrap(pgConnection);
            Object manager = pgConnection.getMethod("getCopyAPI").invoke(pg);
            Method copyIn = Class.forName("org.postgresql.copy.CopyManager", false, pgConnection.getClassLoader())
                    .getMethod("copyIn", String.class, Reader.class);
            return new CopyIn(c, manager, copyIn);
        } catch (ReflectiveOperationException | SQLException | LinkageError | RuntimeException e) {
            return null;
        }
    }

    /**
     * @return PgJDBC's connection interface, from whichever class loader has the driver (a
     *         pool's proxy connection may come from one that does not), or null
     */
    private static Class<?> pgConnectionClass(Connection c) {
        ClassLoader[] loaders = {c.getClass().getClassLoader(), CopyIn.class.getClassLoader(),
                Thread.currentThread().getContextClassLoader(), ClassLoader.getSystemClassLoader()};
        for (ClassLoader loader : loaders) {
            try {
                return Class.forName("org.postgresql.PGConnection", false, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                // try the next
            }
        }
        return null;
    }

    /**
     * Inserts the rows, in order, with new ids.
     *
     * @param rows the new users (id 0), version 1
     * @return their ids, in the order of {@code rows}
     */
    long[] insert(UserRow[] rows) throws SQLException {
        long[] ids = new long[rows.length];
        String now;
        try (PreparedStatement ps = connection.prepareStatement("SELECT nextval(pg_get_serial_sequence('"
                + Tables.USERS + "', 'id')), CAST(CURRENT_TIMESTAMP AS VARCHAR) FROM generate_series(1, ?)")) {
            ps.setInt(1, rows.length);
            now = null;
            int k = 0;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next() && k < ids.length) {
                    ids[k++] = rs.getLong(1);
                    now = rs.getString(2);
                }
            }
            if (k != ids.length) {
                throw new SQLException("the identity sequence gave " + k + " ids for " + ids.length + " users");
            }
        }
        Arrays.sort(ids);
        StringBuilder csv = new StringBuilder(rows.length * 256);
        for (int k = 0; k < rows.length; k++) {
            UserRow row = rows[k];
            csv.append(ids[k]);
            for (int i = 0; i < row.values.length; i++) {
                String v = row.values[i];
                value(csv, v);
                if (Tables.STANDARD_FIELDS.get(i).equals(StandardFields.EMAIL)) {
                    value(csv, v == null ? null : v.trim().toLowerCase(Locale.ROOT));
                }
            }
            csv.append(',').append(row.version);
            value(csv, row.passwordHash);
            csv.append(row.passwordGenerate ? ",t" : ",f").append(row.passwordReset ? ",t" : ",f")
                    .append(row.passwordForceChange ? ",t" : ",f");
            value(csv, now);
            value(csv, now);
            csv.append('\n');
        }
        try {
            copyIn.invoke(copyManager, "COPY " + Tables.USERS + " (" + COLUMNS + ") FROM STDIN (FORMAT csv)",
                    new StringReader(csv.toString()));
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof SQLException s) {
                throw s;
            }
            throw new SQLException("COPY failed", "XX000", e.getCause());
        } catch (IllegalAccessException e) {
            throw new SQLException("COPY is not accessible", "XX000", e);
        }
        return ids;
    }

    /** Appends {@code ,value} in CSV: null as nothing, anything else quoted (so "" stays a value). */
    private static void value(StringBuilder csv, String v) {
        csv.append(',');
        if (v == null) {
            return;
        }
        csv.append('"');
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '"') {
                csv.append('"');
            }
            csv.append(c);
        }
        csv.append('"');
    }
}
