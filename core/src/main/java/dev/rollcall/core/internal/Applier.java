package dev.rollcall.core.internal;

import dev.rollcall.core.Action;
import dev.rollcall.core.FieldChange;
import dev.rollcall.core.PlannedChange;
import dev.rollcall.core.RowOutcome.State;
import dev.rollcall.spi.Codes;
import dev.rollcall.spi.Problem;
import dev.rollcall.spi.RollcallException;
import dev.rollcall.spi.Severity;
import dev.rollcall.spi.StandardFields;
import dev.rollcall.spi.UserChange;
import dev.rollcall.spi.UserRepository;
import dev.rollcall.spi.WelcomeMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes a plan's changes through the repository in batches and records each entry's
 * outcome.
 *
 * <p>The promise: an entry is reported {@link State#APPLIED} only when the repository
 * accepted its write. A batch is all or nothing (see {@link UserRepository#write}); when
 * one fails, its changes are retried one at a time, so exactly the changes that cannot be
 * made are reported {@link State#FAILED}, with the cause, and the others go ahead, until the
 * failure policy says stop: the rest are {@link State#NOT_ATTEMPTED}.
 *
 * <p>The entries are read in one pass, so a plan on disk streams; outcomes take a byte an
 * entry, plus messages where something happened. Not thread-safe: one applier applies one plan.
 */
public final class Applier {

    private static final Logger LOG = LoggerFactory.getLogger(Applier.class);

    /**
     * What applying did.
     *
     * @param states one {@link State} ordinal per entry
     * @param extra  messages added to an entry's own while applying (a failure, a welcome
     *               message that could not be sent), by position
     */
    public record Outcomes(byte[] states, Map<Integer, List<Problem>> extra) {
    }

    private final Settings settings;
    private final UserRepository repository;
    private final byte[] states;
    private final Map<Integer, List<Problem>> extra = new HashMap<>();
    private long failures;
    private long reported = -1;

    /**
     * @param settings the planner's configuration
     * @param size     the number of entries to apply
     */
    public Applier(Settings settings, int size) {
        this.settings = settings;
        this.repository = settings.repository();
        this.states = new byte[size];
    }

    /**
     * @param entries the plan's entries, in order; iterated once
     * @return each entry's outcome
     */
    public Outcomes apply(Iterable<PlannedChange> entries) {
        List<Integer> indexes = new ArrayList<>(settings.batchSize());
        List<PlannedChange> batch = new ArrayList<>(settings.batchSize());
        List<UserChange> changes = new ArrayList<>(settings.batchSize());
        int i = 0;
        for (Iterator<PlannedChange> it = entries.iterator(); it.hasNext(); i++) {
            PlannedChange c = it.next();
            if (!c.action().writes()) {
                states[i] = (byte) State.NO_WRITE.ordinal();
                continue;
            }
            if (stopped()) {
                notAttempted(i);
                continue;
            }
            indexes.add(i);
            batch.add(c);
            changes.add(toUserChange(c));
            if (indexes.size() == settings.batchSize()) {
                flush(indexes, batch, changes);
                progress(i + 1);
            }
        }
        flush(indexes, batch, changes);
        progress(states.length);
        return new Outcomes(states, extra);
    }

    private void progress(long done) {
        if (settings.progress() != null && done != reported) {
            reported = done;
            settings.progress().update(dev.rollcall.core.Progress.Stage.APPLYING, done, states.length);
        }
    }

    private void flush(List<Integer> indexes, List<PlannedChange> batch, List<UserChange> changes) {
        if (indexes.isEmpty()) {
            return;
        }
        try {
            record(indexes, batch, repository.write(List.copyOf(changes)));
        } catch (RuntimeException batchFailure) {
            if (indexes.size() == 1) {
                fail(indexes.get(0), batch.get(0), batchFailure);
            } else {
                LOG.debug("a batch of {} changes failed; retrying them one at a time", indexes.size());
                for (int k = 0; k < indexes.size(); k++) {
                    if (stopped()) {
                        notAttempted(indexes.get(k));
                        continue;
                    }
                    try {
                        record(List.of(indexes.get(k)), List.of(batch.get(k)), repository.write(List.of(changes.get(k))));
                    } catch (RuntimeException e) {
                        fail(indexes.get(k), batch.get(k), e);
                    }
                }
            }
        }
        indexes.clear();
        batch.clear();
        changes.clear();
    }

    private void record(List<Integer> indexes, List<PlannedChange> batch, List<String> ids) {
        for (int k = 0; k < indexes.size(); k++) {
            int i = indexes.get(k);
            states[i] = (byte) State.APPLIED.ordinal();
            PlannedChange c = batch.get(k);
            if (c.action() == Action.CREATE && c.welcome() && k < ids.size()) {
                welcome(i, c, ids.get(k));   // the user exists now: its batch is written
            }
        }
    }

    private boolean stopped() {
        return settings.failurePolicy().stops(failures);
    }

    private void notAttempted(int i) {
        states[i] = (byte) State.NOT_ATTEMPTED.ordinal();
        extra.computeIfAbsent(i, k -> new ArrayList<>()).add(new Problem(Severity.ERROR, Codes.NOT_ATTEMPTED, 0, null,
                null, "not attempted: applying stopped after " + failures + (failures == 1 ? " failure" : " failures")));
    }

    private void fail(int i, PlannedChange c, RuntimeException e) {
        failures++;
        String code = e instanceof RollcallException re ? re.code() : Codes.WRITE_FAILED;
        // Messages of host exceptions may quote row values; only Rollcall's own are shown.
        String message = e instanceof RollcallException ? e.getMessage()
                : "the repository failed to write this change (" + e.getClass().getSimpleName() + ")";
        LOG.warn("line {}: {} of {} failed: {}", c.line(), c.action().label(), c.username(), code);
        LOG.debug("cause of the failure at line {}", c.line(), e);
        states[i] = (byte) State.FAILED.ordinal();
        extra.computeIfAbsent(i, k -> new ArrayList<>()).add(new Problem(Severity.ERROR, code, c.line(), null, null, message));
    }

    private void welcome(int i, PlannedChange c, String userId) {
        Map<String, String> fields = new HashMap<>();
        for (FieldChange f : c.changes()) {
            if (!f.sensitive() && f.to() != null) {
                fields.put(f.field(), f.to());
            }
        }
        try {
            settings.notifier().welcome(new WelcomeMessage(userId, fields, c.password().generate()));
        } catch (RuntimeException failure) {
            LOG.warn("line {}: the welcome message for {} failed ({})", c.line(), c.username(),
                    failure.getClass().getSimpleName(), failure);
            extra.computeIfAbsent(i, k -> new ArrayList<>()).add(new Problem(Severity.WARNING,
                    Codes.NOTIFIER_FAILED, c.line(), null, null, "the user was created, but the welcome message failed ("
                    + failure.getClass().getSimpleName() + ")"));
        }
    }

    /**
     * @param c a planned write
     * @return the repository change that makes it
     */
    public static UserChange toUserChange(PlannedChange c) {
        if (c.action() == Action.DELETE) {
            return new UserChange.Delete(c.userId(), c.expectedVersion());
        }
        Map<String, String> set = new HashMap<>();
        Set<String> erase = new HashSet<>();
        for (FieldChange f : c.changes()) {
            if (f.field().equals(StandardFields.PASSWORD)) {
                continue;
            }
            if (f.to() != null) {
                set.put(f.field(), f.to());
            } else if (f.from() != null) {
                erase.add(f.field());
            }
        }
        if (c.action() == Action.CREATE) {
            return new UserChange.Create(set, c.addMemberships(), c.password());
        }
        return new UserChange.Update(c.userId(), c.expectedVersion(), set, erase, c.addMemberships(),
                c.removeMemberships(), c.password());
    }
}
