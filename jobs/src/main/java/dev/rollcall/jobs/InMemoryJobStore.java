package dev.rollcall.jobs;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * A {@link JobStore} in memory: for tests, and for a single process whose jobs need not
 * outlive it. Runners in one process may share it. Thread-safe (each call holds the store's
 * lock).
 */
public final class InMemoryJobStore implements JobStore {

    private final Map<String, StoredJob> jobs = new TreeMap<>();
    private final TreeMap<Long, HistoryEntry> history = new TreeMap<>();
    private long nextId = 1;
    private Path workDirectory;

    /** An empty store. */
    public InMemoryJobStore() {
        // empty
    }

    @Override
    public synchronized StoredJob save(JobDefinition definition, Instant now) {
        Objects.requireNonNull(definition, "definition must not be null");
        Objects.requireNonNull(now, "now must not be null");
        StoredJob old = jobs.get(definition.name());
        StoredJob job;
        if (old == null || old.state() == JobState.CANCELLED || !old.definition().schedule().equals(definition.schedule())) {
            JobState state = old == null || old.state() == JobState.CANCELLED ? JobState.ACTIVE : old.state();
            job = new StoredJob(definition, state, now, Optional.empty(), run(old), owner(old), until(old), now);
        } else {
            job = new StoredJob(definition, old.state(), old.since(), old.lastRun(), old.runId(), old.leaseOwner(),
                    old.leaseUntil(), now);
        }
        jobs.put(definition.name(), job);
        return job;
    }

    private static OptionalLong run(StoredJob old) {
        return old == null ? OptionalLong.empty() : old.runId();
    }

    private static Optional<String> owner(StoredJob old) {
        return old == null ? Optional.empty() : old.leaseOwner();
    }

    private static Optional<Instant> until(StoredJob old) {
        return old == null ? Optional.empty() : old.leaseUntil();
    }

    @Override
    public synchronized Optional<StoredJob> find(String name) {
        return Optional.ofNullable(jobs.get(Objects.requireNonNull(name, "name must not be null")));
    }

    @Override
    public synchronized List<StoredJob> list() {
        return List.copyOf(jobs.values());
    }

    @Override
    public synchronized boolean setState(String name, JobState state, Instant now) {
        StoredJobs.checkSettable(state);
        StoredJob old = jobs.get(Objects.requireNonNull(name, "name must not be null"));
        if (old == null) {
            return false;
        }
        if (old.state() == state) {
            return true;
        }
        StoredJobs.checkTransition(old, state);
        boolean restart = state == JobState.ACTIVE;
        jobs.put(name, new StoredJob(old.definition(), state, restart ? now : old.since(),
                restart ? Optional.empty() : old.lastRun(), old.runId(), old.leaseOwner(), old.leaseUntil(), now));
        return true;
    }

    @Override
    public synchronized boolean delete(String name) {
        history.values().removeIf(e -> e.job().equals(Optional.of(name)));
        return jobs.remove(Objects.requireNonNull(name, "name must not be null")) != null;
    }

    @Override
    public synchronized Optional<Claim> claim(StoredJob seen, Instant scheduled, HistoryEntry.Kind kind, String owner,
                                              Instant now, Instant leaseUntil) {
        boolean advance = StoredJobs.advances(kind);
        StoredJob job = jobs.get(seen.name());
        if (job == null || job.runId().isPresent() || (advance && job.state() != JobState.ACTIVE)
                || !job.definition().schedule().equals(seen.definition().schedule()) || !job.since().equals(seen.since())
                || !job.lastRun().equals(seen.lastRun())) {
            return Optional.empty();
        }
        long id = nextId++;
        history.put(id, new HistoryEntry(id, Optional.of(job.name()), kind, owner, StoredJobs.running(job.name(), scheduled, now)));
        jobs.put(job.name(), new StoredJob(job.definition(), job.state(), job.since(),
                advance ? Optional.of(scheduled) : job.lastRun(), OptionalLong.of(id), Optional.of(owner),
                Optional.of(leaseUntil), job.updated()));
        return Optional.of(new Claim(job.name(), id, owner, scheduled, false));
    }

    @Override
    public synchronized Optional<Claim> takeOver(StoredJob seen, String owner, Instant now, Instant leaseUntil) {
        StoredJob job = jobs.get(seen.name());
        if (job == null || job.runId().isEmpty() || !job.runId().equals(seen.runId())
                || job.leaseUntil().map(u -> u.isAfter(now)).orElse(false)) {
            return Optional.empty();
        }
        long id = job.runId().getAsLong();
        HistoryEntry old = entry(id);
        String by = StoredJobs.tookOver(owner, old.by());
        history.put(id, new HistoryEntry(id, old.job(), old.kind(), by, old.run()));
        jobs.put(job.name(), new StoredJob(job.definition(), job.state(), job.since(), job.lastRun(), job.runId(),
                Optional.of(owner), Optional.of(leaseUntil), job.updated()));
        return Optional.of(new Claim(job.name(), id, owner, old.run().scheduled(), true));
    }

    @Override
    public synchronized boolean renew(Claim claim, Instant leaseUntil) {
        StoredJob job = holding(claim);
        if (job == null) {
            return false;
        }
        jobs.put(job.name(), new StoredJob(job.definition(), job.state(), job.since(), job.lastRun(), job.runId(),
                job.leaseOwner(), Optional.of(leaseUntil), job.updated()));
        return true;
    }

    @Override
    public synchronized boolean finish(Claim claim, RunRecord record) {
        StoredJob job = holding(claim);
        if (job == null) {
            return false;
        }
        HistoryEntry old = entry(claim.runId());
        history.put(claim.runId(), new HistoryEntry(old.id(), old.job(), old.kind(), old.by(), record));
        jobs.put(job.name(), new StoredJob(job.definition(), job.state(), job.since(), job.lastRun(), OptionalLong.empty(),
                Optional.empty(), Optional.empty(), job.updated()));
        return true;
    }

    @Override
    public synchronized long recordManual(RunRecord record, String by) {
        long id = nextId++;
        history.put(id, new HistoryEntry(id, Optional.empty(), HistoryEntry.Kind.MANUAL, by, record));
        return id;
    }

    @Override
    public synchronized List<HistoryEntry> history(Optional<String> job, int limit) {
        List<HistoryEntry> all = history.values().stream().filter(e -> job.isEmpty() || e.job().equals(job)).toList();
        return List.copyOf(all.subList(Math.max(0, all.size() - limit), all.size()));
    }

    @Override
    public synchronized int pruneHistory(Instant before) {
        Objects.requireNonNull(before, "before must not be null");
        int size = history.size();
        history.values().removeIf(e -> e.run().outcome() != RunRecord.Outcome.RUNNING
                && e.run().finishedAt().isBefore(before));
        return size - history.size();
    }

    @Override
    public synchronized Optional<Path> sharedWorkDirectory() {
        return Optional.ofNullable(workDirectory);
    }

    @Override
    public synchronized void declareSharedWorkDirectory(Path folder) {
        workDirectory = StoredJobs.checkShared(folder);
    }

    private StoredJob holding(Claim claim) {
        StoredJob job = jobs.get(claim.job());
        boolean holds = job != null && job.runId().equals(OptionalLong.of(claim.runId()))
                && job.leaseOwner().equals(Optional.of(claim.owner()));
        return holds ? job : null;
    }

    private HistoryEntry entry(long id) {
        return history.get(id);
    }
}
