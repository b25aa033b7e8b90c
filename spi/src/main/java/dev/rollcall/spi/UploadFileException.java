package dev.rollcall.spi;

/**
 * The file as a whole cannot be read: it is not valid in its format (an unclosed quote,
 * bytes that are not valid in the declared encoding, malformed XML) or cannot be read at
 * all. Thrown by {@link RowReader}s; the planner turns it into a refused plan, so nothing
 * from such a file is ever written.
 *
 * <p>{@link #line()} and {@link #column()} locate the problem in the file (1-based; 0
 * when unknown). The message never quotes file content.
 */
public class UploadFileException extends RollcallException {

    private final long line;
    private final long column;

    /**
     * @param code    a stable code from {@link Codes}
     * @param line    1-based physical line, 0 when unknown
     * @param column  1-based character position in the line, 0 when unknown
     * @param message what is wrong and how to fix it
     */
    public UploadFileException(String code, long line, long column, String message) {
        super(code, message);
        this.line = line;
        this.column = column;
    }

    /**
     * @param code    a stable code from {@link Codes}
     * @param line    1-based physical line, 0 when unknown
     * @param column  1-based character position in the line, 0 when unknown
     * @param message what is wrong and how to fix it
     * @param cause   the underlying failure
     */
    public UploadFileException(String code, long line, long column, String message, Throwable cause) {
        super(code, message, cause);
        this.line = line;
        this.column = column;
    }

    /** @return the 1-based line of the problem, 0 when unknown */
    public long line() {
        return line;
    }

    /** @return the 1-based character position in the line, 0 when unknown */
    public long column() {
        return column;
    }

    /** @return this failure as a file-level {@link Problem} */
    public Problem toProblem() {
        return new Problem(Severity.ERROR, code(), line, null, null, getMessage());
    }
}
