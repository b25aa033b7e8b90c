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

    /**
     * @return the physical line of the file the next row written starts on (a value with a
     *         line break in it makes a row longer than one line), or 0 when the format's rows
     *         are not lines (XML, a workbook); error files tell rows by it
     */
    default long nextLine() {
        return 0;
    }
}
