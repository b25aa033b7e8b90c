package dev.rollcall.xml.internal;

import dev.rollcall.spi.Codes;
import dev.rollcall.spi.RowReader;
import dev.rollcall.spi.StandardFields;
import dev.rollcall.spi.UploadRow;

import javax.xml.stream.XMLStreamConstants;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a {@code <delegates>} document one {@code <user>} at a time into rows of
 * {@code externalId, delegate1 … delegateN}. See {@link dev.rollcall.xml.XmlDelegateFormat}.
 *
 * <p>Not thread-safe: one reader, one consumer.
 */
public final class DelegateRowReader extends ElementReader implements RowReader {

    /** The attribute of {@code <user>} naming the user. */
    public static final String KEY = StandardFields.EXTERNAL_ID;
    /** The element naming one delegate, and the prefix of the delegate columns. */
    public static final String DELEGATE = "delegate";

    private final int maxDelegates;
    private final List<String> columns;

    /**
     * @param in             the file's bytes; closed when the reader is closed
     * @param maxDelegates   the most delegates one user may list
     * @param maxValueLength the longest value accepted
     * @throws dev.rollcall.spi.UploadFileException when the file is empty, declares a DTD, is not
     *                                              well-formed or is not a delegate file
     * @throws IOException                          when the stream fails
     */
    public DelegateRowReader(InputStream in, int maxDelegates, int maxValueLength) throws IOException {
        super(XmlCursor.open(in, maxValueLength));
        this.maxDelegates = maxDelegates;
        this.columns = columns(maxDelegates);
        try {
            readRoot("delegates", UserRowReader.DELEGATES_NAMESPACE, "users", UserRowReader.NAMESPACE,
                    "this is a user file (<users>): read it with the xml format", "delegate");
        } catch (IOException | RuntimeException e) {
            cursor.close();
            throw e;
        }
    }

    /** @return {@code externalId, delegate1 … delegateN} */
    public static List<String> columns(int maxDelegates) {
        List<String> c = new ArrayList<>(maxDelegates + 1);
        c.add(KEY);
        for (int i = 1; i <= maxDelegates; i++) {
            c.add(DELEGATE + i);
        }
        return List.copyOf(c);
    }

    @Override
    public List<String> columns() {
        return columns;
    }

    @Override
    public long headerLine() {
        return 0;
    }

    @Override
    public UploadRow next() throws IOException {
        return nextUser("delegates", columns.size());
    }

    @Override
    UploadRow readUser() throws IOException {
        startRecord();
        long line = cursor.startLine();
        String[] values = new String[columns.size()];
        String attribute = unexpectedAttribute(List.of(KEY));
        if (attribute != null) {
            problem(Codes.SCHEMA_VIOLATION, null, null, "<user> takes no attribute " + attribute + "; it takes " + KEY);
        }
        String key = xml.getAttributeValue(null, KEY);
        if (key == null) {
            problem(Codes.SCHEMA_VIOLATION, KEY, KEY, "<user> has no " + KEY + " attribute: name the user by "
                    + "external id, <user " + KEY + "=\"HR-000123\">");
        } else {
            values[0] = ValueRule.trim(key);
            if (values[0].isEmpty()) {
                problem(Codes.SCHEMA_VIOLATION, KEY, KEY, "the " + KEY + " of <user> must not be empty");
            }
        }
        int count = 0;
        boolean textReported = false;
        while (true) {
            int e = cursor.next();
            if (e == XMLStreamConstants.START_ELEMENT) {
                if (!inNamespace() || !xml.getLocalName().equals(DELEGATE)) {
                    String name = qualified();
                    problem(Codes.UNKNOWN_COLUMN, name, null, "unknown element <" + name + "> in <user>: a user "
                            + "of a delegate file holds only <" + DELEGATE + "> elements");
                    cursor.skipElement();
                    continue;
                }
                if (count >= maxDelegates) {
                    if (count == maxDelegates) {
                        problem(Codes.SCHEMA_VIOLATION, null, null, "this user lists more than " + maxDelegates
                                + " delegates; the limit is " + maxDelegates + " (XmlDelegateFormat's maxDelegates)");
                    }
                    count++;
                    cursor.skipElement();
                    continue;
                }
                count++;
                long l = cursor.startLine();
                long c = cursor.startColumn();
                String other = unexpectedAttribute();
                if (other != null) {
                    problem(Codes.SCHEMA_VIOLATION, DELEGATE + count, null, "<" + DELEGATE + "> takes no attributes, "
                            + "but has " + other);
                }
                String value = readText("<" + DELEGATE + ">", DELEGATE + count, null, false);
                values[count] = value;
                if (value.isEmpty()) {
                    problemAt(Codes.SCHEMA_VIOLATION, DELEGATE + count, null, "<" + DELEGATE + "> number " + count
                            + " must not be empty: give the delegate's external id", l, c);
                }
            } else if (e == XMLStreamConstants.END_ELEMENT) {
                return new UploadRow(line, values, problems());
            } else if (!textReported && isContent()) {
                textReported = true;
                problem(Codes.SCHEMA_VIOLATION, null, null, "<user> holds text outside its <" + DELEGATE
                        + "> elements");
            }
        }
    }

    @Override
    public void close() throws IOException {
        cursor.close();
    }
}
