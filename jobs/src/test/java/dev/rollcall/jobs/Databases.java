package dev.rollcall.jobs;

import org.junit.jupiter.api.Assumptions;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.logging.Logger;

/**
 * The databases the job store's tests run on: H2 in server mode (always) and PostgreSQL
 * (when {@value #POSTGRES} names one: {@code eval "$(.ci/postgres.sh)"} starts a throwaway
 * server). Each test starts without the job tables.
 */
final class Databases {

    static final String POSTGRES = "ROLLCALL_TEST_POSTGRES_URL";

    private Databases() {
    }

    /** A database the tests may reach by URL, from this JVM or another. */
    interface Database extends AutoCloseable {
        String url();

        @Override
        void close();
    }

    /** @return an H2 server on a free port, holding one database in {@code dir}; close it after */
    static Database h2Server(Path dir) {
        try {
            org.h2.tools.Server server = org.h2.tools.Server.createTcpServer("-tcpPort", "0", "-ifNotExists", "-baseDir",
                    dir.toString()).start();
            String url = "jdbc:h2:tcp://127.0.0.1:" + server.getPort() + "/./jobs;LOCK_TIMEOUT=10000";
            return new Database() {
                @Override
                public String url() {
                    return url;
                }

                @Override
                public void close() {
                    server.stop();
                }
            };
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return the PostgreSQL server named by {@value #POSTGRES}, its job tables dropped; the test is skipped without one */
    static Database postgres() {
        String url = System.getenv(POSTGRES);
        Assumptions.assumeTrue(url != null && !url.isBlank(), "PostgreSQL tests skipped: " + POSTGRES + " is not set "
                + "(eval \"$(.ci/postgres.sh)\" starts a throwaway server)");
        try (Connection c = DriverManager.getConnection(url.trim()); Statement s = c.createStatement()) {
            for (String t : new String[] {"rollcall_job_files", "rollcall_job_runs", "rollcall_jobs", "rollcall_job_config"}) {
                s.execute("DROP TABLE IF EXISTS " + t);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reach " + POSTGRES + " (" + e.getMessage() + ")", e);
        }
        return new Database() {
            @Override
            public String url() {
                return url.trim();
            }

            @Override
            public void close() {
                // the server is the environment's
            }
        };
    }

    /** @return a DataSource opening a new connection per call */
    static DataSource connecting(String url) {
        return (Plain) () -> DriverManager.getConnection(url);
    }

    /**
     * @return a DataSource that hands out one connection of its own, again and again (its
     *         {@code close()} does nothing): one runner, one connection; {@link #closeAll} closes it
     */
    static DataSource oneConnection(String url) {
        Connection real;
        try {
            real = DriverManager.getConnection(url);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        Connection kept = (Connection) Proxy.newProxyInstance(Databases.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                    if (method.getName().equals("close")) {
                        return null;
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        OPEN.add(real);
        return (Plain) () -> kept;
    }

    private static final java.util.List<Connection> OPEN = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Closes every connection {@link #oneConnection} opened. */
    static void closeAll() {
        for (Connection c : OPEN) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // closing anyway
            }
        }
        OPEN.clear();
    }

    /** A DataSource of one method. */
    @FunctionalInterface
    interface Plain extends DataSource {
        @Override
        Connection getConnection() throws SQLException;

        @Override
        default Connection getConnection(String username, String password) throws SQLException {
            throw new SQLException("not supported");
        }

        @Override
        default PrintWriter getLogWriter() {
            return null;
        }

        @Override
        default void setLogWriter(PrintWriter out) {
            // none
        }

        @Override
        default void setLoginTimeout(int seconds) {
            // none
        }

        @Override
        default int getLoginTimeout() {
            return 0;
        }

        @Override
        default Logger getParentLogger() {
            return Logger.getGlobal();
        }

        @Override
        default <T> T unwrap(Class<T> iface) throws SQLException {
            throw new SQLException("not a wrapper");
        }

        @Override
        default boolean isWrapperFor(Class<?> iface) {
            return false;
        }
    }
}
