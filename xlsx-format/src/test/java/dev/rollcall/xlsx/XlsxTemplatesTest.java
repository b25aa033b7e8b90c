package dev.rollcall.xlsx;

import dev.rollcall.core.InMemoryUserRepository;
import dev.rollcall.core.PlannedChange;
import dev.rollcall.core.UploadMode;
import dev.rollcall.core.UploadPlan;
import dev.rollcall.spi.Codes;
import dev.rollcall.core.FieldChange;
import dev.rollcall.spi.FieldDefinition;
import dev.rollcall.spi.FieldSchema;
import dev.rollcall.spi.FieldType;
import dev.rollcall.spi.Problem;
import dev.rollcall.spi.RowReader;
import dev.rollcall.spi.UploadRow;
import dev.rollcall.xlsx.internal.SheetRowReader;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.rollcall.xlsx.Workbooks.in;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Excel template: what it holds, and a filled one planned straight from the workbook. */
class XlsxTemplatesTest {

    static final FieldSchema SCHEMA = FieldSchema.standard().with(
            FieldDefinition.builder("hireDate").custom(true).type(FieldType.DATE).description("first day").build(),
            FieldDefinition.builder("cardNumber").custom(true).sensitive(true).fieldSet("payment card").build(),
            FieldDefinition.builder("cardHolder").custom(true).fieldSet("payment card").build(),
            FieldDefinition.builder("passportNumber").custom(true).fieldSet("passport").build());

