package dev.rollcall.testkit;

/**
 * A time-out injected by a {@link FaultInjectingRepository}: the repository "did not answer in
 * time". Thrown either before the batch reached the wrapped repository or, the ambiguous case,
 * after it was applied ({@link #written()}).
 */
public class InjectedTimeoutException extends InjectedFaultException {

    /**
     * @param call    the 1-based number of the write call that timed out
     * @param written whether the wrapped repository applied the batch before the time-out
     */
    public InjectedTimeoutException(int call, boolean written) {
        super("injected time-out on write call " + call + (written ? " after the batch was applied" : ""), call, written);
    }
}
