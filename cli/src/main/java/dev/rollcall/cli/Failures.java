package dev.rollcall.cli;

import dev.rollcall.spi.Codes;
import dev.rollcall.spi.RollcallException;
import dev.rollcall.spi.UploadFileException;

import java.io.PrintWriter;

/** Turns an exception that ends a command into a message and an exit status. */
final class Failures {

    private Failures() {
    }

    /** Why a saved plan is refused whole before anything is written: exit status 2, like a refused file. */
    private static final java.util.Set<String> REFUSED_PLANS = java.util.Set.of(Codes.PLAN_TAMPERED,
            Codes.BAD_PLAN_FILE, Codes.STALE_PLAN);

    static int report(Exception e, PrintWriter err) {
        if (e instanceof UploadFileException u && Codes.UNREADABLE_FILE.equals(u.code())) {
            err.println("rollcall: " + u.getMessage());
            return Main.NO_INPUT;
        }
        if (e instanceof RollcallException r) {
            err.println("rollcall: " + r.getMessage() + " [" + r.code() + "]");
            return REFUSED_PLANS.contains(r.code()) ? Main.FILE_REFUSED : Main.FAILURE;
        }
        if (e instanceof IllegalArgumentException || e instanceof IllegalStateException) {
            err.println("rollcall: " + e.getMessage());
            return Main.USAGE;
        }
        // Unknown failures: the type and message, never a stack trace of row data.
        err.println("rollcall: failed (" + e.getClass().getSimpleName() + "): " + e.getMessage());
        return Main.FAILURE;
    }
}
