package dev.rollcall.bench;

import com.univocity.parsers.csv.CsvParser;
import com.univocity.parsers.csv.CsvParserSettings;
import dev.rollcall.core.InMemoryUserRepository;
import dev.rollcall.core.UploadMode;
import dev.rollcall.core.UploadPlan;
import dev.rollcall.core.UploadPlanner;
import dev.rollcall.csv.CsvFormat;
import dev.rollcall.spi.RowReader;
import dev.rollcall.spi.UploadRow;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The CSV stages against their floor, in one run: the bare univocity iteration of the same
 * file (its defaults, reader thread on), then rollcall's reader (parse), validation, matching
 * (the batched look-ups alone) and planning (parse + validate + match + plan) against a store
 * of as many users, in memory.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 8)
@Fork(value = 1, jvmArgsAppend = {"-Xmx6g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
public class CsvBenchmark {

    @Param({"100000", "1000000"})
    public int users;

    private Path file;
    private InMemoryUserRepository repository;
    private UploadPlanner planner;

    @Setup
    public void setUp() {
        file = Data.csv(users);
        repository = Data.memoryStore(users);
        planner = UploadPlan.builder().repository(repository).mode(UploadMode.ADD_UPDATE).matchOn("externalId")
                .allowRenames(true).build();
    }

    @Benchmark
    public long floor() throws IOException {
        return univocity(file);
    }

    static long univocity(Path file) throws IOException {
        CsvParserSettings s = new CsvParserSettings();
        s.setHeaderExtractionEnabled(true);
        CsvParser p = new CsvParser(s);
        long n = 0;
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.beginParsing(r);
            while (p.parseNext() != null) {
                n++;
            }
        }
        return n;
    }

    @Benchmark
    public long parse() throws IOException {
        long n = 0;
        try (InputStream in = Files.newInputStream(file); RowReader r = CsvFormat.defaults().open(in)) {
            while (r.next() != null) {
                n++;
            }
        }
        return n;
    }

    @Benchmark
    public long validate() {
        return planner.validate(file).rows();
    }

    @Benchmark
    public long match() throws IOException {
        long found = 0;
        try (InputStream in = Files.newInputStream(file); RowReader r = CsvFormat.defaults().open(in)) {
            int key = r.columns().indexOf("externalId");
            List<String> keys = new ArrayList<>(500);
            UploadRow row;
            while ((row = r.next()) != null) {
                keys.add(row.value(key));
                if (keys.size() == 500) {
                    found += repository.findBy("externalId", keys).size();
                    keys.clear();
                }
            }
            found += repository.findBy("externalId", keys).size();
        }
        return found;
    }

    @Benchmark
    public long plan() {
        try (UploadPlan plan = planner.plan(file)) {
            return plan.summary().rows();
        }
    }
}
