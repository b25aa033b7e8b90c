package dev.rollcall.cli;

import dev.rollcall.jdbc.JdbcUserRepository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code rollcall apply} into the default embedded store, killed (SIGKILL) at random moments
 * in a child JVM: during the first batch and in the middle of the file. After every kill the
 * store opens, holds whole batches only (a killed batch leaves nothing behind, not even
 * rows that only an uncommitted read sees), and the next run goes on; in the end a re-run
 * exits 0, a third run changes nothing, and the store holds exactly the file's users.
 */
class KilledApplyTest {

    private static final int USERS = 2_500;
    /** The planner's default batch size: what one transaction writes. */
    private static final int BATCH = 500;
    private static final int KILLS = 10;

    @TempDir
    Path work;

    @Test
    void killedApply_neverLocksOrHalfWritesTheStore_andARerunConverges() throws Exception {
        Random random = new Random(20261206L);
        List<String> usernames = new ArrayList<>();
        StringBuilder csv = new StringBuilder("username,email,firstName,lastName,department\n");
        for (int i = 0; i < USERS; i++) {
            String u = String.format("user%05d", i);
            usernames.add(u);
            csv.append(u).append(',').append(u).append("@example.com,First").append(i).append(",Last").append(i)
                    .append(",Dept").append(i % 7).append('\n');
        }
        Path file = Files.writeString(work.resolve("users.csv"), csv, StandardCharsets.UTF_8);
        Path data = work.resolve("rollcall-data");

        int kills = 0;
        int earlyKills = 0;
        for (int run = 0; kills < KILLS; run++) {
            assertTrue(run < 4 * KILLS, "the runs finished before they could be killed " + KILLS + " times");
            boolean early = kills % 3 == 0;
            Process p = start("apply", file.toString(), "--mode", "add-update");
            CountDownLatch writing = watchForPlan(p);
            boolean killed;
            if (!writing.await(60, TimeUnit.SECONDS)) {
                killed = false; // refused or failed before writing: the exit code below tells
            } else if (early) {
                // the plan is printed, the first batch is on its way
                Thread.sleep(random.nextInt(100));
                killed = p.isAlive();
            } else {
                // once the store file grows, batches are going in: a moment later, the middle of one
                long grown = sizeOf(data) + 4_096;
                while (p.isAlive() && sizeOf(data) < grown) {
                    Thread.sleep(5);
                }
                Thread.sleep(random.nextInt(300));
                killed = p.isAlive();
            }
            if (killed) {
                p.destroyForcibly();
                kills++;
                earlyKills += early ? 1 : 0;
            }
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the run ended");
            if (!killed) {
                assertEquals(0, p.exitValue(), "a run that was not killed succeeds: " + stderr());
            }
            List<String> stored = checkWholeBatches(data, usernames);
            if (stored.size() == USERS) {
                // the file is in: start over, so that the next kills land in writes again
                deleteStore(data);
            }
        }
        assertTrue(earlyKills >= KILLS / 3, "kills during the first batch: " + earlyKills);

        Process rerun = start("apply", file.toString(), "--mode", "add-update");
        rerun.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
        assertTrue(rerun.waitFor(60, TimeUnit.SECONDS), "the re-run ended");
        assertEquals(0, rerun.exitValue(), stderr());

        Process third = start("apply", file.toString(), "--mode", "add-update");
        String out = new String(third.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(third.waitFor(60, TimeUnit.SECONDS), "the third run ended");
        assertEquals(0, third.exitValue(), stderr());
        assertTrue(out.contains(USERS + " rows, " + USERS + " unchanged"), out);

        assertEquals(new HashSet<>(usernames), new HashSet<>(checkWholeBatches(data, usernames)));
    }

    /** Starts {@code rollcall ARGS} in a child JVM in the work folder, so that its store is ./rollcall-data. */
    private Process start(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                Main.class.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(work.toFile());
        pb.environment().remove("ROLLCALL_STORE");
        pb.redirectError(work.resolve("err.txt").toFile());
        return pb.start();
    }

    /** Reads the child's output; the latch opens once the plan is printed, which is when writing starts. */
    private static CountDownLatch watchForPlan(Process p) {
        CountDownLatch planned = new CountDownLatch(1);
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    if (line.startsWith("Plan for ")) {
                        planned.countDown();
                    }
                }
            } catch (IOException ignored) {
                // the child was killed
            }
        }, "child-output");
        reader.setDaemon(true);
        reader.start();
        return planned;
    }

    private String stderr() throws IOException {
        return Files.readString(work.resolve("err.txt"), StandardCharsets.UTF_8);
    }

    private static long sizeOf(Path data) {
        try {
            return Files.size(data.resolve("rollcall.mv.db"));
        } catch (IOException e) {
            return 0;
        }
    }

    /**
     * Opens the store as the command does and reads its users twice: as committed, and as a
     * read-uncommitted transaction sees them (which would show rows a killed transaction
     * left behind). Both must be the same whole batches of the file, in file order.
     *
     * @return the stored usernames
     */
    private static List<String> checkWholeBatches(Path data, List<String> file) throws SQLException {
        if (!Files.exists(data.resolve("rollcall.mv.db"))) {
            return List.of();
        }
        JdbcUserRepository.embedded(data).initialize().close();
        try (Connection c = DriverManager.getConnection(JdbcUserRepository.embeddedUrl(data))) {
            List<String> committed = usernames(c);
            c.setTransactionIsolation(Connection.TRANSACTION_READ_UNCOMMITTED);
            List<String> uncommitted = usernames(c);
            assertEquals(committed, uncommitted, "rows of a killed transaction are left in the store");
            assertEquals(0, committed.size() % BATCH, "whole batches only, not " + committed.size() + " users");
            assertEquals(file.subList(0, committed.size()), committed, "the file's first users, in order");
            return committed;
        }
    }

    private static List<String> usernames(Connection c) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT username FROM rollcall_users ORDER BY username")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private static void deleteStore(Path data) throws IOException {
        try (var files = Files.list(data)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.delete(f);
            }
        }
    }
}
