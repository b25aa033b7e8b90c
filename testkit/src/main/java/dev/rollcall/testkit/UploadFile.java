package dev.rollcall.testkit;

import dev.rollcall.csv.CsvWriter;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A generated CSV upload file: a header as written (canonical names or aliases such as
 * {@code First Name}), rows of cells, and how the file is laid out: a byte-order mark or not,
 * CRLF or LF line endings, a line break after the last row or not. A {@code null} cell is
 * blank ({@code a,,b}: keep the stored value), an empty string is an explicit empty value
 * ({@code a,"",b}); values that need it are quoted.
 *
 * <p>Immutable and thread-safe. {@link #toString()} is the file's text, so a failing
 * property shows the file it failed on.
 *
 * @param header       the column names as written in the first line
 * @param rows         the data rows, one cell per column
 * @param bom          whether the file starts with a UTF-8 byte-order mark
 * @param lineEnding   {@code "\r\n"} or {@code "\n"}
 * @param finalNewline whether the last row ends with a line break
 */
public record UploadFile(List<String> header, List<List<String>> rows, boolean bom, String lineEnding,
                         boolean finalNewline) {

    /** Checks the arguments and copies the lists (cells may be null). */
    public UploadFile {
        header = List.copyOf(header);
        List<List<String>> copy = new ArrayList<>(rows.size());
        for (List<String> row : rows) {
            if (row.size() != header.size()) {
                throw new IllegalArgumentException("a row has " + row.size() + " cells for " + header.size() + " columns");
            }
            copy.add(Collections.unmodifiableList(new ArrayList<>(row)));
        }
        rows = Collections.unmodifiableList(copy);
        Objects.requireNonNull(lineEnding, "lineEnding must not be null");
        if (!lineEnding.equals("\r\n") && !lineEnding.equals("\n")) {
            throw new IllegalArgumentException("lineEnding must be CRLF or LF");
        }
    }

    /**
     * @param header the column names
     * @param rows   the rows
     * @return a plain file: no byte-order mark, CRLF, a final line break
     */
    public static UploadFile of(List<String> header, List<List<String>> rows) {
        return new UploadFile(header, rows, false, "\r\n", true);
    }

    /**
     * @param keep whether to keep each row, by index
     * @return a file with only the kept rows, laid out the same
     */
    public UploadFile withRows(java.util.function.IntPredicate keep) {
        List<List<String>> kept = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            if (keep.test(i)) {
                kept.add(rows.get(i));
            }
        }
        return new UploadFile(header, kept, bom, lineEnding, finalNewline);
    }

    /** @return the file's text, the byte-order mark included when there is one */
    public String text() {
        StringBuilder sb = new StringBuilder();
        if (bom) {
            sb.append('\uFEFF');
        }
        List<List<String>> lines = new ArrayList<>();
        lines.add(header);
        lines.addAll(rows);
        for (int i = 0; i < lines.size(); i++) {
            StringWriter one = new StringWriter();
            // as people's own files are: formulas not neutralised, for the reader to meet raw
            CsvWriter.builder().neutraliseFormulas(false).build(one).writeRow(lines.get(i));
            String line = one.toString();
            sb.append(line, 0, line.length() - 2); // CsvWriter ends every row with CRLF
            if (i < lines.size() - 1 || finalNewline) {
                sb.append(lineEnding);
            }
        }
        return sb.toString();
    }

    /** @return the file's UTF-8 bytes */
    public byte[] bytes() {
        return text().getBytes(StandardCharsets.UTF_8);
    }

    /** @return a stream of the file's bytes, for {@code UploadPlanner.plan(in, "upload.csv")} */
    public InputStream open() {
        return new ByteArrayInputStream(bytes());
    }

    @Override
    public String toString() {
        return "UploadFile[" + (bom ? "BOM, " : "") + (lineEnding.equals("\r\n") ? "CRLF" : "LF")
                + (finalNewline ? "" : ", no final newline") + "]\n" + text().replace("\uFEFF", "");
    }
}
