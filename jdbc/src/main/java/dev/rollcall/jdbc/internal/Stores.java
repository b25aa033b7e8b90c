package dev.rollcall.jdbc.internal;

import dev.rollcall.jdbc.JdbcStoreException;
import dev.rollcall.spi.Codes;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Turns {@link SQLException}s into the repository's unchecked, data-free exceptions. */
public final class Stores {

    private Stores() {
    }

    /**
     * @param what what was being done, e.g. {@code "find users"}
     * @param e    the failure
     * @return a {@link JdbcStoreException} with code {@link Codes#STORE_FAILED}
     */
    public static JdbcStoreException failure(String what, SQLException e) {
        String state = Failures.sqlState(e);
        String unreachable = unreachable(e);
        return new JdbcStoreException(Codes.STORE_FAILED, unreachable != null ? unreachable
                : "the store could not " + what + " (SQLState " + state + ")", state, Failures.sanitize(e));
    }

    /** @return the message of a failure to connect (it names the store and the reason), or null for any other failure */
    private static String unreachable(SQLException e) {
        for (SQLException s : Failures.chain(e)) {
            if (s instanceof UrlDataSource.ConnectFailure) {
                return s.getMessage();
            }
        }
        return null;
    }

    /**
     * @param e the failure of a write
     * @return a {@link JdbcStoreException} with code {@link Codes#WRITE_FAILED}
     */
    public static JdbcStoreException writeFailure(SQLException e) {
        String state = Failures.sqlState(e);
        String unreachable = unreachable(e);
        return new JdbcStoreException(Codes.WRITE_FAILED, "the store could not write the batch; nothing of it was "
                + "written (" + (unreachable != null ? unreachable : "SQLState " + state) + ")", state,
                Failures.sanitize(e));
    }

    /** Below this share of live data in the file's chunks (percent), closing compacts an embedded store. */
    static final int COMPACT_BELOW_FILL_RATE = 50;

    /**
     * Closes an embedded H2 database with {@code SHUTDOWN COMPACT} (the live data written to a
     * new file that replaces the old) when less than {@value #COMPACT_BELOW_FILL_RATE}% of its
     * chunks is live data and {@code c} is its only session; otherwise does nothing.
     *
     * @param c a connection to the database, whose pool has closed its other connections
     * @return whether the database was compacted (and so closed)
     */
    public static boolean compactEmbedded(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            int fill = 100;
            int sessions = 0;
            try (ResultSet rs = s.executeQuery("SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS"
                    + " WHERE SETTING_NAME = 'info.CHUNKS_FILL_RATE'")) {
                if (rs.next()) {
                    fill = Integer.parseInt(rs.getString(1).trim());
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS")) {
                if (rs.next()) {
                    sessions = rs.getInt(1);
                }
            }
            if (fill >= COMPACT_BELOW_FILL_RATE || sessions != 1) {
                return false;
            }
            s.execute("SHUTDOWN COMPACT");
            return true;
        }
    }
}
