package dev.rollcall.jobs;

import dev.rollcall.core.InMemoryUserRepository;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * A job runner in a JVM of its own, for the tests that need several processes:
 * {@code java … RunnerProcess MODE JDBC_URL WORK_DIR NAME}.
 *
 * <ul>
 * <li>{@code race}: adds the {@value #JOBS} jobs of {@link #raceJobs}, waits for a line on
 * standard input (so that every process starts together), runs what is due at {@link #T0},
 * prints how many runs it made, exits 0.</li>
 * <li>{@code setup}: adds the jobs {@code hr} (which runs once, taking a file),
 * {@code paused} (disabled) and {@code gone} (cancelled), runs what is due at T0, exits 0.</li>
 * <li>{@code die}: adds the job {@code hr} (folder {@code WORK_DIR/../in}, once at T0), runs
 * it, and halts the JVM (exit 99, no clean-up) when the run is about to apply its file.</li>
 * </ul>
 */
public final class RunnerProcess {

    static final int JOBS = 100;
    static final Instant T0 = Instant.parse("2026-12-01T09:00:00Z");
    static final Duration LEASE = Duration.ofMinutes(10);
    static final int DIED = 99;

    private RunnerProcess() {
    }

    public static void main(String[] args) throws IOException {
        String mode = args[0];
        String url = args[1];
        Path work = Path.of(args[2]);
        String name = args[3];
        JobStore store = JdbcJobStore.create(Databases.oneConnection(url));
        JobRunner.Builder b = Feeds.runner(new InMemoryUserRepository(), work, new Feeds.MutableClock(T0),
                new Feeds.RecordingNotifier()).store(store).name(name).lease(LEASE);
        if (mode.equals("die")) {
            b.checkpoint(step -> {
                if (step.startsWith("hr: apply")) {
                    Runtime.getRuntime().halt(DIED);
                }
            });
        }
        try (JobRunner runner = b.build()) {
            if (mode.equals("race")) {
                raceJobs(work.resolveSibling("in")).forEach(runner::add);
                System.out.println("ready");
                System.out.flush();
                new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
                System.out.println("ran " + runner.runDue(T0).size());
            } else if (mode.equals("setup")) {
                runner.add(hrJob(work.resolveSibling("in")));
                runner.add(Feeds.job("paused", FileSources.folder(work.resolveSibling("in")), Feeds.everyMinute()).build());
                runner.add(Feeds.job("gone", FileSources.folder(work.resolveSibling("in")), Feeds.everyMinute()).build());
                runner.disable("paused");
                runner.cancel("gone");
                System.out.println("ran " + runner.runDue(T0).size());
            } else {
                runner.add(hrJob(work.resolveSibling("in")));
                runner.runDue(T0);
                System.out.println("the run finished: the checkpoint was never reached");
            }
        }
    }

    /** @return jobs {@code j000} to {@code j099}, each once at T0, over an empty folder */
    static List<Job> raceJobs(Path in) {
        List<Job> jobs = new ArrayList<>();
        for (int i = 0; i < JOBS; i++) {
            jobs.add(Feeds.job(String.format("j%03d", i), FileSources.folder(in), once(T0)).build());
        }
        return jobs;
    }

    static Job hrJob(Path in) {
        return Feeds.job("hr", FileSources.folder(in), once(T0)).build();
    }

    static Schedule once(Instant at) {
        return Schedule.once().starting(LocalDate.ofInstant(at, ZoneOffset.UTC)).at(LocalTime.ofInstant(at, ZoneOffset.UTC))
                .zone(ZoneOffset.UTC).build();
    }
}
