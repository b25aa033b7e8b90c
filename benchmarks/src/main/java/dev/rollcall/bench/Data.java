package dev.rollcall.bench;

import dev.rollcall.core.InMemoryUserRepository;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The benchmarks' files and stores, made once per size and kept in the temporary folder. */
final class Data {

    private Data() {
    }

    static Path dir() {
        Path dir = Path.of(System.getProperty("rollcall.bench.dir", System.getProperty("java.io.tmpdir")), "rollcall-bench");
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path csv(int users) {
        Path p = dir().resolve("upload-" + users + ".csv");
        if (!Files.exists(p)) {
            Generator.upload(users, Generator.Mix.DEFAULT, p);
        }
        return p;
    }

    static Path xml(int users) {
        Path p = dir().resolve("upload-" + users + ".xml");
        if (!Files.exists(p)) {
            Generator.uploadXml(users, Generator.Mix.DEFAULT, p);
        }
        return p;
    }

    static Map<String, String> fields(java.util.List<String> values) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < Generator.COLUMNS.size(); i++) {
            m.put(Generator.COLUMNS.get(i), values.get(i));
        }
        return m;
    }

    static InMemoryUserRepository memoryStore(int users) {
        InMemoryUserRepository repo = new InMemoryUserRepository();
        Generator.store(users, u -> repo.insert(fields(u)));
        return repo;
    }
}
