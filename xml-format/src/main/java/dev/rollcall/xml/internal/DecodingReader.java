package dev.rollcall.xml.internal;

import dev.rollcall.spi.Codes;
import dev.rollcall.spi.UploadFileException;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns an XML file's bytes into characters for the parser, doing the decoding itself rather
 * than leaving it to the JDK's parser, for three reasons:
 * <ul>
 *   <li>bytes that are invalid in the encoding become an {@link UploadFileException}
 *       ({@link Codes#MALFORMED_ENCODING}) naming the line they are on, and nothing is printed
 *       to {@code System.err} (the JDK parser's own decoder prints {@code [Fatal Error]} lines);</li>
 *   <li>a run of more than {@code maxRun} characters without a {@code <} (a value far longer
 *       than any upload needs) refuses the file before the parser buffers it whole;</li>
 *   <li>the caller learns whether the file held anything but whitespace, to tell an empty
 *       file from a malformed one.</li>
 * </ul>
 * The encoding is found the way XML 1.0 (appendix F) says: a byte-order mark, else the byte
 * pattern of {@code <?xml}, else the {@code encoding} of the XML declaration, else UTF-8. A
 * byte-order mark wins over a declaration that disagrees with it.
 *
 * <p>Not thread-safe: the parser reads it from one thread.
 */
public final class DecodingReader extends Reader {

    private static final Pattern ENCODING = Pattern.compile(
            "^<\\?xml\\s[^>]*?\\bencoding\\s*=\\s*([\"'])([A-Za-z][A-Za-z0-9._:\\-]*)\\1");
    private static final byte[] ASCII_XML = "<?xml".getBytes(StandardCharsets.US_ASCII);

    private static final int PROLOG_LIMIT = 1 << 16;

    private final InputStream in;
    private final CharsetDecoder decoder;
    private final StringBuilder prolog = new StringBuilder();
    private final int maxRun;
    private final ByteBuffer bytes = ByteBuffer.allocate(1 << 16);
    private final CharBuffer chars = CharBuffer.allocate(1 << 16);
    private boolean bytesEnded;
    private boolean flushed;
    private boolean encodingFailed;
    private boolean pendingCr;
    private boolean sawContent;
    private boolean ended;

    private long line = 1;
    private long column;
    private long run;
    private UploadFileException failure;
    private IOException streamFailure;

    private DecodingReader(InputStream in, Charset charset, int maxRun) {
        this.in = in;
        this.decoder = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        this.maxRun = maxRun;
        bytes.flip();
        chars.flip();
    }

    /**
     * Finds the file's encoding and positions after any byte-order mark.
     *
     * @param raw    the file's bytes
     * @param maxRun the most characters allowed without a {@code <}
     * @return the reader
     * @throws UploadFileException when the declared encoding is unknown or contradicts the bytes
     * @throws IOException         when the stream fails
     */
    public static DecodingReader open(InputStream raw, int maxRun) throws IOException {
        BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
        in.mark(1024);
        byte[] head = in.readNBytes(1024);
        in.reset();
        int[] b = new int[4];
        for (int i = 0; i < 4; i++) {
            b[i] = i < head.length ? head[i] & 0xFF : -1;
        }
        Charset charset;
        int skip = 0;
        boolean byteOrderMark = true;
        if (b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF) {
            charset = StandardCharsets.UTF_8;
            skip = 3;
        } else if (b[0] == 0x00 && b[1] == 0x00 && b[2] == 0xFE && b[3] == 0xFF) {
            charset = Charset.forName("UTF-32BE");
            skip = 4;
        } else if (b[0] == 0xFF && b[1] == 0xFE && b[2] == 0x00 && b[3] == 0x00) {
            charset = Charset.forName("UTF-32LE");
            skip = 4;
        } else if (b[0] == 0xFE && b[1] == 0xFF) {
            charset = StandardCharsets.UTF_16BE;
            skip = 2;
        } else if (b[0] == 0xFF && b[1] == 0xFE) {
            charset = StandardCharsets.UTF_16LE;
            skip = 2;
        } else {
            byteOrderMark = false;
            if (b[0] == 0x00 && b[1] == 0x00 && b[2] == 0x00 && b[3] == 0x3C) {
                charset = Charset.forName("UTF-32BE");
            } else if (b[0] == 0x3C && b[1] == 0x00 && b[2] == 0x00 && b[3] == 0x00) {
                charset = Charset.forName("UTF-32LE");
            } else if (b[0] == 0x00 && b[1] == 0x3C && b[2] == 0x00 && b[3] == 0x3F) {
                charset = StandardCharsets.UTF_16BE;
            } else if (b[0] == 0x3C && b[1] == 0x00 && b[2] == 0x3F && b[3] == 0x00) {
                charset = StandardCharsets.UTF_16LE;
            } else {
                charset = StandardCharsets.UTF_8;
            }
        }
        if (!byteOrderMark && charset == StandardCharsets.UTF_8) {
            charset = declared(head).orElse(charset);
        }
        in.skipNBytes(skip);
        return new DecodingReader(in, charset, maxRun);
    }

    /** Reads the {@code encoding} of an XML declaration written in an ASCII-compatible encoding. */
    private static java.util.Optional<Charset> declared(byte[] head) {
        String text = new String(head, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("?>");
        Matcher m = ENCODING.matcher(end < 0 ? text : text.substring(0, end + 2));
        if (!m.find()) {
            return java.util.Optional.empty();
        }
        String name = m.group(2);
        Charset charset;
        try {
            charset = Charset.forName(name);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            throw new UploadFileException(Codes.MALFORMED_ENCODING, 1, 0, "the XML declaration names the encoding \""
                    + name + "\", which is not supported here; save the file as UTF-8");
        }
        if (!charset.canEncode() || !Arrays.equals(ASCII_XML, "<?xml".getBytes(charset))) {
            throw new UploadFileException(Codes.MALFORMED_ENCODING, 1, 0, "the XML declaration says the file is "
                    + charset.name() + ", but its bytes are in a single-byte or UTF-8 encoding; correct the "
                    + "declaration or save the file as " + charset.name() + " with a byte-order mark");
        }
        return java.util.Optional.of(charset);
    }

    /** @return the encoding the file is read in */
    public Charset charset() {
        return decoder.charset();
    }

    /** @return the failure that refused the file (undecodable bytes, an overlong value), or null */
    public UploadFileException failure() {
        return failure;
    }

    /** @return the failure of the underlying stream, or null */
    public IOException streamFailure() {
        return streamFailure;
    }

    /** @return whether anything but whitespace has been read */
    public boolean sawContent() {
        return sawContent;
    }

    /** @return whether the end of the bytes was reached */
    public boolean ended() {
        return ended;
    }

    @Override
    public int read(char[] out, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (failure != null) {
            throw failure;
        }
        while (!chars.hasRemaining()) {
            if (encodingFailed) {
                failure = new UploadFileException(Codes.MALFORMED_ENCODING, line, column + 1,
                        "line " + line + " holds bytes that are not valid " + decoder.charset().name()
                                + " text; save the file as " + decoder.charset().name()
                                + ", or declare its real encoding in the XML declaration "
                                + "(<?xml version=\"1.0\" encoding=\"windows-1252\"?>)");
                throw failure;
            }
            if (flushed) {
                ended = true;
                return -1;
            }
            decodeMore();
        }
        int n = Math.min(len, chars.remaining());
        chars.get(out, off, n);
        int accepted = count(out, off, n);
        if (accepted == 0) {
            throw failure;
        }
        return accepted;
    }

    /**
     * Counts lines the way XML does (CRLF, CR and LF each end one), watches for overlong runs and
     * keeps the start of the document for {@link #prolog()}.
     *
     * @return how many of the characters may go to the parser: all of them, or those before an
     *         overlong run broke the limit (the next read then throws)
     */
    private int count(char[] buffer, int off, int n) {
        if (prolog.length() < PROLOG_LIMIT) {
            prolog.append(buffer, off, Math.min(n, PROLOG_LIMIT - prolog.length()));
        }
        if (!sawContent) {
            for (int i = off; i < off + n; i++) {
                char c = buffer[i];
                if (c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '\uFEFF') {
                    sawContent = true;
                    break;
                }
            }
        }
        long ln = line;
        long col = column;
        long r = run;
        boolean cr = pendingCr;
        for (int i = off; i < off + n; i++) {
            char c = buffer[i];
            if (c > '<') {
                // the common case: letters, digits above '<', '>'
                col++;
                cr = false;
                if (++r > maxRun) {
                    return overlong(ln, col, r, cr, i - off);
                }
            } else if (c == '<') {
                col++;
                cr = false;
                r = 0;
            } else if (c == '\n') {
                if (!cr) {
                    ln++;
                }
                col = 0;
                cr = false;
                if (++r > maxRun) {
                    return overlong(ln, col, r, cr, i - off);
                }
            } else if (c == '\r') {
                ln++;
                col = 0;
                cr = true;
                if (++r > maxRun) {
                    return overlong(ln, col, r, cr, i - off);
                }
            } else {
                col++;
                cr = false;
                if (++r > maxRun) {
                    return overlong(ln, col, r, cr, i - off);
                }
            }
        }
        line = ln;
        column = col;
        run = r;
        pendingCr = cr;
        return n;
    }

    private int overlong(long ln, long col, long r, boolean cr, int accepted) {
        failure = new UploadFileException(Codes.MALFORMED_FILE, ln, col,
                "line " + ln + " holds more than " + maxRun + " characters without markup: a value that "
                        + "long is refused (the limit is the format's maxValueLength)");
        line = ln;
        column = col;
        run = r;
        pendingCr = cr;
        return accepted;
    }

    /** @return the first characters of the document (up to 64 Ki), where its prolog is */
    public CharSequence prolog() {
        return prolog;
    }

    /** Decodes more bytes; characters decoded before an invalid byte are handed on before the error. */
    private void decodeMore() throws IOException {
        chars.clear();
        while (chars.position() == 0 && !encodingFailed && !flushed) {
            if (!bytesEnded) {
                bytes.compact();
                int r;
                try {
                    r = in.read(bytes.array(), bytes.position(), bytes.remaining());
                } catch (IOException e) {
                    streamFailure = e;
                    bytes.flip();
                    chars.flip();
                    throw e;
                }
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

    @Override
    public void close() throws IOException {
        in.close();
    }

    @Override
    public String toString() {
        return "DecodingReader[" + decoder.charset().name().toLowerCase(Locale.ROOT) + ", line " + line + "]";
    }
}
