package dev.rollcall.jdbc;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

/**
 * Wraps a DataSource and counts what reaches the database: every statement execution
 * ({@code executeQuery}, {@code executeUpdate}, {@code execute}, {@code executeBatch}) and
 * every connection still open. Tests of batching check these interactions.
 */
final class CountingDataSource implements DataSource {

    private final DataSource target;
    private final AtomicInteger executions = new AtomicInteger();
    private final AtomicInteger openConnections = new AtomicInteger();
    private final List<String> executed = new CopyOnWriteArrayList<>();

    CountingDataSource(DataSource target) {
        this.target = target;
    }

    /** @return statement executions since the last {@link #reset()} */
    int executions() {
        return executions.get();
    }

    /** @return the SQL of each execution since the last reset, for failure messages */
    List<String> executed() {
        return List.copyOf(executed);
    }

    /** @return connections handed out and not closed yet */
    int openConnections() {
        return openConnections.get();
    }

    void reset() {
        executions.set(0);
        executed.clear();
    }

    DataSource target() {
        return target;
    }

    @Override
    public Connection getConnection() throws SQLException {
        Connection c = target.getConnection();
        openConnections.incrementAndGet();
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{Connection.class},
                new InvocationHandler() {
                    private boolean closed;

                    @Override
                    public Object invoke(Object proxy, Method m, Object[] args) throws Throwable {
                        if (m.getName().equals("close") && !closed) {
                            closed = true;
                            openConnections.decrementAndGet();
                        }
                        Object result = call(c, m, args);
                        if (result instanceof PreparedStatement ps && m.getName().equals("prepareStatement")) {
                            return statement(ps, PreparedStatement.class, (String) args[0]);
                        }
                        if (result instanceof Statement s && m.getName().equals("createStatement")) {
                            return statement(s, Statement.class, null);
                        }
                        return result;
                    }
                });
    }

    private Object statement(Statement s, Class<?> type, String sql) {
        return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{type}, (proxy, m, args) -> {
            if (m.getName().startsWith("execute")) {
                executions.incrementAndGet();
                executed.add(sql != null ? sql : args != null && args.length > 0 ? String.valueOf(args[0]) : "?");
            }
            return call(s, m, args);
        });
    }

    private static Object call(Object target, Method m, Object[] args) throws Throwable {
        try {
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return target.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        target.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        target.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return target.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        return target.unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return target.isWrapperFor(iface);
    }
}
