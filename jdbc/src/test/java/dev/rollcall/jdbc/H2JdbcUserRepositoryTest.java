package dev.rollcall.jdbc;

import dev.rollcall.jdbc.internal.UrlDataSource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The whole behaviour suite against H2, in process: a fresh in-memory database per test,
 * with the settings of the embedded store (lazy query execution).
 */
class H2JdbcUserRepositoryTest extends JdbcUserRepositoryContract {

    private final List<UrlDataSource> databases = new ArrayList<>();

    @Override
    protected DataSource freshDatabase() {
        UrlDataSource h2 = new UrlDataSource("jdbc:h2:mem:rollcall-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;LAZY_QUERY_EXECUTION=TRUE");
        databases.add(h2);
        return h2;
    }

    @Override
    protected void releaseDatabase() throws Exception {
        for (UrlDataSource h2 : databases) {
            try (Connection c = h2.getConnection(); Statement s = c.createStatement()) {
                s.execute("SHUTDOWN");
            }
            h2.close();
        }
        databases.clear();
    }
}
