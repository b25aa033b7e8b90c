/**
 * A {@link dev.rollcall.spi.UserRepository} over JDBC: {@link dev.rollcall.jdbc.JdbcUserRepository}.
 * It runs on an embedded H2 file database (the command line's default store) and on
 * PostgreSQL, with portable SQL, and depends on nothing but the SPI and {@code java.sql}:
 * the JDBC driver is the host's choice and is found by {@link java.sql.DriverManager} or
 * comes with the host's {@link javax.sql.DataSource}.
 */
module dev.rollcall.jdbc {
    requires transitive dev.rollcall.spi;
    requires transitive java.sql;

    exports dev.rollcall.jdbc;
}
