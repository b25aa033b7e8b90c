package dev.rollcall.cli;

/** Ends a command with an exit status and a message for standard error (no stack trace). */
final class CommandFailure extends RuntimeException {

    private final int status;

    /**
     * @param status  the exit status, one of {@link Main}'s
     * @param message what went wrong, for standard error
     * @param cause   the underlying failure, or null
     */
    CommandFailure(int status, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    int status() {
        return status;
    }
}
