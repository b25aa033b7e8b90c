package dev.rollcall.xml;

import dev.rollcall.spi.FieldDefinition;
import dev.rollcall.spi.FieldSchema;
import dev.rollcall.spi.FieldType;
import dev.rollcall.spi.RowReader;
import dev.rollcall.spi.StandardFields;
import dev.rollcall.spi.UploadRow;
import org.junit.jupiter.api.Test;
import org.xml.sax.SAXException;

import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class XmlTemplatesTest {

    private static final FieldSchema CUSTOM = FieldSchema.standard().with(
            FieldDefinition.builder("costCenter").custom(true).maxLength(20).description("cost centre").build(),
            FieldDefinition.builder("hireDate").custom(true).type(FieldType.DATE).build(),
            FieldDefinition.builder("grade").custom(true).allowedValues("A1", "B2").build(),
            FieldDefinition.builder("onCall").custom(true).type(FieldType.BOOLEAN).build(),
            FieldDefinition.builder("badge").custom(true).type(FieldType.IDENTIFIER).fixedLength(6).example("004512").build(),
            FieldDefinition.builder("salary").custom(true).type(FieldType.DECIMAL).build());

    @Test
    void shippedUsersXsd_isTheGeneratedOneForTheStandardFields() throws IOException {
        assertEquals(XmlTemplates.xsd(FieldSchema.standard()), resource(XmlTemplates.USERS_XSD_RESOURCE),
                "the shipped XSD is stale: regenerate src/main/resources" + XmlTemplates.USERS_XSD_RESOURCE
                        + " from XmlTemplates.xsd(FieldSchema.standard())");
    }

    @Test
    void shippedDelegatesXsd_isTheGeneratedOne() throws IOException {
        assertEquals(XmlTemplates.delegateXsd(), resource(XmlTemplates.DELEGATES_XSD_RESOURCE),
                "the shipped XSD is stale: regenerate src/main/resources" + XmlTemplates.DELEGATES_XSD_RESOURCE
                        + " from XmlTemplates.delegateXsd()");
    }

    @Test
    void xsd_isDeterministic() {
        assertEquals(XmlTemplates.xsd(CUSTOM), XmlTemplates.xsd(CUSTOM));
    }

    @Test
    void template_validatesAgainstTheXsd_andReadsWithoutAProblem() throws Exception {
        for (FieldSchema schema : List.of(FieldSchema.standard(), CUSTOM)) {
            String template = XmlTemplates.template(schema);
            validate(XmlTemplates.xsd(schema), template);
            try (RowReader r = XmlFormat.defaults().open(stream(template), schema)) {
                UploadRow row = r.next();
                assertNotNull(row);
                assertTrue(row.problems().isEmpty(), row.problems().toString());
                assertEquals("jdoe", row.value(r.columns().indexOf(StandardFields.USERNAME)));
                assertEquals("MATH101", row.value(r.columns().indexOf("course1")));
                assertEquals("2025-01-06", row.value(r.columns().indexOf("enrolStart1")));
                assertNull(r.next());
            }
        }
    }

    @Test
    void template_givesCustomFieldsExamplesByType() throws IOException {
        String template = XmlTemplates.template(CUSTOM);
        assertTrue(template.contains("<hireDate>2025-01-31</hireDate>"), template);
        assertTrue(template.contains("<grade>A1</grade>"), template);
        assertTrue(template.contains("<onCall>true</onCall>"), template);
        assertTrue(template.contains("<badge>004512</badge>"), template);
        assertTrue(template.contains("<!-- <costCenter>…</costCenter>: cost centre -->"), template);
    }

    @Test
    void template_neverHoldsAPassword() {
        FieldSchema schema = FieldSchema.standard().with(FieldDefinition.builder(StandardFields.PASSWORD)
                .sensitive(true).example("hunter2").build());
        String template = XmlTemplates.template(schema);
        assertFalse(template.contains("hunter2"), template);
        assertTrue(template.contains("<!-- <password>…</password>"), template);
    }

    @Test
    void delegateTemplate_validatesAgainstTheDelegateXsd_andReads() throws Exception {
        validate(XmlTemplates.delegateXsd(), XmlTemplates.delegateTemplate());
        try (RowReader r = XmlDelegateFormat.defaults().open(stream(XmlTemplates.delegateTemplate()))) {
            UploadRow row = r.next();
            assertTrue(row.problems().isEmpty(), row.problems().toString());
            assertEquals(List.of("HR-000123", "HR-000456", "HR-000789"), java.util.Arrays.asList(row.values()).subList(0, 3));
            assertEquals(XmlDelegateFormat.DEFAULT_MAX_DELEGATES + 1, r.columns().size());
        }
    }

    @Test
    void xsd_customTypes_acceptAndRefuseWhatTheReaderDoes() throws Exception {
        Schema xsd = XsdEquivalenceProperties.compile(XmlTemplates.xsd(CUSTOM));
        assertValid(xsd, "<hireDate>2024-02-29</hireDate>", true);
        assertValid(xsd, "<hireDate> 2024-02-29 </hireDate>", true);
        assertValid(xsd, "<hireDate/>", true);
        assertValid(xsd, "<hireDate>2023-02-29</hireDate>", false);
        assertValid(xsd, "<hireDate>29/02/2024</hireDate>", false);
        assertValid(xsd, "<grade>a1</grade>", true);
        assertValid(xsd, "<grade>C3</grade>", false);
        assertValid(xsd, "<onCall>No</onCall>", true);
        assertValid(xsd, "<onCall>nope</onCall>", false);
        assertValid(xsd, "<badge> 004512 </badge>", true);
        assertValid(xsd, "<badge>4512</badge>", false);
        assertValid(xsd, "<salary>12.50</salary>", true);
        assertValid(xsd, "<salary>12,50</salary>", false);
        assertValid(xsd, "<costCenter>" + "x".repeat(20) + "</costCenter>", true);
        assertValid(xsd, "<costCenter>" + "x".repeat(21) + "</costCenter>", false);
        assertValid(xsd, "<email/>", true);
        assertValid(xsd, "<email>a@b</email><email>c@d</email>", false);
        assertValid(xsd, "<memberships><course enrolStart=\"2025-02-30\">x</course></memberships>", false);
    }

    @Test
    void xsd_fieldNamedLikeADirective_isRejected() {
        FieldSchema schema = FieldSchema.standard().with(FieldDefinition.builder("cohort3").custom(true).build());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> XmlTemplates.xsd(schema));
        assertEquals("field cohort3 cannot be read from XML: its name is taken by the numbered column cohort3; "
                + "rename the field", e.getMessage());
    }

    @Test
    void xsd_arguments_areChecked() {
        NullPointerException e = assertThrows(NullPointerException.class, () -> XmlTemplates.xsd(null));
        assertEquals("schema must not be null", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> XmlTemplates.xsd(FieldSchema.standard(), 0));
        assertThrows(IllegalArgumentException.class, () -> XmlTemplates.delegateXsd(0));
    }

    @Test
    void xsd_documentsEachField() {
        String xsd = XmlTemplates.xsd(CUSTOM);
        assertTrue(xsd.contains("Cost centre. Custom field of type text. At most 20 characters."), xsd);
        assertTrue(xsd.contains("Sign-in name, unique. Standard field of type text. At most 100 characters. "
                + "Unique among users."), xsd);
    }

    private static void assertValid(Schema xsd, String children, boolean valid) throws IOException {
        String doc = "<users xmlns=\"" + XmlFormat.NAMESPACE + "\"><user>" + children + "</user></users>";
        boolean xsdSays;
        try {
            xsd.newValidator().validate(new StreamSource(new StringReader(doc)));
            xsdSays = true;
        } catch (SAXException e) {
            xsdSays = false;
        }
        assertEquals(valid, xsdSays, "XSD on " + children);
        try (RowReader r = XmlFormat.defaults().open(stream(doc), CUSTOM)) {
            assertEquals(!valid, r.next().hasErrors(), "reader on " + children);
        }
    }

    private static void validate(String xsd, String doc) throws IOException, SAXException {
        XsdEquivalenceProperties.compile(xsd).newValidator().validate(new StreamSource(new StringReader(doc)));
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = XmlTemplates.class.getResourceAsStream(name)) {
            assertNotNull(in, name + " is not in the jar");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static InputStream stream(String text) {
        return XmlFormatTest.stream(text);
    }
}
