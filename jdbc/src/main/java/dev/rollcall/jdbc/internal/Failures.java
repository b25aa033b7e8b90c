package dev.rollcall.jdbc.internal;

import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads {@link SQLException}s portably: finds duplicate-key violations and the constraint
 * they name, and strips messages that may quote row values before they travel on.
 *
 * <p>Drivers put data into messages: PostgreSQL's batch errors quote the whole statement
 * with its parameters ({@code Batch entry 0 INSERT … VALUES ('jdoe', …)}) and its
 * unique-violation detail quotes the key ({@code Key (username)=(jdoe)}); H2 quotes the
 * duplicated value. Rollcall promises that no row value, password or sensitive field ever
 * appears in an exception message, so such exceptions are replaced by a copy that keeps
 * the SQLState, the vendor code, the constraint name and the stack trace, and nothing else.
 */
public final class Failures {

    private Failures() {
    }

    /** SQLState of a unique or primary-key violation (H2 and PostgreSQL alike). */
    public static final String UNIQUE_VIOLATION = "23505";

    /**
     * @param e a failure
     * @return every exception in its next-exception and cause chains, each once
     */
    public static List<SQLException> chain(SQLException e) {
        List<SQLException> out = new ArrayList<>();
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        List<Throwable> todo = new ArrayList<>();
        todo.add(e);
        while (!todo.isEmpty()) {
            Throwable t = todo.remove(0);
            if (t == null || seen.put(t, Boolean.TRUE) != null) {
                continue;
            }
            if (t instanceof SQLException s) {
                out.add(s);
                todo.add(s.getNextException());
            }
            todo.add(t.getCause());
        }
        return out;
    }

    /**
     * @param e           a failure
     * @param constraints constraint names to look for
     * @return the first of {@code constraints} that a unique violation in {@code e} names,
     *         {@code ""} for a unique violation naming none of them, or empty when {@code e}
     *         is no unique violation
     */
    public static Optional<String> uniqueViolation(SQLException e, List<String> constraints) {
        boolean unique = false;
        for (SQLException s : chain(e)) {
            if (UNIQUE_VIOLATION.equals(s.getSQLState())) {
                unique = true;
                String m = String.valueOf(s.getMessage()).toLowerCase(Locale.ROOT);
                for (String c : constraints) {
                    if (m.contains(c)) {
                        return Optional.of(c);
                    }
                }
            }
        }
        if (!unique && e instanceof BatchUpdateException) {
            // some drivers state the cause only in the batch exception's own message
            String m = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
            if (m.contains("duplicate") || m.contains("unique")) {
                for (String c : constraints) {
                    if (m.contains(c)) {
                        return Optional.of(c);
                    }
                }
            }
        }
        return unique ? Optional.of("") : Optional.empty();
    }

    /**
     * @param e a failure
     * @return the first SQLState in the chain, or {@code null}
     */
    public static String sqlState(SQLException e) {
        for (SQLException s : chain(e)) {
            if (s.getSQLState() != null) {
                return s.getSQLState();
            }
        }
        return null;
    }

    /**
     * @param e a failure
     * @return {@code e} itself when its messages cannot hold row values (connection,
     *         authorisation, syntax and similar failures), otherwise a data-free copy
     */
    public static SQLException sanitize(SQLException e) {
        boolean safe = true;
        for (SQLException s : chain(e)) {
            if (s instanceof UrlDataSource.ConnectFailure) {
                continue; // its message is ours: the store's name and the reason, never a password
            }
            if (s instanceof BatchUpdateException || !safeState(s.getSQLState())) {
                safe = false;
                break;
            }
        }
        if (safe) {
            return e;
        }
        StringBuilder states = new StringBuilder();
        for (SQLException s : chain(e)) {
            if (states.length() > 0) {
                states.append("; ");
            }
            states.append("SQLState ").append(s.getSQLState()).append(", error code ").append(s.getErrorCode());
        }
        SQLException copy = new SQLException("the database refused the statement (" + states
                + "); its message is withheld because it may quote user data", sqlState(e), e.getErrorCode());
        copy.setStackTrace(e.getStackTrace());
        return copy;
    }

    /** Classes of SQLState whose messages hold no row values. */
    private static boolean safeState(String state) {
        if (state == null || state.length() < 2) {
            return false;
        }
        String c = state.substring(0, 2);
        switch (c) {
            case "08": // connection
            case "0A": // feature not supported
            case "25": // transaction state
            case "28": // authorisation
            case "3D": // catalog
            case "3F": // schema
            case "40": // rollback, serialisation
            case "42": // syntax, missing table
            case "53": // resources
            case "54": // limits
            case "57": // operator intervention
            case "58": // system error
            case "HY": // driver
                return true;
            default:
                return false;
        }
    }
}
