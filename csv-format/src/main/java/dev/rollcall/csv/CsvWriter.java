package dev.rollcall.csv;

import dev.rollcall.spi.FormulaGuard;

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
 * <p>Cells a spreadsheet would run as formulas are neutralised, by default: a value starting
 * with {@code =}, {@code +}, {@code -} or {@code @} (or their full-width forms, or after a
 * tab, a carriage return or other whitespace) is written with a leading apostrophe, so
 * opening the file in a spreadsheet cannot run anything; see {@link FormulaGuard}, the one
 * scheme every CSV Rollcall writes uses. {@link CsvFormat} takes the apostrophe off when
 * reading. Either way, with neutralising on or
 * {@linkplain Builder#neutraliseFormulas(boolean) off}, what this writer writes reads back
 * exactly as it was given (surrounding whitespace aside, which {@link CsvFormat} strips).
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

    /** @return a comma-separated writer that neutralises formulas */
    public static CsvWriter of(Writer out) {
        return new CsvWriter(out, ',', true);
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
     * @see FormulaGuard#neutralise(String)
     */
    public static String neutralise(String value) {
        return FormulaGuard.neutralise(value);
    }

    /**
     * @param value a value read from a file
     * @return the value with one apostrophe fewer in front, when it is apostrophes followed
     *         by a formula character: what {@link #neutralise} added
     * @see FormulaGuard#unneutralise(String)
     */
    public static String unneutralise(String value) {
        return FormulaGuard.unneutralise(value);
    }

    /** Without neutralising, a value that would be read as neutralised still reads back as written. */
    private static String protect(String value) {
        return value.startsWith("'") ? FormulaGuard.neutralise(value) : value;
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
        private boolean neutraliseFormulas = true;

        private Builder() {
        }

        /** @param value the delimiter (default {@code ,}) */
        public Builder delimiter(char value) {
            CsvFormat.builder().delimiter(value); // same rules as for reading
            this.delimiter = value;
            return this;
        }

        /**
         * @param value prefix formula-like values with an apostrophe (default true); off, the
         *              file is written as given, for tests of what people's own files hold
         */
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
