package dev.rollcall.jobs;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where jobs, their progress and their history are kept: {@link InMemoryJobStore} for tests
 * and single processes, {@link JdbcJobStore} in the same database as the users. Several
 * {@link JobRunner}s, in one process or many, share one store; its claims make each
 * scheduled run happen once, by one runner:
 *
 * <ul>
 * <li>{@link #claim} takes a run only if the job is as the runner last read it (same
 * schedule, same last run) and no run is under way: of runners racing for the same run,
 * exactly one wins; it holds a lease until a given instant.</li>
 * <li>{@link #renew} extends the lease while the run goes on, {@link #finish} records the
 * run and ends the claim; both fail, changing nothing, once the claim was lost.</li>
 * <li>{@link #takeOver} gives a run whose lease ran out (its runner died) to another runner,
 * which finishes it.</li>
 * </ul>
 *
 * Each of these is atomic. Instants are compared as given by the runners' clocks, so the
 * runners' clocks must agree to well within the lease time. Implementations are thread-safe.
 */
public interface JobStore {

    /**
     * Adds a job, or replaces the definition of one. A new job is {@link JobState#ACTIVE}
     * with its schedule starting {@code now}; a job whose schedule changed starts afresh
     * from {@code now}; a cancelled job saved again is active again. State, progress and
     * history are kept otherwise.
     *
     * @param definition the job's definition
     * @param now        the moment, by the caller's clock
     * @return the job as stored now
     */
    StoredJob save(JobDefinition definition, Instant now);

    /**
     * @param name a job's name
     * @return the job, if the store holds it
     */
    Optional<StoredJob> find(String name);

    /** @return every job, by name */
    List<StoredJob> list();

    /**
     * Sets a job's state. Enabling a disabled job starts its schedule afresh from
     * {@code now} (runs missed while it was disabled are not made up); a cancelled job
     * cannot be enabled (save it again). A run under way finishes.
     *
     * @param name  a job's name
     * @param state {@link JobState#ACTIVE}, {@link JobState#DISABLED} or {@link JobState#CANCELLED}
     * @param now   the moment, by the caller's clock
     * @return false when there is no such job
     * @throws IllegalArgumentException for {@link JobState#EXPIRED}
     * @throws IllegalStateException    when enabling a cancelled job
     */
    boolean setState(String name, JobState state, Instant now);

    /**
     * Removes a job and its history.
     *
     * @param name a job's name
     * @return false when there was no such job
     */
    boolean delete(String name);

    /**
     * Claims a run of a job, if the job is still as {@code seen} (same schedule, start and
     * last run), no run of it is under way, and (for a {@link HistoryEntry.Kind#SCHEDULED}
     * run) it is active. Records the run as under way in the history.
     *
     * @param seen       the job as the runner read it
     * @param scheduled  the scheduled run to take (or the moment a run was asked for)
     * @param kind       {@link HistoryEntry.Kind#SCHEDULED}: the job's last run becomes
     *                   {@code scheduled}; {@link HistoryEntry.Kind#ON_DEMAND}: a run asked
     *                   for by hand; {@link HistoryEntry.Kind#REQUEUE}: an administrator's
     *                   requeue of inbox files (the job's inbox is held while it lasts)
     * @param owner      the runner (or the administrator requeueing)
     * @param now        the runner's clock
     * @param leaseUntil how long the claim holds unless renewed
     * @return the claim; empty when another runner was first, or the job changed
     * @throws IllegalArgumentException for {@link HistoryEntry.Kind#MANUAL}
     */
    Optional<Claim> claim(StoredJob seen, Instant scheduled, HistoryEntry.Kind kind, String owner, Instant now,
                          Instant leaseUntil);

    /**
     * Takes over the run under way of a job whose lease ran out.
     *
     * @param seen       the job as the runner read it, with the run under way
     * @param owner      the runner taking over
     * @param now        the runner's clock: the lease must have ended at or before it
     * @param leaseUntil how long the new claim holds unless renewed
     * @return the claim, for the same scheduled run; empty when the lease still holds, or
     *         another runner took the run over first
     */
    Optional<Claim> takeOver(StoredJob seen, String owner, Instant now, Instant leaseUntil);

    /**
     * @param claim      a claim
     * @param leaseUntil the new end of its lease
     * @return false when the claim was lost (taken over, or the job deleted)
     */
    boolean renew(Claim claim, Instant leaseUntil);

    /**
     * Records a claimed run's result and ends the claim, atomically.
     *
     * @param claim  a claim
     * @param record what the run did
     * @return false, recording nothing, when the claim was lost
     */
    boolean finish(Claim claim, RunRecord record);

    /**
     * Records an upload applied by hand, outside any job.
     *
     * @param record what was applied ({@link RunRecord#job()} is a label, such as
     *               {@code rollcall apply})
     * @param by     who applied it
     * @return the history entry's id
     */
    long recordManual(RunRecord record, String by);

    /**
     * @param job   a job's name; empty for the whole history (every job and every upload
     *              applied by hand)
     * @param limit how many entries at most: the latest
     * @return the entries, oldest first
     */
    List<HistoryEntry> history(Optional<String> job, int limit);

    /**
     * Forgets the history entries (and their files) that finished before an instant: jobs'
     * runs and uploads applied by hand. A run under way is kept.
     *
     * @param before the instant
     * @return how many entries were removed
     */
    int pruneHistory(Instant before);

    /**
     * The work folder every runner sharing this store must use: each job's inbox and error
     * files, on a folder every node mounts (see {@link JobRunner}).
     *
     * @return the folder declared, if one was
     */
    Optional<Path> sharedWorkDirectory();

    /**
     * Declares the work folder every runner sharing this store must use, replacing any
     * declared before. Runners started afterwards use it, and refuse to start where it is
     * missing; move the jobs' folders there before changing it.
     *
     * @param folder an absolute path, the same on every node
     * @throws IllegalArgumentException when it is not absolute
     */
    void declareSharedWorkDirectory(Path folder);
}
