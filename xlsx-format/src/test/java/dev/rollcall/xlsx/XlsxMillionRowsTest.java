package dev.rollcall.xlsx;

import dev.rollcall.spi.RowReader;
import dev.rollcall.spi.UploadRow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A workbook of a million rows, every username and email a distinct shared string (about
 * 50 million characters of them, written after the sheet as Excel does), read to the end in a
 * child JVM with a 64 MB heap: rows stream and the shared strings spill, or it runs out of memory.
 */
class XlsxMillionRowsTest {

    static final int ROWS = 1_000_000;

    @Test
    void millionRowWorkbook_readsInA64MbHeap(@TempDir Path dir) throws Exception {
        Path book = dir.resolve("million.xlsx");
        write(book);
        Path log = dir.resolve("child.log");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-XX:+ExitOnOutOfMemoryError", "-Djava.io.tmpdir=" + dir,
                "-cp", System.getProperty("java.class.path"), Child.class.getName(), book.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        int exit = child.waitFor();
        String out = Files.readString(log);
        assertEquals(0, exit, out);
        assertTrue(out.contains("rows=" + ROWS + " last=user" + ROWS + " 0" + ROWS + " number=" + ROWS), out);
        try (var left = Files.list(dir)) {
            assertEquals(List.of("child.log", "million.xlsx"), left.map(p -> p.getFileName().toString()).sorted().toList(),
                    "temporary files are deleted");
        }
    }

    /** Reads the workbook and prints what it found. */
    public static final class Child {
        public static void main(String[] args) throws IOException {
            long rows = 0;
            String last = null;
            try (InputStream in = Files.newInputStream(Path.of(args[0]));
                 RowReader r = new XlsxFormat().open(in)) {
                if (!r.columns().equals(List.of("username", "email", "employeeId", "score"))) {
                    throw new AssertionError(r.columns());
                }
                for (UploadRow row; (row = r.next()) != null; ) {
                    rows++;
                    if (!row.value(1).equals(row.value(0) + "@example.com") || !row.isNumberCell(3)) {
                        throw new AssertionError("row " + row.line());
                    }
                    last = row.value(0) + " " + row.value(2) + " number=" + row.value(3);
                }
            }
            System.out.println("rows=" + rows + " last=" + last);
        }
    }

    /** Writes the workbook streaming: the sheet, then the shared strings. */
    static void write(Path file) throws IOException {
        Map<String, String> small = Workbooks.unzip(Workbooks.excel(false, "", Workbooks.sharedStrings()));
        try (ZipOutputStream zip = new ZipOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16))) {
            Writer w = new BufferedWriter(new OutputStreamWriter(zip, StandardCharsets.UTF_8), 1 << 16);
            for (Map.Entry<String, String> e : small.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                if (e.getKey().equals("xl/worksheets/sheet1.xml")) {
                    String[] halves = e.getValue().split("</sheetData>");
                    w.write(halves[0]);
                    w.write("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>username</t></is></c><c r=\"B1\" "
                            + "t=\"inlineStr\"><is><t>email</t></is></c><c r=\"C1\" t=\"inlineStr\"><is><t>employeeId"
                            + "</t></is></c><c r=\"D1\" t=\"inlineStr\"><is><t>score</t></is></c></row>");
                    for (int i = 1; i <= ROWS; i++) {
                        int r = i + 1;
                        w.write("<row r=\"" + r + "\"><c r=\"A" + r + "\" t=\"s\"><v>" + (2 * i - 2) + "</v></c><c r=\"B"
                                + r + "\" t=\"s\"><v>" + (2 * i - 1) + "</v></c><c r=\"C" + r + "\" s=\"2\" t=\"inlineStr\">"
                                + "<is><t>0" + i + "</t></is></c><c r=\"D" + r + "\"><v>" + i + "</v></c></row>");
                    }
                    w.write("</sheetData>" + halves[1]);
                } else if (e.getKey().equals("xl/sharedStrings.xml")) {
                    w.write("<sst xmlns=\"" + Workbooks.MAIN + "\" count=\"" + 2 * ROWS + "\" uniqueCount=\"" + 2 * ROWS
                            + "\">");
                    for (int i = 1; i <= ROWS; i++) {
                        w.write("<si><t>user" + i + "</t></si><si><t>user" + i + "@example.com</t></si>");
                    }
                    w.write("</sst>");
                } else {
                    w.write(e.getValue());
                }
                w.flush();
                zip.closeEntry();
            }
        }
    }
}
