package dev.rollcall.core;

import dev.rollcall.csv.CsvFormat;
import dev.rollcall.spi.RowReader;
import dev.rollcall.spi.UploadRow;
import dev.rollcall.spi.UserRecord;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small helpers that let planner tests read as CSV text. */
final class TestUploads {

    private TestUploads() {
    }

    /**
     * @param csv a header of canonical field names, then one line per stored user
     * @return a repository holding those users
     */
    static InMemoryUserRepository store(String csv) {
        InMemoryUserRepository repository = new InMemoryUserRepository();
        load(repository, csv);
        return repository;
    }

    static void load(InMemoryUserRepository repository, String csv) {
        try (RowReader reader = CsvFormat.defaults().open(bytes(csv))) {
            List<String> columns = reader.columns();
            UploadRow row;
            while ((row = reader.next()) != null) {
                Map<String, String> fields = new LinkedHashMap<>();
                for (int i = 0; i < columns.size(); i++) {
                    if (row.value(i) != null && !row.value(i).isEmpty()) {
                        fields.put(columns.get(i), row.value(i));
                    }
                }
                repository.insert(fields);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static UploadPlan plan(UploadPlanner planner, String csv) {
        return planner.plan(bytes(csv), "upload.csv");
    }

    static ByteArrayInputStream bytes(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    static UserRecord user(InMemoryUserRepository repository, String username) {
        return repository.byUsername(username).orElseThrow(() -> new AssertionError("no user " + username));
    }
}
