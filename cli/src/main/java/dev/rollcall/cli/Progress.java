package dev.rollcall.cli;

import java.io.PrintWriter;

/** A one-line progress count on standard error, shown only when it is a terminal. */
final class Progress {

    private final PrintWriter err;
    private final boolean shown;
    private long last;

    private Progress(PrintWriter err, boolean shown) {
        this.err = err;
        this.shown = shown;
    }

    static Progress onTerminal(PrintWriter err) {
        return new Progress(err, System.console() != null);
    }

    void rows(long planned) {
        if (shown && planned - last >= 10_000) {
            last = planned;
            err.print("\rplanned " + planned + " rows");
            err.flush();
        }
    }

    void done() {
        if (shown && last > 0) {
            err.print("\r" + " ".repeat(40) + "\r");
            err.flush();
        }
    }
}
