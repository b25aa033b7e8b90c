package dev.rollcall.cli;

import dev.rollcall.spi.Codes;
import dev.rollcall.spi.ControlCharacters;
import dev.rollcall.spi.RollcallException;
import dev.rollcall.spi.UploadFileException;

import java.io.PrintWriter;
import java.util.Set;

/**
 * Turns an exception that ends a command into a message and an exit status. A message may
 * quote a file name or a value: its control characters and line breaks are escaped.
 */
final class Failures {

    private Failures() {
    }

    /**
     * Codes of failures that refuse the input file as a whole, as a refused upload is refused:
     * a PGP file that fails its checks (also in {@code decrypt}), a saved plan that is stale,
     * changed, made for another store or is not a plan.
     */
    private static final Set<String> FILE_REFUSED = Set.of(Codes.PGP_NOT_ENCRYPTED, Codes.PGP_WRONG_KEY,
            Codes.PGP_BAD_PASSPHRASE, Codes.PGP_TAMPERED, Codes.PGP_NO_INTEGRITY, Codes.PGP_UNSIGNED,
            Codes.PGP_BAD_SIGNATURE, Codes.PGP_TOO_LARGE, Codes.STALE_PLAN, Codes.BAD_PLAN_FILE,
            Codes.PLAN_TAMPERED);

    static int report(Exception e, PrintWriter err) {
        if (e instanceof CommandFailure f) {
            err.println("rollcall: " + ControlCharacters.escape(f.getMessage()));
            return f.status();
        }
        if (e instanceof UploadFileException u && Codes.UNREADABLE_FILE.equals(u.code())) {
            err.println("rollcall: " + ControlCharacters.escape(u.getMessage()));
            return Main.NO_INPUT;
        }
        if (e instanceof RollcallException r) {
            err.println("rollcall: " + ControlCharacters.escape(r.getMessage()) + " [" + r.code() + "]");
            return FILE_REFUSED.contains(r.code()) ? Main.FILE_REFUSED : Main.FAILURE;
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
