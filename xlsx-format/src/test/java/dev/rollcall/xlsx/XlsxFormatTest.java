package dev.rollcall.xlsx;

import dev.rollcall.spi.Codes;
import dev.rollcall.spi.RowReader;
import dev.rollcall.spi.RowWriter;
import dev.rollcall.spi.UploadFileException;
import dev.rollcall.spi.UploadFormat;
import dev.rollcall.spi.UploadRow;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.ServiceLoader;

import static dev.rollcall.xlsx.Workbooks.excel;
import static dev.rollcall.xlsx.Workbooks.in;
import static dev.rollcall.xlsx.Workbooks.rows;
import static dev.rollcall.xlsx.Workbooks.sharedStrings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reading workbooks written the way Excel writes them. */
class XlsxFormatTest {

    private static final XlsxFormat FORMAT = new XlsxFormat();

    static final String STRINGS = sharedStrings("username", "employeeId", "phone", "startDate", "firstName",
            "jdoe", "00123", "<r><rPr><b/></rPr><t>Jo</t></r><r><t xml:space=\"preserve\">hn </t></r>"
                    + "<rPh sb=\"0\" eb=\"1\"><t>ジョン</t></rPh>", "\"\"", "city", "line_x000D_break");

    static final String ROWS = "<row r=\"1\" spans=\"1:6\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c>"
            + "<c r=\"C1\" t=\"s\"><v>2</v></c><c r=\"D1\" t=\"s\"><v>3</v></c><c r=\"E1\" t=\"s\"><v>4</v></c>"
            + "<c r=\"F1\" t=\"s\"><v>9</v></c></row>"
            + "<row r=\"2\" spans=\"1:6\"><c r=\"A2\" t=\"s\"><v>5</v></c><c r=\"B2\" s=\"2\" t=\"s\"><v>6</v></c>"
            + "<c r=\"C2\"><v>120000000000</v></c><c r=\"D2\" s=\"1\"><v>46112</v></c><c r=\"E2\" t=\"s\"><v>7</v></c>"
            + "<c r=\"F2\" t=\"s\"><v>8</v></c></row>"
            + "<row r=\"3\" spans=\"1:6\"><c r=\"C3\" s=\"2\"/><c r=\"D3\" s=\"1\"/></row>"
            + "<row r=\"4\" spans=\"1:6\"><c r=\"A4\" t=\"inlineStr\"><is><t>asmith</t></is></c><c r=\"B4\"><v>123</v></c>"
            + "<c r=\"C4\" t=\"str\"><f>\"555\"&amp;\"0001111\"</f><v>5550001111</v></c><c r=\"D4\" s=\"3\"><v>46112.5</v></c>"
            + "<c r=\"E4\" t=\"b\"><v>1</v></c><c r=\"F4\" t=\"e\"><f>VLOOKUP(A4,X:Y,2,0)</f><v>#N/A</v></c></row>"
            + "<row r=\"5\"><c r=\"A5\"><v>1.2345678901234567E+19</v></c><c r=\"B5\" s=\"4\"><v>1.2E+11</v></c>"
            + "<c r=\"C5\"><f>A5*2</f></c><c r=\"E5\" t=\"s\"><v>10</v></c></row>";

    @Test
    void serviceLoader_findsTheFormat_bySuffix() {
        UploadFormat found = ServiceLoader.load(UploadFormat.class).stream().map(ServiceLoader.Provider::get)
                .filter(f -> f.name().equals("xlsx")).findFirst().orElseThrow();
        assertTrue(found.accepts("Users.XLSX"));
        assertFalse(found.accepts("users.xls"));
    }

