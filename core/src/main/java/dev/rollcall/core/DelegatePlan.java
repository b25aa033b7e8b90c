package dev.rollcall.core;

import dev.rollcall.core.internal.Decoding;
import dev.rollcall.core.internal.ErrorFile;
import dev.rollcall.core.internal.ValueChecks;
import dev.rollcall.spi.Codes;
import dev.rollcall.spi.Decoder;
import dev.rollcall.spi.Problem;
import dev.rollcall.spi.RollcallException;
import dev.rollcall.spi.RowReader;
import dev.rollcall.spi.Severity;
import dev.rollcall.spi.Sites;
import dev.rollcall.spi.StandardFields;
import dev.rollcall.spi.UploadFileException;
import dev.rollcall.spi.UploadFormat;
import dev.rollcall.spi.UploadRow;
import dev.rollcall.spi.UserChange;
import dev.rollcall.spi.UserQuery;
import dev.rollcall.spi.UserRecord;
import dev.rollcall.spi.UserRepository;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * A delegate upload (seeds 002 and 004), planned: each row gives a user's external id in its
 * first column and one delegate's external id in each further column, and the upload
 * <em>replaces</em> delegate relationships: listed users get exactly the listed delegates,
 * and ("any delegate not specified in the file will be removed") users the file leaves out
 * lose theirs, inside the site scope. A safety guard stops an upload that would remove more
 * than a share of the existing links (10% by default).
 *
 * <pre>{@code
 * DelegatePlan plan = DelegatePlan.builder().repository(repository).build().plan(Path.of("delegates.csv"));
 * plan.changes().forEach(System.out::println);
 * plan.apply();
 * }</pre>
 *
 * <p>Immutable and thread-safe; applied once.
 */
public final class DelegatePlan {

    private final Planner planner;
    private final String source;
    private final List<DelegateChange> changes;
    private final List<Problem> fileProblems;
    private final Problem safetyStop;
    private final UploadFormat format;
    private final List<String> columns;
    /** the values of the rejected rows, as read, by their index in {@link #changes} */
    private final Map<Integer, List<String>> rejectedValues;
    private final AtomicBoolean applied = new AtomicBoolean();

    private DelegatePlan(Planner planner, String source, List<DelegateChange> changes, List<Problem> fileProblems,
                         Problem safetyStop, UploadFormat format, List<String> columns,
                         Map<Integer, List<String>> rejectedValues) {
        this.planner = planner;
        this.source = source;
        this.changes = List.copyOf(changes);
        this.fileProblems = List.copyOf(fileProblems);
        this.safetyStop = safetyStop;
        this.format = format;
        this.columns = List.copyOf(columns);
        this.rejectedValues = rejectedValues;
    }

    private static DelegatePlan refused(Planner planner, String source, Problem problem) {
        return new DelegatePlan(planner, source, List.of(), List.of(problem), null, null, List.of(), Map.of());
    }

    /** @return a builder for a delegate planner */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the file's name */
    public String source() {
        return source;
    }

    /** @return one change per row, then the users the file left out who lose delegates */
    public List<DelegateChange> changes() {
        return changes;
    }

    /** @return the problems that refused the file */
    public List<Problem> fileProblems() {
        return fileProblems;
    }

    /** @return whether the file was refused */
    public boolean isRefused() {
        return !fileProblems.isEmpty();
    }

    /** @return why the safety guard stopped the upload, if it did */
    public Optional<Problem> safetyStop() {
        return Optional.ofNullable(safetyStop);
    }

    /** @return the number of delegate links added */
    public long added() {
        return changes.stream().mapToLong(c -> c.add().size()).sum();
    }

    /** @return the number of delegate links removed */
    public long removed() {
        return changes.stream().mapToLong(c -> c.remove().size()).sum();
    }

    /** @return the rejected rows */
    public List<DelegateChange> rejected() {
        return changes.stream().filter(c -> c.action() == Action.REJECT).toList();
    }

    /** @return {@code 3 users updated, 5 delegates added, 2 removed, 1 rejected} */
    public String describe() {
        long updated = changes.stream().filter(c -> c.action() == Action.UPDATE).count();
        long unchanged = changes.stream().filter(c -> c.action() == Action.UNCHANGED).count();
        return updated + " users updated (" + added() + " delegates added, " + removed() + " removed), " + unchanged
                + " unchanged, " + rejected().size() + " rejected";
    }