    private static byte[] template(boolean example) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        XlsxTemplates.template(SCHEMA, example, out);
        return out.toByteArray();
    }

    private static String column(String field) {
        List<String> names = SCHEMA.fields().stream().map(FieldDefinition::name).toList();
        return SheetRowReader.letters(names.indexOf(field));
    }

    /** @return the number format of the style Excel gives a new cell typed into the column */
    private static String columnFormat(Map<String, String> parts, String field) {
        int col = SCHEMA.fields().stream().map(FieldDefinition::name).toList().indexOf(field) + 1;
        Matcher m = Pattern.compile("<col min=\"" + col + "\" max=\"" + col + "\"[^>]*style=\"(\\d+)\"")
                .matcher(parts.get("xl/worksheets/sheet2.xml"));
        assertTrue(m.find(), field);
        return xf(parts, Integer.parseInt(m.group(1)));
    }

    private static String xf(Map<String, String> parts, int style) {
        String xfs = parts.get("xl/styles.xml").split("<cellXfs[^>]*>")[1];
        return xfs.split("<xf ")[style + 1];
    }

    @Test
    void template_readsBackAsTheSchemasColumns_withTheExampleRow() throws IOException {
        try (RowReader r = new XlsxFormat().open(in(template(true)))) {
            assertEquals(SCHEMA.fields().stream().map(FieldDefinition::name).toList(), r.columns(),
                    "the Instructions sheet is not the data");
            UploadRow example = r.next();
            assertEquals("004512", example.value(r.columns().indexOf("employeeId")));
            assertEquals(null, example.value(r.columns().indexOf("password")), "no example of a secret");
        }
    }

    @Test
    void idAndPhoneColumns_areText_dateColumnsDates() throws IOException {
        Map<String, String> parts = Workbooks.unzip(template(false));
        for (String f : List.of("externalId", "employeeId", "phone", "username", "cardHolder")) {
            assertTrue(columnFormat(parts, f).contains("numFmtId=\"49\""), f + ": " + columnFormat(parts, f));
        }
        assertTrue(columnFormat(parts, "hireDate").contains("numFmtId=\"164\""));
        assertTrue(parts.get("xl/styles.xml").contains("numFmtId=\"164\" formatCode=\"yyyy\\-mm\\-dd\""));
    }

    @Test
    void fieldSets_areColoured_paymentCardRed() throws IOException {
        Map<String, String> parts = Workbooks.unzip(template(false));
        String sheet = parts.get("xl/worksheets/sheet2.xml");
        String card = headerStyle(sheet, "cardNumber");
        assertEquals(card, headerStyle(sheet, "cardHolder"), "a set shares its colour");
        assertFalse(card.equals(headerStyle(sheet, "passportNumber")), "another set has another colour");
        assertFalse(card.equals(headerStyle(sheet, "email")));
        String fills = parts.get("xl/styles.xml").split("<fills[^>]*>")[1];
        Matcher fill = Pattern.compile("fillId=\"(\\d+)\"").matcher(xf(parts, Integer.parseInt(card)));
        assertTrue(fill.find());
        assertTrue(fills.split("<fill>")[Integer.parseInt(fill.group(1)) + 1].contains("FFFF8080"), "red");
    }

    private static String headerStyle(String sheet, String field) {
        Matcher m = Pattern.compile("<c r=\"" + column(field) + "1\" s=\"(\\d+)\"").matcher(sheet);
        assertTrue(m.find(), field);
        return m.group(1);
    }

    @Test
    void allowedValues_areDropDownLists_fromTheInstructions() throws IOException {
        Map<String, String> parts = Workbooks.unzip(template(false));
        String status = column("status");
        assertTrue(parts.get("xl/worksheets/sheet2.xml").contains("sqref=\"" + status + "2:" + status
                + "1048576\"><formula1>Allowed_status</formula1>"), parts.get("xl/worksheets/sheet2.xml"));
        Matcher name = Pattern.compile("<definedName name=\"Allowed_status\">Instructions!\\$F\\$(\\d+):\\$H\\$\\1"
                + "</definedName>").matcher(parts.get("xl/workbook.xml"));
        assertTrue(name.find(), parts.get("xl/workbook.xml"));
        String row = parts.get("xl/worksheets/sheet1.xml").split("<row r=\"" + name.group(1) + "\">")[1].split("</row>")[0];
        assertTrue(row.contains("<t>status</t>") && row.contains("<t>ACTIVE</t>") && row.contains("<t>DELETED</t>")
                && row.contains("F" + name.group(1)), row);
        String instructions = parts.get("xl/worksheets/sheet1.xml");
        assertTrue(instructions.contains("Do not save it as CSV"));
        assertTrue(instructions.contains("yes (individual, facility)"), "required fields");
        assertTrue(instructions.contains("date, YYYY-MM-DD"), "formats");
    }

    @Test
    void filledTemplate_plansStraightFromTheWorkbook() throws IOException {
        Map<String, String> parts = new LinkedHashMap<>(Workbooks.unzip(template(false)));
        // as Excel saves what a user typed: text cells (style 1), a date in the date column, and
        // one employee id typed before the column was text, so it is a number cell
        String rows = "<row r=\"2\">" + text(2, "username", "jdoe") + text(2, "email", "jdoe@example.com")
                + text(2, "firstName", "John") + text(2, "lastName", "Doe") + text(2, "employeeId", "00123")
                + text(2, "phone", "0551234567") + "<c r=\"" + column("hireDate") + "2\" s=\"2\"><v>46112</v></c></row>"
                + "<row r=\"3\">" + text(3, "username", "asmith") + text(3, "email", "anna@example.com")
                + text(3, "firstName", "Anna") + text(3, "lastName", "Smith")
                + "<c r=\"" + column("employeeId") + "3\"><v>4512</v></c></row>";
        parts.put("xl/worksheets/sheet2.xml", parts.get("xl/worksheets/sheet2.xml").replace("</sheetData>",
                rows + "</sheetData>"));
        UploadPlan plan = UploadPlan.builder().repository(new InMemoryUserRepository(SCHEMA)).mode(UploadMode.ADD_UPDATE)
                .format(new XlsxFormat()).build().plan(in(Workbooks.zip(parts)), "users.xlsx");
        assertFalse(plan.isRefused(), plan.fileProblems().toString());
        assertEquals(2, plan.creates().size(), plan.all().toString());
        PlannedChange jdoe = plan.creates().get(0);
        assertEquals("00123", to(jdoe, "employeeId"));
        assertEquals("0551234567", to(jdoe, "phone"));
        assertEquals("2026-03-31", to(jdoe, "hireDate"));
        assertTrue(jdoe.messages().stream().noneMatch(p -> p.code().equals(Codes.EXCEL_DAMAGE)), jdoe.messages().toString());

        PlannedChange asmith = plan.creates().get(1);
        Problem damage = asmith.messages().stream().filter(p -> p.code().equals(Codes.EXCEL_DAMAGE)).findFirst()
                .orElseThrow(() -> new AssertionError(asmith.messages()));
        assertEquals(3, damage.line());
        assertEquals("employeeId", damage.column());
        assertTrue(damage.message().contains("cell Users!" + column("employeeId") + "3"), damage.message());
        assertTrue(damage.message().contains("as a number"), damage.message());
    }

    private static String text(int row, String field, String value) {
        return "<c r=\"" + column(field) + row + "\" s=\"1\" t=\"inlineStr\"><is><t>" + value + "</t></is></c>";
    }

    private static String to(PlannedChange c, String field) {
        FieldChange change = c.changes().stream().filter(f -> f.field().equals(field)).findFirst().orElse(null);
        assertNotNull(change, field + " in " + c.changes());
        return change.to();
    }
}
