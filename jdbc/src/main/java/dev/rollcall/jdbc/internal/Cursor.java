package dev.rollcall.jdbc.internal;

import dev.rollcall.spi.UserRecord;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Streams users from an open result set: it reads {@link #CHUNK} rows at a time from the
 * cursor, loads their custom values and memberships in one query per table, and hands the
 * records out. Closing it closes the result set and statement, ends the read-only
 * transaction, restores the connection's settings and closes (returns) the connection.
 *
 * <p>Not thread-safe: one consumer, as a {@link java.util.stream.Stream} has.
 */
public final class Cursor implements Iterator<UserRecord>, AutoCloseable {

    /** Rows per chunk, and the fetch size asked of the driver. */
    public static final int CHUNK = 500;

    private final Connection connection;
    private final PreparedStatement statement;
    private final ResultSet rows;
    private final boolean autoCommit;
    private final int isolation;
    private final Deque<UserRecord> buffer = new ArrayDeque<>(CHUNK);
    private boolean exhausted;
    private boolean closed;

    /**
     * @param connection the connection, in a transaction of its own
     * @param statement  the users query
     * @param rows       its open result set
     * @param autoCommit the connection's auto-commit setting to restore
     * @param isolation  the connection's isolation level to restore
     */
    public Cursor(Connection connection, PreparedStatement statement, ResultSet rows, boolean autoCommit, int isolation) {
        this.connection = connection;
        this.statement = statement;
        this.rows = rows;
        this.autoCommit = autoCommit;
        this.isolation = isolation;
    }

    @Override
    public boolean hasNext() {
        if (buffer.isEmpty() && !exhausted && !closed) {
            try {
                fill();
            } catch (SQLException e) {
                throw Stores.failure("list users", e);
            }
        }
        return !buffer.isEmpty();
    }

    @Override
    public UserRecord next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return buffer.poll();
    }

    private void fill() throws SQLException {
        List<UserRow> chunk = new ArrayList<>(CHUNK);
        while (chunk.size() < CHUNK) {
            if (!rows.next()) {
                exhausted = true;
                break;
            }
            chunk.add(UserRow.read(rows, false));
        }
        if (!chunk.isEmpty()) {
            buffer.addAll(Reads.complete(connection, chunk));
        }
    }

    /** Releases everything; safe to call more than once. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        buffer.clear();
        SQLException first = null;
        try {
            rows.close();
        } catch (SQLException e) {
            first = e;
        }
        try {
            statement.close();
        } catch (SQLException e) {
            first = first == null ? e : first;
        }
        try {
            connection.rollback();
            connection.setTransactionIsolation(isolation);
            connection.setAutoCommit(autoCommit);
        } catch (SQLException e) {
            first = first == null ? e : first;
        }
        try {
            connection.close();
        } catch (SQLException e) {
            first = first == null ? e : first;
        }
        if (first != null) {
            throw Stores.failure("close the user listing", first);
        }
    }
}
