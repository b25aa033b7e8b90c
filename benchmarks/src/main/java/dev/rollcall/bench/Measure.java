package dev.rollcall.bench;

import com.univocity.parsers.csv.CsvParser;
import com.univocity.parsers.csv.CsvParserSettings;
import dev.rollcall.core.InMemoryUserRepository;
import dev.rollcall.core.UploadMode;
import dev.rollcall.core.UploadPlan;
import dev.rollcall.core.UploadPlanner;
import dev.rollcall.csv.CsvFormat;
import dev.rollcall.spi.RowReader;

import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A quick look while optimising: the floor, rollcall's reader, and planning, timed in one JVM. */
public final class Measure {

    public static void main(String[] args) throws Exception {
        int users = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        Path file = Path.of(args.length > 1 ? args[1] : "/tmp/rollcall-bench-" + users + ".csv");
        if (!Files.exists(file)) {
            long t = System.nanoTime();
            Generator.upload(users, Generator.Mix.DEFAULT, file);
            System.out.printf("generated %s (%d MB) in %.2f s%n", file, Files.size(file) >> 20, (System.nanoTime() - t) / 1e9);
        }
        long t0 = System.nanoTime();
        InMemoryUserRepository repo = new InMemoryUserRepository();
        Generator.store(users, u -> {
            Map<String, String> m = new LinkedHashMap<>();
            for (int i = 0; i < Generator.COLUMNS.size(); i++) {
                m.put(Generator.COLUMNS.get(i), u.get(i));
            }
            repo.insert(m);
        });
        System.out.printf("store of %d users in %.2f s%n", users, (System.nanoTime() - t0) / 1e9);
        UploadPlanner planner = UploadPlan.builder().repository(repo).mode(UploadMode.ADD_UPDATE).matchOn("externalId")
                .allowRenames(true).build();
        boolean planOnly = args.length > 2 && args[2].equals("plan");
        for (int round = 0; round < 3; round++) {
            if (planOnly) {
                java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
                long cpu0 = mx.getCurrentThreadCpuTime();
                long c = time(() -> planner.plan(file));
                long cpuPlan = mx.getCurrentThreadCpuTime() - cpu0;
                cpu0 = mx.getCurrentThreadCpuTime();
                floor(file);
                long cpuFloor = mx.getCurrentThreadCpuTime() - cpu0;
                cpu0 = mx.getCurrentThreadCpuTime();
                reader(file);
                long cpuReader = mx.getCurrentThreadCpuTime() - cpu0;
                System.out.printf("round %d: plan %.2f s wall; main-thread cpu: plan %.2f s, reader %.2f s, floor %.2f s%n",
                        round, c / 1e9, cpuPlan / 1e9, cpuReader / 1e9, cpuFloor / 1e9);
                continue;
            }
            long a = time(() -> floor(file));
            long b = time(() -> reader(file));
            long[] summary = new long[1];
            long c = time(() -> {
                UploadPlan plan = planner.plan(file);
                summary[0] = plan.summary().rows();
            });
            System.out.printf("round %d: floor %.2f s, reader %.2f s (%.2fx), plan %.2f s (%.2fx) rows=%d%n", round,
                    a / 1e9, b / 1e9, (double) b / a, c / 1e9, (double) c / a, summary[0]);
        }
    }

    static long floor(Path file) throws Exception {
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

    static long reader(Path file) throws Exception {
        long n = 0;
        try (InputStream in = Files.newInputStream(file); RowReader r = CsvFormat.defaults().open(in)) {
            while (r.next() != null) {
                n++;
            }
        }
        return n;
    }

    interface Body {
        void run() throws Exception;
    }

    static long time(Body b) throws Exception {
        System.gc();
        long t = System.nanoTime();
        b.run();
        return System.nanoTime() - t;
    }

    private Measure() {
    }
}
