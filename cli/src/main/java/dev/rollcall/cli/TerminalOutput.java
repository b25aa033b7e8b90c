package dev.rollcall.cli;

import dev.rollcall.spi.ControlCharacters;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;

/**
 * Standard output or error of the command, made safe for a terminal: a control character
 * the command did not put there as layout (LF, TAB, and CR directly before LF) is written as
 * {@code <U+001B>} ({@link ControlCharacters#isForbidden}), whatever printed it. A value
 * from the store, a file name or an exception message cannot clear the screen, retitle the
 * terminal or reorder text. Line breaks inside such text are escaped where it is printed
 * ({@link ControlCharacters#escape}), since here they cannot be told from the layout's.
 */
final class TerminalOutput extends PrintWriter {

    private final PrintWriter raw;

    /** @param raw where the escaped text goes; flushed on every line */
    TerminalOutput(PrintWriter raw) {
        super(new Escaping(raw), true);
        this.raw = raw;
    }

    /**
     * @param writer a writer, perhaps a terminal output
     * @return what it writes to unescaped: for the progress bar alone, which redraws its
     *         line with CR and prints nothing but its own text
     */
    static PrintWriter raw(PrintWriter writer) {
        return writer instanceof TerminalOutput t ? t.raw : writer;
    }

    private static final class Escaping extends Writer {
        private final Writer out;

        Escaping(Writer out) {
            this.out = out;
        }

        @Override
        public void write(char[] buffer, int off, int len) throws IOException {
            int end = off + len;
            int start = off;
            for (int i = off; i < end; i++) {
                char c = buffer[i];
                if (c == '\n' || !ControlCharacters.isForbidden(c) || (c == '\r' && i + 1 < end && buffer[i + 1] == '\n')) {
                    continue;
                }
                out.write(buffer, start, i - start);
                out.write('<' + ControlCharacters.codePoint(c) + '>');
                start = i + 1;
            }
            out.write(buffer, start, end - start);
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }
}
