package dev.rollcall.xml.internal;

import dev.rollcall.spi.Codes;
import dev.rollcall.spi.Problem;
import dev.rollcall.spi.Severity;
import dev.rollcall.spi.UploadRow;
import dev.rollcall.spi.UploadFileException;

import javax.xml.XMLConstants;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What the user and delegate readers share: checking the root element, reading an element's
 * text, checking attributes, and collecting one record's problems with their positions.
 *
 * <p>Not thread-safe: one per reader.
 */
abstract class ElementReader {

    /** A record lists at most this many problems; one more says that others were left out. */
    static final int MAX_PROBLEMS = 20;

    final XmlCursor cursor;
    final XMLStreamReader xml;
    /** The namespace of the document's elements: the format's, or "" for a document without one. */
    String ns;
    private final StringBuilder text = new StringBuilder();
    private List<Problem> problems;
    private boolean truncated;
    private long recordLine;
    private long recordColumn;
    private boolean done;

    ElementReader(XmlCursor cursor) {
        this.cursor = cursor;
        this.xml = cursor.xml();
    }

    /**
     * The next row: the root element's next {@code <user>}, read by {@link #readUser()}. Text or
     * another element standing there becomes a row with a {@link Codes#SCHEMA_VIOLATION}, so it
     * is reported with its line and the rest of the file goes on.
     *
     * @param root  the root element's name, for messages
     * @param width the number of columns of a row
     * @return the row, or {@code null} after the root element ends
     */
    final UploadRow nextUser(String root, int width) throws IOException {
        if (done) {
            return null;
        }
        while (true) {
            switch (cursor.next()) {
                case XMLStreamConstants.START_ELEMENT:
                    if (inNamespace() && xml.getLocalName().equals("user")) {
                        return readUser();
                    }
                    return stray("the element <" + qualified() + "> stands where a <user> element belongs; <" + root
                            + "> holds only <user> elements", true, width);
                case XMLStreamConstants.CHARACTERS:
                case XMLStreamConstants.CDATA:
                    if (isContent()) {
                        return stray("text stands outside any <user> element; <" + root + "> holds only <user> elements",
                                false, width);
                    }
                    break;
                case XMLStreamConstants.END_ELEMENT:
                    cursor.toEnd();
                    done = true;
                    return null;
                case XMLStreamConstants.END_DOCUMENT:
                    done = true;
                    return null;
                default:
                    break;
            }
        }
    }

    /**
     * Reads the {@code <user>} element the cursor stands on, to its end.
     *
     * @return its row
     */
    abstract UploadRow readUser() throws IOException;

    private UploadRow stray(String message, boolean element, int width) throws IOException {
        startRecord();
        long line = cursor.startLine();
        problem(Codes.SCHEMA_VIOLATION, null, null, message);
        if (element) {
            cursor.skipElement();
        }
        return new UploadRow(line, new String[width], problems());
    }

    /**
     * Reads up to the root element and checks it.
     *
     * @param root       the root element's name
     * @param namespace  the format's namespace
     * @param otherRoot  the root element of the sibling format
     * @param otherNs    the sibling format's namespace
     * @param otherHint  what to say when the file belongs to the sibling format
     * @param what       what a file of this format holds, e.g. "user"
     */
    final void readRoot(String root, String namespace, String otherRoot, String otherNs, String otherHint, String what)
            throws IOException {
        cursor.toRoot();
        String name = xml.getLocalName();
        String uri = uri();
        long line = cursor.startLine();
        long column = cursor.startColumn();
        String expected = "<" + root + " xmlns=\"" + namespace + "\">";
        String at = " (line " + line + ", column " + column + ")";
        if (name.equals(otherRoot) && (uri.equals(otherNs) || uri.isEmpty())) {
            throw new UploadFileException(Codes.SCHEMA_VIOLATION, line, column, otherHint + at);
        }
        if (!name.equals(root)) {
            throw new UploadFileException(Codes.SCHEMA_VIOLATION, line, column, "the root element is <" + qualified()
                    + ">, but a Rollcall " + what + " file starts with " + expected + at);
        }
        if (!uri.equals(namespace) && !uri.isEmpty()) {
            throw new UploadFileException(Codes.SCHEMA_VIOLATION, line, column, "the root element <" + root
                    + "> is in the namespace \"" + uri + "\", but Rollcall " + what + " files use " + expected + at);
        }
        this.ns = uri;
        String attribute = unexpectedAttribute();
        if (attribute != null) {
            throw new UploadFileException(Codes.SCHEMA_VIOLATION, line, column, "the root element <" + root
                    + "> takes no attribute " + attribute + at);
        }
    }

    /** @return the current element's namespace URI, "" for none */
    final String uri() {
        String uri = xml.getNamespaceURI();
        return uri == null ? "" : uri;
    }

    /** @return whether the current element is in the document's namespace */
    final boolean inNamespace() {
        return uri().equals(ns);
    }

    /** @return the current element's name as written, with its prefix */
    final String qualified() {
        String prefix = xml.getPrefix();
        return prefix == null || prefix.isEmpty() ? xml.getLocalName() : prefix + ":" + xml.getLocalName();
    }

