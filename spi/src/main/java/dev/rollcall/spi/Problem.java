package dev.rollcall.spi;

import java.util.Objects;

/**
 * One thing wrong with, or worth saying about, a file or a row: a severity, a stable
 * {@link Codes code}, where it is, and a message an administrator understands.
 *
 * <p>Immutable and thread-safe. Messages never quote sensitive values.
 *
 * @param severity how serious it is
 * @param code     a stable upper-snake code, listed in {@link Codes}
 * @param line     the 1-based physical line in the file, or 0 when the problem is not
 *                 tied to a line (a whole-file problem, a user the file left out)
 * @param column   the column as written in the file's header (or the XML element), or
 *                 {@code null}
 * @param field    the canonical field name the column maps to, or {@code null}
 * @param message  the explanation, never null
 */
public record Problem(Severity severity, String code, long line, String column, String field, String message) {

    /** Checks the arguments. */
    public Problem {
        Objects.requireNonNull(severity, "severity must not be null");
        Objects.requireNonNull(code, "code must not be null");
        Objects.requireNonNull(message, "message must not be null");
        if (line < 0) {
            throw new IllegalArgumentException("line must not be negative: " + line);
        }
    }

    /** @return an error not yet tied to a line or column */
    public static Problem error(String code, String message) {
        return new Problem(Severity.ERROR, code, 0, null, null, message);
    }

    /** @return a warning not yet tied to a line or column */
    public static Problem warning(String code, String message) {
        return new Problem(Severity.WARNING, code, 0, null, null, message);
    }

    /** @return an informational message not yet tied to a line or column */
    public static Problem info(String code, String message) {
        return new Problem(Severity.INFO, code, 0, null, null, message);
    }

    /** @return a copy at the given line */
    public Problem atLine(long newLine) {
        return new Problem(severity, code, newLine, column, field, message);
    }

    /** @return a copy naming the column as written in the file and its canonical field */
    public Problem at(String newColumn, String newField) {
        return new Problem(severity, code, line, newColumn, newField, message);
    }

    /** @return whether this problem refuses its row or file */
    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /**
     * @return {@code line 7, column "email": message} style text for terminals and logs, with
     *         control characters in the column and message shown as {@code <U+001B>}
     *         ({@link ControlCharacters#escape})
     */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        if (line > 0) {
            sb.append("line ").append(line);
        }
        if (column != null) {
            sb.append(sb.length() > 0 ? ", " : "").append("column \"").append(ControlCharacters.escape(column)).append('"');
        }
        if (sb.length() > 0) {
            sb.append(": ");
        }
        return sb.append(ControlCharacters.escape(message)).append(" [").append(code).append(']').toString();
    }
}
