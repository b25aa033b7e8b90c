package dev.rollcall.core.internal;

import dev.rollcall.core.Action;
import dev.rollcall.core.PlannedChange;
import dev.rollcall.spi.Problem;
import dev.rollcall.spi.RowWriter;
import dev.rollcall.spi.UploadColumns;
import dev.rollcall.spi.UploadFormat;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The error file of a plan: its rejected rows as they were read (secrets left empty), in the
 * upload's format and columns, with an {@code errors} column that says what is wrong, and
 * where: {@code [line 3 of this file, line 17 of the upload] email: … [MISSING_REQUIRED]}
 * (a format whose rows are not lines gives the upload's line only).
 */
public final class ErrorFile {

    private ErrorFile() {
    }

    /**
     * A rejected row: its line in the upload, its values as read, and its errors.
     *
     * @param line   the row's line in the upload
     * @param values the row's values, secrets left empty
     * @param errors why it was rejected
     */
    public record Rejected(long line, List<String> values, List<Problem> errors) {
    }

    /**
     * @param data   the plan's entries and the raw values of its rejected rows
     * @param format the upload's format
     * @param out    where to write; closed when done
     * @return the number of rows written
     * @throws UncheckedIOException when writing fails
     */
    public static long write(PlanData data, UploadFormat format, OutputStream out) {
        List<PlannedChange> entries = data.entries();
        Iterator<Rejected> rejected = new Iterator<>() {
            private int index;
            private Rejected next = advance();

            private Rejected advance() {
                while (index < entries.size()) {
                    PlannedChange c = entries.get(index);
                    List<String> values = c.action() == Action.REJECT ? data.store().rawValues(index) : null;
                    index++;
                    if (values != null) {
                        return new Rejected(c.line(), values, c.errors());
                    }
                }
                return null;
            }

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public Rejected next() {
                if (next == null) {
                    throw new java.util.NoSuchElementException();
                }
                Rejected r = next;
                next = advance();
                return r;
            }
        };
        return write(data.columns(), rejected, format, out);
    }

    /**
     * @param header   the upload's columns
     * @param rejected the rejected rows, in file order
     * @param format   the upload's format
     * @param out      where to write; closed when done
     * @return the number of rows written
     * @throws UncheckedIOException when writing fails
     */
    public static long write(List<String> header, Iterator<Rejected> rejected, UploadFormat format, OutputStream out) {
        List<String> columns = new ArrayList<>(header);
        int errorsColumn = -1;
        for (int i = 0; i < columns.size(); i++) {
            if (UploadColumns.ERRORS.equals(UploadColumns.normalize(columns.get(i)))) {
                errorsColumn = i;
            }
        }
        if (errorsColumn < 0) {
            columns.add(UploadColumns.ERRORS);
        }
        long n = 0;
        try (RowWriter w = format.writer(out, columns)) {
            while (rejected.hasNext()) {
                Rejected r = rejected.next();
                List<String> row = new ArrayList<>(r.values());
                while (row.size() < header.size()) {
                    row.add(null);
                }
                long here = w.nextLine();
                String errors = "[" + (here > 0 ? "line " + here + " of this file, " : "") + "line " + r.line()
                        + " of the upload] " + String.join("; ", r.errors().stream()
                        .map(p -> (p.column() != null ? p.column() + ": " : "") + p.message() + " [" + p.code() + "]").toList());
                if (errorsColumn >= 0) {
                    row.set(errorsColumn, errors);
                } else {
                    row.add(errors);
                }
                w.write(row);
                n++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return n;
    }
}
