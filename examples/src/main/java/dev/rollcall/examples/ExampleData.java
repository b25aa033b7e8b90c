package dev.rollcall.examples;

import dev.rollcall.core.InMemoryUserRepository;
import dev.rollcall.csv.CsvFormat;
import dev.rollcall.spi.RowReader;
import dev.rollcall.spi.UploadRow;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Finds the bundled sample files and loads them into repositories. */
public final class ExampleData {

    private ExampleData() {
    }

    /**
     * @param name a file under {@code examples/data}
     * @return its path, whether the example runs from the repository root or the module
     */
    public static Path file(String name) {
        for (Path dir : List.of(Path.of("examples", "data"), Path.of("data"))) {
            Path p = dir.resolve(name);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new IllegalStateException("cannot find examples/data/" + name + "; run from the repository root");
    }

    /**
     * Stores every row of a CSV file whose header uses canonical field names, as a host's
     * own screens would have.
     *
     * @param repository where to store them
     * @param csv        the file
     */
    public static void load(InMemoryUserRepository repository, Path csv) {
        try (InputStream in = Files.newInputStream(csv); RowReader reader = CsvFormat.defaults().open(in)) {
            List<String> columns = reader.columns();
            UploadRow row;
            while ((row = reader.next()) != null) {
                Map<String, String> fields = new LinkedHashMap<>();
                for (int i = 0; i < columns.size(); i++) {
                    String v = row.value(i);
                    if (v != null && !v.isEmpty()) {
                        fields.put(columns.get(i), v);
                    }
                }
                repository.insert(fields);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