    /**
     * Writes the error file: the rejected rows as they were read, in the file's format and
     * columns, with an {@code errors} column that says what is wrong and where (as an upload's
     * error file does), so they can be fixed and uploaded again.
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
        List<ErrorFile.Rejected> rows = new ArrayList<>();
        for (int i = 0; i < changes.size(); i++) {
            List<String> values = rejectedValues.get(i);
            if (values != null) {
                DelegateChange c = changes.get(i);
                rows.add(new ErrorFile.Rejected(c.line(), values, c.messages().stream().filter(Problem::isError).toList()));
            }
        }
        return ErrorFile.write(columns, rows.iterator(), format, out);
    }

    /**
     * Writes the changes in batches. A write the repository refuses fails only its own user.
     *
     * @return for each change, in order, whether it was written
     * @throws RollcallException when the file was refused, the guard stopped the upload, or
     *                           the plan was applied already
     */
    public List<RowOutcome.State> apply() {
        if (isRefused()) {
            throw new RollcallException(Codes.PLAN_NOT_APPLICABLE, "the file " + source + " was refused");
        }
        if (safetyStop != null) {
            throw new RollcallException(Codes.MASS_REMOVAL, safetyStop.message());
        }
        if (!applied.compareAndSet(false, true)) {
            throw new RollcallException(Codes.PLAN_NOT_APPLICABLE, "this plan was applied already; plan the file again");
        }
        List<RowOutcome.State> states = new ArrayList<>(changes.size());
        List<Integer> batch = new ArrayList<>();
        for (int i = 0; i < changes.size(); i++) {
            DelegateChange c = changes.get(i);
            states.add(c.action() == Action.UPDATE ? RowOutcome.State.NOT_ATTEMPTED : RowOutcome.State.NO_WRITE);
            if (c.action() == Action.UPDATE) {
                batch.add(i);
                if (batch.size() == planner.batchSize) {
                    flush(batch, states);
                }
            }
        }
        flush(batch, states);
        return states;
    }

    private void flush(List<Integer> batch, List<RowOutcome.State> states) {
        if (batch.isEmpty()) {
            return;
        }
        List<UserChange> writes = batch.stream().map(i -> (UserChange) new UserChange.Delegates(changes.get(i).userId(),
                changes.get(i).add(), changes.get(i).remove())).toList();
        try {
            planner.repository.write(writes);
            batch.forEach(i -> states.set(i, RowOutcome.State.APPLIED));
        } catch (RuntimeException e) {
            for (int k = 0; k < batch.size(); k++) {
                try {
                    planner.repository.write(List.of(writes.get(k)));
                    states.set(batch.get(k), RowOutcome.State.APPLIED);
                } catch (RuntimeException one) {
                    states.set(batch.get(k), RowOutcome.State.FAILED);
                }
            }
        }
        batch.clear();
    }

    /** Plans delegate uploads with fixed settings; immutable and thread-safe. */
    public static final class Planner {
        private final UserRepository repository;
        private final UploadFormat format;
        private final String scope;
        private final double maxRemovalPercent;
        private final boolean allowMassRemoval;
        private final boolean onlyListedUsers;
        private final int batchSize;
        private final List<Decoder> decoders;

        private Planner(Builder b) {
            this.repository = b.repository;
            this.format = b.format;
            this.scope = b.scope;
            this.maxRemovalPercent = b.maxRemovalPercent;
            this.allowMassRemoval = b.allowMassRemoval;
            this.onlyListedUsers = b.onlyListedUsers;
            this.batchSize = b.batchSize;
            List<Decoder> all = new ArrayList<>(b.decoders);
            all.addAll(Formats.decoders());
            this.decoders = List.copyOf(all);
        }

        /**
         * @param file a delegate file
         * @return the plan
         */
        public DelegatePlan plan(Path file) {
            Objects.requireNonNull(file, "file must not be null");
            try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
                return plan(in, file.getFileName().toString());
            } catch (IOException e) {
                throw new UploadFileException(Codes.UNREADABLE_FILE, 0, 0, "cannot read " + file.getFileName()
                        + " (" + e.getClass().getSimpleName() + ")", e);
            }
        }