    @Test
    void excelStyleWorkbook_textKeepsZeros_datesBecomeIso_numbersAreMarked() throws IOException {
        byte[] book = excel(false, ROWS, STRINGS);
        try (RowReader r = FORMAT.open(in(book))) {
            assertEquals(List.of("username", "employeeId", "phone", "startDate", "firstName", "city"), r.columns());
            assertEquals(1, r.headerLine());
            UploadRow two = r.next();
            assertEquals(2, two.line());
            String date = LocalDate.of(1899, 12, 30).plusDays(46112).toString();
            assertEquals(List.of("jdoe", "00123", "120000000000", date, "John", ""), Arrays.asList(two.values()));
            assertFalse(two.isNumberCell(1), "a text cell keeps its zeros and is no number");
            assertTrue(two.isNumberCell(2));
            assertFalse(two.isNumberCell(3), "a date cell is a date, not a number");
            assertEquals("Sheet1!C2", two.cellAddress(2));
            assertTrue(two.isExplicitEmpty(5), "a cell holding \"\" erases, as in CSV");

            UploadRow four = r.next();
            assertEquals(4, four.line(), "a row of empty styled cells is skipped; lines are the sheet's row numbers");
            assertEquals(Arrays.asList("asmith", "123", "5550001111", date + "T12:00", "TRUE", null),
                    Arrays.asList(four.values()));
            assertTrue(four.isNumberCell(1));
            assertFalse(four.isNumberCell(2), "a formula's saved text is text");
            assertEquals(1, four.problems().size());
            assertEquals(Codes.INVALID_VALUE, four.problems().get(0).code());
            assertEquals("city", four.problems().get(0).column());
            assertTrue(four.problems().get(0).message().contains("Sheet1!F4") && four.problems().get(0).message()
                    .contains("#N/A"), four.problems().get(0).message());

            UploadRow five = r.next();
            assertEquals("12345678901234567000", five.value(0), "never 1.2345678901234567E+19");
            assertEquals("120000000000", five.value(1), "scientific display format or not, the number in full");
            assertNull(five.value(2));
            assertTrue(five.problems().get(0).message().contains("Sheet1!C5 holds a formula without a saved result"),
                    five.problems().toString());
            assertEquals("line\rbreak", five.value(4), "_x000D_ is a carriage return, left for core to refuse");
            assertNull(r.next());
        }
    }

    @Test
    void date1904_countsFrom1904() throws IOException {
        List<UploadRow> rows = rows(FORMAT, excel(true, ROWS, STRINGS));
        assertEquals(LocalDate.of(1904, 1, 1).plusDays(46112).toString(), rows.get(0).value(3));
    }

    @Test
    void dates1900_countTheLeapDayExcelInvented() {
        assertEquals("1900-01-01", date1900("1"));
        assertEquals("1900-02-28", date1900("59"));
        assertEquals("1900-02-29", date1900("60"));
        assertEquals("1900-03-01", date1900("61"));
        assertEquals("2026-03-31", date1900("46112"));
    }

