package dev.rollcall.csv.internal;

import com.univocity.parsers.common.TextParsingException;
import com.univocity.parsers.csv.CsvParser;
import com.univocity.parsers.csv.CsvParserSettings;
import dev.rollcall.csv.CsvWriter;
import dev.rollcall.spi.Codes;
import dev.rollcall.spi.Problem;
import dev.rollcall.spi.RowReader;
import dev.rollcall.spi.Severity;
import dev.rollcall.spi.UploadFileException;
import dev.rollcall.spi.UploadRow;

import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Reads one CSV file with univocity-parsers. See {@link dev.rollcall.csv.CsvFormat} for the promises. */
public final class CsvRowReader implements RowReader {

    /** univocity hands this very instance back for a quoted empty value ({@code ""}). */
    private static final String QUOTED_EMPTY = new String(new char[] {'"', '"'});

    private final CsvParser parser;
    private final NormalizingReader text;
    private final int maxValueLength;
    private final List<String> columns;
    private final long headerLine;
    private long lastEndLine;

    /**
     * @param raw            the file's bytes
     * @param delimiter      the field delimiter
     * @param declared       the declared encoding
     * @param maxValueLength the longest value accepted
     * @throws IOException when the stream fails
     */
    public CsvRowReader(InputStream raw, char delimiter, Charset declared, int maxValueLength) throws IOException {
        this.maxValueLength = maxValueLength;
        PushbackInputStream in = new PushbackInputStream(raw, 3);
        Charset charset = sniffByteOrderMark(in, declared);
        this.text = new NormalizingReader(in, charset, delimiter, '"');

        CsvParserSettings s = new CsvParserSettings();
        s.getFormat().setDelimiter(delimiter);
        s.getFormat().setQuote('"');
        s.getFormat().setQuoteEscape('"');
        s.getFormat().setLineSeparator("\n");
        s.getFormat().setNormalizedNewline('\n');
        s.getFormat().setComment('\0');
        s.setLineSeparatorDetectionEnabled(false);
        s.setSkipEmptyLines(false);
        s.setEmptyValue(QUOTED_EMPTY);
        s.setNullValue(null);
        s.setIgnoreLeadingWhitespaces(true);
        s.setIgnoreTrailingWhitespaces(true);
        s.setMaxCharsPerColumn(maxValueLength);
        s.setMaxColumns(4096);
        s.setHeaderExtractionEnabled(false);
        // univocity's reader thread can deliver a reader failure before the records read ahead of it
        s.setReadInputOnSeparateThread(false);
        this.parser = new CsvParser(s);
        try {
            parser.beginParsing(text);
        } catch (TextParsingException e) {
            throw translate(e);
        }

        String[] header = nextNonBlank();
        if (header == null) {
            close();
            throw new UploadFileException(Codes.EMPTY_FILE, 1, 0, "the file is empty: it has no header row");
        }
        this.headerLine = lastEndLine;
        List<String> names = new ArrayList<>(header.length);
        for (String h : header) {
            names.add(h == null || h == QUOTED_EMPTY ? "" : h.strip());
        }
        this.columns = List.copyOf(names);
    }

