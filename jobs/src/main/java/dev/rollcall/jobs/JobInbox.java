package dev.rollcall.jobs;

import dev.rollcall.jobs.internal.DurableFileOps;
import dev.rollcall.jobs.internal.FileOps;
import dev.rollcall.jobs.internal.Inbox;
import dev.rollcall.spi.Codes;
import dev.rollcall.spi.JobCompletion;
import dev.rollcall.spi.Problem;
import dev.rollcall.spi.UploadSummary;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A job's durable inbox, as an administrator acts on it from outside any run: the files kept
 * in {@code interrupted/} (the process stopped while applying them, so they are never applied
 * again by themselves), and the decision to apply one again ({@link #requeue}). Works without
 * the job's source, keys or secrets: only the store and the shared work folder. Thread-safe.
 */
public final class JobInbox {

    private final JobStore store;
    private final String job;
    private final Path root;
    private final FileOps ops;

    JobInbox(JobStore store, Path workDirectory, String job, FileOps ops) {
        this.store = Objects.requireNonNull(store, "store must not be null");
        this.job = Job.checkName(job);
        this.root = workDirectory.resolve(job).resolve("inbox");
        this.ops = ops;
    }

    /**
     * @param store         the job store the job's runners share
     * @param workDirectory the work folder they share (see {@link JobStore#sharedWorkDirectory()})
     * @param job           the job's name
     * @return the job's inbox
     */
    public static JobInbox of(JobStore store, Path workDirectory, String job) {
        return new JobInbox(store, Objects.requireNonNull(workDirectory, "workDirectory must not be null"), job,
                DurableFileOps.INSTANCE);
    }

    /** @return the inbox's folder */
    public Path root() {
        return root;
    }

    /**
     * @return the files kept in {@code interrupted/}, in the order they were taken
     * @throws UncheckedIOException when the folder cannot be read
     */
    public List<String> interrupted() {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try {
            return inbox().interrupted();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * An administrator's decision to apply an interrupted file again: it goes back to
     * {@code ready/} and is processed at the job's next run, by whichever runner takes it.
     * Applying is idempotent (the file is planned again against the store), so only what is
     * missing is written. The move is made under a claim on the job, as a run is, so no runner
     * works on the inbox meanwhile, and it is recorded in the job's history
     * ({@link HistoryEntry.Kind#REQUEUE}, {@link RunRecord.Outcome#REQUEUED}) with who did it.
     *
     * @param file an entry of {@link #interrupted()}
     * @param by   who requeues it, for the history
     * @param now  the moment, by the caller's clock
     * @return the history's record of it
     * @throws IllegalArgumentException when there is no such job or file
     * @throws IllegalStateException    when a run of the job is under way (here or on another node)
     * @throws UncheckedIOException     when the file cannot be moved (nothing was moved)
     */
    public RunRecord requeue(String file, String by, Instant now) {
        Objects.requireNonNull(file, "file must not be null");
        Objects.requireNonNull(by, "by must not be null");
        Instant at = now.truncatedTo(ChronoUnit.MILLIS);
        StoredJob seen = store.find(job).orElseThrow(() -> new IllegalArgumentException("no job named " + job));
        if (seen.runId().isPresent()) {
            throw running(seen);
        }
        if (!interrupted().contains(file)) {
            throw new IllegalArgumentException("job " + job + " has no interrupted file " + file + " in "
                    + root.resolve("interrupted"));
        }
        Claim claim = store.claim(seen, at, HistoryEntry.Kind.REQUEUE, by, at, at.plus(JobRunner.DEFAULT_LEASE))
                .orElseThrow(() -> running(store.find(job).orElse(seen)));
        FileOps.Copied facts = JobExecution.facts(root.resolve("interrupted").resolve(file));
        RunRecord record;
        try {
            inbox().requeue(file);
            record = record(claim, at, file, facts, RunRecord.Outcome.REQUEUED,
                    "requeued by " + by + ": applied again at the next run", List.of());
        } catch (IOException | RuntimeException e) {
            record = record(claim, at, file, facts, RunRecord.Outcome.FAILED, "not requeued", List.of(Problem.error(
                    Codes.JOB_FAILED, "requeueing " + file + " failed (" + e.getClass().getSimpleName() + ")")));
            store.finish(claim, record);
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
        if (!store.finish(claim, record)) {
            throw new IllegalStateException("job " + job + ": the requeue's claim was lost before it was recorded; "
                    + file + " is in ready/ and is processed at the next run");
        }
        return record;
    }

    private RunRecord record(Claim claim, Instant at, String file, FileOps.Copied facts, RunRecord.Outcome outcome,
                             String description, List<Problem> problems) {
        FileResult f = new FileResult(file, facts.size(), facts.sha256(), JobCompletion.Status.INTERRUPTED,
                UploadSummary.EMPTY, description, problems, Optional.empty(), at);
        return new RunRecord(job, claim.scheduled(), at, at, outcome, List.of(f), List.of());
    }

    private IllegalStateException running(StoredJob s) {
        return new IllegalStateException("job " + job + " is running" + s.leaseOwner().map(o -> " (on " + o + ")").orElse("")
                + "; requeue the file when the run is over");
    }

    private Inbox inbox() {
        return new Inbox(root, ops, Integer.MAX_VALUE);
    }
}
