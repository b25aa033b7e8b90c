package dev.rollcall.xml.internal;

import dev.rollcall.spi.Codes;
import dev.rollcall.spi.UploadFileException;

import javax.xml.XMLConstants;
import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLResolver;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;

/**
 * A hardened, position-aware walk over one XML document: the StAX reader every Rollcall XML
 * reader uses, and the only place that creates one.
 *
 * <h2>Hostile input</h2>
 * The parser is the JDK's own ({@link XMLInputFactory#newDefaultFactory()}, whatever the
 * {@code javax.xml.stream.XMLInputFactory} property names), configured here and nowhere else:
 * DTD support off, external entities off, external DTD access denied, a resolver that refuses
 * everything, and an element depth limit. On top of that, a document type declaration
 * ({@code <!DOCTYPE}) anywhere refuses the file with {@link Codes#XML_DTD_FORBIDDEN} before a
 * single element is read, so no entity of any kind (internal, external, parameter) is ever
 * declared, loaded or expanded. None of this reads a system property, so no JAXB or JAXP
 * switch can turn it off.
 *
 * <h2>Positions</h2>
 * StAX reports where an event <em>ends</em>. The cursor remembers where the previous event
 * ended, so {@link #startLine()} and {@link #startColumn()} give where the current start tag
 * begins (its {@code <}), even when the tag spans lines.
 *
 * <p>Not thread-safe.
 */
public final class XmlCursor implements Closeable {

    /** Deeper than any Rollcall document needs; deeper documents are refused by the parser. */
    private static final int MAX_DEPTH = 64;

    private static final XMLResolver REFUSE = (publicId, systemId, baseUri, namespace) -> {
        throw new XMLStreamException("external resources are never loaded");
    };

    private final DecodingReader text;
    private final XMLStreamReader xml;
    private int event = XMLStreamConstants.START_DOCUMENT;
    private long endLine = 1;
    private long endColumn = 1;
    private long startLine = 1;
    private long startColumn = 1;
    private String secretContext;

    private XmlCursor(DecodingReader text, XMLStreamReader xml) {
        this.text = text;
        this.xml = xml;
    }

