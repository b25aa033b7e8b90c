package dev.rollcall.xml;

import dev.rollcall.spi.UploadColumns;
import dev.rollcall.xml.internal.UserLayout;
import dev.rollcall.xml.internal.XmlText;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Writes XML user files (UTF-8) that {@link XmlFormat} reads back exactly: extracts, error
 * files, files for tests. Rows are given as values of named columns, the same columns
 * {@link XmlFormat} reads: field names, the directives of {@link UploadColumns#SINGLE}, and
 * numbered membership columns ({@code cohort1}, {@code course2}, {@code role2} …).
 *
 * <p>A {@code null} value leaves its element out (a blank); an empty string writes an empty
 * element ({@code <email/>}: an explicit empty value); any other value is written as its
 * text, escaped so that it reads back unchanged (carriage returns as {@code &#13;}).
 * Memberships are written in {@code <memberships>}, each kind in order of its numbers, so
 * {@code course2, course5} read back as {@code course1, course2}. The reader trims values, so a
 * value with surrounding whitespace reads back trimmed.
 *
 * <p>Not thread-safe. {@link #close()} writes the closing tag and closes the stream.
 */
public final class XmlUserWriter implements Closeable, Flushable {

    private final Writer out;
    private final List<String> columns;
    /** per column: the element of a field or directive, or null for a numbered column */
    private final String[] element;
    /** per column: the kind index of a numbered column's membership, or -1 */
    private final int[] kind;
    /** per column: the membership number, or 0 */
    private final int[] number;
    /** per column: the index of the course attribute it fills, or -1 for the membership itself */
    private final int[] attribute;
    private boolean closed;

    private XmlUserWriter(OutputStream out, List<String> columns) {
        this.out = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
        this.columns = List.copyOf(columns);
        int n = this.columns.size();
        this.element = new String[n];
        this.kind = new int[n];
        this.number = new int[n];
        this.attribute = new int[n];
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < n; i++) {
            String c = Objects.requireNonNull(this.columns.get(i), "column must not be null");
            kind[i] = -1;
            attribute[i] = -1;
            Optional<UploadColumns.Numbered> numbered = UploadColumns.numbered(c);
            Optional<String> single = UploadColumns.single(c);
            String key;
            if (numbered.isPresent()) {
                String prefix = numbered.get().prefix();
                number[i] = numbered.get().number();
                int a = UserLayout.COURSE_ATTRIBUTES.indexOf(prefix);
                kind[i] = UserLayout.kindIndex(a >= 0 ? UploadColumns.COURSE : prefix);
                attribute[i] = a;
                key = numbered.get().column();
            } else if (single.isPresent()) {
                element[i] = single.get();
                key = element[i];
            } else {
                if (!c.matches("[A-Za-z][A-Za-z0-9_]*") || c.equals(UserLayout.MEMBERSHIPS)) {
                    throw new IllegalArgumentException("column \"" + c + "\" is not a field name, a directive or a "
                            + "numbered membership column");
                }
                element[i] = c;
                key = c;
            }
            if (!seen.add(key)) {
                throw new IllegalArgumentException("column " + key + " is given twice");
            }
        }
    }

    /**
     * Starts a file: writes the XML declaration and the {@code <users>} start tag.
     *
     * @param out     where to write; closed by {@link #close()}
     * @param columns the columns of the rows to come
     * @return the writer
     * @throws IllegalArgumentException when a column is neither a field name, a directive nor a
     *                                  numbered membership column, or is given twice
     * @throws UncheckedIOException     when the stream fails
     */
    public static XmlUserWriter of(OutputStream out, List<String> columns) {
        Objects.requireNonNull(out, "out must not be null");
        Objects.requireNonNull(columns, "columns must not be null");
        XmlUserWriter w = new XmlUserWriter(out, columns);
        w.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<users xmlns=\"" + XmlFormat.NAMESPACE + "\">\n");
        return w;
    }

    /** @return the columns */
    public List<String> columns() {
        return columns;
    }

    /**
     * Writes one user.
     *
     * @param values one per column: {@code null} to leave the element out, {@code ""} for an
     *               empty element
     * @throws IllegalArgumentException when the number of values is not the number of columns,
     *                                  a course attribute has a value but its course has none,
     *                                  or a value holds a character XML 1.0 cannot carry
     * @throws IllegalStateException    after {@link #close()}
     * @throws UncheckedIOException     when the stream fails
     */
    public void writeRow(List<String> values) {
        if (closed) {
            throw new IllegalStateException("the writer is closed");
        }
        if (values.size() != columns.size()) {
            throw new IllegalArgumentException("a row needs " + columns.size() + " values, one per column, but has "
                    + values.size());
        }
        StringBuilder sb = new StringBuilder(256);
        sb.append("  <user>\n");
        for (int i = 0; i < values.size(); i++) {
            String v = values.get(i);
            if (element[i] != null && v != null) {
                simple(sb, "    ", element[i], v);
            }
        }
        List<Integer> memberships = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            if (kind[i] >= 0 && attribute[i] < 0 && values.get(i) != null) {
                memberships.add(i);
            }
        }
        for (int i = 0; i < values.size(); i++) {
            if (attribute[i] >= 0 && values.get(i) != null && !hasCourse(values, number[i])) {
                throw new IllegalArgumentException("column " + columns.get(i) + " has a value, but course" + number[i]
                        + " has none");
            }
        }
        if (!memberships.isEmpty()) {
            memberships.sort((a, b) -> kind[a] != kind[b] ? Integer.compare(kind[a], kind[b])
                    : Integer.compare(number[a], number[b]));
            sb.append("    <memberships>\n");
            for (int i : memberships) {
                String name = UserLayout.KINDS.get(kind[i]);
                sb.append("      <").append(name);
                if (name.equals(UploadColumns.COURSE)) {
                    for (int j = 0; j < values.size(); j++) {
                        if (attribute[j] >= 0 && number[j] == number[i] && values.get(j) != null) {
                            sb.append(' ').append(UserLayout.COURSE_ATTRIBUTES.get(attribute[j])).append("=\"")
                                    .append(XmlText.attribute(values.get(j))).append('"');
                        }
                    }
                }
                String v = values.get(i);
                if (v.isEmpty()) {
                    sb.append("/>\n");
                } else {
                    sb.append('>').append(XmlText.text(v)).append("</").append(name).append(">\n");
                }
            }
            sb.append("    </memberships>\n");
        }
        sb.append("  </user>\n");
        write(sb.toString());
    }

    /** Writes one user; see {@link #writeRow(List)}. */
    public void writeRow(String... values) {
        writeRow(Arrays.asList(values));
    }

    private boolean hasCourse(List<String> values, int n) {
        for (int i = 0; i < values.size(); i++) {
            if (kind[i] == UserLayout.kindIndex(UploadColumns.COURSE) && attribute[i] < 0 && number[i] == n) {
                return values.get(i) != null;
            }
        }
        return false;
    }

    private static void simple(StringBuilder sb, String indent, String name, String value) {
        sb.append(indent).append('<').append(name);
        if (value.isEmpty()) {
            sb.append("/>\n");
        } else {
            sb.append('>').append(XmlText.text(value)).append("</").append(name).append(">\n");
        }
    }

    private void write(String s) {
        try {
            out.write(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the closing {@code </users>} tag and closes the stream; closing twice does nothing. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try (Writer w = out) {
            w.write("</users>\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return "XmlUserWriter[columns=" + columns.size() + (closed ? ", closed" : "") + "]";
    }
}
