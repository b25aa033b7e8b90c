package dev.rollcall.spi;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;

/**
 * Writes rows in a format, for files Rollcall hands back to people: error files of rejected
 * rows, templates. Made by {@link UploadFormat#writer}. Not thread-safe.
 */
public interface RowWriter extends Closeable {

    /**
     * @param values one value per column: {@code null} for a blank cell, {@code ""} for an
     *               explicit empty value, as in {@link UploadRow}
     * @throws IOException when the stream fails
     */
    void write(List<String> values) throws IOException;
}
