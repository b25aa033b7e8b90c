package dev.rollcall.xlsx.internal;

import dev.rollcall.spi.Codes;
import dev.rollcall.spi.UploadFileException;

import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLResolver;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;

/**
 * A walk over one XML part of a workbook with the JDK's StAX parser, hardened as the XML
 * format's is: DTD support, external entities and external access off, a resolver that
 * refuses everything, an element depth limit; a {@code <!DOCTYPE} refuses the file with
 * {@link Codes#XML_DTD_FORBIDDEN}. Elements are matched by local name, so transitional and
 * strict OOXML read alike. Not thread-safe.
 */
final class XmlPart implements Closeable {

    private static final XMLResolver REFUSE = (publicId, systemId, baseUri, namespace) -> {
        throw new XMLStreamException("external resources are never loaded");
    };
    private static final XMLInputFactory FACTORY = hardenedFactory();

    private final String name;
    private final InputStream in;
    private final XMLStreamReader xml;

    private XmlPart(String name, InputStream in, XMLStreamReader xml) {
        this.name = name;
        this.in = in;
        this.xml = xml;
    }

    private static XMLInputFactory hardenedFactory() {
        XMLInputFactory f = XMLInputFactory.newDefaultFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, Boolean.FALSE);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, Boolean.FALSE);
        f.setProperty(XMLInputFactory.IS_VALIDATING, Boolean.FALSE);
        f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, Boolean.TRUE);
        f.setProperty(XMLInputFactory.IS_COALESCING, Boolean.FALSE);
        f.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        f.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        f.setProperty("jdk.xml.maxElementDepth", "64");
        f.setXMLResolver(REFUSE);
        return f;
    }

    /**
     * @param pkg  the workbook
     * @param name the part's name
     * @return the part, or null when the workbook has none
     */
    static XmlPart open(WorkbookPackage pkg, String name) throws IOException {
        InputStream in = pkg.part(name);
        if (in == null) {
            return null;
        }
        try {
            XMLStreamReader xml;
            synchronized (FACTORY) {
                xml = FACTORY.createXMLStreamReader(in);
            }
            return new XmlPart(name, in, xml);
        } catch (XMLStreamException | RuntimeException e) {
            in.close();
            throw translate(name, e);
        }
    }

    /** @return the next event; a DTD or broken XML refuses the file */
    int next() {
        try {
            int event = xml.next();
            if (event == XMLStreamConstants.DTD) {
                throw new UploadFileException(Codes.XML_DTD_FORBIDDEN, 0, 0, "the part " + name + " of the workbook "
                        + "declares a DTD; DTDs are refused because they can read files or expand without bound");
            }
            return event;
        } catch (XMLStreamException | RuntimeException e) {
            throw translate(name, e);
        }
    }

    /** @return whether there are more events */
    boolean hasNext() {
        try {
            return xml.hasNext();
        } catch (XMLStreamException e) {
            throw translate(name, e);
        }
    }

    /** @return the local name of the current element */
    String local() {
        return xml.getLocalName();
    }

    /** @return the current text */
    String text() {
        return xml.getText();
    }

    /** Appends the current text to {@code sb}, refusing a value past {@code max} characters. */
    void appendText(StringBuilder sb, int max) {
        int length = xml.getTextLength();
        if (sb.length() + length > max) {
            throw new UploadFileException(Codes.MALFORMED_FILE, 0, 0,
                    "a value in the workbook's part " + name + " is longer than " + max + " characters");
        }
        sb.append(xml.getTextCharacters(), xml.getTextStart(), length);
    }

    /**
     * @param local an attribute's local name
     * @return its value without regard to its namespace, or null
     */
    String attribute(String local) {
        for (int i = 0; i < xml.getAttributeCount(); i++) {
            if (xml.getAttributeLocalName(i).equals(local)) {
                return xml.getAttributeValue(i);
            }
        }
        return null;
    }

    /** @return the part's name */
    String name() {
        return name;
    }

    private static UploadFileException translate(String name, Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UploadFileException u) {
                return u;
            }
        }
        if (e instanceof XMLStreamException x && String.valueOf(x.getMessage()).contains("DOCTYPE")) {
            return new UploadFileException(Codes.XML_DTD_FORBIDDEN, 0, 0, "the part " + name + " of the workbook "
                    + "declares a DTD; DTDs are refused because they can read files or expand without bound", e);
        }
        return new UploadFileException(Codes.MALFORMED_FILE, 0, 0,
                "the part " + name + " of the workbook is not well-formed XML; save the workbook again in Excel", e);
    }

    @Override
    public void close() throws IOException {
        try {
            xml.close();
        } catch (XMLStreamException e) {
            // the stream is closed below either way
        } finally {
            in.close();
        }
    }
}
