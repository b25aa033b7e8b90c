package dev.rollcall.xlsx;

import dev.rollcall.spi.RowReader;
import dev.rollcall.spi.UploadRow;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Builds workbooks for tests by hand, in the style Excel writes them: shared strings after the
 * sheets, a theme part, styles whose cell format 1 is the built-in date format 14 and 2 is text
 * (49), {@code <dimension>}, {@code <sheetViews>} and {@code <pageMargins>} around the data.
 */
final class Workbooks {

    private Workbooks() {
    }

    static final String MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    static final String REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

    static String sheet(String rows) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n<worksheet xmlns=\"" + MAIN
                + "\" xmlns:r=\"" + REL + "\" xmlns:mc=\"http://schemas.openxmlformats.org/markup-compatibility/2006\" "
                + "mc:Ignorable=\"x14ac\" xmlns:x14ac=\"http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac\">"
                + "<dimension ref=\"A1:F4\"/><sheetViews><sheetView tabSelected=\"1\" workbookViewId=\"0\"/></sheetViews>"
                + "<sheetFormatPr defaultRowHeight=\"15\" x14ac:dyDescent=\"0.25\"/><cols><col min=\"3\" max=\"3\" "
                + "width=\"12\" style=\"2\" customWidth=\"1\"/></cols><sheetData>" + rows + "</sheetData>"
                + "<pageMargins left=\"0.7\" right=\"0.7\" top=\"0.75\" bottom=\"0.75\" header=\"0.3\" footer=\"0.3\"/>"
                + "</worksheet>";
    }

    static String sharedStrings(String... items) {
        StringBuilder sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n<sst xmlns=\""
                + MAIN + "\" count=\"" + items.length + "\" uniqueCount=\"" + items.length + "\">");
        for (String s : items) {
            sb.append(s.startsWith("<") ? "<si>" + s + "</si>" : "<si><t>" + s + "</t></si>");
        }
        return sb.append("</sst>").toString();
    }

    static final String STYLES = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n<styleSheet xmlns=\""
            + MAIN + "\"><numFmts count=\"1\"><numFmt numFmtId=\"164\" formatCode=\"[$-409]d\\-mmm\\-yy;@\"/></numFmts>"
            + "<fonts count=\"1\"><font><sz val=\"11\"/><color theme=\"1\"/><name val=\"Calibri\"/><family val=\"2\"/>"
            + "<scheme val=\"minor\"/></font></fonts><fills count=\"2\"><fill><patternFill patternType=\"none\"/></fill>"
            + "<fill><patternFill patternType=\"gray125\"/></fill></fills><borders count=\"1\"><border><left/><right/>"
            + "<top/><bottom/><diagonal/></border></borders><cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" "
            + "fillId=\"0\" borderId=\"0\"/></cellStyleXfs><cellXfs count=\"5\">"
            + "<xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>"
            + "<xf numFmtId=\"14\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>"
            + "<xf numFmtId=\"49\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>"
            + "<xf numFmtId=\"164\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>"
            + "<xf numFmtId=\"11\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>"
            + "</cellXfs><cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles>"
            + "<dxfs count=\"0\"/><tableStyles count=\"0\" defaultTableStyle=\"TableStyleMedium2\" "
            + "defaultPivotStyle=\"PivotStyleLight16\"/></styleSheet>";

    static String workbook(boolean date1904, String... sheetNames) {
        StringBuilder sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n<workbook xmlns=\""
                + MAIN + "\" xmlns:r=\"" + REL + "\"><fileVersion appName=\"xl\" lastEdited=\"7\" lowestEdited=\"7\" "
                + "rupBuild=\"22228\"/><workbookPr " + (date1904 ? "date1904=\"1\" " : "") + "defaultThemeVersion=\"166925\"/>"
                + "<bookViews><workbookView xWindow=\"0\" yWindow=\"0\" windowWidth=\"28800\" windowHeight=\"12300\"/>"
                + "</bookViews><sheets>");
        for (int i = 0; i < sheetNames.length; i++) {
            sb.append("<sheet name=\"").append(sheetNames[i]).append("\" sheetId=\"").append(i + 1).append("\" r:id=\"rId")
                    .append(i + 1).append("\"/>");
        }
        return sb.append("</sheets><calcPr calcId=\"191029\"/></workbook>").toString();
    }

    static String workbookRels(int sheets, String extra) {
        StringBuilder sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n"
                + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">");
        for (int i = 1; i <= sheets; i++) {
            sb.append("<Relationship Id=\"rId").append(i).append("\" Type=\"").append(REL)
                    .append("/worksheet\" Target=\"worksheets/sheet").append(i).append(".xml\"/>");
        }
        int n = sheets;
        sb.append("<Relationship Id=\"rId").append(++n).append("\" Type=\"").append(REL).append("/theme\" Target=\"theme/theme1.xml\"/>");
        sb.append("<Relationship Id=\"rId").append(++n).append("\" Type=\"").append(REL).append("/styles\" Target=\"styles.xml\"/>");
        sb.append("<Relationship Id=\"rId").append(++n).append("\" Type=\"").append(REL)
                .append("/sharedStrings\" Target=\"sharedStrings.xml\"/>");
        return sb.append(extra).append("</Relationships>").toString();
    }

    static final String ROOT_RELS = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n<Relationships "
            + "xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId3\" Type=\""
            + REL + "/extended-properties\" Target=\"docProps/app.xml\"/><Relationship Id=\"rId1\" Type=\"" + REL
            + "/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>";

    /** An Excel-style workbook with one sheet, {@code Sheet1}. */
    static byte[] excel(boolean date1904, String rows, String sharedStrings) {
        Map<String, String> parts = new LinkedHashMap<>();
        parts.put("[Content_Types].xml", "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n<Types "
                + "xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>");
        parts.put("_rels/.rels", ROOT_RELS);
        parts.put("xl/workbook.xml", workbook(date1904, "Sheet1"));
        parts.put("xl/_rels/workbook.xml.rels", workbookRels(1, ""));
        parts.put("xl/worksheets/sheet1.xml", sheet(rows));
        parts.put("xl/theme/theme1.xml", "<a:theme xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\"/>");
        parts.put("xl/styles.xml", STYLES);
        parts.put("xl/sharedStrings.xml", sharedStrings);
        parts.put("docProps/app.xml", "<Properties/>");
        return zip(parts);
    }

    static byte[] zip(Map<String, String> parts) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, String> e : parts.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** @return the parts of a workbook, as text */
    static Map<String, String> unzip(byte[] workbook) {
        Map<String, String> parts = new LinkedHashMap<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(workbook))) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                parts.put(e.getName(), new String(zip.readAllBytes(), StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return parts;
    }

    static InputStream in(byte[] bytes) {
        return new ByteArrayInputStream(bytes);
    }

    /** @return every row a format reads from the workbook */
    static List<UploadRow> rows(XlsxFormat format, byte[] workbook) throws IOException {
        try (RowReader r = format.open(in(workbook))) {
            List<UploadRow> rows = new ArrayList<>();
            for (UploadRow row; (row = r.next()) != null; ) {
                rows.add(row);
            }
            return rows;
        }
    }
}
