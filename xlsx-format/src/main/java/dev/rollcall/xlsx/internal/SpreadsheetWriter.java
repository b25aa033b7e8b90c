package dev.rollcall.xlsx.internal;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes a workbook in raw SpreadsheetML, streaming: sheets one after another (each row goes
 * straight to the zip), then the workbook, styles and relationships. Cells are inline strings,
 * so there is no shared strings table to hold. The styles are fixed: see the {@code STYLE_}
 * constants and {@link #fillStyle}. Not thread-safe.
 */
public final class SpreadsheetWriter implements Closeable {

    /** The default style. */
    public static final int STYLE_GENERAL = 0;
    /** Formatted as text ({@code @}): Excel keeps what is typed, leading zeros included. */
    public static final int STYLE_TEXT = 1;
    /** Formatted as a date, {@code yyyy-mm-dd}. */
    public static final int STYLE_DATE = 2;
    /** Bold text, for a header. */
    public static final int STYLE_HEADER = 3;
    /** Bold, for a title. */
    public static final int STYLE_BOLD = 4;
    /** The colours of field sets: strong for the header, light for the column. The first is red. */
    public static final String[][] PALETTE = {
        {"FFFF8080", "FFFFE0E0"}, {"FF80B0FF", "FFE0ECFF"}, {"FF80D080", "FFE0F4E0"}, {"FFFFD060", "FFFFF4D8"},
        {"FFC090E0", "FFF0E4F8"}, {"FFFFA860", "FFFFECDC"}, {"FF60C8C8", "FFDCF4F4"}};
    private static final int FIRST_FILL_STYLE = 5;

    private final ZipOutputStream zip;
    private final Writer out;
    private final List<String> sheets = new ArrayList<>();
    private final Map<String, String> definedNames = new LinkedHashMap<>();
    private long row;

    /** @param target where the workbook goes; closed by {@link #close()} */
    public SpreadsheetWriter(OutputStream target) {
        this.zip = new ZipOutputStream(target, StandardCharsets.UTF_8);
        this.out = new BufferedWriter(new OutputStreamWriter(zip, StandardCharsets.UTF_8), 1 << 16);
    }

    /**
     * @param palette an index into {@link #PALETTE}
     * @param kind    0 for a header cell, 1 for a text cell, 2 for a date cell
     * @return the style of that cell in that colour
     */
    public static int fillStyle(int palette, int kind) {
        return FIRST_FILL_STYLE + 3 * (palette % PALETTE.length) + kind;
    }

    /**
     * Starts a sheet; the header row, if any, is frozen.
     *
     * @param name         the sheet's name
     * @param columns      how many columns it has
     * @param widths       each column's width in characters, or null
     * @param columnStyles each column's style (what Excel gives a cell typed into it), or null
     */
    public void beginSheet(String name, int columns, double[] widths, int[] columnStyles) throws IOException {
        sheets.add(name);
        row = 0;
        zip.putNextEntry(new ZipEntry("xl/worksheets/sheet" + sheets.size() + ".xml"));
        out.write("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
                + "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
                + "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">");
        if (!name.equals(dev.rollcall.xlsx.XlsxFormat.INSTRUCTIONS_SHEET)) {
            out.write("<sheetViews><sheetView workbookViewId=\"0\"><pane ySplit=\"1\" topLeftCell=\"A2\" "
                    + "activePane=\"bottomLeft\" state=\"frozen\"/></sheetView></sheetViews>");
        }
        if (columns > 0) {
            out.write("<cols>");
            for (int c = 0; c < columns; c++) {
                double width = widths == null ? 16 : widths[c];
                int style = columnStyles == null ? STYLE_TEXT : columnStyles[c];
                out.write("<col min=\"" + (c + 1) + "\" max=\"" + (c + 1) + "\" width=\"" + width
                        + "\" customWidth=\"1\" style=\"" + style + "\"/>");
            }
            out.write("</cols>");
        }
        out.write("<sheetData>");
    }

    /** Writes a header row: bold, or in each column's header style when given. */
    public void headerRow(List<String> names, int[] styles) throws IOException {
        int[] s = new int[names.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = styles == null ? STYLE_HEADER : styles[i];
        }
        row(names, s);
    }

    /** Writes a row of text cells; a null value is an empty cell, {@code ""} is written as {@code ""}. */
    public void textRow(List<String> values) throws IOException {
        List<String> written = new ArrayList<>(values.size());
        for (String v : values) {
            written.add(v != null && v.isEmpty() ? "\"\"" : v);
        }
        row(written, null);
    }

    /**
     * Writes a row of inline string cells.
     *
     * @param values the values; null leaves the cell out
     * @param styles each cell's style, or null for text
     */
    public void row(List<String> values, int[] styles) throws IOException {
        row++;
        out.write("<row r=\"" + row + "\">");
        for (int c = 0; c < values.size(); c++) {
            String v = values.get(c);
            if (v == null) {
                continue;
            }
            int style = styles == null ? STYLE_TEXT : styles[c];
            out.write("<c r=\"" + SheetRowReader.letters(c) + row + "\" s=\"" + style + "\" t=\"inlineStr\"><is><t");
            if (!v.equals(v.strip())) {
                out.write(" xml:space=\"preserve\"");
            }
            out.write('>');
            escape(XString.encode(v));
            out.write("</t></is></c>");
        }
        out.write("</row>");
    }

    /** @return the number of the row last written */
    public long currentRow() {
        return row;
    }

    /**
     * Ends the sheet.
     *
     * @param listValidations drop-down lists: each a pair of a range ({@code C2:C1048576}) and
     *                        the list's source (a defined name)
     */
    public void endSheet(List<String[]> listValidations) throws IOException {
        out.write("</sheetData>");
        if (!listValidations.isEmpty()) {
            out.write("<dataValidations count=\"" + listValidations.size() + "\">");
            for (String[] v : listValidations) {
                out.write("<dataValidation type=\"list\" allowBlank=\"1\" showInputMessage=\"1\" showErrorMessage=\"1\" "
                        + "errorTitle=\"Not an allowed value\" error=\"Choose a value from the list (see the "
                        + "Instructions sheet).\" sqref=\"" + v[0] + "\"><formula1>");
                escape(v[1]);
                out.write("</formula1></dataValidation>");
            }
            out.write("</dataValidations>");
        }
        out.write("</worksheet>");
        out.flush();
        zip.closeEntry();
    }

    /** Defines a workbook-wide name for a range, e.g. a list of allowed values. */
    public void defineName(String name, String range) {
        definedNames.put(name, range);
    }

    private void escape(String s) throws IOException {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.write("&amp;");
                case '<' -> out.write("&lt;");
                case '>' -> out.write("&gt;");
                case '"' -> out.write("&quot;");
                case '\r' -> out.write("&#13;");
                default -> out.write(c);
            }
        }
    }

    private void entry(String name, String content) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        out.write("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n");
        out.write(content);
        out.flush();
        zip.closeEntry();
    }

    /** Writes the workbook, styles, relationships and content types, and closes the zip. */
    @Override
    public void close() throws IOException {
        StringBuilder types = new StringBuilder("<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
                + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
                + "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
                + "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
                + "<Override PartName=\"/xl/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>");
        StringBuilder book = new StringBuilder("<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
                + "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
                + "<workbookPr/><bookViews><workbookView activeTab=\"0\"/></bookViews><sheets>");
        StringBuilder rels = new StringBuilder("<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">");
        for (int i = 1; i <= sheets.size(); i++) {
            types.append("<Override PartName=\"/xl/worksheets/sheet").append(i).append(".xml\" ContentType=\"application/"
                    + "vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>");
            book.append("<sheet name=\"").append(attribute(sheets.get(i - 1))).append("\" sheetId=\"").append(i)
                    .append("\" r:id=\"rId").append(i).append("\"/>");
            rels.append("<Relationship Id=\"rId").append(i).append("\" Type=\"http://schemas.openxmlformats.org/"
                    + "officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet").append(i).append(".xml\"/>");
        }
        book.append("</sheets>");
        if (!definedNames.isEmpty()) {
            book.append("<definedNames>");
            definedNames.forEach((name, range) -> book.append("<definedName name=\"").append(attribute(name)).append("\">")
                    .append(attribute(range)).append("</definedName>"));
            book.append("</definedNames>");
        }
        book.append("</workbook>");
        rels.append("<Relationship Id=\"rId").append(sheets.size() + 1).append("\" Type=\"http://schemas.openxmlformats.org/"
                + "officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/></Relationships>");
        types.append("</Types>");
        entry("[Content_Types].xml", types.toString());
        entry("_rels/.rels", "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                + "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
                + "officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>");
        entry("xl/workbook.xml", book.toString());
        entry("xl/_rels/workbook.xml.rels", rels.toString());
        entry("xl/styles.xml", styles());
        out.close();
    }

    private static String styles() {
        StringBuilder fills = new StringBuilder("<fill><patternFill patternType=\"none\"/></fill>"
                + "<fill><patternFill patternType=\"gray125\"/></fill>");
        StringBuilder xfs = new StringBuilder(
                "<xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>"
                        + "<xf numFmtId=\"49\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>"
                        + "<xf numFmtId=\"164\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>"
                        + "<xf numFmtId=\"49\" fontId=\"1\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\" applyFont=\"1\"/>"
                        + "<xf numFmtId=\"0\" fontId=\"1\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyFont=\"1\"/>");
        for (int p = 0; p < PALETTE.length; p++) {
            int strong = 2 + 2 * p;
            for (String colour : PALETTE[p]) {
                fills.append("<fill><patternFill patternType=\"solid\"><fgColor rgb=\"").append(colour)
                        .append("\"/><bgColor indexed=\"64\"/></patternFill></fill>");
            }
            xfs.append("<xf numFmtId=\"49\" fontId=\"1\" fillId=\"").append(strong).append("\" borderId=\"0\" xfId=\"0\" "
                    + "applyNumberFormat=\"1\" applyFont=\"1\" applyFill=\"1\"/>");
            xfs.append("<xf numFmtId=\"49\" fontId=\"0\" fillId=\"").append(strong + 1).append("\" borderId=\"0\" xfId=\"0\" "
                    + "applyNumberFormat=\"1\" applyFill=\"1\"/>");
            xfs.append("<xf numFmtId=\"164\" fontId=\"0\" fillId=\"").append(strong + 1).append("\" borderId=\"0\" xfId=\"0\" "
                    + "applyNumberFormat=\"1\" applyFill=\"1\"/>");
        }
        int xfCount = FIRST_FILL_STYLE + 3 * PALETTE.length;
        return "<styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
                + "<numFmts count=\"1\"><numFmt numFmtId=\"164\" formatCode=\"yyyy\\-mm\\-dd\"/></numFmts>"
                + "<fonts count=\"2\"><font><sz val=\"11\"/><name val=\"Calibri\"/></font>"
                + "<font><b/><sz val=\"11\"/><name val=\"Calibri\"/></font></fonts>"
                + "<fills count=\"" + (2 + 2 * PALETTE.length) + "\">" + fills + "</fills>"
                + "<borders count=\"1\"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"
                + "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>"
                + "<cellXfs count=\"" + xfCount + "\">" + xfs + "</cellXfs>"
                + "<cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles>"
                + "</styleSheet>";
    }

    private static String attribute(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
