package dev.rollcall.core;

import dev.rollcall.core.internal.Applier;
import dev.rollcall.core.internal.PlanData;
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
import dev.rollcall.spi.UserStatus;
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
    public static Builder builder() {
        return new Builder();
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
     * typed again.
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
        List<String> columns = new ArrayList<>(data.columns());
        int errorsColumn = -1;
        for (int i = 0; i < columns.size(); i++) {
            if (dev.rollcall.spi.UploadColumns.ERRORS.equals(dev.rollcall.spi.UploadColumns.normalize(columns.get(i)))) {
                errorsColumn = i;
            }
        }
        if (errorsColumn < 0) {
            columns.add(dev.rollcall.spi.UploadColumns.ERRORS);
        }
        long n = 0;
        try (dev.rollcall.spi.RowWriter w = format.writer(out, columns)) {
            int index = 0;
            for (PlannedChange c : data.entries()) {
                List<String> values = c.action() == Action.REJECT ? data.store().rawValues(index) : null;
                index++;
                if (values == null) {
                    continue;
                }
                List<String> row = new ArrayList<>(values);
                while (row.size() < data.columns().size()) {
                    row.add(null);
                }
                String errors = String.join("; ", c.errors().stream()
                        .map(p -> (p.column() != null ? p.column() + ": " : "") + p.message() + " [" + p.code() + "]").toList());
                if (errorsColumn >= 0) {
                    row.set(errorsColumn, errors);
                } else {
                    row.add(errors);
                }
                w.write(row);
                n++;
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return n;
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
     * ({@link Builder#planKey}): loading refuses it if a byte of it changed, if it was cut
     * short, or if it was made for another store. Passwords and the values of sensitive
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
        dev.rollcall.core.internal.PlanFile.write(file, planKey(settings), (out, cipher) -> {
            out.writeUTF(source);
            out.writeUTF(settings.mode().name());
            out.writeUTF(format == null ? "" : format.name());
            out.writeInt(data.columns().size());
            for (String c : data.columns()) {
                out.writeUTF(c);
            }
            out.writeInt(data.fileProblems().size());
            for (Problem p : data.fileProblems()) {
                writeProblem(out, p);
            }
            out.writeBoolean(data.safetyStop() != null);
            if (data.safetyStop() != null) {
                writeProblem(out, data.safetyStop());
            }
            UploadSummary s = data.summary();
            for (long v : new long[] {s.rows(), s.created(), s.updated(), s.renamed(), s.activated(), s.deactivated(),
                    s.deleted(), s.unchanged(), s.skipped(), s.rejected(), s.failed(), s.notAttempted(), s.weakPasswords()}) {
                out.writeLong(v);
            }
            data.store().writeTo(out, cipher);
        });
    }

    /** @return the key saved plans are signed under: the builder's, else the repository's */
    private static byte[] planKey(Settings settings) {
        if (settings.planKey() != null) {
            return settings.planKey();
        }
        return settings.repository().planKey().orElseThrow(() -> new IllegalStateException("the repository keeps "
                + "no key for saved plans (UserRepository.planKey()); give one with UploadPlan.builder().planKey(..)"));
    }

    private static void writeProblem(java.io.DataOutputStream out, Problem p) throws java.io.IOException {
        out.writeByte(p.severity().ordinal());
        out.writeUTF(p.code());
        out.writeLong(p.line());
        out.writeUTF(p.column() == null ? "\u0000" : p.column());
        out.writeUTF(p.field() == null ? "\u0000" : p.field());
        out.writeUTF(p.message());
    }

    private static Problem readProblem(java.io.DataInputStream in) throws java.io.IOException {
        Severity severity = Severity.values()[in.readByte()];
        String code = in.readUTF();
        long line = in.readLong();
        String column = in.readUTF();
        String field = in.readUTF();
        return new Problem(severity, code, line, column.equals("\u0000") ? null : column,
                field.equals("\u0000") ? null : field, in.readUTF());
    }

    /**
     * Reads a plan {@link #save saved} earlier, once its signature shows it is as it was
     * saved, for this store; it will be checked against the store when applied.
     */
    static UploadPlan load(Settings settings, java.nio.file.Path file) {
        return dev.rollcall.core.internal.PlanFile.read(file, planKey(settings), (in, cipher) -> {
            String source = in.readUTF();
            UploadMode mode = UploadMode.valueOf(in.readUTF());
            String formatName = in.readUTF();
            List<String> columns = new ArrayList<>();
            for (int i = in.readInt(); i > 0; i--) {
                columns.add(in.readUTF());
            }
            List<Problem> problems = new ArrayList<>();
            for (int i = in.readInt(); i > 0; i--) {
                problems.add(readProblem(in));
            }
            Problem stop = in.readBoolean() ? readProblem(in) : null;
            long[] v = new long[13];
            for (int i = 0; i < v.length; i++) {
                v[i] = in.readLong();
            }
            UploadSummary summary = new UploadSummary(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10],
                    v[11], v[12]);
            dev.rollcall.core.internal.EntryStore store = dev.rollcall.core.internal.EntryStore.readFrom(in, cipher);
            UploadFormat format = settings.format() != null && settings.format().name().equals(formatName)
                    ? settings.format() : Formats.named(formatName).orElse(null);
            Settings withMode = settings.withMode(mode);
            return new UploadPlan(withMode, source, new PlanData(store, summary, problems, columns, stop), format,
                    new AtomicBoolean(), true);
        });
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

    /**
     * Configures an {@link UploadPlanner}. Methods are named after the setting; each
     * setting may be given once. {@link #build()} copies the settings, so the planner is
     * immutable and the builder can be reused. Not thread-safe.
     */
    public static final class Builder {

        private UserRepository repository;
        private UploadFormat format;
        private UploadMode mode;
        private String matchOn;
        private Boolean fallbackToUsername;
        private EmptyValues emptyValues;
        private Integer batchSize;
        private Boolean standardiseUsernames;
        private UserStatus newUserStatus;
        private Boolean allowRenames;
        private Boolean allowDeletes;
        private Boolean allowSuspends;
        private Notifier notifier;
        private UpdateType updateType;
        private final java.util.Map<String, String> defaults = new java.util.LinkedHashMap<>();
        private Boolean extendedUsernameChars;
        private DuplicateUsernames duplicateUsernames;
        private Boolean singleSignOn;
        private Boolean updatePasswords;
        private ForcePasswordChange forcePasswordChange;
        private PasswordPolicy passwordPolicy;
        private Boolean preventEmailDuplicates;
        private String site;
        private Progress progress;
        private Integer maxRows;
        private Boolean strictTemplate;
        private Boolean rejectExcelDamage;
        private String feed;
        private Boolean fullUpload;
        private Double maxDeactivationPercent;
        private Boolean allowMassDeactivation;
        private Boolean deactivateAllOnEmptyFile;
        private final List<dev.rollcall.spi.Decoder> decoders = new ArrayList<>();
        private FailurePolicy failurePolicy;
        private byte[] planKey;

        private Builder() {
        }

        private static void once(Object current, String setting) {
            if (current != null) {
                throw new IllegalStateException(setting + " was already set");
            }
        }

        /** The host's storage (required). */
        public Builder repository(UserRepository value) {
            Objects.requireNonNull(value, "repository must not be null");
            once(repository, "repository");
            this.repository = value;
            return this;
        }

        /** The file format; by default it is chosen by the file's suffix among the installed formats. */
        public Builder format(UploadFormat value) {
            Objects.requireNonNull(value, "format must not be null");
            once(format, "format");
            this.format = value;
            return this;
        }

        /** What happens to new and existing users (default {@link UploadMode#ADD_NEW}). */
        public Builder mode(UploadMode value) {
            Objects.requireNonNull(value, "mode must not be null");
            once(mode, "mode");
            this.mode = value;
            return this;
        }

        /**
         * The field rows are matched on (default {@code username}): {@code username},
         * {@code email}, or any field the repository's schema marks unique
         * ({@code externalId}, {@code employeeId}, a unique custom field).
         */
        public Builder matchOn(String field) {
            Objects.requireNonNull(field, "matchOn must not be null");
            once(matchOn, "matchOn");
            if (field.isBlank()) {
                throw new IllegalArgumentException("matchOn must not be blank");
            }
            this.matchOn = field.trim();
            return this;
        }

        /** When the match key finds nobody, try the row's username (default false). */
        public Builder fallbackToUsername(boolean value) {
            once(fallbackToUsername, "fallbackToUsername");
            this.fallbackToUsername = value;
            return this;
        }

        /** What an explicit empty value ({@code ""}) does (default {@link EmptyValues#IGNORE}). */
        public Builder emptyValues(EmptyValues value) {
            Objects.requireNonNull(value, "emptyValues must not be null");
            once(emptyValues, "emptyValues");
            this.emptyValues = value;
            return this;
        }

        /** Rows per repository look-up and per write batch (default 500). */
        public Builder batchSize(int value) {
            once(batchSize, "batchSize");
            if (value < 1) {
                throw new IllegalArgumentException("batchSize must be at least 1: " + value);
            }
            this.batchSize = value;
            return this;
        }

        /**
         * Lower-case usernames read from the file and strip characters outside
         * {@code [-.@_a-z0-9]} (default true).
         */
        public Builder standardiseUsernames(boolean value) {
            once(standardiseUsernames, "standardiseUsernames");
            this.standardiseUsernames = value;
            return this;
        }

        /** The status of new users whose row gives none (default {@link UserStatus#INACTIVE}). */
        public Builder newUserStatus(UserStatus value) {
            Objects.requireNonNull(value, "newUserStatus must not be null");
            once(newUserStatus, "newUserStatus");
            this.newUserStatus = value;
            return this;
        }

        /**
         * What updates do with existing users' details (default {@link UpdateType#FILE}):
         * override with the file, with the file and the defaults, or fill in only empty fields.
         */
        public Builder updateType(UpdateType value) {
            Objects.requireNonNull(value, "updateType must not be null");
            once(updateType, "updateType");
            this.updateType = value;
            return this;
        }

        /**
         * A default value for a field, used when a row leaves the field blank (for new users
         * always; for existing users with {@link UpdateType#FILE_AND_DEFAULTS} or
         * {@link UpdateType#FILL_MISSING}). Template codes are expanded in default values,
         * never in values from the file: {@code %l} last name, {@code %f} first name,
         * {@code %u} username, {@code %%} a percent sign, with the modifiers {@code -}
         * (lower case), {@code +} (UPPER CASE), {@code ~} (Title Case) and a number
         * (truncate): {@code %-1f%-l} makes {@code jdoe} for John Doe. A default for
         * {@code username} is the {@link #usernameTemplate username template}.
         *
         * @param field    a canonical field name of the repository's schema
         * @param template the default value, possibly with codes
         */
        public Builder defaultValue(String field, String template) {
            Objects.requireNonNull(field, "field must not be null");
            Objects.requireNonNull(template, "template must not be null");
            if (defaults.containsKey(field)) {
                throw new IllegalStateException("a default for " + field + " was already set");
            }
            defaults.put(field, template);
            return this;
        }

        /**
         * Makes usernames for rows without one from a template such as {@code %-1f%-l}
         * (seed 003). Generated usernames are lower-cased and, unless
         * {@link #extendedUsernameChars extended characters} are allowed, keep only letters,
         * digits, {@code -} and {@code .}.
         */
        public Builder usernameTemplate(String template) {
            return defaultValue(StandardFields.USERNAME, template);
        }

        /** Generated usernames may keep characters other than letters, digits, - and . (default false). */
        public Builder extendedUsernameChars(boolean value) {
            once(extendedUsernameChars, "extendedUsernameChars");
            this.extendedUsernameChars = value;
            return this;
        }

        /** What happens when a generated username is taken (default {@link DuplicateUsernames#APPEND_COUNTER}). */
        public Builder duplicateUsernames(DuplicateUsernames value) {
            Objects.requireNonNull(value, "duplicateUsernames must not be null");
            once(duplicateUsernames, "duplicateUsernames");
            this.duplicateUsernames = value;
            return this;
        }

        /**
         * The host uses single sign-on (seed 004): {@code accountStatus} A activates,
         * {@code employeeStatus} is ignored with a warning (default false).
         */
        public Builder singleSignOn(boolean value) {
            once(singleSignOn, "singleSignOn");
            this.singleSignOn = value;
            return this;
        }

        /** A password column changes existing users' passwords (default false: only new users get one). */
        public Builder updatePasswords(boolean value) {
            once(updatePasswords, "updatePasswords");
            this.updatePasswords = value;
            return this;
        }

        /** Who must change a password from the file at next sign-in (default {@link ForcePasswordChange#NONE}). */
        public Builder forcePasswordChange(ForcePasswordChange value) {
            Objects.requireNonNull(value, "forcePasswordChange must not be null");
            once(forcePasswordChange, "forcePasswordChange");
            this.forcePasswordChange = value;
            return this;
        }

        /** Decides which passwords are weak (default {@link PasswordPolicy#standard()}). */
        public Builder passwordPolicy(PasswordPolicy value) {
            Objects.requireNonNull(value, "passwordPolicy must not be null");
            once(passwordPolicy, "passwordPolicy");
            this.passwordPolicy = value;
            return this;
        }

        /**
         * Reject a row whose email address (without regard to case) another user or an
         * earlier row already has (default true); when false such rows go ahead with a warning.
         */
        public Builder preventEmailDuplicates(boolean value) {
            once(preventEmailDuplicates, "preventEmailDuplicates");
            this.preventEmailDuplicates = value;
            return this;
        }

        /**
         * Limits the upload to a site and everything below it (seed 003: {@code Canada/Ontario}
         * covers {@code Canada/Ontario/Hospital A}, never {@code Canada/Quebec}). Users
         * outside it are never changed; new users are created in it, or in the site a
         * {@code site} column names inside it.
         *
         * @param path the site's path, segments separated by {@code /}
         */
        public Builder site(String path) {
            Objects.requireNonNull(path, "site must not be null");
            once(site, "site");
            String normalized = dev.rollcall.spi.Sites.normalize(path);
            if (normalized.isEmpty()) {
                throw new IllegalArgumentException("site must name a site: '" + path + "'");
            }
            this.site = normalized;
            return this;
        }

        /**
         * Renames are allowed (default false): an {@code oldUsername} column renames the user
         * it names to the {@code username} column's value, and a user matched on another key
         * whose row gives another username is renamed to it.
         */
        public Builder allowRenames(boolean value) {
            once(allowRenames, "allowRenames");
            this.allowRenames = value;
            return this;
        }

        /** A {@code DELETED} status deletes the user (default false). */
        public Builder allowDeletes(boolean value) {
            once(allowDeletes, "allowDeletes");
            this.allowDeletes = value;
            return this;
        }

        /** A status column may activate and deactivate existing users (default true). */
        public Builder allowSuspends(boolean value) {
            once(allowSuspends, "allowSuspends");
            this.allowSuspends = value;
            return this;
        }

        /**
         * Told how far planning (and validating) and then applying have got, after each batch,
         * for a progress bar.
         */
        public Builder progress(Progress value) {
            Objects.requireNonNull(value, "progress must not be null");
            once(progress, "progress");
            this.progress = value;
            return this;
        }

        /**
         * The most data rows a file may have (seed 001: 100); a longer file is refused before
         * anything is written. Default: no limit.
         */
        public Builder maxRows(int value) {
            once(maxRows, "maxRows");
            if (value < 1) {
                throw new IllegalArgumentException("maxRows must be at least 1: " + value);
            }
            this.maxRows = value;
            return this;
        }

        /**
         * The header must be the template's (seed 001: do not rename columns, do not delete
         * columns): every field of the repository's schema, by its canonical name. The error
         * says which columns were renamed or removed. Default false.
         */
        public Builder strictTemplate(boolean value) {
            once(strictTemplate, "strictTemplate");
            this.strictTemplate = value;
            return this;
        }

        /**
         * Signs of Excel damage (a date rewritten as 3/15/2026, a number in scientific
         * notation, leading zeros lost, mixed-up encoding) reject the row instead of warning
         * (default false: warn with a hint).
         */
        public Builder rejectExcelDamage(boolean value) {
            once(rejectExcelDamage, "rejectExcelDamage");
            this.rejectExcelDamage = value;
            return this;
        }

        /**
         * The feed this upload comes from (a nightly HR export, say). New users remember it, and
         * a {@link #fullUpload full upload} deactivates only users of this feed: users added by
         * hand, by open enrolment or by another feed are never touched. Default: none.
         */
        public Builder feed(String name) {
            Objects.requireNonNull(name, "feed must not be null");
            once(feed, "feed");
            if (name.isBlank()) {
                throw new IllegalArgumentException("feed must not be blank");
            }
            this.feed = name.strip();
            return this;
        }

        /**
         * A full upload (seed 002's "Deactivate users not in file"): the file holds everybody of
         * the {@link #feed feed} who should be active, and the feed's users (inside the
         * {@link #site site} scope) that it leaves out are deactivated. The plan lists them
         * before anything is written, and the {@link #maxDeactivationPercent safety guard}
         * applies. Needs a feed. Default false: a partial upload changes only its rows.
         */
        public Builder fullUpload(boolean value) {
            once(fullUpload, "fullUpload");
            this.fullUpload = value;
            return this;
        }

        /**
         * The safety guard of a full upload: the most of the feed's active users (in the scope)
         * it may deactivate, in percent (default 10, seed 002). Beyond it the plan is stopped
         * and nothing can be applied unless {@link #allowMassDeactivation} is set. A file
         * without rows never deactivates anyone, whatever the threshold and even with
         * {@link #allowMassDeactivation}: an empty export is a broken export (see
         * {@link #deactivateAllOnEmptyFile}).
         */
        public Builder maxDeactivationPercent(double percent) {
            once(maxDeactivationPercent, "maxDeactivationPercent");
            if (!(percent >= 0 && percent <= 100)) {
                throw new IllegalArgumentException("maxDeactivationPercent must be between 0 and 100: " + percent);
            }
            this.maxDeactivationPercent = percent;
            return this;
        }

        /**
         * Lets a full upload deactivate more than {@link #maxDeactivationPercent} of the feed's
         * users (seed 002's "Allow upload if deactivation &gt; 10%"). Default false.
         */
        public Builder allowMassDeactivation(boolean value) {
            once(allowMassDeactivation, "allowMassDeactivation");
            this.allowMassDeactivation = value;
            return this;
        }

        /**
         * Lets a full upload of a file without rows (only a header, or an empty XML root)
         * deactivate every active user of the feed inside the scope. Default false: such a
         * file is taken for a broken export and stops the plan ({@link Codes#MASS_DEACTIVATION}),
         * and {@link #allowMassDeactivation} does not change that. Set it only where an empty
         * file really means that nobody should stay active.
         */
        public Builder deactivateAllOnEmptyFile(boolean value) {
            once(deactivateAllOnEmptyFile, "deactivateAllOnEmptyFile");
            this.deactivateAllOnEmptyFile = value;
            return this;
        }

        /**
         * A decoder for encoded files, such as a {@code PgpDecoder} holding the host's secret
         * key: a file it accepts (by its name or its content) is decoded, and
         * verified, before it is read. May be given several times; adding the same decoder
         * twice does nothing. Decoders installed with {@link java.util.ServiceLoader} are tried
         * after these.
         */
        public Builder decoder(dev.rollcall.spi.Decoder value) {
            Objects.requireNonNull(value, "decoder must not be null");
            if (!decoders.contains(value)) {
                decoders.add(value);
            }
            return this;
        }

        private List<dev.rollcall.spi.Decoder> allDecoders() {
            List<dev.rollcall.spi.Decoder> all = new ArrayList<>(decoders);
            all.addAll(Formats.decoders());
            return all;
        }

        /**
         * What {@link UploadPlan#apply()} does when the repository fails writes (default
         * {@link FailurePolicy#continueOnFailure()}).
         */
        public Builder failurePolicy(FailurePolicy value) {
            Objects.requireNonNull(value, "failurePolicy must not be null");
            once(failurePolicy, "failurePolicy");
            this.failurePolicy = value;
            return this;
        }

        /**
         * The key saved plans are signed and encrypted under (see {@link UploadPlan#save}),
         * for a repository that keeps none ({@link UserRepository#planKey()} is empty), or in
         * place of the repository's. It must be secret, random, at least 32 bytes long, and
         * the same wherever plans for this store are saved and loaded.
         *
         * @param value the key; copied
         * @throws IllegalArgumentException when it has fewer than 32 bytes
         */
        public Builder planKey(byte[] value) {
            Objects.requireNonNull(value, "planKey must not be null");
            once(planKey, "planKey");
            if (value.length < dev.rollcall.core.internal.PlanFile.MIN_KEY_LENGTH) {
                throw new IllegalArgumentException("planKey must have at least "
                        + dev.rollcall.core.internal.PlanFile.MIN_KEY_LENGTH + " bytes: " + value.length);
            }
            this.planKey = value.clone();
            return this;
        }

        /** Told about welcome messages and completion (default: nobody). */
        public Builder notifier(Notifier value) {
            Objects.requireNonNull(value, "notifier must not be null");
            once(notifier, "notifier");
            this.notifier = value;
            return this;
        }

        /**
         * @return a planner with a copy of these settings
         * @throws IllegalStateException    when no repository was set
         * @throws IllegalArgumentException when the match field is neither username, email
         *                                  nor a unique field of the repository's schema
         */
        public UploadPlanner build() {
            if (repository == null) {
                throw new IllegalStateException("repository must be set");
            }
            String key = matchOn == null ? StandardFields.USERNAME : matchOn;
            if (!key.equals(StandardFields.USERNAME) && !key.equals(StandardFields.EMAIL)) {
                boolean unique = repository.schema().field(key).map(f -> f.unique()).orElse(false);
                if (!unique) {
                    throw new IllegalArgumentException("cannot match on " + key + ": it is not a unique field of the "
                            + "repository's schema (use username, email or a unique field)");
                }
            }
            if (Boolean.TRUE.equals(fullUpload) && feed == null) {
                throw new IllegalStateException("a full upload needs a feed: only users the feed created are deactivated");
            }
            if (Boolean.TRUE.equals(fullUpload) && (mode == UploadMode.ADD_ALL)) {
                throw new IllegalStateException("a full upload cannot add every row as a new user (add-all)");
            }
            java.util.Map<String, String> defaultValues = new java.util.LinkedHashMap<>(defaults);
            for (String field : defaultValues.keySet()) {
                if (!repository.schema().has(field)) {
                    throw new IllegalArgumentException("default for " + field + ": the repository's schema has no such field");
                }
            }
            Settings settings = Settings.builder()
                    .repository(repository)
                    .format(format)
                    .mode(mode == null ? UploadMode.ADD_NEW : mode)
                    .matchOn(key)
                    .fallbackToUsername(Boolean.TRUE.equals(fallbackToUsername))
                    .emptyValues(emptyValues == null ? EmptyValues.IGNORE : emptyValues)
                    .batchSize(batchSize == null ? 500 : batchSize)
                    .standardiseUsernames(!Boolean.FALSE.equals(standardiseUsernames))
                    .newUserStatus(newUserStatus == null ? UserStatus.INACTIVE : newUserStatus)
                    .allowRenames(Boolean.TRUE.equals(allowRenames))
                    .allowDeletes(Boolean.TRUE.equals(allowDeletes))
                    .allowSuspends(!Boolean.FALSE.equals(allowSuspends))
                    .notifier(notifier == null ? new Notifier() { } : notifier)
                    .updateType(updateType == null ? UpdateType.FILE : updateType)
                    .defaults(defaultValues)
                    .extendedUsernameChars(Boolean.TRUE.equals(extendedUsernameChars))
                    .duplicateUsernames(duplicateUsernames == null ? DuplicateUsernames.APPEND_COUNTER : duplicateUsernames)
                    .singleSignOn(Boolean.TRUE.equals(singleSignOn))
                    .updatePasswords(Boolean.TRUE.equals(updatePasswords))
                    .forcePasswordChange(forcePasswordChange == null ? ForcePasswordChange.NONE : forcePasswordChange)
                    .passwordPolicy(passwordPolicy == null ? PasswordPolicy.standard() : passwordPolicy)
                    .preventEmailDuplicates(!Boolean.FALSE.equals(preventEmailDuplicates))
                    .scope(site)
                    .progress(progress)
                    .maxRows(maxRows == null ? 0 : maxRows)
                    .strictTemplate(Boolean.TRUE.equals(strictTemplate))
                    .rejectExcelDamage(Boolean.TRUE.equals(rejectExcelDamage))
                    .feed(feed)
                    .fullUpload(Boolean.TRUE.equals(fullUpload))
                    .maxDeactivationPercent(maxDeactivationPercent == null ? 10.0 : maxDeactivationPercent)
                    .allowMassDeactivation(Boolean.TRUE.equals(allowMassDeactivation))
                    .deactivateAllOnEmptyFile(Boolean.TRUE.equals(deactivateAllOnEmptyFile))
                    .decoders(allDecoders())
                    .failurePolicy(failurePolicy == null ? FailurePolicy.continueOnFailure() : failurePolicy)
                    .planKey(planKey)
                    .build();
            return new UploadPlanner(settings);
        }
    }
}