    private static Charset sniffByteOrderMark(PushbackInputStream in, Charset declared) throws IOException {
        byte[] head = new byte[3];
        int n = in.readNBytes(head, 0, 3);
        Charset found = null;
        int bomLength = 0;
        if (n >= 3 && (head[0] & 0xFF) == 0xEF && (head[1] & 0xFF) == 0xBB && (head[2] & 0xFF) == 0xBF) {
            found = StandardCharsets.UTF_8;
            bomLength = 3;
        } else if (n >= 2 && (head[0] & 0xFF) == 0xFF && (head[1] & 0xFF) == 0xFE) {
            found = StandardCharsets.UTF_16LE;
            bomLength = 2;
        } else if (n >= 2 && (head[0] & 0xFF) == 0xFE && (head[1] & 0xFF) == 0xFF) {
            found = StandardCharsets.UTF_16BE;
            bomLength = 2;
        }
        if (n > bomLength) {
            in.unread(head, bomLength, n - bomLength);
        }
        return found == null ? declared : found;
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
    public UploadRow next() {
        String[] cells = nextNonBlank();
        if (cells == null) {
            return null;
        }
        long line = startLine;
        String[] values = new String[cells.length];
        for (int i = 0; i < cells.length; i++) {
            String c = cells[i];
            values[i] = c == null ? null : c == QUOTED_EMPTY ? "" : CsvWriter.unneutralise(c.strip());
        }
        List<Problem> problems = List.of();
        if (cells.length != columns.size()) {
            problems = List.of(new Problem(Severity.ERROR, Codes.CELL_COUNT, line, null, null,
                    "this row has " + cells.length + (cells.length == 1 ? " cell" : " cells") + " but the header has "
                            + columns.size() + " columns; look for a missing or extra delimiter, or a value with a "
                            + "delimiter that is not quoted"));
            if (values.length < columns.size()) {
                values = Arrays.copyOf(values, columns.size());
            }
        }
        return new UploadRow(line, values, problems);
    }

    private long startLine;

    /** @return the next record with at least one non-blank cell, or null at the end */
    private String[] nextNonBlank() {
        while (true) {
            String[] cells;
            try {
                cells = parser.parseNext();
            } catch (TextParsingException e) {
                throw translate(e);
            } catch (UploadFileException e) {
                throw e;
            } catch (RuntimeException e) {
                UploadFileException cause = findCause(e);
                if (cause != null) {
                    throw cause;
                }
                throw e;
            }
            UploadFileException failure = text.failure();
            if (cells == null) {
                if (failure != null) {
                    throw failure;
                }
                if (text.inQuotedValue()) {
                    throw unclosedQuote();
                }
                if (!text.ended()) {
                    throw new UploadFileException(Codes.UNREADABLE_FILE, lastEndLine, 0,
                            "reading stopped at line " + lastEndLine + " before the end of the file");
                }
                return null;
            }
            startLine = lastEndLine + 1;
            lastEndLine = parser.getContext().currentLine();
            // The text reader runs ahead on its own thread: act on what it found only once the
            // parser has reached that line, so every file fails at the same row every time.
            if (failure != null && lastEndLine >= failure.line()) {
                throw failure;
            }
            if (text.ended() && text.inQuotedValue() && lastEndLine >= text.quoteLine()) {
                throw unclosedQuote();
            }
            for (String c : cells) {
                if (c != null) {
                    return cells;
                }
            }
        }
    }

    private UploadFileException unclosedQuote() {
        return new UploadFileException(Codes.UNCLOSED_QUOTE, text.quoteLine(), text.quoteColumn(),
                "the quote opened at line " + text.quoteLine() + " is never closed, so it would swallow every line "
                        + "after it; close it, or double any quote inside the value (\"\")");
    }

    private UploadFileException translate(TextParsingException e) {
        UploadFileException cause = findCause(e);
        if (cause != null) {
            return cause;
        }
        long line = e.getLineIndex() + 1;
        String message = String.valueOf(e.getMessage());
        if (message.contains("exceeds the maximum number of characters") || message.contains("Length of parsed input")) {
            if (text.inQuotedValue()) {
                return new UploadFileException(Codes.UNCLOSED_QUOTE, text.quoteLine(), text.quoteColumn(),
                        "the quote opened at line " + text.quoteLine() + " runs on for more than " + maxValueLength
                                + " characters; its closing quote is probably missing", e);
            }
            return new UploadFileException(Codes.MALFORMED_FILE, line, 0,
                    "a value at line " + line + " is longer than " + maxValueLength + " characters", e);
        }
        if (message.contains("maximum number of columns") || e.getCause() instanceof ArrayIndexOutOfBoundsException) {
            return new UploadFileException(Codes.MALFORMED_FILE, line, 0, "line " + line + " has more than 4096 cells", e);
        }
        return new UploadFileException(Codes.MALFORMED_FILE, line, e.getColumnIndex() + 1L,
                "line " + line + " is not valid CSV", e);
    }

    private static UploadFileException findCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UploadFileException u) {
                return u;
            }
        }
        return null;
    }

    @Override
    public void close() {
        parser.stopParsing();
    }
}
