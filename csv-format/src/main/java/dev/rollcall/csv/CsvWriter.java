package dev.rollcall.csv;

import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Writes CSV that {@link CsvFormat} (and Excel) reads back exactly: templates, extracts,
 * error files. A {@code null} value is written as a blank cell, an empty string as
 * {@code ""} (an explicit empty value); a value is quoted when it holds the delimiter, a
 * quote, a line break or surrounding whitespace. Lines end with CRLF (RFC 4180).
 *
 * <p>With {@link Builder#neutraliseFormulas(boolean)} on, a value that a spreadsheet would
 * run as a formula (one starting with {@code =}, {@code +}, {@code -}, {@code @}, a tab or a
 * carriage return) is written with a leading apostrophe, so opening an extract in a
 * spreadsheet cannot run anything. {@link #unneutralise(String)} undoes it.
 *
 * <p>Not thread-safe. Closing the writer closes the underlying {@link Writer}.
 */
public final class CsvWriter implements Closeable, Flushable {

    private final Writer out;
    private final char delimiter;
    private final boolean neutraliseFormulas;

    private CsvWriter(Writer out, char delimiter, boolean neutraliseFormulas) {
        this.out = Objects.requireNonNull(out, "out must not be null");
        this.delimiter = delimiter;
        this.neutraliseFormulas = neutraliseFormulas;
    }

    /** @return a comma-separated writer without formula neutralisation */
    public static CsvWriter of(Writer out) {
        return new CsvWriter(out, ',', false);
    }

    /** @return a builder for other settings */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Writes one row.
     *
     * @param values the cells; {@code null} for blank, {@code ""} for an explicit empty value
     * @throws UncheckedIOException when the writer fails
     */
    public void writeRow(List<String> values) {
        try {
            for (int i = 0; i < values.size(); i++) {
                if (i > 0) {
                    out.write(delimiter);
                }
                String v = values.get(i);
                if (v != null) {
                    writeValue(neutraliseFormulas ? neutralise(v) : v);
                }
            }
            out.write("\r\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes one row; see {@link #writeRow(List)}. */
    public void writeRow(String... values) {
        writeRow(Arrays.asList(values));
    }

    private void writeValue(String v) throws IOException {
        if (needsQuotes(v)) {
            out.write('"');
            for (int i = 0; i < v.length(); i++) {
                char c = v.charAt(i);
                if (c == '"') {
                    out.write('"');
                }
                out.write(c);
            }
            out.write('"');
        } else {
            out.write(v);
        }
    }

    private boolean needsQuotes(String v) {
        if (v.isEmpty()) {
            return true;
        }
        if (Character.isWhitespace(v.charAt(0)) || Character.isWhitespace(v.charAt(v.length() - 1))) {
            return true;
        }
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == delimiter || c == '"' || c == '\n' || c == '\r') {
                return true;
            }
        }
        return false;
    }

    /**
     * @param value a value
     * @return the value with an apostrophe in front when a spreadsheet would run it as a formula
     */
    public static String neutralise(String value) {
        return isFormulaLike(value) ? "'" + value : value;
    }

    /**
     * @param value a value read from a file
     * @return the value without the apostrophe {@link #neutralise} put in front, if it has one
     */
    public static String unneutralise(String value) {
        return value.length() > 1 && value.charAt(0) == '\'' && isFormulaLike(value.substring(1))
                ? value.substring(1) : value;
    }

    private static boolean isFormulaLike(String v) {
        if (v.isEmpty()) {
            return false;
        }
        char c = v.charAt(0);
        return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }

    /** Builds a {@link CsvWriter}; not thread-safe, reusable. */
    public static final class Builder {
        private char delimiter = ',';
        private boolean neutraliseFormulas;

        private Builder() {
        }

        /** @param value the delimiter (default {@code ,}) */
        public Builder delimiter(char value) {
            CsvFormat.builder().delimiter(value); // same rules as for reading
            this.delimiter = value;
            return this;
        }

        /** @param value prefix formula-like values with an apostrophe (default false) */
        public Builder neutraliseFormulas(boolean value) {
            this.neutraliseFormulas = value;
            return this;
        }

        /**
         * @param out where to write
         * @return the writer
         */
        public CsvWriter build(Writer out) {
            return new CsvWriter(out, delimiter, neutraliseFormulas);
        }
    }
}
