package dev.rollcall.spi;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One record of an upload file, as the format read it: where it starts, the value of each
 * column of {@link RowReader#columns()}, and any problem the format found with the record
 * itself (a CSV row with more or fewer cells than the header, say).
 *
 * <p>Each value is one of three things, and the difference matters to the planner:
 * <ul>
 *   <li>{@code null}: the cell was left blank (CSV {@code a,,b}; an absent XML element).
 *       A blank never changes a stored value.</li>
 *   <li>{@code ""}: the cell was written as an explicit empty value (CSV {@code a,"",b};
 *       an empty XML element {@code <email/>}). It erases the stored value when the plan
 *       is built to erase on empty values, and is ignored otherwise.</li>
 *   <li>any other string: the value exactly as written, minus surrounding whitespace.
 *       Values are never converted: {@code 00123} stays {@code 00123}.</li>
 * </ul>
 *
 * <p>Immutable once built. For speed the constructor takes ownership of the array it is
 * given; callers must not change it afterwards.
 */
public final class UploadRow {

    private final long line;
    private final String[] values;
    private final List<Problem> problems;
    private final Cells cells;

    /**
     * What a spreadsheet format knows about the cells a row's values came from, and a text
     * format does not: each cell's address, and whether the cell was typed as a number (so
     * Excel may have dropped its leading zeros or rounded its digits). Core uses it to flag
     * Excel damage in text fields, naming the cell.
     */
    public interface Cells {

        /**
         * @param column a 0-based column index
         * @return the cell's address, e.g. {@code Sheet1!C7}, or null when the row does not reach the column
         */
        String address(int column);

        /**
         * @param column a 0-based column index
         * @return whether the value was read from a cell typed as a number (not text, not a date)
         */
        boolean isNumber(int column);
    }

    /**
     * @param line     the 1-based physical line where the record starts
     * @param values   one value per column (see the class comment); ownership passes to the row
     * @param problems problems with the record as a whole; errors reject the row
     */
    public UploadRow(long line, String[] values, List<Problem> problems) {
        this(line, values, problems, null);
    }

    /**
     * A row read from a spreadsheet, which knows each value's cell.
     *
     * @param line     the 1-based line (the sheet's row number) where the record starts
     * @param values   one value per column (see the class comment); ownership passes to the row
     * @param problems problems with the record as a whole; errors reject the row
     * @param cells    where the values came from, or null for a format without cells
     */
    public UploadRow(long line, String[] values, List<Problem> problems, Cells cells) {
        if (line < 1) {
            throw new IllegalArgumentException("line must be at least 1: " + line);
        }
        this.line = line;
        this.values = Objects.requireNonNull(values, "values must not be null");
        this.problems = List.copyOf(problems);
        this.cells = cells;
    }

    /** @return a row without problems, copying the given values */
    public static UploadRow of(long line, String... values) {
        return new UploadRow(line, values.clone(), List.of());
    }

    /** @return the 1-based physical line where the record starts */
    public long line() {
        return line;
    }

    /** @return the number of values, normally the number of columns */
    public int size() {
        return values.length;
    }

    /**
     * @param column a 0-based column index
     * @return the value, {@code ""} for an explicit empty value, {@code null} for a blank
     *         cell or a column the row does not reach
     */
    public String value(int column) {
        return column < values.length ? values[column] : null;
    }

    /** @return whether the cell was left blank (or the row does not reach the column) */
    public boolean isBlank(int column) {
        return value(column) == null;
    }

    /** @return whether the cell was written as an explicit empty value ({@code ""}) */
    public boolean isExplicitEmpty(int column) {
        String v = value(column);
        return v != null && v.isEmpty();
    }

    /**
     * @param column a 0-based column index
     * @return the address of the value's cell ({@code Sheet1!C7}) when the format has cells,
     *         otherwise null
     */
    public String cellAddress(int column) {
        return cells == null ? null : cells.address(column);
    }

    /**
     * @param column a 0-based column index
     * @return whether the value was read from a spreadsheet cell typed as a number; always
     *         false for formats without typed cells (CSV, XML)
     */
    public boolean isNumberCell(int column) {
        return cells != null && column < values.length && values[column] != null && cells.isNumber(column);
    }

    /** @return the problems the format found with this record; never null */
    public List<Problem> problems() {
        return problems;
    }

    /** @return whether the format found an error that rejects this record */
    public boolean hasErrors() {
        for (Problem p : problems) {
            if (p.isError()) {
                return true;
            }
        }
        return false;
    }

    /** @return a copy of the values, for callers that need an array */
    public String[] values() {
        return values.clone();
    }

    /** Shows the line and the number of values only: rows may hold passwords. */
    @Override
    public String toString() {
        return "UploadRow[line=" + line + ", values=" + values.length + ", problems=" + problems.size() + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UploadRow r && r.line == line && Arrays.equals(r.values, values)
                && r.problems.equals(problems);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(line) * 31 + Arrays.hashCode(values);
    }
}
