package dev.rollcall.testkit;

import dev.rollcall.spi.FieldSchema;
import dev.rollcall.spi.UserChange;
import dev.rollcall.spi.UserQuery;
import dev.rollcall.spi.UserRecord;
import dev.rollcall.spi.UserRepository;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.IntPredicate;
import java.util.stream.Stream;

/**
 * Wraps any {@link UserRepository} and makes chosen {@link #write write} calls fail, to test
 * what a caller does when storage fails halfway: fail the k-th write, fail every n-th, time
 * out before or after the wrapped repository applied the batch, or throw an unchecked
 * exception of your choice. Reads pass straight through. Every call is counted.
 *
 * <pre>{@code
 * FaultInjectingRepository store = FaultInjectingRepository.wrap(new InMemoryUserRepository())
 *         .failWrite(2, Fault.timeoutAfterWrite());       // the 2nd write is applied, then "times out"
 * UploadResult result = UploadPlan.builder().repository(store).batchSize(10).build().plan(file).apply();
 * assertEquals(List.of(2), store.failedWrites());
 * }</pre>
 *
 * <p>Write calls are numbered from 1 in the order they arrive. When several rules match a
 * call, the one added first wins. A failed call counts like any other, so
 * {@code failWrite(1)} fails only the first call, not every retry.
 *
 * <p>Thread-safe: counters and rules are guarded by the wrapper's lock, which is not held
 * while the wrapped repository runs.
 */
public final class FaultInjectingRepository implements UserRepository {

    private record Rule(String description, IntPredicate calls, Fault fault) {
    }

    private final UserRepository delegate;
    private final List<Rule> rules = new ArrayList<>();
    private final List<Integer> failed = new ArrayList<>();
    private int writeCalls;
    private int readCalls;

    private FaultInjectingRepository(UserRepository delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate must not be null");
    }

    /**
     * @param delegate the repository that does the real work
     * @return a wrapper that fails nothing until told to
     */
    public static FaultInjectingRepository wrap(UserRepository delegate) {
        return new FaultInjectingRepository(delegate);
    }

    /** @return the wrapped repository */
    public UserRepository delegate() {
        return delegate;
    }

    /**
     * Fails the k-th write call with {@link Fault#exception()}: nothing of that batch is written.
     *
     * @param k a 1-based call number
     * @return this wrapper
     */
    public FaultInjectingRepository failWrite(int k) {
        return failWrite(k, Fault.exception());
    }

    /**
     * @param k     a 1-based call number
     * @param fault what to do to that call
     * @return this wrapper
     */
    public synchronized FaultInjectingRepository failWrite(int k, Fault fault) {
        if (k < 1) {
            throw new IllegalArgumentException("write calls are numbered from 1: " + k);
        }
        Objects.requireNonNull(fault, "fault must not be null");
        rules.add(new Rule("write " + k + ": " + fault, call -> call == k, fault));
        return this;
    }

    /**
     * Fails every n-th write call (the n-th, the 2n-th, …) with {@link Fault#exception()}.
     *
     * @param n the period, at least 1 (1 fails every call)
     * @return this wrapper
     */
    public FaultInjectingRepository failEveryWrite(int n) {
        return failEveryWrite(n, Fault.exception());
    }

    /**
     * @param n     the period, at least 1
     * @param fault what to do to those calls
     * @return this wrapper
     */
    public synchronized FaultInjectingRepository failEveryWrite(int n, Fault fault) {
        if (n < 1) {
            throw new IllegalArgumentException("the period must be at least 1: " + n);
        }
        Objects.requireNonNull(fault, "fault must not be null");
        rules.add(new Rule("every " + n + "th write: " + fault, call -> call % n == 0, fault));
        return this;
    }

    /**
     * Stops injecting faults; counting goes on.
     *
     * @return this wrapper
     */
    public synchronized FaultInjectingRepository heal() {
        rules.clear();
        return this;
    }

    /** @return how many times {@link #write} was called, failed calls included */
    public synchronized int writeCalls() {
        return writeCalls;
    }

    /** @return how many read calls passed through ({@code findBy}, {@code findByIds}, {@code list}, …, {@code schema} excepted) */
    public synchronized int readCalls() {
        return readCalls;
    }

    /** @return the numbers of the write calls that were made to fail, in order */
    public synchronized List<Integer> failedWrites() {
        return List.copyOf(failed);
    }

    @Override
    public FieldSchema schema() {
        return delegate.schema();
    }

    /** @return the delegate's features; never faulted */
    @Override
    public dev.rollcall.spi.StoreFeatures features() {
        return delegate.features();
    }

    /** @return the delegate's key for saved plans; never faulted */
    @Override
    public java.util.Optional<byte[]> planKey() {
        return delegate.planKey();
    }

    @Override
    public Map<String, List<UserRecord>> findBy(String field, Collection<String> keys) {
        read();
        return delegate.findBy(field, keys);
    }

    @Override
    public Map<String, UserRecord> findByIds(Collection<String> ids) {
        read();
        return delegate.findByIds(ids);
    }

    @Override
    public Stream<UserRecord> list(UserQuery query) {
        read();
        return delegate.list(query);
    }

    @Override
    public Set<String> existingTargets(String kind, Collection<String> names) {
        read();
        return delegate.existingTargets(kind, names);
    }

    @Override
    public Map<String, Set<String>> findDelegates(Collection<String> userIds) {
        read();
        return delegate.findDelegates(userIds);
    }

    /**
     * Passes the batch on, unless a rule fails this call: then throws the rule's exception,
     * before the wrapped repository sees the batch or, for an {@linkplain Fault#afterWrite()
     * after-write} fault, once it has applied it.
     */
    @Override
    public List<String> write(List<UserChange> changes) {
        int call;
        Fault fault = null;
        synchronized (this) {
            call = ++writeCalls;
            for (Rule r : rules) {
                if (r.calls().test(call)) {
                    fault = r.fault();
                    failed.add(call);
                    break;
                }
            }
        }
        if (fault == null) {
            return delegate.write(changes);
        }
        if (fault.isAfterWrite()) {
            delegate.write(changes);
        }
        throw fault.exceptionFor(call);
    }

    private synchronized void read() {
        readCalls++;
    }

    @Override
    public synchronized String toString() {
        return "FaultInjectingRepository[" + delegate + ", writes=" + writeCalls + ", failed=" + failed + ", rules="
                + rules.stream().map(Rule::description).toList() + "]";
    }
}