    /**
     * @return the name of the first attribute of the current start tag that the schema does not
     *         allow, or null. Only {@code xsi:schemaLocation} and {@code xsi:noNamespaceSchemaLocation}
     *         are allowed everywhere (XSD processors accept them; Rollcall ignores them).
     */
    final String unexpectedAttribute() {
        return unexpectedAttribute(List.of());
    }

    /**
     * @param allowed the names of the attributes (without namespace) this element takes
     * @return the name of the first other attribute, or null
     */
    final String unexpectedAttribute(List<String> allowed) {
        int n = xml.getAttributeCount();
        for (int i = 0; i < n; i++) {
            String uri = xml.getAttributeNamespace(i);
            String local = xml.getAttributeLocalName(i);
            if (uri == null || uri.isEmpty()) {
                if (!allowed.contains(local)) {
                    return local;
                }
            } else if (!XMLConstants.W3C_XML_SCHEMA_INSTANCE_NS_URI.equals(uri)
                    || !(local.equals("schemaLocation") || local.equals("noNamespaceSchemaLocation"))) {
                String prefix = xml.getAttributePrefix(i);
                return prefix == null || prefix.isEmpty() ? local : prefix + ":" + local;
            }
        }
        return null;
    }

    /**
     * Reads the text of the current element, whose start tag is the current event, up to its end
     * tag. Child elements are reported and skipped.
     *
     * @param label how to name the element in a problem, e.g. {@code <email>}
     * @param column the row column it fills, for problems
     * @param field  the canonical field, or null
     * @param secret whether the text is a secret, so a parse error must not quote the parser
     * @return the text without surrounding XML whitespace; "" for an empty element
     */
    final String readText(String label, String column, String field, boolean secret) throws IOException {
        String single = null;
        boolean several = false;
        if (secret) {
            cursor.secretContext(label.substring(1, label.length() - 1));
        }
        try {
            while (true) {
                int e = cursor.next();
                switch (e) {
                    case XMLStreamConstants.CHARACTERS:
                    case XMLStreamConstants.CDATA:
                    case XMLStreamConstants.SPACE:
                        if (single == null && !several) {
                            // the usual case, a value in one piece, costs one string
                            single = xml.getText();
                        } else {
                            if (!several) {
                                several = true;
                                text.setLength(0);
                                text.append(single);
                            }
                            text.append(xml.getTextCharacters(), xml.getTextStart(), xml.getTextLength());
                        }
                        break;
                    case XMLStreamConstants.START_ELEMENT:
                        problem(Codes.SCHEMA_VIOLATION, column, field, label + " must hold only text, but holds the "
                                + "element <" + qualified() + ">");
                        cursor.skipElement();
                        break;
                    case XMLStreamConstants.END_ELEMENT:
                        if (several) {
                            return trimmed(text);
                        }
                        return single == null ? "" : ValueRule.trim(single);
                    default:
                        break; // comments and processing instructions are not part of the value
                }
            }
        } finally {
            if (secret) {
                cursor.secretContext(null);
            }
        }
    }

    private static String trimmed(StringBuilder sb) {
        int start = 0;
        int end = sb.length();
        while (start < end && ValueRule.isXmlSpace(sb.charAt(start))) {
            start++;
        }
        while (end > start && ValueRule.isXmlSpace(sb.charAt(end - 1))) {
            end--;
        }
        return sb.substring(start, end);
    }

    /** @return whether the current text event holds anything but whitespace */
    final boolean isContent() {
        int e = cursor.event();
        if (e != XMLStreamConstants.CHARACTERS && e != XMLStreamConstants.CDATA) {
            return false;
        }
        char[] chars = xml.getTextCharacters();
        int end = xml.getTextStart() + xml.getTextLength();
        for (int i = xml.getTextStart(); i < end; i++) {
            if (!ValueRule.isXmlSpace(chars[i])) {
                return true;
            }
        }
        return false;
    }

    /** Starts collecting the problems of a new record, which starts at the current event. */
    final void startRecord() {
        problems = null;
        truncated = false;
        recordLine = cursor.startLine();
        recordColumn = cursor.startColumn();
    }

    /** @return the problems collected for the current record; never null */
    final List<Problem> problems() {
        if (problems == null) {
            return List.of();
        }
        if (truncated) {
            truncated = false;
            problems.add(new Problem(Severity.ERROR, Codes.SCHEMA_VIOLATION, recordLine, null, null,
                    "this element has more problems than the " + MAX_PROBLEMS + " listed (line " + recordLine
                            + ", column " + recordColumn + ")"));
        }
        return problems;
    }

    /**
     * Records a problem at the start of the current event.
     *
     * @param code    a stable code
     * @param column  the row column, or null
     * @param field   the canonical field, or null
     * @param message what is wrong, without the position (added here)
     */
    final void problem(String code, String column, String field, String message) {
        problemAt(code, column, field, message, cursor.startLine(), cursor.startColumn());
    }

    /** Records a problem at a given position. */
    final void problemAt(String code, String column, String field, String message, long line, long col) {
        if (problems == null) {
            problems = new ArrayList<>(2);
        }
        if (problems.size() >= MAX_PROBLEMS) {
            truncated = true;
            return;
        }
        problems.add(new Problem(Severity.ERROR, code, line, column, field,
                message + " (line " + line + ", column " + col + ")"));
    }
}
