package dev.rollcall.testkit;

/**
 * The failure a {@link FaultInjectingRepository} throws from {@code write} on purpose. It is
 * not a {@link dev.rollcall.spi.RollcallException}: it stands for whatever a host's storage
 * throws (a lost connection, a constraint the adapter did not translate), which Rollcall
 * reports as {@link dev.rollcall.spi.Codes#WRITE_FAILED}.
 *
 * <p>{@link #written()} tells the hard case apart: the batch was applied by the wrapped
 * repository and the failure came afterwards (a time-out on the commit's answer), so the caller
 * cannot know from the exception whether anything was written.
 */
public class InjectedFaultException extends RuntimeException {

    private final int call;
    private final boolean written;

    /**
     * @param message what was injected
     * @param call    the 1-based number of the write call that failed
     * @param written whether the wrapped repository applied the batch before the failure
     */
    public InjectedFaultException(String message, int call, boolean written) {
        super(message);
        this.call = call;
        this.written = written;
    }

    /** @return the 1-based number of the write call that failed */
    public int call() {
        return call;
    }

    /** @return whether the batch was applied before this was thrown (an ambiguous failure) */
    public boolean written() {
        return written;
    }
}
