package dev.rollcall.xml;

import dev.rollcall.spi.RowReader;
import dev.rollcall.spi.UploadRow;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class XmlUserWriterTest {

    @Test
    void blank_isLeftOut_empty_isAnEmptyElement_valuesAreEscaped() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (XmlUserWriter w = XmlUserWriter.of(out, List.of("username", "email", "department", "cohort1",
                "course1", "role1"))) {
            w.writeRow("a&b", null, "", "Night <shift>", "MATH101", "\"lead\"\nteacher");
        }
        String xml = out.toString(StandardCharsets.UTF_8);
        assertEquals("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<users xmlns=\"" + XmlFormat.NAMESPACE + "\">\n"
                + "  <user>\n    <username>a&amp;b</username>\n    <department/>\n    <memberships>\n"
                + "      <cohort>Night &lt;shift&gt;</cohort>\n"
                + "      <course role=\"&quot;lead&quot;&#10;teacher\">MATH101</course>\n"
                + "    </memberships>\n  </user>\n</users>\n", xml);
        try (RowReader r = XmlFormat.defaults().open(new ByteArrayInputStream(out.toByteArray()))) {
            UploadRow row = r.next();
            assertTrue(row.problems().isEmpty(), row.problems().toString());
            assertEquals("a&b", row.value(r.columns().indexOf("username")));
            assertNull(row.value(r.columns().indexOf("email")));
            assertEquals("", row.value(r.columns().indexOf("department")));
            assertEquals("\"lead\"\nteacher", row.value(r.columns().indexOf("role1")));
        }
    }

    @Test
    void membershipNumbers_areWrittenInOrder_andReadBackRenumbered() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (XmlUserWriter w = XmlUserWriter.of(out, List.of("cohort5", "username", "cohort2", "sysrole1"))) {
            w.writeRow("late", "a", "early", "admin");
        }
        try (RowReader r = XmlFormat.defaults().open(new ByteArrayInputStream(out.toByteArray()))) {
            UploadRow row = r.next();
            assertEquals("early", row.value(r.columns().indexOf("cohort1")));
            assertEquals("late", row.value(r.columns().indexOf("cohort2")));
            assertEquals("admin", row.value(r.columns().indexOf("sysrole1")));
        }
    }

    @Test
    void column_thatIsNoFieldOrDirective_isRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> XmlUserWriter.of(new ByteArrayOutputStream(), List.of("user name")));
        assertEquals("column \"user name\" is not a field name, a directive or a numbered membership column",
                e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> XmlUserWriter.of(new ByteArrayOutputStream(), List.of("memberships")));
    }

    @Test
    void column_givenTwice_isRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> XmlUserWriter.of(new ByteArrayOutputStream(), List.of("course1", "Course 1")));
        assertEquals("column course1 is given twice", e.getMessage());
    }

    @Test
    void courseAttribute_withoutItsCourse_isRejected() {
        XmlUserWriter w = XmlUserWriter.of(new ByteArrayOutputStream(), List.of("course1", "role2"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> w.writeRow("MATH101", "student"));
        assertEquals("column role2 has a value, but course2 has none", e.getMessage());
    }

    @Test
    void value_thatXmlCannotCarry_isRejected() {
        XmlUserWriter w = XmlUserWriter.of(new ByteArrayOutputStream(), List.of("username"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> w.writeRow("a\u0001b"));
        assertEquals("a value holds the character U+0001, which XML 1.0 cannot carry", e.getMessage());
    }

    @Test
    void row_ofTheWrongWidth_isRejected() {
        XmlUserWriter w = XmlUserWriter.of(new ByteArrayOutputStream(), List.of("username", "email"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> w.writeRow("a"));
        assertEquals("a row needs 2 values, one per column, but has 1", e.getMessage());
    }

    @Test
    void writeRow_afterClose_isRejected() {
        XmlUserWriter w = XmlUserWriter.of(new ByteArrayOutputStream(), List.of("username"));
        w.close();
        w.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> w.writeRow("a"));
        assertEquals("the writer is closed", e.getMessage());
    }

    @Test
    void nullArguments_areRejected() {
        NullPointerException out = assertThrows(NullPointerException.class, () -> XmlUserWriter.of(null, List.of()));
        assertEquals("out must not be null", out.getMessage());
        NullPointerException columns = assertThrows(NullPointerException.class,
                () -> XmlUserWriter.of(new ByteArrayOutputStream(), null));
        assertEquals("columns must not be null", columns.getMessage());
    }
}
