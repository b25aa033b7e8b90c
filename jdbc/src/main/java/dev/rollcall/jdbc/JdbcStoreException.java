package dev.rollcall.jdbc;

import dev.rollcall.spi.Codes;
import dev.rollcall.spi.RollcallException;

import java.sql.SQLException;

/**
 * The database failed: a connection could not be had, a statement failed, a transaction
 * could not commit. Its code is {@link Codes#WRITE_FAILED} for a failed
 * {@link JdbcUserRepository#write write} (nothing of the batch was written) and
 * {@link Codes#STORE_FAILED} for anything else (a read, the schema, an administrative call).
 *
 * <p>The message never quotes user data: where a driver's own message may hold row values
 * (PostgreSQL quotes a failed batch statement with its parameters; H2 quotes a duplicated
 * value), the cause is a copy that keeps only the SQLState, the vendor code and the stack
 * trace. {@link #sqlState()} says what the database reported.
 *
 * <p>Immutable.
 */
public class JdbcStoreException extends RollcallException {

    private final String sqlState;

    /**
     * @param code     {@link Codes#WRITE_FAILED} or {@link Codes#STORE_FAILED}
     * @param message  what was being done, without user data
     * @param sqlState the SQLState the database reported, or {@code null}
     * @param cause    the (sanitized) failure
     */
    public JdbcStoreException(String code, String message, String sqlState, SQLException cause) {
        super(code, message, cause);
        this.sqlState = sqlState;
    }

    /** @return the SQLState the database reported, or {@code null} */
    public String sqlState() {
        return sqlState;
    }
}
