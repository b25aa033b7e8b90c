package dev.rollcall.xlsx.internal;

import dev.rollcall.spi.Codes;
import dev.rollcall.spi.Problem;
import dev.rollcall.spi.RowReader;
import dev.rollcall.spi.Severity;
import dev.rollcall.spi.UploadFileException;
import dev.rollcall.spi.UploadRow;

import javax.xml.stream.XMLStreamConstants;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;

/**
 * Streams the rows of a workbook's data sheet. See {@link dev.rollcall.xlsx} for the promises.
 * Not thread-safe.
 */
public final class SheetRowReader implements RowReader {

    /** Excel's last column, XFD. */
    private static final int MAX_COLUMNS = 16_384;

    private final WorkbookPackage pkg;
    private final SharedStrings strings;
    private final DateStyles styles;
    private final boolean date1904;
    private final Limits limits;
    private final XmlPart sheet;
    private final String sheetPrefix;
    private final List<String> columns;
    private final int firstColumn;
    private final long headerLine;

    // the cells of the row being read, reused from row to row
    private int cellCount;
    private int[] cellColumns = new int[64];
    private String[] cellValues = new String[64];
    private boolean[] cellNumbers = new boolean[64];
    private String[] cellErrors = new String[64];
    private long rowNumber;
    private boolean ended;

    private SheetRowReader(WorkbookPackage pkg, SharedStrings strings, DateStyles styles, boolean date1904,
                           Limits limits, XmlPart sheet, String sheetName) {
        this.pkg = pkg;
        this.strings = strings;
        this.styles = styles;
        this.date1904 = date1904;
        this.limits = limits;
        this.sheet = sheet;
        this.sheetPrefix = quoteSheet(sheetName) + "!";
        if (!nextRow()) {
            throw new UploadFileException(Codes.EMPTY_FILE, 1, 0,
                    "the sheet " + sheetName + " is empty: it has no header row");
        }
        this.headerLine = rowNumber;
        int first = Integer.MAX_VALUE;
        int last = -1;
        for (int i = 0; i < cellCount; i++) {
            first = Math.min(first, cellColumns[i]);
            last = Math.max(last, cellColumns[i]);
        }
        String[] names = new String[last - first + 1];
        Arrays.fill(names, "");
        for (int i = 0; i < cellCount; i++) {
            names[cellColumns[i] - first] = cellValues[i];
        }
        this.firstColumn = first;
        this.columns = List.of(names);
    }

    /**
     * @param in     the workbook's bytes; closed here
     * @param limits the limits
     * @return a reader positioned after the header row
     * @throws UploadFileException when the workbook is refused
     * @throws IOException         when the stream fails
     */
    public static SheetRowReader open(InputStream in, Limits limits) throws IOException {
        WorkbookPackage pkg = WorkbookPackage.open(in, limits);
        SharedStrings strings = null;
        XmlPart sheet = null;
        try {
            Workbook book = Workbook.read(pkg);
            DateStyles styles = DateStyles.read(book.styles == null ? null : XmlPart.open(pkg, book.styles));
            strings = book.sharedStrings == null ? SharedStrings.none()
                    : SharedStrings.read(XmlPart.open(pkg, book.sharedStrings), limits);
            sheet = XmlPart.open(pkg, book.sheetPart);
            if (sheet == null) {
                throw new UploadFileException(Codes.MALFORMED_FILE, 0, 0, "the workbook names the sheet "
                        + book.sheetName + " but does not hold it; save the workbook again in Excel");
            }
            return new SheetRowReader(pkg, strings, styles, book.date1904, limits, sheet, book.sheetName);
        } catch (IOException | RuntimeException e) {
            try {
                if (sheet != null) {
                    sheet.close();
                }
                if (strings != null) {
                    strings.close();
                }
            } finally {
                pkg.close();
            }
            throw e;
        }
    }

    @Override
    public List<String> columns() {
        return columns;
    }

    @Override
    public long headerLine() {
        return headerLine;
    }

    @Override
    public UploadRow next() throws IOException {
        if (!nextRow()) {
            return null;
        }
        int n = columns.size();
        String[] values = new String[n];
        BitSet numbers = null;
        List<Problem> problems = List.of();
        int outside = -1;
        for (int i = 0; i < cellCount; i++) {
            int k = cellColumns[i] - firstColumn;
            if (k < 0 || k >= n) {
                if (outside < 0 || cellColumns[i] < outside) {
                    outside = cellColumns[i];
                }
                continue;
            }
            values[k] = cellValues[i];
            if (cellNumbers[i]) {
                if (numbers == null) {
                    numbers = new BitSet(n);
                }
                numbers.set(k);
            }
            if (cellErrors[i] != null) {
                problems = new ArrayList<>(problems);
                problems.add(new Problem(Severity.ERROR, Codes.INVALID_VALUE, rowNumber, columns.get(k), null,
                        "cell " + address(cellColumns[i], rowNumber) + " " + cellErrors[i]));
            }
        }
        if (outside >= 0) {
            problems = new ArrayList<>(problems);
            problems.add(new Problem(Severity.ERROR, Codes.CELL_COUNT, rowNumber, null, null, "cell "
                    + address(outside, rowNumber) + " holds a value outside the header's columns ("
                    + letters(firstColumn) + " to " + letters(firstColumn + n - 1) + "); give it a column "
                    + "header or clear it"));
        }
        return new UploadRow(rowNumber, values, problems, new RowCells(rowNumber, numbers));
    }

