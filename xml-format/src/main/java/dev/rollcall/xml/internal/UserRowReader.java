package dev.rollcall.xml.internal;

import dev.rollcall.spi.Codes;
import dev.rollcall.spi.RowReader;
import dev.rollcall.spi.UploadColumns;
import dev.rollcall.spi.UploadRow;

import javax.xml.stream.XMLStreamConstants;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * Reads a {@code <users>} document one {@code <user>} at a time. See
 * {@link dev.rollcall.xml.XmlFormat} for the format and the promises.
 *
 * <p>Each {@code <user>} is read straight off the StAX stream into the row's value array:
 * nothing but the current user is held in memory. Every rule of the format's XSD is checked
 * as the elements go by ({@link UserLayout}, {@link ValueRule}); a user that breaks one becomes
 * a row with an error, and the rest of the file goes on.
 *
 * <p>Not thread-safe: one reader, one consumer.
 */
public final class UserRowReader extends ElementReader implements RowReader {

    /** The namespace of user files. */
    public static final String NAMESPACE = "https://rollcall.dev/xml/users/1";
    /** The namespace of delegate files. */
    public static final String DELEGATES_NAMESPACE = "https://rollcall.dev/xml/delegates/1";

    private final UserLayout layout;
    private final int width;
    private final int[] counts = new int[UserLayout.KINDS.size()];

    /**
     * Opens a file and reads up to its root element.
     *
     * @param in             the file's bytes; closed when the reader is closed
     * @param layout         the host's columns
     * @param maxValueLength the longest value accepted
     * @throws dev.rollcall.spi.UploadFileException when the file is empty, declares a DTD, is not
     *                                              well-formed or is not a user file
     * @throws IOException                          when the stream fails
     */
    public UserRowReader(InputStream in, UserLayout layout, int maxValueLength) throws IOException {
        super(XmlCursor.open(in, maxValueLength));
        this.layout = layout;
        this.width = layout.columns().size();
        try {
            readRoot("users", NAMESPACE, "delegates", DELEGATES_NAMESPACE,
                    "this is a delegate file (<delegates>): read it with the xml-delegates format", "user");
        } catch (IOException | RuntimeException e) {
            cursor.close();
            throw e;
        }
    }

    @Override
    public List<String> columns() {
        return layout.columns();
    }

    @Override
    public long headerLine() {
        return 0;
    }

    @Override
    public UploadRow next() throws IOException {
        return nextUser("users", width);
    }

    @Override
    UploadRow readUser() throws IOException {
        startRecord();
        long line = cursor.startLine();
        String[] values = new String[width];
        String attribute = unexpectedAttribute();
        if (attribute != null) {
            problem(Codes.SCHEMA_VIOLATION, null, null, "<user> takes no attributes, but has " + attribute);
        }
        boolean memberships = false;
        boolean textReported = false;
        while (true) {
            int e = cursor.next();
            if (e == XMLStreamConstants.START_ELEMENT) {
                String name = xml.getLocalName();
                int column = inNamespace() ? layout.topLevel(name) : -1;
                if (column >= 0) {
                    readValue(values, name, column);
                } else if (inNamespace() && name.equals(UserLayout.MEMBERSHIPS)) {
                    if (memberships) {
                        problem(Codes.SCHEMA_VIOLATION, null, null, "<memberships> appears twice in this user; "
                                + "list every membership in one <memberships> element");
                        cursor.skipElement();
                    } else {
                        memberships = true;
                        readMemberships(values);
                    }
                } else {
                    unknown("<user>");
                }
            } else if (e == XMLStreamConstants.END_ELEMENT) {
                return new UploadRow(line, values, problems());
            } else if (!textReported && isContent()) {
                textReported = true;
                problem(Codes.SCHEMA_VIOLATION, null, null, "<user> holds text outside its elements; "
                        + "every value goes in an element named after its field");
            }
        }
    }

    private void unknown(String parent) throws IOException {
        String name = qualified();
        String where = inNamespace() ? "" : " (in the namespace \"" + uri() + "\", not the document's)";
        String meant = inNamespace() ? layout.suggestion(xml.getLocalName()) : null;
        String advice;
        if (meant == null) {
            advice = ": it is neither a field of this site nor a Rollcall directive";
        } else if (meant.startsWith(UserLayout.MEMBERSHIPS)) {
            advice = ": memberships go inside <" + UserLayout.MEMBERSHIPS + ">";
        } else {
            advice = ": did you mean <" + meant + ">? Elements are named exactly after the fields";
        }
        problem(Codes.UNKNOWN_COLUMN, name, null, "unknown element <" + name + ">" + where + " in " + parent + advice);
        cursor.skipElement();
    }

