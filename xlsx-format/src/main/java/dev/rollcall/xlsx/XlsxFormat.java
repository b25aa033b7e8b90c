package dev.rollcall.xlsx;

import dev.rollcall.spi.RowReader;
import dev.rollcall.spi.RowWriter;
import dev.rollcall.spi.UploadFormat;
import dev.rollcall.xlsx.internal.Limits;
import dev.rollcall.xlsx.internal.SheetRowReader;
import dev.rollcall.xlsx.internal.SpreadsheetWriter;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Reads Excel workbooks ({@code .xlsx}) as upload files, streaming; see the
 * {@linkplain dev.rollcall.xlsx package} for what it promises and how it treats hostile files.
 * Profile and delegate uploads read alike: a header row, then one record per row.
 *
 * <p>Immutable and thread-safe. The no-argument constructor (used by
 * {@link java.util.ServiceLoader}) has the default limits.
 */
public final class XlsxFormat implements UploadFormat {

    /** The name of the template's sheet of instructions, which is never read as data. */
    public static final String INSTRUCTIONS_SHEET = "Instructions";

    private final Limits limits;

    /** The default limits: the format {@link java.util.ServiceLoader} finds. */
    public XlsxFormat() {
        this(new Builder());
    }

    private XlsxFormat(Builder b) {
        this.limits = new Limits(b.maxFileBytes, b.maxPartBytes, b.maxCompressionRatio, b.maxValueLength,
                b.sharedStringsInMemory);
    }

    /** @return a builder starting from the default limits */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String name() {
        return "xlsx";
    }

    @Override
    public Set<String> fileSuffixes() {
        return Set.of(".xlsx", ".xlsm");
    }

    @Override
    public RowReader open(InputStream in) throws IOException {
        Objects.requireNonNull(in, "in must not be null");
        return SheetRowReader.open(in, limits);
    }

    /**
     * Writes a workbook with one sheet, {@code Users}: a bold header, then every value as a
     * text cell (so Excel keeps {@code 00123}); an empty value is written {@code ""}, which
     * this format reads back as an explicit empty value. Rows stream to the output.
     */
    @Override
    public RowWriter writer(OutputStream out, List<String> columns) throws IOException {
        Objects.requireNonNull(out, "out must not be null");
        SpreadsheetWriter w = new SpreadsheetWriter(out);
        w.beginSheet(XlsxTemplates.DATA_SHEET, columns.size(), null, null);
        w.headerRow(columns, null);
        return new RowWriter() {
            @Override
            public void write(List<String> values) throws IOException {
                w.textRow(values);
            }

            @Override
            public void close() throws IOException {
                w.endSheet(List.of());
                w.close();
            }
        };
    }

    @Override
    public String toString() {
        return "XlsxFormat" + limits;
    }

    /** Builds an {@link XlsxFormat}; not thread-safe, reusable. */
    public static final class Builder {
        private long maxFileBytes = 1L << 30;
        private long maxPartBytes = 4L << 30;
        private int maxCompressionRatio = 100;
        private int maxValueLength = 32_767;
        private int sharedStringsInMemory = 4 << 20;

        private Builder() {
        }

        /** @param value the largest workbook accepted, in bytes as uploaded (default 1 GiB) */
        public Builder maxFileBytes(long value) {
            this.maxFileBytes = atLeast(value, 1024, "maxFileBytes");
            return this;
        }

        /** @param value the largest part (a sheet's XML) once inflated, in bytes (default 4 GiB) */
        public Builder maxPartBytes(long value) {
            this.maxPartBytes = atLeast(value, 1024, "maxPartBytes");
            return this;
        }

        /**
         * @param value how many times its compressed size a part may inflate to, past its
         *              first megabyte (default 100); more is a zip bomb
         */
        public Builder maxCompressionRatio(int value) {
            this.maxCompressionRatio = (int) atLeast(value, 2, "maxCompressionRatio");
            return this;
        }

        /** @param value the longest value accepted, in characters (default 32,767, Excel's own limit) */
        public Builder maxValueLength(int value) {
            this.maxValueLength = (int) atLeast(value, 16, "maxValueLength");
            return this;
        }

        /**
         * @param value how many characters of shared strings are kept in memory (default
         *              4,194,304); past that they are spilled to a temporary file
         */
        public Builder sharedStringsInMemory(int value) {
            this.sharedStringsInMemory = (int) atLeast(value, 0, "sharedStringsInMemory");
            return this;
        }

        private static long atLeast(long value, long min, String name) {
            if (value < min) {
                throw new IllegalArgumentException(name + " must be at least " + min + ": " + value);
            }
            return value;
        }

        /** @return the format */
        public XlsxFormat build() {
            return new XlsxFormat(this);
        }
    }
}
