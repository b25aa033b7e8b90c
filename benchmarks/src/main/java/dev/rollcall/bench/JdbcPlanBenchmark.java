package dev.rollcall.bench;

import dev.rollcall.core.UploadMode;
import dev.rollcall.core.UploadPlan;
import dev.rollcall.core.UploadPlanner;
import dev.rollcall.jdbc.JdbcUserRepository;
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

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Planning the CSV upload against a real store, beside the same floor as {@link CsvBenchmark}
 * (bare univocity iterating the file): parse + validate + match + plan, where matching looks
 * the users up in an embedded H2 file store of as many users, opened as the command line
 * opens its default store ({@link JdbcUserRepository#embedded}).
 *
 * <p>Each iteration plans against a fresh copy of the store's file, opened in the
 * iteration's set-up (not measured): H2's page cache starts empty, as in a new process, and
 * the store is the same every time (planning writes nothing, but closing an embedded store
 * may compact its file). The operating system's file cache is warm, since the file was just
 * copied. Single-shot: one iteration is one whole plan of the file.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
public class JdbcPlanBenchmark {

    @Param({"100000"})
    public int users;

    private Path file;

    @Setup(Level.Trial)
    public void data() {
        file = Data.csv(users);
    }

    /** A fresh copy of the H2 store for each iteration of {@link #plan}; the floor needs none. */
    @State(Scope.Benchmark)
    public static class Store {
        private JdbcUserRepository repository;
        private UploadPlanner planner;

        @Setup(Level.Iteration)
        public void open(JdbcPlanBenchmark b) {
            Path work = Data.dir().resolve("h2-plan-" + b.users);
            Data.copyH2Store(b.users, work, "rollcall");
            repository = JdbcUserRepository.embedded(work).initialize();
            planner = UploadPlan.builder().repository(repository).mode(UploadMode.ADD_UPDATE).matchOn("externalId")
                    .allowRenames(true).feed("hr").build();
        }

        @TearDown(Level.Iteration)
        public void close() {
            repository.close();
        }
    }

    @Benchmark
    public long floor() throws IOException {
        return CsvBenchmark.univocity(file);
    }

    @Benchmark
    public long plan(Store store) {
        try (UploadPlan plan = store.planner.plan(file)) {
            return plan.summary().rows();
        }
    }
}