    /** The cells of one row: addresses computed on demand. */
    private final class RowCells implements UploadRow.Cells {
        private final long row;
        private final BitSet numbers;

        RowCells(long row, BitSet numbers) {
            this.row = row;
            this.numbers = numbers;
        }

        @Override
        public String address(int column) {
            return column < 0 || column >= columns.size() ? null : SheetRowReader.this.address(firstColumn + column, row);
        }

        @Override
        public boolean isNumber(int column) {
            return numbers != null && column >= 0 && numbers.get(column);
        }
    }

    private String address(int column, long row) {
        return sheetPrefix + letters(column) + row;
    }

    /** @return the letters of a 0-based column: 0 is A, 26 is AA */
    public static String letters(int column) {
        StringBuilder sb = new StringBuilder(3);
        for (int c = column + 1; c > 0; c = (c - 1) / 26) {
            sb.append((char) ('A' + (c - 1) % 26));
        }
        return sb.reverse().toString();
    }

    /** @return the 0-based column of a cell reference such as {@code C7}, or -1 when it has no letters */
    static int column(String ref) {
        int c = 0;
        int i = 0;
        for (; i < ref.length(); i++) {
            char ch = Character.toUpperCase(ref.charAt(i));
            if (ch < 'A' || ch > 'Z') {
                break;
            }
            c = c * 26 + (ch - 'A' + 1);
            if (c > MAX_COLUMNS) {
                throw new UploadFileException(Codes.MALFORMED_FILE, 0, 0,
                        "the cell reference " + ref + " is past Excel's last column, XFD");
            }
        }
        return i == 0 ? -1 : c - 1;
    }

    private static String quoteSheet(String name) {
        for (int i = 0; i < name.length(); i++) {
            if (!Character.isLetterOrDigit(name.charAt(i)) && name.charAt(i) != '_') {
                return "'" + name.replace("'", "''") + "'";
            }
        }
        return name;
    }

    /**
     * Reads up to the end of the next row that has a non-blank cell.
     *
     * @return false at the end of the sheet's data
     */
    private boolean nextRow() {
        while (!ended) {
            int event = sheet.next();
            if (event == XMLStreamConstants.START_ELEMENT && sheet.local().equals("row")) {
                String r = sheet.attribute("r");
                rowNumber = r == null ? rowNumber + 1 : parseRow(r);
                readCells();
                for (int i = 0; i < cellCount; i++) {
                    if (cellValues[i] != null || cellErrors[i] != null) {
                        return true;
                    }
                }
            } else if ((event == XMLStreamConstants.END_ELEMENT && sheet.local().equals("sheetData"))
                    || event == XMLStreamConstants.END_DOCUMENT) {
                ended = true;
            }
        }
        return false;
    }

    private long parseRow(String r) {
        try {
            long n = Long.parseLong(r.trim());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new UploadFileException(Codes.MALFORMED_FILE, rowNumber + 1, 0, "the sheet has a row numbered \"" + r
                + "\"; save the workbook again in Excel");
    }

    /** Reads the cells of the current {@code <row>} up to its end. */
    private void readCells() {
        cellCount = 0;
        int previous = -1;
        StringBuilder text = new StringBuilder();
        String type = null;
        int style = 0;
        int column = 0;
        boolean inValue = false;
        boolean inInline = false;
        boolean inInlineText = false;
        boolean hasValue = false;
        boolean formula = false;
        int phonetic = 0;
        while (true) {
            int event = sheet.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                switch (sheet.local()) {
                    case "c" -> {
                        String ref = sheet.attribute("r");
                        int c = ref == null ? -1 : column(ref);
                        column = c < 0 ? previous + 1 : c;
                        if (column >= MAX_COLUMNS) {
                            throw new UploadFileException(Codes.MALFORMED_FILE, rowNumber, 0,
                                    "row " + rowNumber + " has a cell past Excel's last column, XFD");
                        }
                        previous = column;
                        type = sheet.attribute("t");
                        String s = sheet.attribute("s");
                        style = s == null ? 0 : parseStyle(s);
                        text.setLength(0);
                        hasValue = false;
                        formula = false;
                    }
                    case "v" -> {
                        inValue = true;
                        hasValue = true;
                    }
                    case "is" -> {
                        inInline = true;
                        hasValue = true;
                    }
                    case "t" -> inInlineText = inInline && phonetic == 0;
                    case "rPh" -> phonetic++;
                    case "f" -> formula = true;
                    default -> {
                        // extLst and the like: nothing an upload needs
                    }
                }
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                switch (sheet.local()) {
                    case "c" -> addCell(column, type, style, hasValue ? text.toString() : null, formula);
                    case "v" -> inValue = false;
                    case "is" -> inInline = false;
                    case "t" -> inInlineText = false;
                    case "rPh" -> phonetic--;
                    case "row" -> {
                        return;
                    }
                    default -> {
                    }
                }
            } else if ((inValue || inInlineText) && (event == XMLStreamConstants.CHARACTERS
                    || event == XMLStreamConstants.CDATA || event == XMLStreamConstants.SPACE)) {
                sheet.appendText(text, limits.maxValueLength());
            } else if (event == XMLStreamConstants.END_DOCUMENT) {
                throw new UploadFileException(Codes.MALFORMED_FILE, rowNumber, 0, "the sheet ends inside row " + rowNumber);
            }
        }
    }

