package dev.rollcall.csv;

import dev.rollcall.spi.RowReader;
import dev.rollcall.spi.UploadFileException;
import dev.rollcall.spi.UploadRow;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CsvProperties {

    /** What CsvWriter writes, CsvFormat reads back: values, blanks, explicit empties, line numbers. */
    @Property(tries = 300)
    void writtenRows_readBackExactly(@ForAll("tables") List<List<String>> table, @ForAll("delimiters") char delimiter,
                                     @ForAll boolean crlf) throws IOException {
        int width = table.get(0).size();
        StringWriter text = new StringWriter();
        CsvWriter writer = CsvWriter.builder().delimiter(delimiter).build(text);
        List<String> header = new ArrayList<>();
        for (int i = 0; i < width; i++) {
            header.add("c" + i);
        }
        writer.writeRow(header);
        for (List<String> row : table) {
            writer.writeRow(row);
        }
        String csv = crlf ? text.toString() : text.toString().replace("\r\n", "\n");

        // where each written row starts: a row takes one line plus one per line break in its values
        List<Long> startLines = new ArrayList<>();
        long line = 2;
        for (List<String> row : table) {
            startLines.add(line);
            line += 1 + row.stream().filter(v -> v != null).mapToLong(v -> v.chars().filter(c -> c == '\n').count()).sum();
        }
        try (RowReader reader = CsvFormat.builder().delimiter(delimiter).build()
                .open(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)))) {
            assertEquals(header, reader.columns());
            for (int i = 0; i < table.size(); i++) {
                List<String> written = table.get(i);
                if (written.stream().allMatch(v -> v == null)) {
                    continue; // rows of nothing but blank cells are skipped
                }
                UploadRow row = reader.next();
                assertEquals(startLines.get(i), row.line(), "line of row " + i);
                assertEquals(written, Arrays.asList(row.values()));
                assertTrue(row.problems().isEmpty(), row.problems().toString());
            }
            assertNull(reader.next());
        }
    }

    /** Whatever bytes arrive, reading either works or fails with the documented exception. */
    @Property(tries = 500)
    void arbitraryBytes_failOnlyWithUploadFileException(@ForAll("bytes") byte[] input) throws IOException {
        try (RowReader reader = CsvFormat.defaults().open(new ByteArrayInputStream(input))) {
            UploadRow row;
            while ((row = reader.next()) != null) {
                assertTrue(row.line() >= 1);
            }
        } catch (UploadFileException e) {
            assertTrue(e.code().matches("[A-Z_]+"));
        }
    }

    @Provide
    Arbitrary<byte[]> bytes() {
        Arbitrary<Byte> interesting = Arbitraries.of((byte) ',', (byte) '"', (byte) '\n', (byte) '\r', (byte) 'a',
                (byte) ' ', (byte) 0xC3, (byte) 0xA9, (byte) 0xFF, (byte) 0xEF, (byte) 0xBB, (byte) 0xBF, (byte) 0);
        return Arbitraries.oneOf(interesting, Arbitraries.bytes()).array(byte[].class).ofMaxSize(200);
    }

    @Provide
    Arbitrary<Character> delimiters() {
        return Arbitraries.of(',', ';', '\t', '|');
    }

    @Provide
    Arbitrary<List<List<String>>> tables() {
        Arbitrary<String> word = Arbitraries.strings()
                .withChars("abcXYZ019 ,;|\t\"'\n=-@éü漢")
                .ofMinLength(1).ofMaxLength(12)
                .map(String::strip)
                .filter(s -> !s.isEmpty());
        Arbitrary<String> cell = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, word),
                net.jqwik.api.Tuple.of(2, Arbitraries.just((String) null)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just("")));
        return Arbitraries.integers().between(1, 5).flatMap(width ->
                cell.list().ofSize(width).list().ofMinSize(1).ofMaxSize(8)
                        .map(rows -> rows.stream().map(r -> (List<String>) new ArrayList<>(r)).toList()));
    }
}
