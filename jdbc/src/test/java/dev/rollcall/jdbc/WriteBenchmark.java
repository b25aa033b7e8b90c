package dev.rollcall.jdbc;

import dev.rollcall.jdbc.internal.Tables;
import dev.rollcall.jdbc.internal.UrlDataSource;
import dev.rollcall.spi.PasswordChange;
import dev.rollcall.spi.UserChange;
import dev.rollcall.spi.UserQuery;
import dev.rollcall.spi.UserRecord;

import javax.sql.DataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A rough measurement, not a test: N creates (then N updates) written through
 * {@link JdbcUserRepository#write} in batches, against a plain JDBC batch write of the same
 * rows into the same table. Issue 10's target: at most 1.5 times the plain write.
 *
 * <pre>
 * java -cp jdbc/target/classes:jdbc/target/test-classes:$CP dev.rollcall.jdbc.WriteBenchmark [N] [BATCH] [JDBC_URL]
 * </pre>
 * Without a URL it uses an H2 file database in a temporary folder. With a URL, it drops and
 * re-creates Rollcall's tables there: point it at a throwaway database.
 */
public final class WriteBenchmark {

    private WriteBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 500;
        String url = args.length > 2 ? args[2] : null;
        Path tmp = null;
        if (url == null) {
            tmp = Files.createTempDirectory("rollcall-bench");
            base = tmp;
            url = "embedded H2 in a fresh folder per measurement";
        }
        System.out.printf("%,d users, batches of %d, %s%n", n, batch, url.replaceAll("password=[^&;]*", "password=***"));
        List<long[]> results = new ArrayList<>();
        for (int round = 0; round < Integer.getInteger("rounds", 4); round++) {
            long[] r = new long[4];
            r[0] = plainCreates(url, n, batch);
            r[1] = repositoryCreates(url, n, batch);
            r[2] = plainUpdates(url, n, batch);
            r[3] = repositoryUpdates(url, n, batch);
            System.out.printf("round %d: creates plain %,d ms, repository %,d ms (%.2fx); updates plain %,d ms, "
                    + "repository %,d ms (%.2fx)%n", round, r[0], r[1], (double) r[1] / r[0], r[2], r[3], (double) r[3] / r[2]);
            if (round > 0) {
                results.add(r);
            }
        }
        long[] best = new long[4];
        for (int i = 0; i < 4; i++) {
            int k = i;
            best[i] = results.stream().mapToLong(r -> r[k]).min().orElseThrow();
        }
        System.out.printf("best of rounds 1+: creates %.2fx (%,d vs %,d ms), updates %.2fx (%,d vs %,d ms)%n",
                (double) best[1] / best[0], best[1], best[0], (double) best[3] / best[2], best[3], best[2]);
        if (tmp != null) {
            try (Stream<Path> files = Files.walk(tmp)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static Map<String, String> row(int i) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("username", "user" + i);
        f.put("email", "User" + i + "@Example.com");
        f.put("firstName", "First" + i);
        f.put("lastName", "Last" + i);
        f.put("externalId", "HR-" + i);
        f.put("status", "ACTIVE");
        f.put("site", "Canada/Ontario/Hospital " + (i % 7));
        f.put("feed", "hr");
        return f;
    }

    private static Path base;
    private static int folder;
    private static String last;

    private static DataSource fresh(String given) throws Exception {
        String url = given;
        if (base != null) {
            url = JdbcUserRepository.embeddedUrl(base.resolve("db" + folder++));
        }
        last = url;
        UrlDataSource ds = new UrlDataSource(url);
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            for (String t : Tables.ALL) {
                s.execute("DROP TABLE IF EXISTS " + t + " CASCADE");
            }
        }
        JdbcUserRepository.create(ds).initialize();
        return ds;
    }

    private static long plainCreates(String url, int n, int batch) throws Exception {
        UrlDataSource ds = (UrlDataSource) fresh(url);
        long start = System.nanoTime();
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO rollcall_users (username, email, email_lower, "
                    + "first_name, last_name, external_id, status, site, feed, version, password_generate, "
                    + "password_reset, password_force_change, created_at, updated_at) VALUES "
                    + "(?, ?, ?, ?, ?, ?, ?, ?, ?, 1, FALSE, FALSE, FALSE, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)")) {
                for (int i = 0; i < n; i++) {
                    Map<String, String> f = row(i);
                    ps.setString(1, f.get("username"));
                    ps.setString(2, f.get("email"));
                    ps.setString(3, f.get("email").toLowerCase(java.util.Locale.ROOT));
                    ps.setString(4, f.get("firstName"));
                    ps.setString(5, f.get("lastName"));
                    ps.setString(6, f.get("externalId"));
                    ps.setString(7, f.get("status"));
                    ps.setString(8, f.get("site"));
                    ps.setString(9, f.get("feed"));
                    ps.addBatch();
                    if ((i + 1) % batch == 0 || i == n - 1) {
                        ps.executeBatch();
                        c.commit();
                    }
                }
            }
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        ds.close();
        return ms;
    }

    private static long repositoryCreates(String url, int n, int batch) throws Exception {
        UrlDataSource ds = (UrlDataSource) fresh(url);
        JdbcUserRepository repo = JdbcUserRepository.create(ds);
        long start = System.nanoTime();
        List<UserChange> changes = new ArrayList<>(batch);
        for (int i = 0; i < n; i++) {
            changes.add(new UserChange.Create(row(i), Set.of(), PasswordChange.NONE));
            if (changes.size() == batch || i == n - 1) {
                repo.write(changes);
                changes.clear();
            }
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        ds.close();
        return ms;
    }

    /** Updates every user's city, by id and version, on the store the creates left (re-created plainly). */
    private static long plainUpdates(String url, int n, int batch) throws Exception {
        plainCreates(url, n, batch);
        UrlDataSource ds = new UrlDataSource(last);
        List<long[]> users = idsAndVersions(ds);
        long start = System.nanoTime();
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("UPDATE rollcall_users SET city = ?, version = version + 1, "
                    + "updated_at = CURRENT_TIMESTAMP WHERE id = ? AND version = ?")) {
                for (int i = 0; i < users.size(); i++) {
                    ps.setString(1, "City" + i);
                    ps.setLong(2, users.get(i)[0]);
                    ps.setLong(3, users.get(i)[1]);
                    ps.addBatch();
                    if ((i + 1) % batch == 0 || i == users.size() - 1) {
                        for (int count : ps.executeBatch()) {
                            if (count != 1) {
                                throw new IllegalStateException("stale");
                            }
                        }
                        c.commit();
                    }
                }
            }
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        ds.close();
        return ms;
    }

    private static long repositoryUpdates(String url, int n, int batch) throws Exception {
        plainCreates(url, n, batch);
        UrlDataSource ds = new UrlDataSource(last);
        JdbcUserRepository repo = JdbcUserRepository.create(ds);
        List<long[]> users = idsAndVersions(ds);
        long start = System.nanoTime();
        List<UserChange> changes = new ArrayList<>(batch);
        for (int i = 0; i < users.size(); i++) {
            changes.add(new UserChange.Update(Long.toString(users.get(i)[0]), users.get(i)[1], Map.of("city", "City" + i),
                    Set.of(), Set.of(), Set.of(), PasswordChange.NONE));
            if (changes.size() == batch || i == users.size() - 1) {
                repo.write(changes);
                changes.clear();
            }
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        try (Stream<UserRecord> s = repo.list(UserQuery.feed("hr"))) {
            if (s.anyMatch(u -> u.version() != 2)) {
                throw new IllegalStateException("an update was lost");
            }
        }
        ds.close();
        return ms;
    }

    private static List<long[]> idsAndVersions(DataSource ds) throws Exception {
        List<long[]> out = new ArrayList<>();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             java.sql.ResultSet rs = s.executeQuery("SELECT id, version FROM rollcall_users ORDER BY id")) {
            while (rs.next()) {
                out.add(new long[]{rs.getLong(1), rs.getLong(2)});
            }
        }
        return out;
    }
}
