package dev.rollcall.xml;

import dev.rollcall.spi.FieldSchema;
import dev.rollcall.xml.internal.TemplateWriter;
import dev.rollcall.xml.internal.UserLayout;
import dev.rollcall.xml.internal.XsdWriter;

import java.util.Objects;

/**
 * The XSDs and example documents of Rollcall's XML formats, for senders and for
 * {@code rollcall template --format xml|xsd}.
 *
 * <p>The XSD is made from the host's {@link FieldSchema} (custom fields included) by the same
 * rules {@link XmlFormat} checks while reading, so a file that validates against it reads
 * without a schema problem, and the other way round. Values stay {@code xs:string} with
 * patterns (an empty element must stay possible: it is an explicit erase); dates derive from
 * {@code xs:date} restricted to {@code YYYY-MM-DD}; {@code maxLength} and {@code fixedLength}
 * count the value without its surrounding whitespace; allowed values ignore case.
 *
 * <p>The jar also holds the XSDs for the standard fields and the default limits, as
 * {@link #USERS_XSD_RESOURCE} and {@link #DELEGATES_XSD_RESOURCE}; they equal
 * {@code xsd(FieldSchema.standard())} and {@code delegateXsd()}.
 *
 * <p>Stateless and thread-safe; the output for the same arguments is always the same text.
 */
public final class XmlTemplates {

    /** The resource (in the rollcall-xml jar) holding the XSD of user files with the standard fields. */
    public static final String USERS_XSD_RESOURCE = "/META-INF/rollcall/xml/users-1.xsd";
    /** The resource (in the rollcall-xml jar) holding the XSD of delegate files. */
    public static final String DELEGATES_XSD_RESOURCE = "/META-INF/rollcall/xml/delegates-1.xsd";

    private XmlTemplates() {
    }

    /**
     * @param schema the host's fields
     * @return the XSD of user files for those fields, with {@value XmlFormat#DEFAULT_MAX_PER_KIND}
     *         memberships of each kind
     * @throws IllegalArgumentException when a field's name is taken by a directive column
     */
    public static String xsd(FieldSchema schema) {
        return xsd(schema, XmlFormat.DEFAULT_MAX_PER_KIND);
    }

    /**
     * @param schema     the host's fields
     * @param maxPerKind the {@link XmlFormat#maxPerKind()} of the format that reads the files
     * @return the XSD of user files for those fields
     * @throws IllegalArgumentException when a field's name is taken by a directive column, or
     *                                  {@code maxPerKind} is out of range
     */
    public static String xsd(FieldSchema schema, int maxPerKind) {
        return XsdWriter.users(layout(schema, maxPerKind));
    }

    /**
     * @param schema the host's fields
     * @return an example user file: one user with an example value for each field that has one
     *         (never a password), the directives in a comment, and example memberships. It
     *         validates against {@link #xsd(FieldSchema)}.
     * @throws IllegalArgumentException when a field's name is taken by a directive column
     */
    public static String template(FieldSchema schema) {
        return TemplateWriter.users(layout(schema, XmlFormat.DEFAULT_MAX_PER_KIND));
    }

    /** @return the XSD of delegate files, with {@value XmlDelegateFormat#DEFAULT_MAX_DELEGATES} delegates per user */
    public static String delegateXsd() {
        return delegateXsd(XmlDelegateFormat.DEFAULT_MAX_DELEGATES);
    }

    /**
     * @param maxDelegates the {@link XmlDelegateFormat#maxDelegates()} of the format that reads the files
     * @return the XSD of delegate files
     * @throws IllegalArgumentException when {@code maxDelegates} is out of range
     */
    public static String delegateXsd(int maxDelegates) {
        XmlDelegateFormat.builder().maxDelegates(maxDelegates);
        return XsdWriter.delegates(maxDelegates);
    }

    /** @return an example delegate file, valid against {@link #delegateXsd()} */
    public static String delegateTemplate() {
        return TemplateWriter.delegates(XmlDelegateFormat.DEFAULT_MAX_DELEGATES);
    }

    private static UserLayout layout(FieldSchema schema, int maxPerKind) {
        Objects.requireNonNull(schema, "schema must not be null");
        XmlFormat.builder().maxPerKind(maxPerKind);
        return UserLayout.of(schema, maxPerKind);
    }
}
