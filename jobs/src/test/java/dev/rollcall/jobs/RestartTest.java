package dev.rollcall.jobs;

import dev.rollcall.spi.JobCompletion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static dev.rollcall.jobs.Feeds.users;
import static dev.rollcall.jobs.Feeds.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Jobs added and run in one JVM, which then stops; this JVM finds jobs, states and history in the store. */
class RestartTest {

    @TempDir
    Path dir;

    @Test
    void jobsStatesAndHistory_outliveTheJvm() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("db").resolve("rollcall").toAbsolutePath().toString().replace('\\', '/');
        Files.createDirectories(dir.resolve("in"));
        write(dir.resolve("in").resolve("users.csv"), users("alice"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", RunnerProcess.class.getName(), "setup", url,
                dir.resolve("work").toString(), "first-jvm").redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)).readLine();
        assertTrue(p.waitFor(2, TimeUnit.MINUTES));
        assertEquals(0, p.exitValue());
        assertEquals("ran 1", out);

        JobStore store = JdbcJobStore.create(Databases.connecting(url));
        assertEquals(List.of("gone", "hr", "paused"), store.list().stream().map(StoredJob::name).toList());
        assertEquals(JobState.CANCELLED, store.find("gone").orElseThrow().state());
        assertEquals(JobState.DISABLED, store.find("paused").orElseThrow().state());
        StoredJob hr = store.find("hr").orElseThrow();
        assertEquals(JobState.EXPIRED, JobRunner.state(hr, RunnerProcess.hrJob(dir.resolve("in")).schedule()),
                "its one run was taken");
        List<HistoryEntry> history = store.history(Optional.of("hr"), 10);
        assertEquals(1, history.size());
        assertEquals("first-jvm", history.get(0).by());
        FileResult f = history.get(0).run().files().get(0);
        assertEquals("users.csv", f.file());
        assertEquals(Files.size(dir.resolve("work").resolve("hr").resolve("inbox").resolve("done")
                .resolve("0000000001_users.csv")), f.size());
        assertEquals(64, f.sha256().length());
        assertEquals(JobCompletion.Status.APPLIED, f.status());
        assertEquals(1, f.summary().created());

        try (JobRunner again = Feeds.runner(new dev.rollcall.core.InMemoryUserRepository(), dir.resolve("work"),
                new Feeds.MutableClock(RunnerProcess.T0), new Feeds.RecordingNotifier()).store(store).build()) {
            again.add(RunnerProcess.hrJob(dir.resolve("in")));
            again.add(Feeds.job("paused", FileSources.folder(dir.resolve("in")), Feeds.everyMinute()).build());
            assertEquals(List.of(), again.runDue(RunnerProcess.T0.plusSeconds(3600)), "nothing is run twice, paused stays paused");
            assertEquals(JobState.DISABLED, again.job("paused").orElseThrow().state());
        }
    }
}