    /**
     * @param in             the file's bytes; closed by {@link #close()}
     * @param maxValueLength the longest run of characters without markup
     * @return a cursor before the first event
     * @throws UploadFileException when the encoding cannot be read
     * @throws IOException         when the stream fails
     */
    public static XmlCursor open(InputStream in, int maxValueLength) throws IOException {
        DecodingReader text;
        try {
            text = DecodingReader.open(in, maxValueLength);
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
        try {
            XmlCursor cursor = new XmlCursor(text, hardenedFactory().createXMLStreamReader(text));
            Location l = cursor.xml.getLocation();
            cursor.endLine = Math.max(1, l.getLineNumber());
            cursor.endColumn = Math.max(1, l.getColumnNumber());
            return cursor;
        } catch (XMLStreamException e) {
            text.close();
            throw new UploadFileException(Codes.UNREADABLE_FILE, 0, 0, "the XML parser could not start", e);
        }
    }

    /** @return a new factory of the JDK's parser that never reads a DTD or any external resource */
    public static XMLInputFactory hardenedFactory() {
        XMLInputFactory f = XMLInputFactory.newDefaultFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, Boolean.FALSE);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, Boolean.FALSE);
        f.setProperty(XMLInputFactory.IS_VALIDATING, Boolean.FALSE);
        f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, Boolean.TRUE);
        f.setProperty(XMLInputFactory.IS_COALESCING, Boolean.FALSE);
        f.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        f.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        f.setProperty("jdk.xml.maxElementDepth", String.valueOf(MAX_DEPTH));
        f.setXMLResolver(REFUSE);
        return f;
    }

    /**
     * Moves to the next event.
     *
     * @return the event type ({@link XMLStreamConstants})
     * @throws UploadFileException when the document is not well-formed or its bytes cannot be decoded
     * @throws IOException         when the stream fails
     */
    public int next() throws IOException {
        long prevLine = endLine;
        long prevColumn = endColumn;
        boolean afterText = event == XMLStreamConstants.CHARACTERS || event == XMLStreamConstants.SPACE;
        try {
            event = xml.next();
        } catch (XMLStreamException e) {
            throw translate(e);
        } catch (RuntimeException e) {
            // the JDK parser reports some broken input with unchecked exceptions
            throw translate(e);
        }
        Location l = xml.getLocation();
        endLine = l.getLineNumber();
        endColumn = l.getColumnNumber();
        // after text the parser has already consumed the '<' of the next tag
        startLine = prevLine;
        startColumn = afterText && prevColumn > 1 ? prevColumn - 1 : prevColumn;
        if (event == XMLStreamConstants.DTD) {
            throw dtdForbidden();
        }
        return event;
    }

    /** @return the current event type */
    public int event() {
        return event;
    }

    /** @return the underlying reader, positioned at the current event; callers must not advance it */
    public XMLStreamReader xml() {
        return xml;
    }

    /** @return the 1-based line where the current event begins */
    public long startLine() {
        return startLine;
    }

    /** @return the 1-based column where the current event begins */
    public long startColumn() {
        return startColumn;
    }

    /** @return the 1-based line where the current event ends */
    public long endLine() {
        return endLine;
    }

    /** @return whether the document held anything but whitespace so far */
    public boolean sawContent() {
        return text.sawContent();
    }

    /**
     * While set, a parse failure does not quote the parser's explanation, which could hold a
     * character of the secret value being read.
     *
     * @param elementName the name of the secret element being read, or null when leaving it
     */
    public void secretContext(String elementName) {
        this.secretContext = elementName;
    }

    /**
     * Skips to the end of the current element, whose start tag is the current event.
     *
     * @throws UploadFileException when the document is not well-formed
     * @throws IOException         when the stream fails
     */
    public void skipElement() throws IOException {
        int depth = 1;
        while (depth > 0) {
            int e = next();
            if (e == XMLStreamConstants.START_ELEMENT) {
                depth++;
            } else if (e == XMLStreamConstants.END_ELEMENT) {
                depth--;
            } else if (e == XMLStreamConstants.END_DOCUMENT) {
                throw new UploadFileException(Codes.MALFORMED_FILE, endLine, endColumn, "the file ends inside an element");
            }
        }
    }

    /**
     * Reads the prolog up to the root element.
     *
     * @throws UploadFileException when the file is empty, declares a DTD or is not well-formed
     * @throws IOException         when the stream fails
     */
    public void toRoot() throws IOException {
        while (true) {
            int e = next();
            if (e == XMLStreamConstants.START_ELEMENT) {
                // whitespace in the prolog is no event: find where the root's tag starts by reading the prolog
                long[] at = prologMarkup(text.prolog(), false);
                if (at != null) {
                    startLine = at[0];
                    startColumn = at[1];
                }
                return;
            }
            if (e == XMLStreamConstants.END_DOCUMENT) {
                throw empty();
            }
        }
    }

    /**
     * Reads what follows the root element, which the parser checks is nothing but comments,
     * processing instructions and whitespace.
     *
     * @throws UploadFileException when it is anything else
     * @throws IOException         when the stream fails
     */
    public void toEnd() throws IOException {
        while (event != XMLStreamConstants.END_DOCUMENT) {
            next();
        }
    }

    private UploadFileException empty() {
        return new UploadFileException(Codes.EMPTY_FILE, 0, 0, "the file is empty: it holds no XML element");
    }

    private UploadFileException dtdForbidden() {
        // the event ends after the declaration (and the parser's text of it is unreliable): find its start
        long[] at = prologMarkup(text.prolog(), true);
        long line = at == null ? endLine : at[0];
        long column = at == null ? 0 : at[1];
        return new UploadFileException(Codes.XML_DTD_FORBIDDEN, line, column,
                "line " + line + " declares a document type (<!DOCTYPE ...>): DTDs are refused because they can "
                        + "read files from the server or expand without bound. Remove the declaration; the file's "
                        + "structure is checked against Rollcall's XML schema instead");
    }

    /**
     * Finds the document type declaration or the root element's start tag in the start of a
     * document, skipping the XML declaration, comments, processing instructions and whitespace.
     *
     * @param text the start of the document
     * @param dtd  true to find {@code <!DOCTYPE}, false to find the root's {@code <}
     * @return {line, column} (1-based), or null when the prolog is not as expected
     */
    static long[] prologMarkup(CharSequence text, boolean dtd) {
        long line = 1;
        long column = 1;
        int i = 0;
        int n = text.length();
        int skipTo = -1;
        while (i < n) {
            char c = text.charAt(i);
            if (skipTo < 0) {
                if (c == '<') {
                    String rest = text.subSequence(i, Math.min(n, i + 9)).toString();
                    if (rest.startsWith("<?")) {
                        skipTo = indexOf(text, "?>", i + 2);
                    } else if (rest.startsWith("<!--")) {
                        skipTo = indexOf(text, "-->", i + 4);
                    } else if (rest.startsWith("<!DOCTYPE")) {
                        return dtd ? new long[] {line, column} : null;
                    } else {
                        return dtd ? null : new long[] {line, column};
                    }
                    if (skipTo < 0) {
                        return null;
                    }
                } else if (!(c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\uFEFF')) {
                    return null;
                }
            } else if (i == skipTo) {
                skipTo = -1;
            }
            if (c == '\n' && i > 0 && text.charAt(i - 1) == '\r') {
                column = 1; // the \r already ended the line
            } else if (c == '\n' || c == '\r') {
                line++;
                column = 1;
            } else {
                column++;
            }
            i++;
        }
        return null;
    }

    private static int indexOf(CharSequence text, String s, int from) {
        int at = text.toString().indexOf(s, from);
        return at < 0 ? -1 : at + s.length() - 1;
    }

    private UploadFileException translate(Exception e) throws IOException {
        if (text.failure() != null) {
            return text.failure();
        }
        if (text.streamFailure() != null) {
            throw text.streamFailure();
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UploadFileException u) {
                return u;
            }
        }
        if (!text.sawContent() && text.ended()) {
            return empty();
        }
        long line = endLine;
        long column = 0;
        if (e instanceof XMLStreamException x && x.getLocation() != null && x.getLocation().getLineNumber() > 0) {
            line = x.getLocation().getLineNumber();
            column = Math.max(0, x.getLocation().getColumnNumber());
        }
        String where = "line " + line + (column > 0 ? ", column " + column : "");
        String detail;
        if (secretContext != null) {
            detail = "inside <" + secretContext + "> (details withheld: the element holds a secret)";
        } else {
            detail = parserExplanation(e);
        }
        return new UploadFileException(Codes.MALFORMED_FILE, line, column,
                "the file is not well-formed XML at " + where + ": " + detail, e);
    }

    /** @return the parser's own explanation without its position prefix, cleaned and shortened */
    private static String parserExplanation(Exception e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int at = m.indexOf("Message: ");
        if (at >= 0) {
            m = m.substring(at + "Message: ".length());
        }
        StringBuilder sb = new StringBuilder(Math.min(m.length(), 300));
        for (int i = 0; i < m.length() && sb.length() < 300; i++) {
            char c = m.charAt(i);
            sb.append(Character.isISOControl(c) ? ' ' : c);
        }
        return sb.toString().strip();
    }

    @Override
    public void close() throws IOException {
        try {
            xml.close();
        } catch (XMLStreamException e) {
            // closing the parser frees its buffers only; the stream is closed below
        } finally {
            text.close();
        }
    }
}
