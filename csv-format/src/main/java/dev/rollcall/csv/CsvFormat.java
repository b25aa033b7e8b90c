package dev.rollcall.csv;

import dev.rollcall.csv.internal.CsvRowReader;
import dev.rollcall.spi.RowReader;
import dev.rollcall.spi.RowWriter;
import dev.rollcall.spi.UploadFormat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Reads CSV upload files: a header row, then one record per user. Handles what real files
 * hold: UTF-8 with or without a byte-order mark (a UTF-16 mark switches to UTF-16), CRLF,
 * LF or bare CR line endings, quoted values containing delimiters, quotes and line breaks,
 * and a selectable delimiter (comma, semicolon, tab, pipe) and encoding.
 *
 * <p>What it promises:
 * <ul>
 *   <li>a blank cell and a cell written {@code ""} stay distinguishable: {@code null} and
 *       {@code ""} in the {@link dev.rollcall.spi.UploadRow};</li>
 *   <li>values are kept exactly as written, minus surrounding whitespace: {@code 00123}
 *       stays {@code 00123};</li>
 *   <li>each row carries the physical line where it starts; a row with more or fewer cells
 *       than the header carries a {@link dev.rollcall.spi.Codes#CELL_COUNT} error and the
 *       rest of the file goes on; rows of nothing but blank cells are skipped;</li>
 *   <li>a value written with an apostrophe before a formula character ({@code '=1+1},
 *       {@code '-5}), as {@link CsvWriter} neutralises extracts and error files
 *       ({@link dev.rollcall.spi.FormulaGuard}), is read without the apostrophe, so an extract
 *       or a fixed error file uploads back unchanged;</li>
 *   <li>a quote that is never closed refuses the file
 *       ({@link dev.rollcall.spi.Codes#UNCLOSED_QUOTE}), naming the line where it opened;
 *       bytes invalid in the encoding refuse it too
 *       ({@link dev.rollcall.spi.Codes#MALFORMED_ENCODING}), naming their line.</li>
 * </ul>
 *
 * <p>Immutable and thread-safe. The no-argument constructor (used by
 * {@link java.util.ServiceLoader}) reads comma-separated UTF-8.
 */
public final class CsvFormat implements UploadFormat {

    private final char delimiter;
    private final Charset encoding;
    private final int maxValueLength;

    /** Comma-separated UTF-8: the format {@link java.util.ServiceLoader} finds. */
    public CsvFormat() {
        this(',', StandardCharsets.UTF_8, 1 << 20);
    }

    private CsvFormat(char delimiter, Charset encoding, int maxValueLength) {
        this.delimiter = delimiter;
        this.encoding = encoding;
        this.maxValueLength = maxValueLength;
    }

    /** @return comma-separated UTF-8 */
    public static CsvFormat defaults() {
        return new CsvFormat();
    }

    /** @return a builder starting from comma-separated UTF-8 */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the field delimiter */
    public char delimiter() {
        return delimiter;
    }

    /** @return the declared encoding (a byte-order mark in a file overrides it) */
    public Charset encoding() {
        return encoding;
    }

    @Override
    public String name() {
        return "csv";
    }

    @Override
    public Set<String> fileSuffixes() {
        return Set.of(".csv", ".tsv", ".txt");
    }

    @Override
    public RowReader open(InputStream in) throws IOException {
        Objects.requireNonNull(in, "in must not be null");
        return new CsvRowReader(in, delimiter, encoding, maxValueLength);
    }

    /**
     * Writes CSV in this format's delimiter and encoding, header first, that this format
     * reads back exactly; cells a spreadsheet would run as formulas are neutralised
     * ({@link CsvWriter#neutralise}), and reading takes that off again.
     */
    @Override
    public RowWriter writer(OutputStream out, List<String> columns) throws IOException {
        Objects.requireNonNull(out, "out must not be null");
        CsvWriter w = CsvWriter.builder().delimiter(delimiter).build(new OutputStreamWriter(out, encoding));
        w.writeRow(columns);
        long[] line = {1 + lines(columns)};
        return new RowWriter() {
            @Override
            public void write(List<String> values) {
                w.writeRow(values);
                line[0] += lines(values);
            }

            @Override
            public long nextLine() {
                return line[0];
            }

            @Override
            public void close() throws IOException {
                w.close();
            }
        };
    }

    /** @return the physical lines a row of these values takes: one, and one more per line break inside a value */
    private static long lines(List<String> values) {
        long n = 1;
        for (String v : values) {
            for (int i = 0; v != null && i < v.length(); i++) {
                char c = v.charAt(i);
                if (c == '\n' || (c == '\r' && (i + 1 == v.length() || v.charAt(i + 1) != '\n'))) {
                    n++;
                }
            }
        }
        return n;
    }

    @Override
    public String toString() {
        return "CsvFormat[delimiter=" + printable(delimiter) + ", encoding=" + encoding.name() + "]";
    }

    static String printable(char c) {
        return c == '\t' ? "\\t" : String.valueOf(c);
    }

    /** Builds a {@link CsvFormat}; not thread-safe, reusable. */
    public static final class Builder {
        private char delimiter = ',';
        private Charset encoding = StandardCharsets.UTF_8;
        private int maxValueLength = 1 << 20;

        private Builder() {
        }

        /**
         * @param value the field delimiter (default {@code ,}); commonly {@code ;}, tab or {@code |}
         * @throws IllegalArgumentException for a quote, a line break, a space or a letter or digit
         */
        public Builder delimiter(char value) {
            if (value == '"' || value == '\n' || value == '\r' || value == ' ' || Character.isLetterOrDigit(value)) {
                throw new IllegalArgumentException("'" + printable(value) + "' cannot be a CSV delimiter");
            }
            this.delimiter = value;
            return this;
        }

        /** @param value the encoding (default UTF-8) */
        public Builder encoding(Charset value) {
            this.encoding = Objects.requireNonNull(value, "encoding must not be null");
            return this;
        }

        /**
         * @param value the longest value accepted, in characters (default 1,048,576); a longer
         *              one refuses the file
         */
        public Builder maxValueLength(int value) {
            if (value < 16) {
                throw new IllegalArgumentException("maxValueLength must be at least 16: " + value);
            }
            this.maxValueLength = value;
            return this;
        }

        /** @return the format */
        public CsvFormat build() {
            return new CsvFormat(delimiter, encoding, maxValueLength);
        }
    }
}