        /**
         * @param in     the file's bytes; not closed
         * @param source the file's name
         * @return the plan
         */
        public DelegatePlan plan(InputStream in, String source) {
            Objects.requireNonNull(in, "in must not be null");
            Objects.requireNonNull(source, "source must not be null");
            try {
                return Decoding.read(decoders, in, source, (plain, name) -> planPlain(plain, source, name));
            } catch (RollcallException e) {
                if (UploadPlanner.notAboutTheFile(e)) {
                    throw e;
                }
                return refused(this, source, new Problem(Severity.ERROR, e.code(),
                        e instanceof UploadFileException u ? Math.max(u.line(), 1) : 1, null, null, e.getMessage()));
            }
        }

        private DelegatePlan planPlain(InputStream plain, String source, String plainName) {
            UploadFormat f = format != null ? format : Formats.forFile(plainName);
            List<DelegateChange> changes = new ArrayList<>();
            Map<Integer, List<String>> rejectedValues = new HashMap<>();
            Map<String, Long> rowOfUser = new HashMap<>();
            List<String> columns;
            try (RowReader reader = f.open(Decoding.nonClosing(plain), repository.schema())) {
                columns = reader.columns();
                if (columns.isEmpty()) {
                    throw new UploadFileException(Codes.EMPTY_FILE, 1, 0, "the file has no columns");
                }
                if (!repository.features().delegates()) {
                    throw new UploadFileException(Codes.UNSUPPORTED_COLUMN, 1, 0,
                            "this store keeps no delegates (docs/MAPPING.md); a delegate upload cannot be applied to it");
                }
                List<UploadRow> batch = new ArrayList<>(batchSize);
                UploadRow row;
                while ((row = reader.next()) != null) {
                    batch.add(row);
                    if (batch.size() == batchSize) {
                        planBatch(batch, columns, changes, rowOfUser, rejectedValues);
                        batch.clear();
                    }
                }
                planBatch(batch, columns, changes, rowOfUser, rejectedValues);
            } catch (UploadFileException e) {
                return refused(this, source, e.toProblem());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            long existing = existingLinks(changes, rowOfUser);
            Problem stop = guard(changes, existing, rowOfUser.isEmpty());
            return new DelegatePlan(this, source, changes, List.of(), stop, f, columns, rejectedValues);
        }

        private void planBatch(List<UploadRow> rows, List<String> columns, List<DelegateChange> out,
                               Map<String, Long> rowOfUser, Map<Integer, List<String>> rejectedValues) {
            if (rows.isEmpty()) {
                return;
            }
            Set<String> ids = new LinkedHashSet<>();
            for (UploadRow r : rows) {
                for (int i = 0; i < r.size(); i++) {
                    String v = r.value(i);
                    if (v != null && !v.isEmpty()) {
                        ids.add(v);
                    }
                }
            }
            Map<String, List<UserRecord>> byExternalId = repository.findBy(StandardFields.EXTERNAL_ID, ids);
            Set<String> userIds = new LinkedHashSet<>();
            for (UploadRow r : rows) {
                UserRecord u = one(byExternalId, r.value(0));
                if (u != null) {
                    userIds.add(u.id());
                }
            }
            Map<String, Set<String>> current = repository.findDelegates(userIds);
            Map<String, UserRecord> currentUsers = repository.findByIds(
                    current.values().stream().flatMap(Set::stream).distinct().toList());
            for (UploadRow r : rows) {
                DelegateChange c = planRow(r, columns, byExternalId, current, currentUsers, rowOfUser);
                if (c.action() == Action.REJECT) {
                    rejectedValues.put(out.size(), java.util.Arrays.asList(r.values()));
                }
                out.add(c);
            }
        }

        private DelegateChange planRow(UploadRow r, List<String> columns, Map<String, List<UserRecord>> byExternalId,
                                       Map<String, Set<String>> current, Map<String, UserRecord> currentUsers,
                                       Map<String, Long> rowOfUser) {
            long line = r.line();
            List<Problem> problems = new ArrayList<>();
            for (Problem p : r.problems()) {
                problems.add(p.line() == 0 ? p.atLine(line) : p);
            }
            boolean controlled = false;
            for (int i = 0; i < r.size(); i++) {
                String message = ValueChecks.controlCharacter(r.value(i));
                if (message != null) {
                    problems.add(new Problem(Severity.ERROR, Codes.CONTROL_CHARACTER, line,
                            i < columns.size() ? columns.get(i) : null, null, message));
                    controlled = true;
                }
            }
            if (controlled) {
                return reject(line, null, r.value(0), problems);
            }
            String ext = r.value(0);
            if (ext == null || ext.isEmpty()) {
                problems.add(error(Codes.MISSING_KEY, line, "the row has no user external id in its first column"));
                return reject(line, null, ext, problems);
            }
            UserRecord user = one(byExternalId, ext);
            if (user == null) {
                problems.add(error(Codes.USER_NOT_FOUND, line, "Unknown user \"" + ext + "\""));
            } else if (scope != null && !Sites.within(user.site().orElse(null), scope)) {
                problems.add(error(Codes.OUTSIDE_SCOPE, line, "user \"" + ext + "\" is outside this upload's site (" + scope + ")"));
            } else {
                Long first = rowOfUser.putIfAbsent(user.id(), line);
                if (first != null) {
                    problems.add(error(Codes.DUPLICATE_ROW, line, "line " + first + " already lists the delegates of \"" + ext + "\""));
                }
            }
            Map<String, String> wanted = new LinkedHashMap<>();
            Set<String> seen = new HashSet<>();
            for (int i = 1; i < r.size(); i++) {
                String d = r.value(i);
                if (d == null || d.isEmpty()) {
                    continue;
                }
                if (!seen.add(d)) {
                    problems.add(error(Codes.DUPLICATE_ROW, line, "delegate \"" + d + "\" is listed twice"));
                    continue;
                }
                UserRecord delegate = one(byExternalId, d);
                if (delegate == null) {
                    problems.add(error(Codes.USER_NOT_FOUND, line, "Unknown delegate \"" + d + "\""));
                } else if (user != null && delegate.id().equals(user.id())) {
                    problems.add(error(Codes.SELF_DELEGATE, line, "\"" + d + "\" cannot be their own delegate"));
                } else {
                    wanted.put(delegate.id(), d);
                }
            }
            if (problems.stream().anyMatch(Problem::isError)) {
                return reject(line, user, ext, problems);
            }
            Set<String> now = current.getOrDefault(user.id(), Set.of());
            Set<String> add = new LinkedHashSet<>(wanted.keySet());
            add.removeAll(now);
            Set<String> remove = new LinkedHashSet<>(now);
            remove.removeAll(wanted.keySet());
            List<String> addedShown = add.stream().map(wanted::get).toList();
            List<String> removedShown = remove.stream().map(id -> shown(currentUsers.get(id), id)).toList();
            Action action = add.isEmpty() && remove.isEmpty() ? Action.UNCHANGED : Action.UPDATE;
            return new DelegateChange(line, action, user.id(), ext, add, remove, addedShown, removedShown, problems);
        }

        /** Users the file left out lose their delegates; counts every existing link in scope for the guard. */
        private long existingLinks(List<DelegateChange> changes, Map<String, Long> rowOfUser) {
            long existing = 0;
            try (Stream<UserRecord> users = repository.list(new UserQuery(null, scope))) {
                List<UserRecord> batch = new ArrayList<>(batchSize);
                for (UserRecord u : (Iterable<UserRecord>) users::iterator) {
                    batch.add(u);
                    if (batch.size() == batchSize) {
                        existing += leftOut(batch, changes, rowOfUser);
                        batch.clear();
                    }
                }
                existing += leftOut(batch, changes, rowOfUser);
            }
            return existing;
        }

        private long leftOut(List<UserRecord> users, List<DelegateChange> changes, Map<String, Long> rowOfUser) {
            if (users.isEmpty()) {
                return 0;
            }
            Map<String, Set<String>> delegates = repository.findDelegates(users.stream().map(UserRecord::id).toList());
            long links = delegates.values().stream().mapToLong(Set::size).sum();
            if (onlyListedUsers) {
                return links;
            }
            Map<String, UserRecord> names = repository.findByIds(
                    delegates.values().stream().flatMap(Set::stream).distinct().toList());
            for (UserRecord u : users) {
                Set<String> d = delegates.get(u.id());
                if (d != null && !d.isEmpty() && !rowOfUser.containsKey(u.id())) {
                    changes.add(new DelegateChange(0, Action.UPDATE, u.id(), u.externalId().orElse(u.username()), Set.of(), d,
                            List.of(), d.stream().map(id -> shown(names.get(id), id)).toList(),
                            List.of(new Problem(Severity.INFO, Codes.NOT_IN_FILE, 0, null, null,
                                    "not in the file: " + u.username() + "'s delegates are removed"))));
                }
            }
            return links;
        }

        private Problem guard(List<DelegateChange> changes, long existing, boolean noRows) {
            long removed = changes.stream().mapToLong(c -> c.remove().size()).sum();
            if (removed == 0 || allowMassRemoval) {
                return null;
            }
            double share = 100.0 * removed / Math.max(existing, 1);
            if (noRows || share > maxRemovalPercent) {
                return new Problem(Severity.ERROR, Codes.MASS_REMOVAL, 0, null, null, String.format(Locale.ROOT,
                        "this delegate upload would remove %d of the %d delegate links (%.1f%%), more than the %s%% allowed;"
                                + " nothing was written. Check that the file is complete, or allow mass removal explicitly",
                        removed, existing, share, new java.math.BigDecimal(Double.toString(maxRemovalPercent))
                                .stripTrailingZeros().toPlainString()));
            }
            return null;
        }

        private static UserRecord one(Map<String, List<UserRecord>> found, String key) {
            List<UserRecord> m = key == null ? null : found.get(key);
            return m == null || m.size() != 1 ? null : m.get(0);
        }

        private static String shown(UserRecord u, String id) {
            return u == null ? id : u.externalId().orElse(u.username());
        }

        private static Problem error(String code, long line, String message) {
            return new Problem(Severity.ERROR, code, line, null, null, message);
        }

        private static DelegateChange reject(long line, UserRecord user, String ext, List<Problem> problems) {
            return new DelegateChange(line, Action.REJECT, user == null ? null : user.id(), ext, Set.of(), Set.of(),
                    List.of(), List.of(), problems);
        }
    }

