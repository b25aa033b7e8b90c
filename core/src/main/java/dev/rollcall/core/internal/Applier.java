package dev.rollcall.core.internal;

import dev.rollcall.core.Action;
import dev.rollcall.core.FieldChange;
import dev.rollcall.core.PlannedChange;
import dev.rollcall.core.RowOutcome;
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
 * made are reported {@link State#FAILED}, with the cause, and the others go ahead.
 *
 * <p>Not thread-safe: one applier applies one plan.
 */
public final class Applier {

    private static final Logger LOG = LoggerFactory.getLogger(Applier.class);

    private final Settings settings;
    private final UserRepository repository;
    private final RowOutcome[] outcomes;
    private final Map<Integer, List<Problem>> extraMessages = new HashMap<>();
    private long failures;

    /**
     * @param settings the planner's configuration
     * @param size     the number of entries to apply
     */
    public Applier(Settings settings, int size) {
        this.settings = settings;
        this.repository = settings.repository();
        this.outcomes = new RowOutcome[size];
    }

    /**
     * @param entries the plan's entries, in order
     * @return each entry's outcome, in the same order
     */
    public List<RowOutcome> apply(List<PlannedChange> entries) {
        List<Integer> batch = new ArrayList<>(settings.batchSize());
        List<UserChange> changes = new ArrayList<>(settings.batchSize());
        for (int i = 0; i < entries.size(); i++) {
            PlannedChange c = entries.get(i);
            if (!c.action().writes()) {
                outcomes[i] = new RowOutcome(c, State.NO_WRITE, c.messages());
                continue;
            }
            if (stopped()) {
                notAttempted(c, i);
                continue;
            }
            batch.add(i);
            changes.add(toUserChange(c));
            if (batch.size() == settings.batchSize()) {
                flush(entries, batch, changes);
            }
        }
        flush(entries, batch, changes);
        welcome(entries);
        List<RowOutcome> out = new ArrayList<>(outcomes.length);
        for (int i = 0; i < outcomes.length; i++) {
            RowOutcome o = outcomes[i];
            List<Problem> extra = extraMessages.get(i);
            if (extra != null) {
                List<Problem> all = new ArrayList<>(o.messages());
                all.addAll(extra);
                o = new RowOutcome(o.change(), o.state(), all);
            }
            out.add(o);
        }
        return out;
    }

    private void flush(List<PlannedChange> entries, List<Integer> batch, List<UserChange> changes) {
        if (batch.isEmpty()) {
            return;
        }
        try {
            record(entries, batch, repository.write(List.copyOf(changes)));
        } catch (RuntimeException batchFailure) {
            if (batch.size() == 1) {
                fail(entries, batch.get(0), batchFailure);
            } else {
                LOG.debug("a batch of {} changes failed; retrying them one at a time", batch.size());
                for (int k = 0; k < batch.size(); k++) {
                    int i = batch.get(k);
                    if (stopped()) {
                        notAttempted(entries.get(i), i);
                        continue;
                    }
                    try {
                        record(entries, List.of(i), repository.write(List.of(changes.get(k))));
                    } catch (RuntimeException e) {
                        fail(entries, i, e);
                    }
                }
            }
        }
        batch.clear();
        changes.clear();
    }

    private final Map<Integer, String> createdIds = new HashMap<>();

    private void record(List<PlannedChange> entries, List<Integer> indexes, List<String> ids) {
        for (int k = 0; k < indexes.size(); k++) {
            int i = indexes.get(k);
            PlannedChange c = entries.get(i);
            outcomes[i] = new RowOutcome(c, State.APPLIED, c.messages());
            if (c.action() == Action.CREATE && k < ids.size()) {
                createdIds.put(i, ids.get(k));
            }
        }
    }

    private boolean stopped() {
        return settings.failurePolicy().stops(failures);
    }

    private void notAttempted(PlannedChange c, int i) {
        List<Problem> messages = new ArrayList<>(c.messages());
        messages.add(new Problem(Severity.ERROR, Codes.NOT_ATTEMPTED, c.line(), null, null, "not attempted: applying stopped after "
                + failures + (failures == 1 ? " failure" : " failures")));
        outcomes[i] = new RowOutcome(c, State.NOT_ATTEMPTED, messages);
    }

    private void fail(List<PlannedChange> entries, int i, RuntimeException e) {
        failures++;
        PlannedChange c = entries.get(i);
        String code = e instanceof RollcallException re ? re.code() : Codes.WRITE_FAILED;
        // Messages of host exceptions may quote row values; only Rollcall's own are shown.
        String message = e instanceof RollcallException ? e.getMessage()
                : "the repository failed to write this change (" + e.getClass().getSimpleName() + ")";
        LOG.warn("line {}: {} of {} failed: {}", c.line(), c.action().label(), c.username(), code);
        LOG.debug("cause of the failure at line {}", c.line(), e);
        List<Problem> messages = new ArrayList<>(c.messages());
        messages.add(new Problem(Severity.ERROR, code, c.line(), null, null, message));
        outcomes[i] = new RowOutcome(c, State.FAILED, messages);
    }

    private void welcome(List<PlannedChange> entries) {
        for (Map.Entry<Integer, String> e : createdIds.entrySet()) {
            PlannedChange c = entries.get(e.getKey());
            if (!c.welcome()) {
                continue;
            }
            Map<String, String> fields = new HashMap<>();
            for (FieldChange f : c.changes()) {
                if (!f.sensitive() && f.to() != null) {
                    fields.put(f.field(), f.to());
                }
            }
            try {
                settings.notifier().welcome(new WelcomeMessage(e.getValue(), fields, c.password().generate()));
            } catch (RuntimeException failure) {
                LOG.warn("line {}: the welcome message for {} failed ({})", c.line(), c.username(),
                        failure.getClass().getSimpleName(), failure);
                extraMessages.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(new Problem(Severity.WARNING,
                        Codes.NOTIFIER_FAILED, c.line(), null, null, "the user was created, but the welcome message failed ("
                        + failure.getClass().getSimpleName() + ")"));
            }
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