    private static int parseStyle(String s) {
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private void addCell(int column, String type, int style, String raw, boolean formula) {
        String value = null;
        String error = null;
        boolean number = false;
        String t = type == null ? "n" : type;
        if (raw == null) {
            if (formula) {
                error = "holds a formula without a saved result; open the workbook in Excel and save it again";
            }
        } else {
            switch (t) {
                case "s" -> value = shared(raw);
                case "inlineStr", "str" -> value = XString.decode(raw);
                case "b" -> value = raw.trim().equals("1") ? "TRUE" : "FALSE";
                case "e" -> error = "holds the formula error " + raw.trim() + "; fix the formula or type the value";
                case "d" -> value = isoDate(raw.trim());
                default -> {
                    String v = raw.trim();
                    if (!v.isEmpty() && styles.isDate(style)) {
                        value = serialDate(v);
                    }
                    if (value == null) {
                        value = plainNumber(v);
                        number = value != null && !value.isEmpty();
                        if (value == null) {
                            value = v;
                        }
                    }
                }
            }
        }
        if (value != null) {
            value = value.strip();
            if (value.isEmpty()) {
                value = null;
            } else if (value.equals("\"\"")) {
                value = "";
            }
        }
        if (value == null && error == null) {
            return;
        }
        if (cellCount == cellColumns.length) {
            int size = cellCount * 2;
            cellColumns = Arrays.copyOf(cellColumns, size);
            cellValues = Arrays.copyOf(cellValues, size);
            cellNumbers = Arrays.copyOf(cellNumbers, size);
            cellErrors = Arrays.copyOf(cellErrors, size);
        }
        cellColumns[cellCount] = column;
        cellValues[cellCount] = value;
        cellNumbers[cellCount] = number;
        cellErrors[cellCount] = error;
        cellCount++;
    }

    private String shared(String raw) {
        try {
            return strings.get(Integer.parseInt(raw.trim()));
        } catch (NumberFormatException e) {
            throw new UploadFileException(Codes.MALFORMED_FILE, rowNumber, 0, "a cell of row " + rowNumber
                    + " names shared string \"" + raw + "\"; save the workbook again in Excel");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** @return a number written out in full ({@code 120000000000}, not {@code 1.2E+11}), or null when not a number */
    static String plainNumber(String v) {
        BigDecimal d;
        try {
            d = new BigDecimal(v);
        } catch (NumberFormatException e) {
            return null;
        }
        if (d.signum() == 0) {
            return "0";
        }
        d = d.stripTrailingZeros();
        // a double never needs more than a few hundred digits; a hostile exponent would need millions
        if (d.scale() > 400 || d.scale() < -400) {
            return v;
        }
        return d.toPlainString();
    }

    /** @return a date serial as YYYY-MM-DD (with a time only when it has one), or null when not a date */
    private String serialDate(String v) {
        double serial;
        try {
            serial = Double.parseDouble(v);
        } catch (NumberFormatException e) {
            return null;
        }
        if (!(serial >= 0) || serial > 2_958_465) {
            return null;
        }
        long days = (long) Math.floor(serial);
        long seconds = Math.round((serial - days) * 86_400);
        if (seconds == 86_400) {
            days++;
            seconds = 0;
        }
        String date;
        if (date1904) {
            date = LocalDate.of(1904, 1, 1).plusDays(days).toString();
        } else if (days == 60) {
            // Excel's 1900 system counts a 29 February 1900 that never was
            date = "1900-02-29";
        } else {
            date = LocalDate.of(1899, 12, days < 60 ? 31 : 30).plusDays(days).toString();
        }
        return seconds == 0 ? date : date + "T" + LocalTime.ofSecondOfDay(seconds);
    }

    /** @return an ISO 8601 date cell ({@code t="d"}) as YYYY-MM-DD, with its time only when it has one */
    private static String isoDate(String v) {
        int t = v.indexOf('T');
        if (t < 0) {
            return v;
        }
        String time = v.substring(t + 1).toUpperCase(Locale.ROOT).replace("Z", "");
        return time.matches("0{1,2}(:0{1,2}(:0{1,2}(\\.0+)?)?)?") ? v.substring(0, t) : v;
    }

    @Override
    public void close() throws IOException {
        try {
            sheet.close();
            strings.close();
        } finally {
            pkg.close();
        }
    }
}
