package dev.rollcall.xlsx.internal;

import dev.rollcall.spi.Codes;
import dev.rollcall.spi.UploadFileException;
import dev.rollcall.xlsx.XlsxFormat;

import javax.xml.stream.XMLStreamConstants;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a reader needs from a workbook's package: where its data sheet, shared strings and
 * styles are, and its date system. The data sheet is the first visible worksheet not named
 * {@value XlsxFormat#INSTRUCTIONS_SHEET}.
 */
final class Workbook {

    String sheetName;
    String sheetPart;
    String sharedStrings;
    String styles;
    boolean date1904;

    private record Relationship(String type, String target, boolean external) {
    }

    private record Sheet(String name, String relationship, boolean hidden) {
    }

    private Workbook() {
    }

    static Workbook read(WorkbookPackage pkg) throws IOException {
        Workbook book = new Workbook();
        String workbookPart = "xl/workbook.xml";
        for (Relationship r : relationships(pkg, "_rels/.rels", "").values()) {
            if (r.type.endsWith("/officeDocument") && !r.external) {
                workbookPart = r.target;
            }
        }
        if (!pkg.has(workbookPart)) {
            throw new UploadFileException(Codes.MALFORMED_FILE, 0, 0, "the file is a zip but not an .xlsx workbook "
                    + "(it has no " + workbookPart + "); save it in Excel as \"Excel Workbook (.xlsx)\"");
        }
        String dir = workbookPart.contains("/") ? workbookPart.substring(0, workbookPart.lastIndexOf('/') + 1) : "";
        String name = workbookPart.substring(dir.length());
        Map<String, Relationship> rels = relationships(pkg, dir + "_rels/" + name + ".rels", dir);
        List<Sheet> sheets = new ArrayList<>();
        try (XmlPart part = XmlPart.open(pkg, workbookPart)) {
            while (part.hasNext()) {
                if (part.next() != XMLStreamConstants.START_ELEMENT) {
                    continue;
                }
                if (part.local().equals("workbookPr")) {
                    String d = part.attribute("date1904");
                    book.date1904 = "1".equals(d) || "true".equalsIgnoreCase(d);
                } else if (part.local().equals("sheet")) {
                    String state = part.attribute("state");
                    sheets.add(new Sheet(String.valueOf(part.attribute("name")), part.attribute("id"),
                            state != null && !state.equals("visible")));
                }
            }
        }
        for (Sheet s : sheets) {
            Relationship r = rels.get(s.relationship);
            if (s.hidden || r == null || !r.type.endsWith("/worksheet")
                    || s.name.equalsIgnoreCase(XlsxFormat.INSTRUCTIONS_SHEET)) {
                continue;
            }
            if (r.external) {
                throw WorkbookPackage.unsafe("the sheet " + s.name + " is a link to a file outside the workbook ("
                        + r.target + "), which is never followed");
            }
            book.sheetName = s.name;
            book.sheetPart = r.target;
            break;
        }
        if (book.sheetPart == null) {
            throw new UploadFileException(Codes.EMPTY_FILE, 1, 0, "the workbook has no visible worksheet other than "
                    + XlsxFormat.INSTRUCTIONS_SHEET + ": there is no data to read");
        }
        for (Relationship r : rels.values()) {
            if (r.external) {
                continue;
            }
            if (r.type.endsWith("/sharedStrings")) {
                book.sharedStrings = r.target;
            } else if (r.type.endsWith("/styles")) {
                book.styles = r.target;
            }
        }
        return book;
    }

    /** @return a relationships part's entries by id, targets resolved against {@code dir}; empty when absent */
    private static Map<String, Relationship> relationships(WorkbookPackage pkg, String part, String dir)
            throws IOException {
        Map<String, Relationship> found = new HashMap<>();
        XmlPart xml = XmlPart.open(pkg, part);
        if (xml == null) {
            return found;
        }
        try (xml) {
            while (xml.hasNext()) {
                if (xml.next() == XMLStreamConstants.START_ELEMENT && xml.local().equals("Relationship")) {
                    String target = String.valueOf(xml.attribute("Target"));
                    boolean external = "External".equalsIgnoreCase(xml.attribute("TargetMode"));
                    found.put(String.valueOf(xml.attribute("Id")), new Relationship(String.valueOf(xml.attribute("Type")),
                            external ? target : Paths.resolve(dir, target), external));
                }
            }
        }
        return found;
    }
}
