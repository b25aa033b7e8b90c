package dev.rollcall.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code rollcall jobs} as separate processes: a job added by one run of rollcall is listed by
 * the next; {@code jobs run} runs until SIGTERM, then stops cleanly.
 */
class JobsJarIT {

    @TempDir
    Path work;

    private static String rollcall(Path jar, Path folder, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-jar", jar.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(folder.toFile()).redirectErrorStream(true);
        pb.environment().remove("ROLLCALL_STORE");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    @Test
    void aJobAddedByOneRun_isListedByTheNext() throws Exception {
        Path jar = Path.of("target", "rollcall.jar").toAbsolutePath();
        Files.createDirectories(work.resolve("in"));
        String added = rollcall(jar, work, "jobs", "add", "hr", "description=Nightly HR feed", "source=folder", "path=in",
                "schedule=daily", "start=2026-12-01", "time=02:30", "zone=UTC");
        // the first run in a folder says where it created the embedded store (standard error, merged here)
        assertTrue(added.startsWith("Created the embedded store in "), added);
        assertTrue(added.lines().skip(1).findFirst().orElse("").startsWith("Added job hr: daily at 02:30 UTC, from 2026-12-01;"),
                added);
        String listed = rollcall(jar, work, "jobs", "list");
        assertTrue(listed.lines().anyMatch(l -> l.startsWith("hr ") && l.contains(" users ") && l.contains(" active ")
                && l.endsWith("daily at 02:30 UTC, from 2026-12-01")), listed);
    }

    @Test
    void jobsRun_runsUntilSigterm_thenStopsCleanly() throws Exception {
        Path jar = Path.of("target", "rollcall.jar").toAbsolutePath();
        assertTrue(Files.isRegularFile(jar), "mvn package builds " + jar);
        Files.createDirectories(work.resolve("in"));
        Files.writeString(work.resolve("in/users.csv"), "username,email,firstName,lastName\nalice,alice@example.com,Alice,T\n");
        Files.writeString(work.resolve("jobs.properties"), """
                job.hr.description = HR feed
                job.hr.source = folder
                job.hr.path = in
                job.hr.schedule = now
                job.hr.settle = 0s
                """);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-jar", jar.toString(), "jobs", "run", "jobs.properties")
                .directory(work.toFile());
        pb.environment().remove("ROLLCALL_STORE");
        Path out = work.resolve("out.txt");
        pb.redirectOutput(out.toFile()).redirectError(work.resolve("err.txt").toFile());
        Process p = pb.start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.readString(out, StandardCharsets.UTF_8).contains("hr: users.csv applied")) {
                assertTrue(p.isAlive(), "still running: " + Files.readString(work.resolve("err.txt")));
                assertTrue(System.nanoTime() < deadline, "the job ran: " + Files.readString(out));
                Thread.sleep(100);
            }
            Thread.sleep(300);
            assertTrue(p.isAlive(), "runs until stopped");
            p.destroy();   // SIGTERM
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "stopped");
        } finally {
            p.destroyForcibly();
        }
        String text = Files.readString(out, StandardCharsets.UTF_8);
        assertEquals(143, p.exitValue(), "ended by SIGTERM: " + text);
        List<String> lines = text.lines().toList();
        assertTrue(lines.get(0).startsWith("Worker ") && lines.get(0).contains(": running 1 job from the store"), text);
        assertTrue(text.contains("Stopping: waiting for the runs under way to finish.\nStopped.\n"), text);
        assertFalse(Files.exists(work.resolve("in/users.csv")));

        // the work directory was released: another run may use it
        Process again = new ProcessBuilder(java, "-jar", jar.toString(), "jobs", "run", "jobs.properties", "--once")
                .directory(work.toFile()).redirectErrorStream(true).start();
        assertTrue(again.waitFor(60, TimeUnit.SECONDS));
        String second = new String(again.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, again.exitValue(), second);
    }
}
