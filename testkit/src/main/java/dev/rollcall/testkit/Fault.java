package dev.rollcall.testkit;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * What a {@link FaultInjectingRepository} does to a write call it was told to fail: throw an
 * exception, either before the batch reaches the wrapped repository (nothing was written) or
 * {@linkplain #afterWrite() after} the wrapped repository applied it (the ambiguous failure a
 * time-out on a commit produces: the caller is told "failed", yet everything was written).
 *
 * <p>Immutable and thread-safe, provided the supplier is.
 */
public final class Fault {

    /** Makes the exception for a failed call. */
    @FunctionalInterface
    private interface Maker {
        RuntimeException make(int call, boolean written);
    }

    private final String description;
    private final Maker maker;
    private final boolean afterWrite;

    private Fault(String description, Maker maker, boolean afterWrite) {
        this.description = description;
        this.maker = maker;
        this.afterWrite = afterWrite;
    }

    /** @return a fault that throws {@link InjectedFaultException} before anything is written */
    public static Fault exception() {
        return new Fault("exception", (call, written) -> new InjectedFaultException("injected failure on write call "
                + call + (written ? " after the batch was applied" : ""), call, written), false);
    }

    /** @return a fault that throws {@link InjectedTimeoutException} before anything is written */
    public static Fault timeout() {
        return new Fault("timeout", InjectedTimeoutException::new, false);
    }

    /**
     * @return a fault that lets the wrapped repository apply the batch and then throws
     *         {@link InjectedTimeoutException}: the hardest case for a caller
     */
    public static Fault timeoutAfterWrite() {
        return timeout().afterWrite();
    }

    /**
     * @param exception makes the unchecked exception to throw, one per failed call (an
     *                  {@code IllegalStateException}, a host's own exception type, even a
     *                  {@link dev.rollcall.spi.DuplicateKeyException} to fake a refusal)
     * @return a fault that throws it before anything is written
     */
    public static Fault thrown(Supplier<? extends RuntimeException> exception) {
        Objects.requireNonNull(exception, "exception must not be null");
        return new Fault("thrown", (call, written) -> Objects.requireNonNull(exception.get(),
                "the exception supplier returned null"), false);
    }

    /** @return the same fault, thrown after the wrapped repository applied the batch */
    public Fault afterWrite() {
        return new Fault(description, maker, true);
    }

    /** @return whether the batch is applied before the exception is thrown */
    public boolean isAfterWrite() {
        return afterWrite;
    }

    RuntimeException exceptionFor(int call) {
        return maker.make(call, afterWrite);
    }

    @Override
    public String toString() {
        return description + (afterWrite ? " after write" : "");
    }
}
