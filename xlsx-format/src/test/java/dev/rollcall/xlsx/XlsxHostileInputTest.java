package dev.rollcall.xlsx;

import dev.rollcall.spi.Codes;
import dev.rollcall.spi.RowReader;
import dev.rollcall.spi.UploadFileException;
import dev.rollcall.spi.UploadRow;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static dev.rollcall.xlsx.Workbooks.excel;
import static dev.rollcall.xlsx.Workbooks.in;
import static dev.rollcall.xlsx.Workbooks.sharedStrings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Workbooks built to hurt: each is refused, or read as plain values. */
class XlsxHostileInputTest {

    private static final XlsxFormat FORMAT = new XlsxFormat();
    private static final String HEADER = "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>username</t></is></c></row>";

    private static UploadFileException refused(XlsxFormat format, byte[] book) {
        return assertThrows(UploadFileException.class, () -> {
            try (RowReader r = format.open(in(book))) {
                while (r.next() != null) {
                    // read to the end
                }
            }
        });
    }

    private static Map<String, String> parts() {
        return new LinkedHashMap<>(Workbooks.unzip(excel(false, HEADER, sharedStrings())));
    }

    @Test
    void zipBomb_aSheetInflatingFarPastItsSize_isRefused() throws IOException {
        // 64 MB of spaces between two rows: deflates to about 64 KB
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, String> e : parts().entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                if (e.getKey().equals("xl/worksheets/sheet1.xml")) {
                    String[] halves = e.getValue().split("</sheetData>");
                    zip.write(halves[0].getBytes(StandardCharsets.UTF_8));
                    byte[] spaces = new byte[1 << 20];
                    java.util.Arrays.fill(spaces, (byte) ' ');
                    for (int i = 0; i < 64; i++) {
                        zip.write(spaces);
                    }
                    zip.write(("</sheetData>" + halves[1]).getBytes(StandardCharsets.UTF_8));
                } else {
                    zip.write(e.getValue().getBytes(StandardCharsets.UTF_8));
                }
                zip.closeEntry();
            }
        }
        assertTrue(bytes.size() < 1 << 20, "the bomb is small: " + bytes.size());
        UploadFileException e = refused(FORMAT, bytes.toByteArray());
        assertEquals(Codes.UNSAFE_WORKBOOK, e.code());
        assertTrue(e.getMessage().contains("zip bomb"), e.getMessage());
    }

    @Test
    void partLargerThanTheLimit_isRefused_evenWhenItsSizeIsNotDeclared() {
        XlsxFormat small = XlsxFormat.builder().maxPartBytes(2048).build();
        Map<String, String> parts = parts();
        parts.put("xl/sharedStrings.xml", sharedStrings("x".repeat(5000)));
        UploadFileException e = refused(small, Workbooks.zip(parts));
        assertEquals(Codes.UNSAFE_WORKBOOK, e.code());
    }

    @Test
    void fileLargerThanTheLimit_isRefused() {
        XlsxFormat small = XlsxFormat.builder().maxFileBytes(1024).build();
        Map<String, String> parts = parts();
        parts.put("docProps/app.xml", "<Properties>" + new java.util.Random(1).ints(4000, 'a', 'z')
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append) + "</Properties>");
        assertEquals(Codes.UNSAFE_WORKBOOK, refused(small, Workbooks.zip(parts)).code());
    }

    @Test
    void doctypeWithAnExternalEntity_inAnyPartRead_isRefused() throws IOException {
        Path secret = Files.createTempFile("rollcall-secret", ".txt");
        Files.writeString(secret, "TOP-SECRET");
        try {
            String dtd = "<?xml version=\"1.0\"?><!DOCTYPE sst [<!ENTITY x SYSTEM \"" + secret.toUri() + "\">]>";
            for (String part : List.of("xl/sharedStrings.xml", "xl/worksheets/sheet1.xml", "xl/workbook.xml",
                    "xl/styles.xml", "_rels/.rels", "xl/_rels/workbook.xml.rels")) {
                Map<String, String> parts = parts();
                String original = parts.get(part);
                parts.put(part, dtd + original.substring(original.indexOf("?>") + 2).replace("</t>", "&x;</t>"));
                UploadFileException e = refused(FORMAT, Workbooks.zip(parts));
                assertEquals(Codes.XML_DTD_FORBIDDEN, e.code(), part + ": " + e.getMessage());
                assertFalse(e.getMessage().contains("TOP-SECRET"));
            }
        } finally {
            Files.delete(secret);
        }
    }

    @Test
    void billionLaughs_isRefusedBeforeExpanding() {
        String lol = "<?xml version=\"1.0\"?><!DOCTYPE sst [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;"
                + "&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]><sst xmlns=\"" + Workbooks.MAIN
                + "\"><si><t>&c;</t></si></sst>";
        Map<String, String> parts = parts();
        parts.put("xl/sharedStrings.xml", lol);
        assertEquals(Codes.XML_DTD_FORBIDDEN, refused(FORMAT, Workbooks.zip(parts)).code());
    }

    @Test
    void formulas_areReadAsTheirSavedValues_neverEvaluated() throws IOException {
        // a formula that would call out (WEBSERVICE) and one that names another workbook: both saved values
        String rows = HEADER + "<row r=\"2\"><c r=\"A2\" t=\"str\"><f>WEBSERVICE(\"http://127.0.0.1:9/steal\")</f>"
                + "<v>saved</v></c></row><row r=\"3\"><c r=\"A3\" t=\"str\"><f>[1]Sheet1!A1</f><v>from-link</v></c></row>"
                + "<row r=\"4\"><c r=\"A4\"><f>1+1</f><v>7</v></c></row>";
        Map<String, String> parts = new LinkedHashMap<>(Workbooks.unzip(excel(false, rows, sharedStrings())));
        parts.put("xl/_rels/workbook.xml.rels", Workbooks.workbookRels(1, "<Relationship Id=\"rId9\" Type=\""
                + Workbooks.REL + "/externalLink\" Target=\"externalLinks/externalLink1.xml\"/>"));
        parts.put("xl/externalLinks/externalLink1.xml", "<externalLink xmlns=\"" + Workbooks.MAIN + "\" xmlns:r=\""
                + Workbooks.REL + "\"><externalBook r:id=\"rId1\"/></externalLink>");
        parts.put("xl/externalLinks/_rels/externalLink1.xml.rels", "<Relationships xmlns=\"http://schemas.openxmlformats"
                + ".org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"" + Workbooks.REL
                + "/externalLinkPath\" Target=\"http://127.0.0.1:9/other.xlsx\" TargetMode=\"External\"/></Relationships>");
        List<UploadRow> read = Workbooks.rows(FORMAT, Workbooks.zip(parts));
        assertEquals(List.of("saved", "from-link", "7"), read.stream().map(r -> r.value(0)).toList());
        assertTrue(read.stream().allMatch(r -> r.problems().isEmpty()));
    }

    @Test
    void dataSheetLinkedOutsideTheWorkbook_isRefused() {
        Map<String, String> parts = parts();
        parts.put("xl/_rels/workbook.xml.rels", Workbooks.workbookRels(1, "").replace("Target=\"worksheets/sheet1.xml\"",
                "Target=\"file:///etc/passwd\" TargetMode=\"External\""));
        UploadFileException e = refused(FORMAT, Workbooks.zip(parts));
        assertEquals(Codes.UNSAFE_WORKBOOK, e.code());
    }

    @Test
    void pathsClimbingOutOfThePackage_stayInside() {
        assertEquals("etc/passwd", dev.rollcall.xlsx.internal.Paths.resolve("xl/", "../../../etc/passwd"));
    }

    @Test
    void hugeExponent_isKeptAsWritten_notExpanded() throws IOException {
        String rows = HEADER + "<row r=\"2\"><c r=\"A2\"><v>1E+999999999</v></c></row>";
        assertEquals("1E+999999999", Workbooks.rows(FORMAT, excel(false, rows, sharedStrings())).get(0).value(0));
    }

    @Test
    void sharedStringIndexOutOfRange_isMalformed() {
        String rows = HEADER + "<row r=\"2\"><c r=\"A2\" t=\"s\"><v>5</v></c></row>";
        assertEquals(Codes.MALFORMED_FILE, refused(FORMAT, excel(false, rows, sharedStrings())).code());
    }

    @Test
    void valueLongerThanTheLimit_isMalformed() {
        String rows = HEADER + "<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>" + "x".repeat(40_000) + "</t></is></c></row>";
        assertEquals(Codes.MALFORMED_FILE, refused(FORMAT, excel(false, rows, sharedStrings())).code());
    }

    @Test
    void columnPastXfd_isMalformed() {
        String rows = HEADER + "<row r=\"2\"><c r=\"XFE2\" t=\"inlineStr\"><is><t>x</t></is></c></row>";
        assertEquals(Codes.MALFORMED_FILE, refused(FORMAT, excel(false, rows, sharedStrings())).code());
    }

    @Test
    void brokenXml_isMalformed() {
        String rows = HEADER + "<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>x</is></c></row>";
        assertEquals(Codes.MALFORMED_FILE, refused(FORMAT, excel(false, rows, sharedStrings())).code());
    }
}