    private void readValue(String[] values, String name, int column) throws IOException {
        String field = column < layout.fieldCount() ? name : null;
        String label = "<" + name + ">";
        long line = cursor.startLine();
        long col = cursor.startColumn();
        if (values[column] != null) {
            problem(Codes.SCHEMA_VIOLATION, name, field, label + " appears twice in this user; give each field once");
            cursor.skipElement();
            return;
        }
        String attribute = unexpectedAttribute();
        if (attribute != null) {
            problem(Codes.SCHEMA_VIOLATION, name, field, label + " takes no attributes, but has " + attribute);
        }
        String value = readText(label, name, field, layout.secret(column));
        values[column] = value;
        String broken = layout.rule(column).check(value);
        if (broken != null) {
            problemAt(Codes.SCHEMA_VIOLATION, name, field, label + " " + broken, line, col);
        }
    }

    private void readMemberships(String[] values) throws IOException {
        String attribute = unexpectedAttribute();
        if (attribute != null) {
            problem(Codes.SCHEMA_VIOLATION, null, null, "<memberships> takes no attributes, but has " + attribute);
        }
        java.util.Arrays.fill(counts, 0);
        int lastKind = 0;
        boolean textReported = false;
        while (true) {
            int e = cursor.next();
            if (e == XMLStreamConstants.START_ELEMENT) {
                int kind = inNamespace() ? UserLayout.kindIndex(xml.getLocalName()) : -1;
                if (kind < 0) {
                    unknown("<memberships>");
                    continue;
                }
                String name = xml.getLocalName();
                if (kind < lastKind) {
                    problem(Codes.SCHEMA_VIOLATION, null, null, "<" + name + "> comes after <"
                            + UserLayout.KINDS.get(lastKind) + ">, but <memberships> lists "
                            + String.join(", then ", UserLayout.KINDS.stream().map(k -> "<" + k + ">").toList())
                            + " elements, in that order");
                }
                lastKind = Math.max(lastKind, kind);
                if (counts[kind] >= layout.perKind()) {
                    if (counts[kind] == layout.perKind()) {
                        problem(Codes.SCHEMA_VIOLATION, null, null, "this user lists more than " + layout.perKind()
                                + " <" + name + "> elements; the limit is " + layout.perKind()
                                + " (XmlFormat's maxPerKind)");
                    }
                    counts[kind]++;
                    cursor.skipElement();
                    continue;
                }
                int number = ++counts[kind];
                readMembership(values, kind, name, number);
            } else if (e == XMLStreamConstants.END_ELEMENT) {
                return;
            } else if (!textReported && isContent()) {
                textReported = true;
                problem(Codes.SCHEMA_VIOLATION, null, null, "<memberships> holds text outside its elements");
            }
        }
    }

    private void readMembership(String[] values, int kind, String name, int number) throws IOException {
        int column = layout.membershipColumn(kind, number - 1);
        String columnName = name + number;
        String label = "<" + name + "> number " + number;
        long line = cursor.startLine();
        long col = cursor.startColumn();
        boolean course = name.equals(UploadColumns.COURSE);
        String attribute = course ? unexpectedAttribute(UserLayout.COURSE_ATTRIBUTES) : unexpectedAttribute();
        if (attribute != null) {
            problem(Codes.SCHEMA_VIOLATION, columnName, null, "<" + name + "> takes no attribute " + attribute
                    + (course ? "; it takes " + String.join(", ", UserLayout.COURSE_ATTRIBUTES) : ""));
        }
        if (course) {
            for (int a = 0; a < UserLayout.COURSE_ATTRIBUTES.size(); a++) {
                String attr = UserLayout.COURSE_ATTRIBUTES.get(a);
                String raw = xml.getAttributeValue(null, attr);
                if (raw != null) {
                    String v = ValueRule.trim(raw);
                    values[column + 1 + a] = v;
                    String broken = layout.rule(column + 1 + a).check(v);
                    if (broken != null) {
                        problem(Codes.SCHEMA_VIOLATION, attr + number, null,
                                "the " + attr + " of " + label + " " + broken);
                    }
                }
            }
        }
        String value = readText("<" + name + ">", columnName, null, false);
        values[column] = value;
        String broken = ValueRule.NON_EMPTY.check(value);
        if (broken != null) {
            problemAt(Codes.SCHEMA_VIOLATION, columnName, null, label + " " + broken + ": name the " + name,
                    line, col);
        }
    }

    @Override
    public void close() throws IOException {
        cursor.close();
    }
}
