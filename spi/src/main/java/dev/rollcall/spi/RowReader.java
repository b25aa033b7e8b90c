package dev.rollcall.spi;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;

/**
 * Streams the records of one upload file, one at a time, so a file of a million rows
 * never sits in memory whole. Made by {@link UploadFormat#open}. Not thread-safe: one
 * reader, one consumer.
 */
public interface RowReader extends Closeable {

    /**
     * @return the column names as written in the file's header, in order (for formats
     *         without a header row, the names the format defines); never null
     */
    List<String> columns();

    /**
     * @return the 1-based line of the header (for naming columns in problems), 0 when the
     *         format has none
     */
    long headerLine();

    /**
     * Reads the next record.
     *
     * @return the next row, or {@code null} at the end of the file
     * @throws UploadFileException when the file cannot be read any further (an unclosed
     *                             quote, undecodable bytes, malformed XML): the file is
     *                             refused as a whole
     * @throws IOException         when the underlying stream fails
     */
    UploadRow next() throws IOException;
}
