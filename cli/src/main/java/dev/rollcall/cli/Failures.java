package dev.rollcall.cli;

import dev.rollcall.spi.Codes;
import dev.rollcall.spi.ControlCharacters;
import dev.rollcall.spi.RollcallException;
import dev.rollcall.spi.UploadFileException;

import java.io.PrintWriter;

/**
 * Turns an exception that ends a command into a message and an exit status. A message may
 * quote a file name or a value: its control characters and line breaks are escaped.
 */
final class Failures {

    private Failures() {
    }

    static int report(Exception e, PrintWriter err) {
        if (e instanceof UploadFileException u && Codes.UNREADABLE_FILE.equals(u.code())) {
            err.println("rollcall: " + ControlCharacters.escape(u.getMessage()));
            return Main.NO_INPUT;
        }
        if (e instanceof RollcallException r) {
            err.println("rollcall: " + ControlCharacters.escape(r.getMessage()) + " [" + r.code() + "]");
            return Main.FAILURE;
        }
        if (e instanceof IllegalArgumentException || e instanceof IllegalStateException) {
            err.println("rollcall: " + ControlCharacters.escape(e.getMessage()));
            return Main.USAGE;
        }
        // Unknown failures: the type and message, never a stack trace of row data.
        err.println("rollcall: failed (" + e.getClass().getSimpleName() + "): "
                + ControlCharacters.escape(e.getMessage()));
        return Main.FAILURE;
    }
}
