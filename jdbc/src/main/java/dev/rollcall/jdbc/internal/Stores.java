package dev.rollcall.jdbc.internal;

import dev.rollcall.jdbc.JdbcStoreException;
import dev.rollcall.spi.Codes;

import java.sql.SQLException;

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
}
