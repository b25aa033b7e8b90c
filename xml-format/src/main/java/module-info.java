/**
 * XML upload files: {@link dev.rollcall.xml.XmlFormat} reads user files (found by
 * {@link java.util.ServiceLoader} for {@code .xml} files), {@link dev.rollcall.xml.XmlDelegateFormat}
 * reads delegate files (found by its name, {@code xml-delegates}), {@link dev.rollcall.xml.XmlTemplates}
 * writes their XSDs and examples, and {@link dev.rollcall.xml.XmlUserWriter} writes user files.
 *
 * <p>Reading streams with the JDK's StAX parser, hardened in one place
 * ({@code dev.rollcall.xml.internal}, not exported): no DTD, external entity or external
 * resource is ever read, whatever any system property says. The module needs nothing but
 * {@code java.xml} and the SPI.
 */
module dev.rollcall.xml {
    requires transitive dev.rollcall.spi;
    requires java.xml;

    exports dev.rollcall.xml;

    provides dev.rollcall.spi.UploadFormat with dev.rollcall.xml.XmlFormat, dev.rollcall.xml.XmlDelegateFormat;
}