    private static String date1900(String serial) {
        String rows = "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>d</t></is></c></row>"
                + "<row r=\"2\"><c r=\"A2\" s=\"1\"><v>" + serial + "</v></c></row>";
        try {
            return rows(FORMAT, excel(false, rows, sharedStrings())).get(0).value(0);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void valueRightOfTheHeader_isACellCountError_namingTheCell() throws IOException {
        String rows = "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>username</t></is></c></row>"
                + "<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>jdoe</t></is></c>"
                + "<c r=\"D2\" t=\"inlineStr\"><is><t>stray</t></is></c></row>";
        UploadRow row = rows(FORMAT, excel(false, rows, sharedStrings())).get(0);
        assertEquals(Codes.CELL_COUNT, row.problems().get(0).code());
        assertTrue(row.problems().get(0).message().contains("Sheet1!D2"), row.problems().get(0).message());
    }

    @Test
    void cellsWithoutReferences_followEachOther() throws IOException {
        String rows = "<row><c t=\"inlineStr\"><is><t>a</t></is></c><c t=\"inlineStr\"><is><t>b</t></is></c></row>"
                + "<row><c t=\"inlineStr\"><is><t>1</t></is></c><c t=\"inlineStr\"><is><t>2</t></is></c></row>";
        try (RowReader r = FORMAT.open(in(excel(false, rows, sharedStrings())))) {
            assertEquals(List.of("a", "b"), r.columns());
            UploadRow row = r.next();
            assertEquals(2, row.line());
            assertEquals(List.of("1", "2"), Arrays.asList(row.values()));
            assertEquals("Sheet1!B2", row.cellAddress(1));
        }
    }

    @Test
    void sharedStringsSpilledToDisk_readTheSame() throws IOException {
        int n = 3000;
        String[] strings = new String[n + 1];
        strings[0] = "email";
        StringBuilder rows = new StringBuilder("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row>");
        for (int i = 1; i <= n; i++) {
            strings[i] = "user" + i + "@example.com";
        }
        // read out of order, as a sorted sheet would
        for (int i = n; i >= 1; i--) {
            rows.append("<row r=\"").append(n - i + 2).append("\"><c r=\"A").append(n - i + 2)
                    .append("\" t=\"s\"><v>").append(i).append("</v></c></row>");
        }
        byte[] book = excel(false, rows.toString(), sharedStrings(strings));
        List<UploadRow> inMemory = rows(FORMAT, book);
        List<UploadRow> spilled = rows(XlsxFormat.builder().sharedStringsInMemory(100).build(), book);
        assertEquals(n, spilled.size());
        assertEquals("user" + n + "@example.com", spilled.get(0).value(0));
        assertEquals("user1@example.com", spilled.get(n - 1).value(0));
        for (int i = 0; i < n; i++) {
            assertEquals(inMemory.get(i).value(0), spilled.get(i).value(0));
        }
    }

    @Test
    void writer_writesTextCells_thatReadBackExactly() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<List<String>> written = List.of(Arrays.asList("00123", "", null, " x_x0041_y <&> "),
                Arrays.asList("=1+1", "2026-03-31", "1.2E+11", "ü"));
        try (RowWriter w = FORMAT.writer(out, List.of("a", "b", "c", "d"))) {
            for (List<String> row : written) {
                w.write(row);
            }
        }
        List<UploadRow> rows = rows(FORMAT, out.toByteArray());
        assertEquals(Arrays.asList("00123", "", null, "x_x0041_y <&>"), Arrays.asList(rows.get(0).values()));
        assertEquals(written.get(1), Arrays.asList(rows.get(1).values()));
        assertFalse(rows.get(1).isNumberCell(2));
    }

    @Test
    void emptyFile_andSheetWithoutRows_areEmpty() {
        UploadFileException empty = assertThrows(UploadFileException.class, () -> FORMAT.open(in(new byte[0])));
        assertEquals(Codes.EMPTY_FILE, empty.code());
        UploadFileException noRows = assertThrows(UploadFileException.class,
                () -> FORMAT.open(in(excel(false, "<row r=\"1\"><c r=\"A1\" s=\"2\"/></row>", sharedStrings()))));
        assertEquals(Codes.EMPTY_FILE, noRows.code());
    }

    @Test
    void csvOrOldXls_isNotAWorkbook() {
        UploadFileException csv = assertThrows(UploadFileException.class,
                () -> FORMAT.open(in("username,email\njdoe,j@example.com\n".getBytes())));
        assertEquals(Codes.MALFORMED_FILE, csv.code());
        byte[] ole = {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, (byte) 0xA1, (byte) 0xB1, 0x1A, (byte) 0xE1, 0, 0};
        UploadFileException xls = assertThrows(UploadFileException.class, () -> FORMAT.open(in(ole)));
        assertEquals(Codes.MALFORMED_FILE, xls.code());
        assertTrue(xls.getMessage().contains("password-protected"), xls.getMessage());
    }

    @Test
    void instructionsAndHiddenSheets_areNotTheData() throws IOException {
        var parts = new java.util.LinkedHashMap<>(Workbooks.unzip(excel(false, ROWS, STRINGS)));
        parts.put("xl/workbook.xml", Workbooks.workbook(false, "Instructions", "Hidden", "Data")
                .replace("name=\"Hidden\"", "name=\"Hidden\" state=\"hidden\""));
        parts.put("xl/_rels/workbook.xml.rels", Workbooks.workbookRels(3, ""));
        parts.put("xl/worksheets/sheet2.xml", Workbooks.sheet("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>hidden"
                + "</t></is></c></row>"));
        parts.put("xl/worksheets/sheet3.xml", Workbooks.sheet("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>email"
                + "</t></is></c></row><row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>a@example.com</t></is></c></row>"));
        try (RowReader r = FORMAT.open(in(Workbooks.zip(parts)))) {
            assertEquals(List.of("email"), r.columns());
            UploadRow row = r.next();
            assertEquals("Data!A2", row.cellAddress(0));
        }
    }

    static List<String> values(UploadRow row) {
        return new ArrayList<>(Arrays.asList(row.values()));
    }
}
