package dev.rollcall.bench;

import dev.rollcall.core.InMemoryUserRepository;
import dev.rollcall.jdbc.JdbcUserRepository;
import dev.rollcall.spi.PasswordChange;
import dev.rollcall.spi.StandardFields;
import dev.rollcall.spi.UserChange;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

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

    static Map<String, String> fields(List<String> values) {
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

    /**
     * The embedded H2 store of {@code users} users (the users of {@code store-N.csv}, feed
     * {@code hr}), made once per size as {@code rollcall plan} finds it after {@code rollcall
     * apply} created them: written through the repository in batches of 1,000, then closed
     * (which compacts the file when it is mostly dead space). Never opened again: benchmarks
     * work on copies ({@link #copyH2Store}).
     *
     * @return the store's database file ({@code rollcall.mv.db})
     */
    static synchronized Path h2Store(int users) {
        Path dir = dir().resolve("h2-store-" + users);
        Path file = dir.resolve("rollcall.mv.db");
        if (!Files.exists(file)) {
            Path building = dir().resolve("h2-store-" + users + ".building");
            try {
                delete(building);
                try (JdbcUserRepository r = JdbcUserRepository.embedded(building).initialize()) {
                    load(r, users);
                }
                delete(dir);
                Files.move(building, dir, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return file;
    }

    /**
     * Copies the store of {@link #h2Store} into an emptied folder, so that a benchmark starts
     * from the same users every time and never changes the original.
     *
     * @param users the store's size
     * @param dir   the folder to hold the copy (deleted first)
     * @param name  the database file's name without {@code .mv.db} ({@code rollcall} for
     *              {@link JdbcUserRepository#embedded})
     */
    static void copyH2Store(int users, Path dir, String name) {
        Path store = h2Store(users);
        try {
            delete(dir);
            Files.createDirectories(dir);
            Files.copy(store, dir.resolve(name + ".mv.db"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Creates the users of {@code store-N.csv} (feed {@code hr}) through the repository, 1,000 a write. */
    static void load(JdbcUserRepository r, int users) {
        List<UserChange> batch = new ArrayList<>(1000);
        Generator.store(users, u -> {
            Map<String, String> f = fields(u);
            f.put(StandardFields.FEED, "hr");
            batch.add(new UserChange.Create(f, Set.of(), PasswordChange.NONE));
            if (batch.size() == 1000) {
                r.write(List.copyOf(batch));
                batch.clear();
            }
        });
        if (!batch.isEmpty()) {
            r.write(List.copyOf(batch));
        }
    }

    static void delete(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
