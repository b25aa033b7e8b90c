package dev.rollcall.bench;

import dev.rollcall.core.Action;
import dev.rollcall.core.FieldChange;
import dev.rollcall.core.PlannedChange;
import dev.rollcall.core.UploadMode;
import dev.rollcall.core.UploadPlan;
import dev.rollcall.jdbc.JdbcUserRepository;
import dev.rollcall.jdbc.internal.Tables;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Applying a plan against its floor: a plain JDBC batch write of the same changes (the same
 * inserts, and updates by id and version), into the same tables, committed every 500 rows as
 * apply does. Each iteration starts from a fresh copy of the store. {@code store} is
 * {@code h2} (an embedded file database) or {@code postgres} (the database in
 * {@code $ROLLCALL_BENCH_POSTGRES_URL}, whose Rollcall tables it empties).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 10)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
public class ApplyBenchmark {

    @Param({"100000"})
    public int users;

    @Param({"h2"})
    public String store;

    private String url;
    private JdbcUserRepository repository;
    private UploadPlan plan;

    @Setup(Level.Trial)
    public void template() {
        if (store.equals("h2")) {
            Data.h2Store(users);
        } else {
            url = System.getenv("ROLLCALL_BENCH_POSTGRES_URL");
            if (url == null) {
                throw new IllegalStateException("store=postgres needs ROLLCALL_BENCH_POSTGRES_URL");
            }
        }
    }

    @Setup(Level.Iteration)
    public void freshStore() throws SQLException {
        if (store.equals("h2")) {
            Path work = Data.dir().resolve("h2-work-" + users);
            Data.copyH2Store(users, work, "db");
            repository = JdbcUserRepository.forUrl("jdbc:h2:file:" + work.resolve("db")).initialize();
        } else {
            repository = JdbcUserRepository.forUrl(url).initialize();
            try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
                s.execute("TRUNCATE " + String.join(", ", Tables.ALL) + " RESTART IDENTITY CASCADE");
            }
            Data.load(repository, users);
        }
        plan = UploadPlan.builder().repository(repository).mode(UploadMode.ADD_UPDATE).matchOn("externalId")
                .allowRenames(true).feed("hr").build().plan(Data.csv(users));
    }

    @TearDown(Level.Iteration)
    public void close() {
        plan.close();
        repository.close();
    }

    @Benchmark
    public long apply() {
        return plan.apply().summary().changed();
    }

    /** The same changes, written with plain JDBC batches: the floor. */
    @Benchmark
    public long floor() throws SQLException {
        String jdbc = store.equals("h2") ? "jdbc:h2:file:" + Data.dir().resolve("h2-work-" + users).resolve("db") : url;
        // The repository stays open, idle, so the floor does not pay for opening the database
        // (an embedded H2 file closes with its last connection) where apply did not.
        long written = 0;
        try (Connection c = DriverManager.getConnection(jdbc)) {
            c.setAutoCommit(false);
            Map<String, PreparedStatement> statements = new HashMap<>();
            int pending = 0;
            for (PlannedChange e : plan.all()) {
                if (!e.action().writes()) {
                    continue;
                }
                Map<String, String> values = new TreeMap<>();
                for (FieldChange f : e.changes()) {
                    values.put(Tables.column(f.field()).orElseThrow(), f.to());
                }
                if (e.action() == Action.CREATE) {
                    values.put("email_lower", values.get("email") == null ? null
                            : values.get("email").toLowerCase(Locale.ROOT));
                    String sql = "INSERT INTO " + Tables.USERS + " (" + String.join(", ", values.keySet())
                            + ", version, password_generate, password_reset, password_force_change, created_at, updated_at) "
                            + "VALUES (" + "?, ".repeat(values.size()) + "1, TRUE, FALSE, FALSE, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)";
                    PreparedStatement ps = statements.computeIfAbsent(sql, k -> prepare(c, k));
                    int i = 1;
                    for (String v : values.values()) {
                        ps.setString(i++, v);
                    }
                    ps.addBatch();
                } else {
                    StringBuilder sql = new StringBuilder("UPDATE " + Tables.USERS + " SET ");
                    for (String col : values.keySet()) {
                        sql.append(col).append(" = ?, ");
                    }
                    sql.append("version = version + 1, updated_at = CURRENT_TIMESTAMP WHERE id = ? AND version = ?");
                    PreparedStatement ps = statements.computeIfAbsent(sql.toString(), k -> prepare(c, k));
                    int i = 1;
                    for (String v : values.values()) {
                        ps.setString(i++, v);
                    }
                    ps.setLong(i++, Long.parseLong(e.userId()));
                    ps.setLong(i, e.expectedVersion());
                    ps.addBatch();
                }
                written++;
                if (++pending == 500) {
                    for (PreparedStatement ps : statements.values()) {
                        ps.executeBatch();
                    }
                    c.commit();
                    pending = 0;
                }
            }
            for (PreparedStatement ps : statements.values()) {
                ps.executeBatch();
                ps.close();
            }
            c.commit();
        }
        return written;
    }

    private static PreparedStatement prepare(Connection c, String sql) {
        try {
            return c.prepareStatement(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
