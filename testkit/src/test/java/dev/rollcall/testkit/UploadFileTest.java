package dev.rollcall.testkit;

import dev.rollcall.csv.CsvFormat;
import dev.rollcall.spi.RowReader;
import dev.rollcall.spi.UploadRow;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UploadFileTest {

    private static final List<List<String>> ROWS = List.of(
            Arrays.asList("jdoe", null, "", "O'Neil, Jr."),
            Arrays.asList("asmith", "a@x.com", "say \"hi\"", "two\nlines"));

    @Test
    void text_writesBlankAsNothing_emptyAsQuotes_andQuotesWhatNeedsIt() {
        UploadFile f = UploadFile.of(List.of("username", "email", "department", "lastName"), ROWS);
        assertEquals("username,email,department,lastName\r\njdoe,,\"\",\"O'Neil, Jr.\"\r\n"
                + "asmith,a@x.com,\"say \"\"hi\"\"\",\"two\nlines\"\r\n", f.text());
    }

    @Test
    void bomLfAndNoFinalNewline_areWrittenAsAsked_andTheLineBreakInsideAValueStays() {
        UploadFile f = new UploadFile(List.of("username", "email", "department", "lastName"), ROWS, true, "\n", false);
        assertTrue(f.text().startsWith("\uFEFFusername"));
        assertTrue(f.text().endsWith("\"two\nlines\""));
        assertFalse(f.text().contains("\r"));
    }

    @Test
    void everyLayout_readsBackAsWritten_withCsvFormat() throws IOException {
        for (boolean bom : List.of(true, false)) {
            for (String eol : List.of("\r\n", "\n")) {
                for (boolean last : List.of(true, false)) {
                    UploadFile f = new UploadFile(List.of("username", "email", "department", "lastName"), ROWS, bom, eol, last);
                    try (RowReader r = CsvFormat.defaults().open(f.open())) {
                        assertEquals(f.header(), r.columns());
                        List<List<String>> read = new ArrayList<>();
                        UploadRow row;
                        while ((row = r.next()) != null) {
                            read.add(Arrays.asList(row.values()));
                        }
                        assertEquals(ROWS, read, f.toString());
                    }
                }
            }
        }
    }

    @Test
    void aRowWithTheWrongNumberOfCells_isRefused() {
        assertThrows(IllegalArgumentException.class, () -> UploadFile.of(List.of("a", "b"), List.of(List.of("x"))));
    }
}
