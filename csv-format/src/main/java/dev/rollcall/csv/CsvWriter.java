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
 * spreadsheet cannot run anything. {@link #unneutralise(String)} undoes it, and
 * {@link CsvFormat} does so when reading. Either way, what this writer writes reads back
 * exactly as it was given.
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
                    writeValue(neutraliseFormulas ? neutralise(v) : protect(v));
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
     * @return the value with an apostrophe in front when a spreadsheet would run it as a
     *         formula (or when it already is such a value with apostrophes in front)
     */
    public static String neutralise(String value) {
        return apostrophesThenFormula(value) >= 0 ? "'" + value : value;
    }

    /**
     * @param value a value read from a file
     * @return the value with one apostrophe fewer in front, when it is apostrophes followed
     *         by a formula character: what {@link #neutralise} added
     */
    public static String unneutralise(String value) {
        return apostrophesThenFormula(value) > 0 ? value.substring(1) : value;
    }

    /** Without neutralising, a value that would be read as neutralised still reads back as written. */
    private static String protect(String value) {
        return apostrophesThenFormula(value) > 0 ? "'" + value : value;
    }

    /** @return the number of apostrophes before a formula character, or -1 when the value is not of that shape */
    private static int apostrophesThenFormula(String v) {
        int i = 0;
        while (i < v.length() && v.charAt(i) == '\'') {
            i++;
        }
        if (i >= v.length()) {
            return -1;
        }
        char c = v.charAt(i);
        return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r' ? i : -1;
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
