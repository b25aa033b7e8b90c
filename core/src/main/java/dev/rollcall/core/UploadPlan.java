package dev.rollcall.core;

import dev.rollcall.core.internal.Applier;
import dev.rollcall.core.internal.ErrorFile;
import dev.rollcall.core.internal.PlanData;
import dev.rollcall.core.internal.SavedPlans;
import dev.rollcall.core.internal.Settings;
import dev.rollcall.core.internal.Summaries;
import dev.rollcall.spi.Codes;
import dev.rollcall.spi.Notifier;
import dev.rollcall.spi.Problem;
import dev.rollcall.spi.RollcallException;
import dev.rollcall.spi.Severity;
import dev.rollcall.spi.StandardFields;
import dev.rollcall.spi.UploadCompletion;
import dev.rollcall.spi.UploadFormat;
import dev.rollcall.spi.UploadSummary;
import dev.rollcall.spi.UserRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Everything an upload would do, worked out before anything is written: one
 * {@link PlannedChange} per row of the file, and the counters. A host shows it for
 * review, may {@link #exclude} rows and choose who gets a {@link #welcome welcome
 * message} (each returns a new plan), then calls {@link #apply()}. A dry run is a plan
 * that is never applied.
 *
 * <pre>{@code
 * UploadPlanner planner = UploadPlan.builder()
 *         .repository(repository)
 *         .mode(UploadMode.ADD_UPDATE)
 *         .build();
 * UploadPlan plan = planner.plan(Path.of("users.csv"));
 * plan.rejected().forEach(r -> System.out.println(r.line() + ": " + r.errors()));
 * UploadResult result = plan.apply();
 * }</pre>
 *
 * <p>A plan whose file was refused ({@link #isRefused()}: an unknown column, an unclosed
 * quote, …) has no entries and cannot be applied. Immutable and thread-safe; it can be
 * applied once.
 *
 * <p>A large plan keeps its entries in a temporary file rather than in memory (see
 * {@link #close()}); reading them back is transparent.
 */
public final class UploadPlan implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(UploadPlan.class);

    private final Settings settings;
    private final String source;
    private final PlanData data;
    private final UploadSummary summary;
    private final AtomicBoolean applied;
    private final UploadFormat format;
    /** a plan read from a saved file: checked against the store before it is applied */
    private final boolean saved;

    UploadPlan(Settings settings, String source, PlanData data, UploadFormat format) {
        this(settings, source, data, format, new AtomicBoolean(), false);
    }

    private UploadPlan(Settings settings, String source, PlanData data, UploadFormat format, AtomicBoolean applied,
                       boolean saved) {
        this.settings = settings;
        this.source = source;
        this.data = data;
        this.format = format;
        this.summary = data.summary();
        this.applied = applied;
        this.saved = saved;
    }

    /** @return a builder for an {@link UploadPlanner}, the one way in */
    public static UploadPlanner.Builder builder() {
        return new UploadPlanner.Builder();
    }

    /** @return the name of the planned file */
    public String source() {
        return source;
    }

    /** @return the upload mode the plan was made with */
    public UploadMode mode() {
        return settings.mode();
    }

    /** @return whether the file was refused as a whole; nothing of it can be applied */
    public boolean isRefused() {
        return !data.fileProblems().isEmpty();
    }

    /** @return the problems that refused the file; empty when it was not refused */
    public List<Problem> fileProblems() {
        return data.fileProblems();
    }

    /**
     * @return why the safety guard stopped this full upload, if it did: the plan lists every
     *         change for review, but cannot be applied
     */
    public Optional<Problem> safetyStop() {
        return Optional.ofNullable(data.safetyStop());
    }

    /** @return the file's header as written */
    public List<String> columns() {
        return data.columns();
    }

    /** @return the counters, as if the plan were applied without failures */
    public UploadSummary summary() {
        return summary;
    }

    /** @return every entry: the file's rows in order, then users a full upload leaves out */
    public List<PlannedChange> all() {
        return data.entries();
    }

    /** @return every entry, as a stream */
    public Stream<PlannedChange> stream() {
        return data.entries().stream();
    }

    /**
     * @param action an action
     * @return the entries with that action, in order
     */
    public List<PlannedChange> byAction(Action action) {
        Objects.requireNonNull(action, "action must not be null");
        return stream().filter(c -> c.action() == action).toList();
    }

    /** @return the entries that create users */
    public List<PlannedChange> creates() {
        return byAction(Action.CREATE);
    }

    /** @return the entries that change existing users in any way (update, rename, activate, deactivate, delete) */
    public List<PlannedChange> updates() {
        return stream().filter(c -> c.action().writes() && c.action() != Action.CREATE).toList();
    }

    /** @return the entries that match a user and change nothing */
    public List<PlannedChange> unchanged() {
        return byAction(Action.UNCHANGED);
    }

    /** @return the skipped entries */
    public List<PlannedChange> skipped() {
        return byAction(Action.SKIP);
    }

    /** @return the rejected entries */
    public List<PlannedChange> rejected() {
        return byAction(Action.REJECT);
    }

    /**
     * @param line a 1-based line of the file
     * @return the entry of the row starting at that line
     */
    public Optional<PlannedChange> atLine(long line) {
        // rows are in line order, before the line-less entries of a full upload: a binary search
        List<PlannedChange> all = data.entries();
        int lo = 0;
        int hi = (int) Math.min(summary.rows(), all.size()) - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            long l = all.get(mid).line();
            if (l < line) {
                lo = mid + 1;
            } else if (l > line) {
                hi = mid - 1;
            } else {
                return Optional.of(all.get(mid));
            }
        }
        return Optional.empty();
    }

    /** @return whether applying would write anything */
    public boolean hasChanges() {
        return stream().anyMatch(c -> c.action().writes());
    }

    /**
     * A reviewer's "do not create/update" (seed 001's Y/N column): the chosen rows are
     * skipped with the code {@link Codes#EXCLUDED}. Other rows were planned assuming these
     * would be applied; a row that depended on an excluded one (a create reusing a
     * username a rename frees) fails cleanly when applied.
     *
     * @param lines 1-based lines to exclude
     * @return a new plan; this one is unchanged
     */
    public UploadPlan exclude(long... lines) {
        long[] sorted = lines.clone();
        Arrays.sort(sorted);
        return exclude(c -> c.hasLine() && Arrays.binarySearch(sorted, c.line()) >= 0);
    }

    /**
     * @param which the entries to exclude; only entries that would write are affected
     * @return a new plan in which they are skipped
     */
    public UploadPlan exclude(Predicate<PlannedChange> which) {
        Objects.requireNonNull(which, "which must not be null");
        Problem reason = new Problem(Severity.INFO, Codes.EXCLUDED, 0, null, null, "excluded by the reviewer");
        return map(c -> c.action().writes() && which.test(c) ? c.skipped(reason) : c);
    }

    /**
     * Chooses which new users get a welcome message through the {@link Notifier} once they
     * exist (seed 001: none by default).
     *
     * @param who the creates to welcome; other creates get none
     * @return a new plan
     */
    public UploadPlan welcome(Predicate<PlannedChange> who) {
        Objects.requireNonNull(who, "who must not be null");
        return map(c -> c.withWelcome(c.action() == Action.CREATE && who.test(c)));
    }

    /** @return a new plan in which every new user gets a welcome message */
    public UploadPlan welcomeAll() {
        return welcome(c -> true);
    }

    private UploadPlan map(java.util.function.UnaryOperator<PlannedChange> f) {
        dev.rollcall.core.internal.EntryStore out = new dev.rollcall.core.internal.EntryStore();
        Summaries.Counter counter = new Summaries.Counter();
        int i = 0;
        for (PlannedChange c : data.entries()) {
            PlannedChange mapped = f.apply(c);
            out.add(mapped, c.action() == Action.REJECT ? data.store().rawValues(i) : null);
            counter.plan(mapped);
            i++;
        }
        return new UploadPlan(settings, source, new PlanData(out.seal(), counter.summary(), data.fileProblems(),
                data.columns(), data.safetyStop()), format, applied, saved);
    }

    /**
     * Writes the error file (the "download errors" file of SaaS products): the rejected rows
     * exactly as they were in the upload, in its format and columns, with an {@code errors}
     * column appended that says what is wrong. Fixed, it can be uploaded again as it is: the
     * {@code errors} column is ignored on upload. Passwords and other sensitive fields are the
     * exception: their cells are left empty, because no secret may reach a file, and must be
     * typed again. In a CSV error file a cell a spreadsheet would run as a formula
     * ({@code =1+1}, {@code -5}, {@code @home}) is written with an apostrophe in front, which
     * reading the file takes off again ({@link dev.rollcall.spi.FormulaGuard}).
     *
     * @param out where to write; closed when done
     * @return the number of rows written
     * @throws java.io.UncheckedIOException when writing fails
     * @throws RollcallException ({@link Codes#PLAN_NOT_APPLICABLE}) when the file was refused
     */
    public long writeErrorFile(java.io.OutputStream out) {
        Objects.requireNonNull(out, "out must not be null");
        if (isRefused()) {
            throw new RollcallException(Codes.PLAN_NOT_APPLICABLE, "the file " + source
                    + " was refused as a whole; its problems are in fileProblems(), not in an error file");
        }
        return ErrorFile.write(data, format, out);
    }

    /**
     * Writes the plan through the repository, in batches, and tells the notifier. Each
     * entry's outcome is recorded: only writes the repository accepted count as applied; a
     * write it refuses is reported with its cause, and the others go ahead or, once the
     * {@link FailurePolicy} says stop, are reported not attempted. Planning the same file
     * again afterwards yields exactly the work that did not happen.
     *
     * @return what was done
     * @throws RollcallException ({@link Codes#PLAN_NOT_APPLICABLE}) when the file was
     *                           refused or this plan (or one derived from it) was applied
     *                           already; ({@link Codes#MASS_DEACTIVATION}) when the safety guard
     *                           stopped it
     */
    public UploadResult apply() {
        if (isRefused()) {
            throw new RollcallException(Codes.PLAN_NOT_APPLICABLE, "the file " + source
                    + " was refused and cannot be applied: " + data.fileProblems().get(0).describe());
        }
        if (data.safetyStop() != null) {
            throw new RollcallException(Codes.MASS_DEACTIVATION, data.safetyStop().message());
        }
        if (!applied.compareAndSet(false, true)) {
            throw new RollcallException(Codes.PLAN_NOT_APPLICABLE, "this plan was applied already; plan the file again");
        }
        if (saved) {
            try {
                checkStillCurrent();
            } catch (RuntimeException e) {
                applied.set(false);
                throw e;
            }
        }
        List<PlannedChange> entries = data.entries();
        Applier.Outcomes outcomes = new Applier(settings, entries.size()).apply(entries);
        List<RowOutcome> rows = new OutcomeList(entries, outcomes);
        Summaries.Counter counter = new Summaries.Counter();
        rows.forEach(counter::outcome);
        UploadSummary result = counter.summary();
        LOG.info("applied {}: {}", source, result.describe());
        List<Problem> problems = new ArrayList<>();
        try {
            settings.notifier().uploadCompleted(new UploadCompletion(source, true, result, List.of(),
                    Optional.empty(), Instant.now()));
        } catch (RuntimeException e) {
            LOG.warn("the notifier failed on completion of {} ({})", source, e.getClass().getSimpleName(), e);
            problems.add(new Problem(Severity.WARNING, Codes.NOTIFIER_FAILED, 0, null, null,
                    "the upload was applied, but the completion notice failed (" + e.getClass().getSimpleName() + ")"));
        }
        return new UploadResult(source, result, rows, problems);
    }

    // ---------------------------------------------------------------- saved plans

    /**
     * Saves the plan, to be reviewed and applied later (see {@link UploadPlanner#load}). The
     * file is signed (HMAC-SHA256) under a key derived from the store's
     * {@link UserRepository#planKey() plan key}, or the key given to the builder
     * ({@link UploadPlanner.Builder#planKey}): loading refuses it if a byte of it changed, if it
     * was cut short, or if it was made for another store. Passwords and the values of sensitive
     * fields are encrypted in it (AES-256-GCM, under another key derived from the same key);
     * the cells of sensitive fields are left out of its rejected rows. The file holds personal
     * data, so only its owner may read it (where the file system has POSIX permissions). It is
     * written beside {@code file} and moved into place once complete.
     *
     * @param file where to write it
     * @throws IllegalStateException        when neither the repository nor the builder gives a key
     * @throws java.io.UncheckedIOException when writing fails
     */
    public void save(java.nio.file.Path file) {
        Objects.requireNonNull(file, "file must not be null");
        SavedPlans.write(file, SavedPlans.key(settings), source, settings.mode(), format, data);
    }

    /**
     * Reads a plan {@link #save saved} earlier, once its signature shows it is as it was
     * saved, for this store; it will be checked against the store when applied.
     */
    static UploadPlan load(Settings settings, java.nio.file.Path file) {
        SavedPlans.Contents saved = SavedPlans.read(file, SavedPlans.key(settings));
        UploadFormat format = settings.format() != null && settings.format().name().equals(saved.formatName())
                ? settings.format() : Formats.named(saved.formatName()).orElse(null);
        return new UploadPlan(settings.withMode(saved.mode()), saved.source(), saved.data(), format, new AtomicBoolean(),
                true);
    }

    /**
     * A saved plan is applied only if the store is as it was: every user it changes still has
     * the version it was planned against, and no user it creates exists. Checked in batches,
     * before anything is written.
     */
    private void checkStillCurrent() {
        List<String> stale = new ArrayList<>();
        long count = 0;
        List<PlannedChange> batch = new ArrayList<>(settings.batchSize());
        for (PlannedChange c : data.entries()) {
            if (c.action().writes()) {
                batch.add(c);
                if (batch.size() == settings.batchSize()) {
                    count += notAsPlanned(batch, stale);
                    batch.clear();
                }
            }
        }
        count += notAsPlanned(batch, stale);
        if (count > 0) {
            throw new RollcallException(Codes.STALE_PLAN, "the store changed since this plan was made: " + count
                    + (count == 1 ? " user" : " users") + " it changes or creates (" + stale.get(0)
                    + (count > 1 ? ", …" : "") + ") are not as planned. Nothing was written; plan the file again");
        }
    }

    /** @return how many of the batch's users are not as planned; their names go to {@code stale} */
    private long notAsPlanned(List<PlannedChange> batch, List<String> stale) {
        if (batch.isEmpty()) {
            return 0;
        }
        List<String> ids = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (PlannedChange c : batch) {
            if (c.action() == Action.CREATE) {
                names.add(c.username());
            } else {
                ids.add(c.userId());
            }
        }
        java.util.Map<String, dev.rollcall.spi.UserRecord> current = ids.isEmpty() ? java.util.Map.of()
                : settings.repository().findByIds(ids);
        java.util.Map<String, List<dev.rollcall.spi.UserRecord>> taken = names.isEmpty() ? java.util.Map.of()
                : settings.repository().findBy(StandardFields.USERNAME, names);
        long n = 0;
        for (PlannedChange c : batch) {
            dev.rollcall.spi.UserRecord now = c.userId() == null ? null : current.get(c.userId());
            boolean changed = c.action() == Action.CREATE ? taken.containsKey(c.username())
                    : now == null || now.version() != c.expectedVersion();
            if (changed) {
                n++;
                if (stale.isEmpty()) {
                    stale.add(c.username());
                }
            }
        }
        return n;
    }

    /**
     * Deletes the temporary file a large plan keeps its entries in; the plan (and results of
     * applying it) can no longer be read. Plans that stayed in memory have nothing to delete.
     * Unclosed files are deleted when the plan is no longer reachable, and when the JVM exits.
     */
    @Override
    public void close() {
        data.store().close();
    }

    @Override
    public String toString() {
        return "UploadPlan[" + source + ", " + (isRefused() ? "refused" : safetyStop().isPresent() ? "stopped"
                : summary.describe()) + "]";
    }
}
