package dev.rollcall.spi;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Set;

/**
 * A file format Rollcall can read uploads from: CSV ({@code rollcall-csv}), XML
 * ({@code rollcall-xml}) or one a host provides. Formats are found with
 * {@link java.util.ServiceLoader} or handed in directly.
 *
 * <p>Implementations are immutable and thread-safe; every {@link #open} returns an
 * independent reader.
 */
public interface UploadFormat {

    /** @return a short lower-case name, e.g. {@code csv}; unique among installed formats */
    String name();

    /** @return the file suffixes this format reads, lower case with the dot, e.g. {@code .csv} */
    Set<String> fileSuffixes();

    /**
     * @param fileName a file name, possibly with a path
     * @return whether the name ends with one of {@link #fileSuffixes()}, ignoring case
     */
    default boolean accepts(String fileName) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        for (String suffix : fileSuffixes()) {
            if (lower.endsWith(suffix)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Starts reading a file. The header (if the format has one) is read at once.
     *
     * @param in the raw bytes of the file; the reader closes it when it is closed
     * @return a reader positioned before the first record
     * @throws UploadFileException when the file is empty or its header cannot be read
     * @throws IOException         when the stream fails
     */
    RowReader open(InputStream in) throws IOException;

    /**
     * Starts reading a file whose columns the host's schema defines. Formats whose files
     * name their own columns (CSV's header row) ignore the schema; formats that need it
     * (XML elements are checked against the host's fields) use it. The planner always
     * calls this method.
     *
     * @param in     the raw bytes of the file; the reader closes it when it is closed
     * @param schema the host's fields
     * @return a reader positioned before the first record
     * @throws UploadFileException when the file is empty or its start cannot be read
     * @throws IOException         when the stream fails
     */
    default RowReader open(InputStream in, FieldSchema schema) throws IOException {
        return open(in);
    }

    /**
     * Starts writing a file in this format that {@link #open} reads back exactly.
     *
     * @param out     where to write; closed when the writer is closed
     * @param columns the column names, written first where the format has a header
     * @return the writer
     * @throws IOException                   when the stream fails
     * @throws UnsupportedOperationException when the format cannot write files
     */
    default RowWriter writer(java.io.OutputStream out, java.util.List<String> columns) throws IOException {
        throw new UnsupportedOperationException("the " + name() + " format cannot write files");
    }
}
