package dev.rollcall.csv.internal;

import dev.rollcall.spi.Codes;
import dev.rollcall.spi.UploadFileException;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;

/**
 * Sits between the decoded text and the parser and does three things in one pass:
 * <ul>
 *   <li>turns every line ending ({@code \r\n}, a bare {@code \r} from old Mac exports,
 *       {@code \n}) into {@code \n}, so the parser splits records on all of them and its line
 *       count is the physical line count;</li>
 *   <li>drops a leading byte-order mark;</li>
 *   <li>follows the CSV quoting rules alongside the parser, so that a quote still open at
 *       the end of the file is reported with the line where it opened (univocity-parsers
 *       silently folds the rest of the file into that one value).</li>
 * </ul>
 * Undecodable bytes become an {@link UploadFileException} with the line and column where
 * they are. Not thread-safe (the parser reads it from one thread).
 */
public final class NormalizingReader extends Reader {

    private static final int FIELD_START = 0;
    private static final int UNQUOTED = 1;
    private static final int QUOTED = 2;
    private static final int QUOTE_IN_QUOTED = 3;

    private final InputStream in;
    private final CharsetDecoder decoder;
    private final char delimiter;
    private final char quote;
    private final ByteBuffer bytes = ByteBuffer.allocate(1 << 16);
    private final CharBuffer chars = CharBuffer.allocate(1 << 16);
    private boolean bytesEnded;
    private boolean flushed;
    private boolean encodingFailed;
    private boolean first = true;
    private boolean pendingCr;

    private volatile long line = 1;
    private volatile long column;
    private volatile int state = FIELD_START;
    private volatile long quoteLine;
    private volatile long quoteColumn;
    private volatile boolean ended;
    private volatile UploadFileException failure;

    /**
     * @param in        the file's bytes (after any byte-order mark)
     * @param charset   the encoding; bytes invalid in it refuse the file
     * @param delimiter the field delimiter
     * @param quote     the quote character
     */
    public NormalizingReader(InputStream in, Charset charset, char delimiter, char quote) {
        this.in = in;
        this.decoder = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        this.delimiter = delimiter;
        this.quote = quote;
        bytes.flip();
        chars.flip();
    }

    @Override
    public int read(char[] out, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        int produced;
        do {
            produced = fill(out, off, len);
        } while (produced == 0); // everything read was a dropped \n or BOM: read on
        return produced;
    }

    /** Decodes more bytes; chars decoded before an invalid byte are handed on before the error. */
    private void decodeMore() throws IOException {
        chars.clear();
        while (chars.position() == 0 && !encodingFailed && !flushed) {
            if (!bytesEnded) {
                bytes.compact();
                int r = in.read(bytes.array(), bytes.position(), bytes.remaining());
                if (r < 0) {
                    bytesEnded = true;
                } else {
                    bytes.position(bytes.position() + r);
                }
                bytes.flip();
            }
            CoderResult cr = decoder.decode(bytes, chars, bytesEnded);
            if (cr.isError()) {
                encodingFailed = true;
            } else if (bytesEnded && !bytes.hasRemaining()) {
                decoder.flush(chars);
                flushed = true;
            }
        }
        chars.flip();
    }

    private int fill(char[] out, int off, int len) throws IOException {
        while (!chars.hasRemaining()) {
            if (encodingFailed) {
                failure = encodingError();
                throw failure;
            }
            if (flushed) {
                ended = true;
                return -1;
            }
            decodeMore();
        }
        int n = Math.min(len, chars.remaining());
        char[] buffer = chars.array();
        int start = chars.position();
        chars.position(start + n);
        int o = off;
        long ln = line;
        long col = column;
        int st = state;
        for (int i = start; i < start + n; i++) {
            char c = buffer[i];
            if (first) {
                first = false;
                if (c == '\uFEFF') {
                    continue;
                }
            }
            if (c == '\r') {
                pendingCr = true;
                c = '\n';
            } else if (c == '\n' && pendingCr) {
                pendingCr = false;
                continue; // the \n of a \r\n pair: the \r already ended the line
            } else {
                pendingCr = false;
            }
            out[o++] = c;
            col++;
            switch (st) {
                case FIELD_START -> {
                    if (c == quote) {
                        st = QUOTED;
                        quoteLine = ln;
                        quoteColumn = col;
                    } else if (c != delimiter && c != '\n' && c != ' ' && c != '\t') {
                        st = UNQUOTED;
                    }
                }
                case UNQUOTED -> {
                    if (c == delimiter || c == '\n') {
                        st = FIELD_START;
                    }
                }
                case QUOTED -> {
                    if (c == quote) {
                        st = QUOTE_IN_QUOTED;
                    }
                }
                default -> { // QUOTE_IN_QUOTED: an escaped quote, the end of the value, or junk after it
                    if (c == quote) {
                        st = QUOTED;
                    } else if (c == delimiter || c == '\n') {
                        st = FIELD_START;
                    } else if (c != ' ' && c != '\t') {
                        st = UNQUOTED;
                    }
                }
            }
            if (c == '\n') {
                ln++;
                col = 0;
            }
        }
        line = ln;
        column = col;
        state = st;
        return o - off;
    }

    @Override
    public int read() throws IOException {
        char[] one = new char[1];
        return read(one, 0, 1) < 0 ? -1 : one[0];
    }

    private UploadFileException encodingError() {
        return new UploadFileException(Codes.MALFORMED_ENCODING, line, column + 1,
                "line " + line + " holds bytes that are not valid " + decoder.charset().name()
                        + " text. If the file was saved by Excel it may be in Windows-1252: save it as "
                        + "\"CSV UTF-8\", or declare its encoding (windows-1252)");
    }

    /**
     * @return the failure this reader threw, if any; the parser may not pass it on when it
     *         reads on another thread, so the row reader asks
     */
    public UploadFileException failure() {
        return failure;
    }

    /** @return whether the whole input has been read */
    public boolean ended() {
        return ended;
    }

    /** @return whether a quoted value is open at the point read so far */
    public boolean inQuotedValue() {
        int s = state;
        return s == QUOTED;
    }

    /** @return the line where the quoted value now open began */
    public long quoteLine() {
        return quoteLine;
    }

    /** @return the column where the quoted value now open began */
    public long quoteColumn() {
        return quoteColumn;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
