package dev.rollcall.jdbc.internal;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import java.util.logging.Logger;

/**
 * A {@link DataSource} over {@link DriverManager} for one JDBC URL (user and password, if
 * any, inside the URL), with a minimal pool: connections that callers close go back to an
 * idle list (at most {@link #MAX_IDLE}) instead of being closed, after their transaction
 * state has been reset. That spares a PostgreSQL round of authentication per call and keeps
 * an embedded H2 database open between calls. Hosts with real pools pass their own
 * DataSource instead.
 *
 * <p>Thread-safe. {@link #close()} closes the idle connections and refuses new ones.
 */
public final class UrlDataSource implements DataSource, AutoCloseable {

    /** The most idle connections kept. */
    public static final int MAX_IDLE = 4;

    /** H2's error code (and SQLState) for a database file another process holds. */
    static final int H2_IN_USE = 90020;

    private final String url;
    private final String name;
    private final Deque<Connection> idle = new ArrayDeque<>();
    private boolean closed;
    private int loginTimeout;

    /** @param url a JDBC URL; never shown in messages, since it may hold a password */
    public UrlDataSource(String url) {
        this(url, "the store " + describe(url));
    }

    /**
     * @param url  a JDBC URL; never shown in messages, since it may hold a password
     * @param name what messages call the store, e.g. {@code the embedded store at /srv/rollcall-data}
     */
    public UrlDataSource(String url, String name) {
        this.url = Objects.requireNonNull(url, "url must not be null");
        this.name = Objects.requireNonNull(name, "name must not be null");
    }

    @Override
    public Connection getConnection() throws SQLException {
        Connection physical = null;
        synchronized (this) {
            if (closed) {
                throw new SQLException("the repository is closed", "08003");
            }
            while (!idle.isEmpty() && physical == null) {
                Connection c = idle.pop();
                if (c.isClosed()) {
                    continue;
                }
                physical = c;
            }
        }
        if (physical == null) {
            try {
                physical = DriverManager.getConnection(url);
            } catch (SQLException e) {
                throw unreachable(e);
            }
        }
        return wrap(physical);
    }

    /**
     * @param e why the driver gave no connection
     * @return a {@link ConnectFailure} that says, without the password, which store could not be
     *         reached and why: in use by another process (H2), refused at host:port, no driver…
     */
    private ConnectFailure unreachable(SQLException e) {
        String message;
        if (e.getErrorCode() == H2_IN_USE || String.valueOf(H2_IN_USE).equals(e.getSQLState())) {
            message = name + " is in use by another process (another rollcall run, a jobs worker or an open console);"
                    + " wait for it to finish or stop it, then try again";
        } else {
            // Driver messages may quote the URL, password included: show it without.
            String detail = String.valueOf(e.getMessage()).replace(url, describe(url));
            String password = parameter(url, "password");
            if (password != null && !password.isEmpty()) {
                detail = detail.replace(password, "…");
            }
            if (detail.startsWith("No suitable driver")) {
                detail += " (put the database's JDBC driver on the class path)";
            }
            message = "cannot connect to " + name + ": " + detail;
        }
        ConnectFailure safe = new ConnectFailure(message, e.getSQLState(), e.getErrorCode());
        safe.setStackTrace(e.getStackTrace());
        return safe;
    }

    /**
     * A connection could not be had. Its message is complete and safe to show: it names the
     * store (never its password) and the reason.
     */
    public static final class ConnectFailure extends SQLException {
        private static final long serialVersionUID = 1L;

        ConnectFailure(String message, String sqlState, int code) {
            super(message, sqlState, code);
        }
    }

    /** @return the value of a {@code ?name=value&…} or {@code ;name=value} parameter of the URL, or null */
    private static String parameter(String url, String key) {
        for (String part : url.split("[?&;]")) {
            int eq = part.indexOf('=');
            if (eq > 0 && part.substring(0, eq).trim().equalsIgnoreCase(key)) {
                return part.substring(eq + 1);
            }
        }
        return null;
    }

    /** @return the URL's scheme and, for a network database, nothing after it that could hold a password */
    static String describe(String url) {
        int q = url.indexOf('?');
        int semi = url.indexOf(';');
        int cut = url.length();
        if (q >= 0) {
            cut = Math.min(cut, q);
        }
        if (semi >= 0) {
            cut = Math.min(cut, semi);
        }
        String base = url.substring(0, cut);
        int at = base.indexOf('@');
        return at >= 0 ? base.substring(0, base.indexOf("//") + 2) + "…" + base.substring(at) : base;
    }

    private Connection wrap(Connection physical) {
        InvocationHandler handler = new InvocationHandler() {
            private boolean released;

            @Override
            public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
                String name = method.getName();
                if (name.equals("close")) {
                    if (!released) {
                        released = true;
                        release(physical);
                    }
                    return null;
                }
                if (name.equals("isClosed")) {
                    return released || physical.isClosed();
                }
                if (name.equals("equals")) {
                    return proxy == args[0];
                }
                if (name.equals("hashCode")) {
                    return System.identityHashCode(proxy);
                }
                if (name.equals("toString")) {
                    return "pooled connection to " + describe(url);
                }
                if (released) {
                    throw new SQLException("connection is closed", "08003");
                }
                try {
                    return method.invoke(physical, args);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            }
        };
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                new Class<?>[]{Connection.class}, handler);
    }

    private void release(Connection physical) {
        boolean keep;
        try {
            if (!physical.getAutoCommit()) {
                physical.rollback();
                physical.setAutoCommit(true);
            }
            if (physical.isReadOnly()) {
                physical.setReadOnly(false);
            }
            keep = !physical.isClosed();
        } catch (SQLException e) {
            keep = false;
        }
        synchronized (this) {
            if (keep && !closed && idle.size() < MAX_IDLE) {
                idle.push(physical);
                return;
            }
        }
        closeQuietly(physical);
    }

    /** Closes the idle connections; connections in use close when their users close them. */
    @Override
    public void close() {
        Deque<Connection> toClose;
        synchronized (this) {
            closed = true;
            toClose = new ArrayDeque<>(idle);
            idle.clear();
        }
        for (Connection c : toClose) {
            closeQuietly(c);
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // closing a connection we no longer need; nothing to report
        }
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("put the user and password in the JDBC URL");
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        // no logging
    }

    @Override
    public synchronized void setLoginTimeout(int seconds) {
        this.loginTimeout = seconds;
    }

    @Override
    public synchronized int getLoginTimeout() {
        return loginTimeout;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("no logging");
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw new SQLException("not a wrapper for " + iface.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }

    @Override
    public String toString() {
        return "UrlDataSource[" + describe(url) + "]";
    }
}