    /** Configures a delegate {@link Planner}; each setting once; not thread-safe. */
    public static final class Builder {
        private UserRepository repository;
        private UploadFormat format;
        private String scope;
        private double maxRemovalPercent = 10;
        private boolean allowMassRemoval;
        private boolean onlyListedUsers;
        private int batchSize = 500;
        private final List<Decoder> decoders = new ArrayList<>();

        private Builder() {
        }

        /**
         * A decoder for encoded files, such as a {@code PgpDecoder} holding the host's secret
         * key, as for profile uploads; installed decoders are tried after the ones given.
         * May be given several times.
         */
        public Builder decoder(Decoder value) {
            Objects.requireNonNull(value, "decoder must not be null");
            if (!decoders.contains(value)) {
                decoders.add(value);
            }
            return this;
        }

        /** The host's storage (required). */
        public Builder repository(UserRepository value) {
            this.repository = Objects.requireNonNull(value, "repository must not be null");
            return this;
        }

        /** The file format (default: by the file's suffix). */
        public Builder format(UploadFormat value) {
            this.format = Objects.requireNonNull(value, "format must not be null");
            return this;
        }

        /** Limit the upload to a site and everything below it. */
        public Builder site(String path) {
            this.scope = Sites.normalize(Objects.requireNonNull(path, "site must not be null"));
            return this;
        }

        /** The most of the existing delegate links an upload may remove, in percent (default 10). */
        public Builder maxRemovalPercent(double percent) {
            if (!(percent >= 0 && percent <= 100)) {
                throw new IllegalArgumentException("maxRemovalPercent must be between 0 and 100: " + percent);
            }
            this.maxRemovalPercent = percent;
            return this;
        }

        /** Let an upload remove more than {@link #maxRemovalPercent} of the links (default false). */
        public Builder allowMassRemoval(boolean value) {
            this.allowMassRemoval = value;
            return this;
        }

        /** Change only the users the file lists; leave everybody else's delegates alone (default false). */
        public Builder onlyListedUsers(boolean value) {
            this.onlyListedUsers = value;
            return this;
        }

        /** Rows per look-up and write batch (default 500). */
        public Builder batchSize(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("batchSize must be at least 1: " + value);
            }
            this.batchSize = value;
            return this;
        }

        /** @return the planner */
        public Planner build() {
            if (repository == null) {
                throw new IllegalStateException("repository must be set");
            }
            return new Planner(this);
        }
    }
}
