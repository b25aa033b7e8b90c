package dev.rollcall.xlsx;

import dev.rollcall.spi.FieldDefinition;
import dev.rollcall.spi.FieldSchema;
import dev.rollcall.spi.FieldType;
import dev.rollcall.spi.ProfileType;
import dev.rollcall.xlsx.internal.SheetRowReader;
import dev.rollcall.xlsx.internal.SpreadsheetWriter;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Excel upload template with instructions (seed 002's "Download Template with
 * Instructions (Excel)"), made from a host's schema: an {@value XlsxFormat#INSTRUCTIONS_SHEET}
 * sheet (the rules in short, then each field: required or not, its format, its field set, its
 * allowed values) and a {@value #DATA_SHEET} sheet to fill in: one column per field in
 * template order, date columns formatted as {@code yyyy-mm-dd} and every other column as text
 * (so ids and phone numbers keep their leading zeros), the fields of each set coloured alike
 * (a payment card set red, as seed 004 describes), and allowed values offered as drop-down
 * lists. {@link XlsxFormat} reads the filled workbook back directly.
 */
public final class XlsxTemplates {

    /** The name of the sheet the template's users go in. */
    public static final String DATA_SHEET = "Users";

    private static final String LAST_ROW = "1048576";

    private XlsxTemplates() {
    }

    /**
     * Writes the profile upload template.
     *
     * @param schema  the host's fields
     * @param example whether to add an example row from each field's example
     * @param out     where to write; closed
     */
    public static void template(FieldSchema schema, boolean example, OutputStream out) throws IOException {
        List<FieldDefinition> fields = schema.fields();
        Map<String, Integer> colours = colours(fields);
        try (SpreadsheetWriter w = new SpreadsheetWriter(out)) {
            writeInstructions(w, fields, colours);
            int n = fields.size();
            List<String> names = new ArrayList<>(n);
            int[] headerStyles = new int[n];
            int[] columnStyles = new int[n];
            double[] widths = new double[n];
            for (int i = 0; i < n; i++) {
                FieldDefinition f = fields.get(i);
                names.add(f.name());
                int kind = f.type() == FieldType.DATE ? 2 : 1;
                Integer colour = f.fieldSet() == null ? null : colours.get(f.fieldSet());
                headerStyles[i] = colour == null ? SpreadsheetWriter.STYLE_HEADER : SpreadsheetWriter.fillStyle(colour, 0);
                columnStyles[i] = colour == null ? (kind == 2 ? SpreadsheetWriter.STYLE_DATE : SpreadsheetWriter.STYLE_TEXT)
                        : SpreadsheetWriter.fillStyle(colour, kind);
                widths[i] = Math.max(12, Math.min(40, f.name().length() + 4));
            }
            w.beginSheet(DATA_SHEET, n, widths, columnStyles);
            w.headerRow(names, headerStyles);
            if (example) {
                List<String> row = new ArrayList<>(n);
                for (FieldDefinition f : fields) {
                    row.add(f.sensitive() ? null : f.example());
                }
                w.row(row, columnStyles);
            }
            List<String[]> lists = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                FieldDefinition f = fields.get(i);
                if (!f.allowedValues().isEmpty()) {
                    String column = SheetRowReader.letters(i);
                    lists.add(new String[] {column + "2:" + column + LAST_ROW, listName(f)});
                }
            }
            w.endSheet(lists);
        }
    }

    /**
     * Writes the delegate upload template: {@code externalId} and three delegate columns, as text.
     *
     * @param out where to write; closed
     */
    public static void delegateTemplate(OutputStream out) throws IOException {
        try (SpreadsheetWriter w = new SpreadsheetWriter(out)) {
            List<String> names = List.of("externalId", "delegate1", "delegate2", "delegate3");
            w.beginSheet("Delegates", names.size(), null, null);
            w.headerRow(names, null);
            w.endSheet(List.of());
        }
    }

    /** Each field set gets a colour: a payment card set red, the others the next colours in turn. */
    private static Map<String, Integer> colours(List<FieldDefinition> fields) {
        Map<String, Integer> colours = new HashMap<>();
        int next = 1;
        for (FieldDefinition f : fields) {
            String set = f.fieldSet();
            if (set == null || colours.containsKey(set)) {
                continue;
            }
            String lower = set.toLowerCase(Locale.ROOT);
            if ((lower.contains("card") || lower.contains("payment")) && !colours.containsValue(0)) {
                colours.put(set, 0);
            } else {
                colours.put(set, next);
                next = next % (SpreadsheetWriter.PALETTE.length - 1) + 1;
            }
        }
        return colours;
    }

    private static void writeInstructions(SpreadsheetWriter w, List<FieldDefinition> fields,
                                          Map<String, Integer> colours) throws IOException {
        int allowedMax = 0;
        for (FieldDefinition f : fields) {
            allowedMax = Math.max(allowedMax, f.allowedValues().size());
        }
        int columns = 5 + allowedMax;
        double[] widths = new double[columns];
        int[] styles = new int[columns];
        for (int i = 0; i < columns; i++) {
            widths[i] = i == 0 ? 24 : i == 1 ? 22 : i == 2 ? 44 : i == 3 ? 16 : i == 4 ? 60 : 14;
            styles[i] = SpreadsheetWriter.STYLE_GENERAL;
        }
        w.beginSheet(XlsxFormat.INSTRUCTIONS_SHEET, columns, widths, styles);
        w.row(List.of("How to fill in this template"), new int[] {SpreadsheetWriter.STYLE_BOLD});
        for (String line : List.of(
                "Fill in the " + DATA_SHEET + " sheet: one user per row, below its header row. Keep the header row.",
                "Upload this workbook as it is (.xlsx). Do not save it as CSV: Excel drops leading zeros and "
                        + "rewrites dates when it does.",
                "Every column is formatted as text, so ids and phone numbers keep their leading zeros; date columns "
                        + "are formatted as dates and shown YYYY-MM-DD.",
                "A cell left empty changes nothing. To erase a stored value, type two double quotes: \"\"",
                "Fields of a set share a colour: fill all the fields of a set, or none of them.",
                "Columns with allowed values offer them in a drop-down list; they are listed below too.",
                "You may delete the columns you do not need.")) {
            w.row(List.of(line), new int[] {SpreadsheetWriter.STYLE_GENERAL});
        }
        w.row(List.of(), null);
        List<String> header = new ArrayList<>(List.of("Field (column)", "Required for new users", "Format", "Field set",
                "Description"));
        if (allowedMax > 0) {
            header.add("Allowed values");
        }
        int[] headerStyles = new int[header.size()];
        java.util.Arrays.fill(headerStyles, SpreadsheetWriter.STYLE_BOLD);
        w.row(header, headerStyles);
        for (FieldDefinition f : fields) {
            List<String> row = new ArrayList<>(List.of(f.name(), required(f), format(f),
                    f.fieldSet() == null ? "" : f.fieldSet(), f.description() == null ? "" : f.description()));
            row.addAll(f.allowedValues());
            int[] rowStyles = new int[row.size()];
            java.util.Arrays.fill(rowStyles, SpreadsheetWriter.STYLE_TEXT);
            if (f.fieldSet() != null) {
                rowStyles[3] = SpreadsheetWriter.fillStyle(colours.get(f.fieldSet()), 1);
            }
            w.row(row, rowStyles);
            if (!f.allowedValues().isEmpty()) {
                long r = w.currentRow();
                w.defineName(listName(f), XlsxFormat.INSTRUCTIONS_SHEET + "!$F$" + r + ":$"
                        + SheetRowReader.letters(4 + f.allowedValues().size()) + "$" + r);
            }
        }
        w.endSheet(List.of());
    }

    private static String required(FieldDefinition f) {
        if (f.requiredFor().isEmpty()) {
            return "";
        }
        List<String> kinds = new ArrayList<>();
        for (ProfileType t : ProfileType.values()) {
            if (f.requiredFor().contains(t)) {
                kinds.add(t.name().toLowerCase(Locale.ROOT));
            }
        }
        return "yes (" + String.join(", ", kinds) + ")";
    }

    private static String format(FieldDefinition f) {
        String base = switch (f.type()) {
            case TEXT -> "text";
            case EMAIL -> "email address, e.g. name@example.com";
            case DATE -> "date, YYYY-MM-DD, e.g. 2026-03-31";
            case DECIMAL -> "decimal number with a period, e.g. 12.5";
            case INTEGER -> "whole number";
            case BOOLEAN -> "yes or no: TRUE, FALSE, yes, no, 1 or 0";
            case ENUMERATION -> "one of the allowed values";
            case PHONE -> "mobile phone: exactly 10 digits, no spaces or punctuation";
            case COUNTRY -> "3-letter ISO country code, e.g. USA";
            case IDENTIFIER -> "identifier: text, leading zeros kept";
        };
        if (f.fixedLength() > 0) {
            base += "; exactly " + f.fixedLength() + " characters";
        } else if (f.maxLength() > 0) {
            base += "; at most " + f.maxLength() + " characters";
        }
        if (f.sensitive()) {
            base += "; secret: never shown or exported";
        }
        return base;
    }

    private static String listName(FieldDefinition f) {
        return "Allowed_" + f.name().replaceAll("[^A-Za-z0-9_]", "_");
    }
}
