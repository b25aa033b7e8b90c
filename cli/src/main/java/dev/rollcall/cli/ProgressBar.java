package dev.rollcall.cli;

import dev.rollcall.core.Progress;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * A progress bar on standard error, redrawn in place: while planning, the share of the file
 * read so far (rows are counted, the total is not known); while applying, the share of the
 * plan gone through. Shown only for an interactive session (Java cannot ask whether standard
 * error alone is a terminal, so it asks whether there is a console), and only once a file is
 * large enough to take a moment.
 */
final class ProgressBar implements Progress {

    private static final int WIDTH = 30;

    private final PrintWriter err;
    private final boolean shown;
    private final long fileSize;
    private long bytesRead;
    private String lastLine = "";

    ProgressBar(PrintWriter err, boolean shown, long fileSize) {
        this.err = err;
        this.shown = shown;
        this.fileSize = fileSize;
    }

    static ProgressBar onTerminal(PrintWriter err, long fileSize) {
        return new ProgressBar(TerminalOutput.raw(err), System.console() != null, fileSize);
    }

    /** @return the stream, counting the bytes the planner reads from it */
    InputStream counting(InputStream in) {
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    bytesRead++;
                }
                return b;
            }

            @Override
            public int read(byte[] buffer, int off, int len) throws IOException {
                int n = super.read(buffer, off, len);
                if (n > 0) {
                    bytesRead += n;
                }
                return n;
            }
        };
    }

    @Override
    public void update(Stage stage, long done, long total) {
        if (!shown) {
            return;
        }
        String line = stage == Stage.PLANNING
                ? bar(fileSize > 0 ? (double) bytesRead / fileSize : 0) + String.format(Locale.ROOT, "  %,d rows planned", done)
                : bar(total > 0 ? (double) done / total : 1) + String.format(Locale.ROOT, "  %,d of %,d rows applied", done, total);
        if (!line.equals(lastLine)) {
            err.print("\r" + line + " ".repeat(Math.max(0, lastLine.length() - line.length())));
            err.flush();
            lastLine = line;
        }
    }

    /** Clears the bar, so that what is printed next starts on a clean line. */
    void done() {
        if (shown && !lastLine.isEmpty()) {
            err.print("\r" + " ".repeat(lastLine.length()) + "\r");
            err.flush();
            lastLine = "";
        }
    }

    private static String bar(double fraction) {
        double f = Math.max(0, Math.min(1, fraction));
        int filled = (int) Math.round(f * WIDTH);
        return "[" + "#".repeat(filled) + "-".repeat(WIDTH - filled) + "] "
                + String.format(Locale.ROOT, "%3d%%", (int) Math.floor(f * 100));
    }
}
