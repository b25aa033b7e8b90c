package dev.rollcall.core.internal;

import dev.rollcall.core.Action;
import dev.rollcall.core.DuplicateUsernames;
import dev.rollcall.core.EmptyValues;
import dev.rollcall.core.FieldChange;
import dev.rollcall.core.ForcePasswordChange;
import dev.rollcall.core.PlannedChange;
import dev.rollcall.core.UpdateType;
import dev.rollcall.core.UploadMode;
import dev.rollcall.spi.Codes;
import dev.rollcall.spi.FieldDefinition;
import dev.rollcall.spi.FieldSchema;
import dev.rollcall.spi.Membership;
import dev.rollcall.spi.MembershipKind;
import dev.rollcall.spi.PasswordChange;
import dev.rollcall.spi.Problem;
import dev.rollcall.spi.ProfileType;
import dev.rollcall.spi.RowReader;
import dev.rollcall.spi.Secret;
import dev.rollcall.spi.Severity;
import dev.rollcall.spi.Sites;
import dev.rollcall.spi.StandardFields;
import dev.rollcall.spi.UploadColumns;
import dev.rollcall.spi.UploadFileException;
import dev.rollcall.spi.UploadRow;
import dev.rollcall.spi.UserRecord;
import dev.rollcall.spi.UserRepository;
import dev.rollcall.spi.UserStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Plans one file: reads its rows in batches, looks up each batch's users with one query
 * per key field, and turns every row into one {@link PlannedChange}. Rows flow through;
 * what is remembered across batches is only what earlier rows claimed (a user, a
 * username, a unique value), so a later row can be told it collides.
 *
 * <p>Not thread-safe: one run plans one file.
 */
public final class PlanRun {

    private static final Logger LOG = LoggerFactory.getLogger(PlanRun.class);

    /** What a row asks about the user's status, from whichever status column it uses. */
    private enum StatusIntent { ACTIVE, INACTIVE, DELETE }

    private final Settings settings;
    private final UserRepository repository;
    private final FieldSchema schema;
    private final FieldCatalog catalog;
    private final String matchOn;
    private final String scope;
    private final String usernameTemplate;

    private HeaderMapping header;
    /** Fields whose values another user must not have: unique fields, and email (a warning when duplicates are allowed). */
    private List<String> uniqueColumns = List.of();
    /** Fields in the file whose values name a host target (a site, a theme, an office). */
    private List<String> referenceColumns = List.of();
    private boolean hasStatusColumns;
    /** the file's only status column is {@code status}: the common case, read without the general machinery */
    private boolean onlyStatusColumn;
    /** numbered field sets by kind: {@code card} → {@code card1}, {@code card2} */
    private final Map<String, Set<String>> setsOfFamily = new LinkedHashMap<>();

    private final EntryStore entries;
    private final Summaries.Counter counter = new Summaries.Counter();
    private final List<Problem> fileProblems = new ArrayList<>();

    /** user id → line of the first row that matched it */
    /**
     * What earlier rows claimed, by kind: {@code key} (the match key a row gives), {@code user}
     * (the id of a user a row matched, kept only when matching falls back to usernames),
     * {@code named} (usernames a full upload must not deactivate), and {@code =field} (a
     * unique value a row gives its user).
     */
    private final Claims claims = new Claims();
    /** unique values rows give their users, one table per field so each grows on its own */
    private final Map<String, Claims> uniqueClaims = new HashMap<>();

    private Problem safetyStop;
    /** field → (comparable value, user id) pairs: an earlier row took the value away from that stored user */
    private final Map<String, Set<String>> released = new HashMap<>();
    /** field → comparable value → line of an earlier row refused because a stored user held the value */
    private final Map<String, Map<String, Long>> wanted = new HashMap<>();

    /**
     * @param settings the planner's configuration
     * @param catalog  the header catalog of the repository's schema
     */
    public PlanRun(Settings settings, FieldCatalog catalog) {
        this(settings, catalog, new EntryStore());
    }

    /**
     * @param settings the planner's configuration
     * @param catalog  the header catalog of the repository's schema
     * @param store    where the entries go
     */
    public PlanRun(Settings settings, FieldCatalog catalog, EntryStore store) {
        this.entries = store;
        this.settings = settings;
        this.repository = settings.repository();
        this.catalog = catalog;
        this.schema = catalog.schema();
        this.matchOn = settings.matchOn();
        this.scope = settings.scope();
        this.usernameTemplate = settings.defaults().get(StandardFields.USERNAME);
    }

    /**
     * Plans every row the reader yields. A file-level problem (in the header, or a file
     * that stops being readable half-way) refuses the whole file: the result then carries
     * the problem and no entries.
     *
     * @param reader an open reader; not closed here
     * @return the planned entries and file problems
     */
    public PlanData run(RowReader reader) {
        readHeader(reader);
        if (!fileProblems.isEmpty()) {
            return refused();
        }
        List<UploadRow> batch = new ArrayList<>(settings.batchSize());
        long rows = 0;
        try {
            UploadRow row;
            while ((row = reader.next()) != null) {
                if (tooMany(++rows, row)) {
                    return refused();
                }
                batch.add(row);
                if (batch.size() == settings.batchSize()) {
                    planBatch(batch);
                    batch.clear();
                }
            }
            planBatch(batch);
        } catch (UploadFileException e) {
            fileProblems.add(e.toProblem());
            return refused();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        LOG.debug("planned {} rows", entries.size());
        if (settings.fullUpload()) {
            planLeftOut(rows);
        }
        return new PlanData(entries.seal(), counter.summary(), fileProblems, header.columns(), safetyStop);
    }

    /**
     * Checks the file and each row on their own, without looking anything up: the header,
     * the values, the directive columns.
     *
     * @param reader an open reader; not closed here
     * @return the file's problems and the rows' problems, and the number of rows
     */
    public Validation validate(RowReader reader) {
        readHeader(reader);
        if (!fileProblems.isEmpty()) {
            return new Validation(0, fileProblems, List.of());
        }
        List<Problem> rowProblems = new ArrayList<>();
        long rows = 0;
        try {
            UploadRow row;
            while ((row = reader.next()) != null) {
                rows++;
                if (tooMany(rows, row)) {
                    break;
                }
                rowProblems.addAll(prepare(row).problems);
                if (settings.progress() != null && rows % settings.batchSize() == 0) {
                    settings.progress().update(dev.rollcall.core.Progress.Stage.PLANNING, rows, -1);
                }
            }
        } catch (UploadFileException e) {
            fileProblems.add(e.toProblem());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Validation(rows, fileProblems, rowProblems);
    }

    /**
     * What {@link #validate} found.
     *
     * @param rows         rows read
     * @param fileProblems problems refusing the file
     * @param rowProblems  problems of single rows
     */
    public record Validation(long rows, List<Problem> fileProblems, List<Problem> rowProblems) {
    }

    /**
     * A full upload: every active user of the feed, inside the scope, that no row named is
     * deactivated; streamed, so the feed's users are never all in memory. Then the safety
     * guard: more than the allowed share stops the plan unless the host allowed mass
     * deactivation; anyone at all from a file without rows stops it unless the host opted in
     * to exactly that (deactivate all on an empty file).
     */
    private void planLeftOut(long rows) {
        long active = 0;
        long deactivated = 0;
        try (java.util.stream.Stream<UserRecord> feedUsers = repository.list(
                dev.rollcall.spi.UserQuery.feed(settings.feed()).inScope(scope))) {
            for (UserRecord u : (Iterable<UserRecord>) feedUsers::iterator) {
                if (u.status() != UserStatus.ACTIVE) {
                    continue;
                }
                active++;
                String key = u.fields().get(matchOn);
                boolean named = claims.contains(Claims.hash("user", u.id()))
                        || claims.contains(Claims.hash("named", u.username()))
                        || (key != null && claims.contains(Claims.hash("key", Keys.comparable(matchOn, key))));
                if (named) {
                    continue;
                }
                deactivated++;
                add(new PlannedChange(0, Action.DEACTIVATE, u.id(), u.username(), u.version(),
                        List.of(new FieldChange(StandardFields.STATUS, UserStatus.ACTIVE.name(), UserStatus.INACTIVE.name(),
                                false)), Set.of(), Set.of(),
                        List.of(new Problem(Severity.INFO, Codes.NOT_IN_FILE, 0, null, null, "not in the file: feed "
                                + settings.feed() + " no longer lists " + u.username())),
                        PasswordChange.NONE, false, false), null);
            }
        }
        if (deactivated == 0) {
            return;
        }
        double share = 100.0 * deactivated / active;
        if (rows == 0 && !settings.deactivateAllOnEmptyFile()) {
            safetyStop = new Problem(Severity.ERROR, Codes.MASS_DEACTIVATION, 0, null, null, "the file has no rows, so this "
                    + "full upload would deactivate all " + active + " active users of feed " + settings.feed()
                    + "; nothing was written. An empty export is taken for a broken one, even where mass deactivation "
                    + "is allowed; if nobody should stay active, allow exactly that (deactivate all on an empty file)");
        } else if (rows > 0 && !settings.allowMassDeactivation() && share > settings.maxDeactivationPercent()) {
            safetyStop = new Problem(Severity.ERROR, Codes.MASS_DEACTIVATION, 0, null, null, String.format(Locale.ROOT,
                    "this full upload would deactivate %d of the %d active users of feed %s (%.1f%%), more than the %s%% "
                            + "allowed; nothing was written. Check that the file is complete, or allow mass deactivation "
                            + "explicitly", deactivated, active, settings.feed(), share,
                    new java.math.BigDecimal(Double.toString(settings.maxDeactivationPercent())).stripTrailingZeros()
                            .toPlainString()));
        }
    }

    private void readHeader(RowReader reader) {
        header = HeaderMapping.resolve(reader.columns(), reader.headerLine(), catalog);
        fileProblems.addAll(header.problems());
        if (settings.strictTemplate()) {
            checkTemplate(reader.columns(), reader.headerLine());
        }
        checkKeyColumn(reader.headerLine());
        checkRequiredColumns(reader.headerLine());
        List<String> unique = new ArrayList<>();
        List<String> references = new ArrayList<>();
        for (String f : header.fields()) {
            FieldDefinition def = schema.field(f).orElseThrow();
            if (def.unique() || f.equals(StandardFields.EMAIL)) {
                unique.add(f);
            }
            if (def.references() != null) {
                references.add(f);
            }
        }
        uniqueColumns = List.copyOf(unique);
        referenceColumns = List.copyOf(references);
        for (FieldDefinition f : schema.fields()) {
            String family = family(f.fieldSet());
            if (family != null) {
                setsOfFamily.computeIfAbsent(family, k -> new LinkedHashSet<>()).add(f.fieldSet());
            }
        }
        boolean others = header.has(UploadColumns.EMPLOYEE_STATUS) || header.has(UploadColumns.ACCOUNT_STATUS)
                || header.has(UploadColumns.SUSPENDED) || header.has(UploadColumns.DELETED);
        hasStatusColumns = header.has(StandardFields.STATUS) || others;
        onlyStatusColumn = header.has(StandardFields.STATUS) && !others;
    }

    private boolean tooMany(long rows, UploadRow row) {
        if (settings.maxRows() > 0 && rows > settings.maxRows()) {
            fileProblems.add(new Problem(Severity.ERROR, Codes.TOO_MANY_ROWS, row.line(), null, null,
                    "the file has more than " + settings.maxRows() + " rows, the most an upload may have; split it"));
            return true;
        }
        return false;
    }

    /** Seed 001: do not rename columns, do not delete columns. */
    private void checkTemplate(List<String> columns, long headerLine) {
        Set<String> written = new java.util.HashSet<>();
        List<String> renamed = new ArrayList<>();
        for (String c : columns) {
            String h = c == null ? "" : c.strip();
            written.add(h);
            catalog.lookup(h).ifPresent(f -> {
                if (!f.name().equals(h)) {
                    renamed.add("\"" + h + "\" should be \"" + f.name() + "\"");
                }
            });
        }
        List<String> removed = new ArrayList<>();
        for (FieldDefinition f : schema.fields()) {
            if (!written.contains(f.name()) && !header.has(f.name())) {
                removed.add(f.name());
            }
        }
        if (!renamed.isEmpty() || !removed.isEmpty()) {
            List<String> parts = new ArrayList<>();
            if (!renamed.isEmpty()) {
                parts.add("renamed: " + String.join(", ", renamed));
            }
            if (!removed.isEmpty()) {
                parts.add("removed: " + String.join(", ", removed));
            }
            fileProblems.add(new Problem(Severity.ERROR, Codes.TEMPLATE_MISMATCH, headerLine, null, null,
                    "the header must be the template's, with no column renamed or removed; " + String.join("; ", parts)));
        }
    }

    /** In modes that only create, a file without a column every new user needs is refused at once. */
    private void checkRequiredColumns(long headerLine) {
        if (!header.problems().isEmpty()
                || (settings.mode() != UploadMode.ADD_NEW && settings.mode() != UploadMode.ADD_ALL)) {
            return;
        }
        ProfileType profile = header.has(StandardFields.PROFILE_TYPE) ? ProfileType.FACILITY : ProfileType.INDIVIDUAL;
        List<String> missing = new ArrayList<>();
        for (FieldDefinition f : schema.fields()) {
            boolean required = f.isRequiredFor(profile)
                    && (profile == ProfileType.INDIVIDUAL || f.isRequiredFor(ProfileType.INDIVIDUAL));
            if (required && !header.has(f.name()) && !settings.defaults().containsKey(f.name())) {
                missing.add(f.name());
            }
        }
        if (!missing.isEmpty()) {
            fileProblems.add(new Problem(Severity.ERROR, Codes.MISSING_COLUMN, headerLine, null, missing.get(0),
                    "every new user needs " + String.join(", ", missing) + ", but the file has no such column"
                            + (missing.size() > 1 ? "s" : "")));
        }
    }

    private PlanData refused() {
        entries.close();
        return PlanData.refused(fileProblems, header == null ? List.of() : header.columns());
    }

    private void add(PlannedChange c, List<String> raw) {
        entries.add(c, raw);
        counter.plan(c);
    }

    private void checkKeyColumn(long headerLine) {
        if (!header.problems().isEmpty() || header.has(matchOn) || settings.mode() == UploadMode.ADD_ALL) {
            return;
        }
        boolean usernameFallback = settings.fallbackToUsername() && header.has(StandardFields.USERNAME);
        boolean generatedOnly = matchOn.equals(StandardFields.USERNAME) && usernameTemplate != null
                && settings.mode().creates();
        if (!usernameFallback && !generatedOnly) {
            fileProblems.add(new Problem(Severity.ERROR, Codes.MISSING_COLUMN, headerLine, null, matchOn,
                    "the upload matches users on " + matchOn + ", but the file has no " + matchOn + " column"));
        }
    }

    // ---------------------------------------------------------------- preparing rows

    /** One row made ready for planning: keys normalised, directives read, its own problems found. */
    private final class Prepared {
        final UploadRow row;
        final long line;
        final List<Problem> problems = new ArrayList<>();
        String key;
        String username;
        /** the username as written, only when standardising changed it */
        String rawUsername;
        String oldUsername;
        String generated;
        StatusIntent status;
        MembershipColumns.Intent memberships = MembershipColumns.Intent.NONE;
        Secret password;
        boolean resetPassword;
        /** columns whose cell holds a control character, or null when none does */
        java.util.BitSet controlled;

        Prepared(UploadRow row) {
            this.row = row;
            this.line = row.line();
            for (Problem p : row.problems()) {
                problems.add(p.line() == 0 ? p.atLine(line) : p);
            }
        }

        /** @return the trimmed value of a column, "" for an explicit empty value, null when blank or absent */
        String value(String column) {
            int c = header.column(column);
            return c < 0 ? null : row.value(c);
        }

        /** @return the non-empty value of a column, or null */
        String present(String column) {
            String v = value(column);
            return v == null || v.isEmpty() ? null : v;
        }

        boolean hasErrors() {
            for (Problem p : problems) {
                if (p.isError()) {
                    return true;
                }
            }
            return false;
        }

        void error(String code, String column, String message) {
            add(Severity.ERROR, code, column, message);
        }

        void add(Severity severity, String code, String column, String message) {
            problems.add(new Problem(severity, code, line, column == null ? null : header.header(column), column, message));
        }
    }

    private void planBatch(List<UploadRow> rows) {
        if (rows.isEmpty()) {
            return;
        }
        List<Prepared> prepared = new ArrayList<>(rows.size());
        for (UploadRow row : rows) {
            prepared.add(prepare(row));
        }
        Lookups lookups = lookUp(prepared);
        for (Prepared p : prepared) {
            PlannedChange c = plan(p, lookups);
            add(c, c.action() == Action.REJECT ? kept(p.row) : null);
        }
        if (settings.progress() != null) {
            settings.progress().update(dev.rollcall.core.Progress.Stage.PLANNING, entries.size(), -1);
        }
    }

    private Prepared prepare(UploadRow row) {
        Prepared p = new Prepared(row);
        checkCharacters(p);
        p.username = username(p, StandardFields.USERNAME);
        String raw = p.present(StandardFields.USERNAME);
        if (p.username != null && raw != null && !raw.strip().equals(p.username)) {
            p.rawUsername = raw.strip();
        }
        p.oldUsername = username(p, UploadColumns.OLD_USERNAME);
        if (p.username == null && usernameTemplate != null) {
            String g = Usernames.cleanGenerated(Usernames.expand(usernameTemplate, p.present(StandardFields.FIRST_NAME),
                    p.present(StandardFields.LAST_NAME), null), settings.extendedUsernameChars());
            p.generated = g.isEmpty() ? null : g;
        }
        String key = StandardFields.USERNAME.equals(matchOn) ? p.username : p.present(matchOn);
        p.key = key == null || key.isEmpty() ? null : key;
        p.status = statusIntent(p);
        String profile = p.present(StandardFields.PROFILE_TYPE);
        if (profile != null && ProfileType.parse(profile).isEmpty()) {
            p.error(Codes.INVALID_VALUE, StandardFields.PROFILE_TYPE, "profile type must be 1 (individual) or 2 (facility)");
        }
        checkValues(p);
        p.memberships = MembershipColumns.parse(header, row, p.problems);
        String password = p.present(StandardFields.PASSWORD);
        p.password = password == null ? null : Secret.of(password);
        String reset = p.present(UploadColumns.RESET_PASSWORD);
        if (reset != null) {
            Boolean b = yesNo(reset);
            if (b == null) {
                p.error(Codes.INVALID_VALUE, UploadColumns.RESET_PASSWORD, "resetPassword must be 1 or 0 (yes or no)");
            } else {
                p.resetPassword = b;
            }
        }
        String site = p.present(StandardFields.SITE);
        if (site != null && scope != null && !Sites.within(Sites.normalize(site), scope)) {
            p.error(Codes.OUTSIDE_SCOPE, StandardFields.SITE, "the site \"" + site + "\" is outside this upload's site ("
                    + scope + ")");
        }
        return p;
    }

    /**
     * Every cell of the row, whatever its column means (a field, a username, a membership, a
     * directive, a cell past the header), holds no control character. A cell that does is not
     * checked further, so no other message quotes it.
     */
    private void checkCharacters(Prepared p) {
        List<String> columns = header.columns();
        for (int i = 0; i < p.row.size(); i++) {
            String message = ValueChecks.controlCharacter(p.row.value(i));
            if (message != null) {
                FieldDefinition f = header.field(i);
                p.problems.add(new Problem(Severity.ERROR, Codes.CONTROL_CHARACTER, p.line,
                        i < columns.size() ? columns.get(i).trim() : null, f == null ? null : f.name(), message));
                if (p.controlled == null) {
                    p.controlled = new java.util.BitSet();
                }
                p.controlled.set(i);
            }
        }
    }

    /** Fields the planner reads with rules of its own. */
    private static final Set<String> SPECIAL = Set.of(StandardFields.USERNAME, StandardFields.STATUS,
            StandardFields.PROFILE_TYPE, StandardFields.PASSWORD, StandardFields.SITE);

    /** Each value against its field's type; each field set all or nothing. */
    private void checkValues(Prepared p) {
        Set<String> sets = null;
        FieldDefinition[] defs = header.definitions();
        int[] cols = header.definitionColumns();
        for (int k = 0; k < defs.length; k++) {
            FieldDefinition def = defs[k];
            String f = def.name();
            String v = p.row.value(cols[k]);
            if (v != null && v.isEmpty()) {
                v = null;
            }
            if (v != null && !SPECIAL.contains(f) && (p.controlled == null || !p.controlled.get(cols[k]))) {
                ValueChecks.Finding finding = ValueChecks.check(def, v, settings.rejectExcelDamage());
                if (finding != null) {
                    p.add(finding.severity(), finding.code(), f, finding.message());
                }
            }
            if (def.fieldSet() != null && v != null) {
                if (sets == null) {
                    sets = new LinkedHashSet<>();
                }
                sets.add(def.fieldSet());
            }
        }
        if (sets != null) {
            for (String set : sets) {
                List<String> missing = new ArrayList<>();
                for (FieldDefinition f : schema.fields()) {
                    if (set.equals(f.fieldSet()) && p.present(f.name()) == null) {
                        missing.add(f.name());
                    }
                }
                if (!missing.isEmpty()) {
                    p.error(Codes.INCOMPLETE_FIELD_SET, missing.get(0), "the fields of " + set
                            + " go all together or not at all; this row leaves out " + String.join(", ", missing));
                }
            }
        }
    }

    private String username(Prepared p, String column) {
        String raw = p.present(column);
        if (raw == null) {
            return null;
        }
        String u = settings.standardiseUsernames() ? Usernames.standardise(raw) : raw.strip();
        if (u.isEmpty()) {
            p.error(Codes.INVALID_VALUE, column, "the username has no letters or digits left once standardised");
            return null;
        }
        return u;
    }

    /** Reads every status column the row has; they must agree. */
    private StatusIntent statusIntent(Prepared p) {
        if (!hasStatusColumns) {
            return null;
        }
        if (onlyStatusColumn) {
            String status = p.present(StandardFields.STATUS);
            if (status == null) {
                return null;
            }
            if (status.equalsIgnoreCase("ACTIVE")) {
                return StatusIntent.ACTIVE;
            }
            if (status.equalsIgnoreCase("INACTIVE")) {
                return StatusIntent.INACTIVE;
            }
            if (status.equalsIgnoreCase("DELETED")) {
                return StatusIntent.DELETE;
            }
            p.error(Codes.INVALID_VALUE, StandardFields.STATUS, "status must be ACTIVE, INACTIVE or DELETED");
            return null;
        }
        Map<String, StatusIntent> said = new LinkedHashMap<>();
        String status = p.present(StandardFields.STATUS);
        if (status != null) {
            switch (status.toUpperCase(Locale.ROOT)) {
                case "ACTIVE" -> said.put(StandardFields.STATUS, StatusIntent.ACTIVE);
                case "INACTIVE" -> said.put(StandardFields.STATUS, StatusIntent.INACTIVE);
                case "DELETED" -> said.put(StandardFields.STATUS, StatusIntent.DELETE);
                default -> p.error(Codes.INVALID_VALUE, StandardFields.STATUS, "status must be ACTIVE, INACTIVE or DELETED");
            }
        }
        String employee = p.present(UploadColumns.EMPLOYEE_STATUS);
        if (employee != null) {
            if (settings.singleSignOn()) {
                p.add(Severity.WARNING, Codes.IGNORED_VALUE, UploadColumns.EMPLOYEE_STATUS,
                        "employeeStatus is not used on a single sign-on site; accountStatus decides activation");
            } else {
                letterStatus(p, UploadColumns.EMPLOYEE_STATUS, employee, said);
            }
        }
        String account = p.present(UploadColumns.ACCOUNT_STATUS);
        if (account != null) {
            if (settings.singleSignOn()) {
                letterStatus(p, UploadColumns.ACCOUNT_STATUS, account, said);
            } else {
                p.add(Severity.WARNING, Codes.IGNORED_VALUE, UploadColumns.ACCOUNT_STATUS,
                        "accountStatus is used only on single sign-on sites; leave it blank and use employeeStatus");
            }
        }
        String suspended = p.present(UploadColumns.SUSPENDED);
        if (suspended != null) {
            Boolean b = yesNo(suspended);
            if (b == null) {
                p.error(Codes.INVALID_VALUE, UploadColumns.SUSPENDED, "suspended must be 1 or 0");
            } else {
                said.put(UploadColumns.SUSPENDED, b ? StatusIntent.INACTIVE : StatusIntent.ACTIVE);
            }
        }
        String deleted = p.present(UploadColumns.DELETED);
        if (deleted != null) {
            Boolean b = yesNo(deleted);
            if (b == null) {
                p.error(Codes.INVALID_VALUE, UploadColumns.DELETED, "deleted must be 1 or 0");
            } else if (b) {
                said.put(UploadColumns.DELETED, StatusIntent.DELETE);
            }
        }
        if (new LinkedHashSet<>(said.values()).size() > 1) {
            p.error(Codes.CONFLICTING_STATUS, said.keySet().iterator().next(), "the status columns disagree: "
                    + said.entrySet().stream().map(e -> e.getKey() + " says " + e.getValue().name().toLowerCase(Locale.ROOT))
                    .toList());
            return null;
        }
        return said.isEmpty() ? null : said.values().iterator().next();
    }

    private static void letterStatus(Prepared p, String column, String value, Map<String, StatusIntent> said) {
        switch (value.toUpperCase(Locale.ROOT)) {
            case "A", "ACTIVE" -> said.put(column, StatusIntent.ACTIVE);
            case "D", "I", "INACTIVE" -> said.put(column, StatusIntent.INACTIVE);
            default -> p.error(Codes.INVALID_VALUE, column, column + " must be A (active) or D (deactivated)");
        }
    }

    private static Boolean yesNo(String v) {
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "1", "y", "yes", "true" -> Boolean.TRUE;
            case "0", "n", "no", "false" -> Boolean.FALSE;
            default -> null;
        };
    }

    // ---------------------------------------------------------------- look-ups

    /** The users and targets one batch's rows refer to, found with one repository call per field or kind. */
    private final class Lookups {
        Map<String, List<UserRecord>> byKey = Map.of();
        Map<String, List<UserRecord>> byUsername = Map.of();
        final Map<String, Map<String, List<UserRecord>>> byUnique = new HashMap<>();
        final Map<String, Set<String>> targets = new HashMap<>();

        List<UserRecord> username(String name) {
            return stillHeld(StandardFields.USERNAME, name, byUsername.getOrDefault(name, List.of()));
        }

        boolean targetExists(String kind, String name) {
            return targets.getOrDefault(kind, Set.of()).contains(name);
        }
    }

    private Lookups lookUp(List<Prepared> batch) {
        Set<String> keys = new LinkedHashSet<>(batch.size() * 2);
        Set<String> usernames = new LinkedHashSet<>(batch.size() * 2);
        Map<String, Set<String>> uniqueValues = new LinkedHashMap<>();
        Map<String, Set<String>> targetNames = new LinkedHashMap<>();
        for (Prepared p : batch) {
            if (p.hasErrors()) {
                continue;
            }
            if (p.key != null) {
                keys.add(p.key);
            }
            for (String u : new String[] {p.rawUsername, p.oldUsername, p.generated}) {
                if (u != null) {
                    usernames.add(u);
                }
            }
            for (String f : referenceColumns) {
                String v = p.present(f);
                if (v != null) {
                    String kind = schema.field(f).orElseThrow().references();
                    targetNames.computeIfAbsent(kind, k -> new LinkedHashSet<>())
                            .add(f.equals(StandardFields.SITE) ? Sites.normalize(v) : v);
                }
            }
            for (Membership m : p.memberships.add()) {
                targetNames.computeIfAbsent(m.kind().targetKind(), k -> new LinkedHashSet<>()).add(m.target());
            }
        }
        Lookups l = new Lookups();
        if (matchOn.equals(StandardFields.USERNAME)) {
            for (Prepared p : batch) {
                if (!p.hasErrors() && p.username != null) {
                    usernames.add(p.username);
                }
            }
        } else if (!keys.isEmpty()) {
            l.byKey = repository.findBy(matchOn, keys);
            // a row's username needs looking up only when it is not already the matched user's
            for (Prepared p : batch) {
                if (p.hasErrors() || p.username == null) {
                    continue;
                }
                List<UserRecord> byKey = p.key == null ? null : l.byKey.get(p.key);
                if (byKey == null || byKey.size() != 1 || !byKey.get(0).username().equals(p.username)) {
                    usernames.add(p.username);
                }
            }
        } else {
            for (Prepared p : batch) {
                if (!p.hasErrors() && p.username != null) {
                    usernames.add(p.username);
                }
            }
        }
        l.byUsername = usernames.isEmpty() ? Map.of() : repository.findBy(StandardFields.USERNAME, usernames);
        if (matchOn.equals(StandardFields.USERNAME)) {
            l.byKey = l.byUsername;
        }
        // Unique values are looked up only where a row would give them: a new user's, or a value
        // that differs from the stored one of the user the key finds. An unchanged row costs nothing.
        for (Prepared p : batch) {
            if (p.hasErrors()) {
                continue;
            }
            List<UserRecord> byKey = p.key == null ? null : l.byKey.get(p.key);
            UserRecord guess = byKey != null && byKey.size() == 1 ? byKey.get(0) : null;
            for (String f : uniqueColumns) {
                if (f.equals(matchOn) || f.equals(StandardFields.USERNAME)) {
                    continue;
                }
                String v = p.present(f);
                if (v == null) {
                    continue;
                }
                String stored = guess == null ? null : guess.fields().get(f);
                if (stored == null || !Keys.comparable(f, stored).equals(Keys.comparable(f, v))) {
                    uniqueValues.computeIfAbsent(f, k -> new LinkedHashSet<>()).add(v);
                }
            }
        }
        for (String f : uniqueColumns) {
            if (f.equals(matchOn)) {
                l.byUnique.put(f, l.byKey);
            } else if (f.equals(StandardFields.USERNAME)) {
                l.byUnique.put(f, l.byUsername);
            } else if (uniqueValues.containsKey(f)) {
                l.byUnique.put(f, repository.findBy(f, uniqueValues.get(f)));
            }
        }
        for (Map.Entry<String, Set<String>> e : targetNames.entrySet()) {
            l.targets.put(e.getKey(), repository.existingTargets(e.getKey(), e.getValue()));
        }
        return l;
    }

    // ---------------------------------------------------------------- deciding

    private PlannedChange plan(Prepared p, Lookups l) {
        if (settings.fullUpload()) {
            for (String u : new String[] {p.username, p.oldUsername}) {
                if (u != null) {
                    claims.claim(Claims.hash("named", u), p.line);
                }
            }
        }
        if (settings.mode() == UploadMode.ADD_ALL) {
            return p.hasErrors() ? reject(p, null) : planCreate(p, l);
        }
        // The first row naming a user claims it, valid or not: whether a later row for the same
        // user goes ahead must not depend on what the store holds, or planning an applied file
        // again would give another answer.
        boolean renaming = p.oldUsername != null && matchOn.equals(StandardFields.USERNAME);
        String identity = renaming ? p.oldUsername : p.key;
        if (identity != null) {
            long first = claims.claim(Claims.hash("key", Keys.comparable(matchOn, identity)), p.line);
            if (first != 0) {
                p.error(Codes.DUPLICATE_ROW, renaming ? UploadColumns.OLD_USERNAME : matchOn,
                        "line " + first + " already names this user");
                return reject(p, null);
            }
        }
        if (settings.fallbackToUsername() && !matchOn.equals(StandardFields.USERNAME) && p.username != null) {
            // with the fallback, a username may name a user too, whether or not this row is valid
            long first = claims.claim(Claims.hash("username", Keys.comparable(StandardFields.USERNAME, p.username)),
                    p.line);
            if (first != 0) {
                p.error(Codes.DUPLICATE_ROW, StandardFields.USERNAME, "line " + first + " already names the user "
                        + p.username + "; users are matched by username when " + matchOn + " finds none");
                return reject(p, null);
            }
        }
        if (renaming && !p.oldUsername.equals(p.username) && p.username != null) {
            // the new name identifies the user too, once the file has been applied
            long first = claims.claim(Claims.hash("key", Keys.comparable(matchOn, p.username)), p.line);
            if (first != 0) {
                p.error(Codes.DUPLICATE_ROW, StandardFields.USERNAME, "line " + first + " already names the user "
                        + p.username + "; a file may use a username once, so split chained renames over two uploads");
                return reject(p, null);
            }
        }
        if (p.hasErrors()) {
            return reject(p, null);
        }

        UserRecord user;
        String renameTo = null;
        if (renaming) {
            if (p.username == null) {
                p.error(Codes.MISSING_REQUIRED, StandardFields.USERNAME, "a rename needs the new username in the username column");
                return reject(p, null);
            }
            UserRecord old = single(p, l.username(p.oldUsername), UploadColumns.OLD_USERNAME, p.oldUsername);
            UserRecord current = old == null ? single(p, l.username(p.username), StandardFields.USERNAME, p.username) : null;
            if (p.hasErrors()) {
                return reject(p, null);
            }
            if (old != null) {
                user = old;
                renameTo = p.oldUsername.equals(p.username) ? null : p.username;
            } else if (current != null) {
                user = current; // renamed already: the file was applied before
            } else {
                p.error(Codes.USER_NOT_FOUND, UploadColumns.OLD_USERNAME, "cannot rename " + p.oldUsername
                        + ": no user has that username");
                return reject(p, null);
            }
        } else {
            // users an earlier row moved off the key no longer have it, as after the file is applied
            user = p.key == null ? null
                    : single(p, stillHeld(matchOn, p.key, l.byKey.getOrDefault(p.key, List.of())), matchOn, p.key);
            if (p.hasErrors()) {
                return reject(p, null);
            }
            if (user == null && p.rawUsername != null && matchOn.equals(StandardFields.USERNAME)) {
                // a store that keeps usernames as written (JDoe) still matches its own extract
                user = single(p, l.username(p.rawUsername), StandardFields.USERNAME, p.rawUsername);
                if (p.hasErrors()) {
                    return reject(p, null);
                }
                if (user != null) {
                    p.username = p.rawUsername;
                }
            }
            if (user == null && p.key != null && settings.fallbackToUsername() && !matchOn.equals(StandardFields.USERNAME)
                    && p.username != null) {
                user = single(p, l.username(p.username), StandardFields.USERNAME, p.username);
                if (p.hasErrors()) {
                    return reject(p, null);
                }
            }
            if (user == null && p.key == null && p.generated == null
                    && !(settings.fallbackToUsername() && p.username != null)) {
                p.error(Codes.MISSING_KEY, matchOn, "the row has no " + matchOn + " to match users on");
                return reject(p, null);
            }
            if (user == null && p.key == null && settings.fallbackToUsername() && p.username != null) {
                user = single(p, l.username(p.username), StandardFields.USERNAME, p.username);
                if (p.hasErrors()) {
                    return reject(p, null);
                }
            }
            if (user != null && p.username != null && !p.username.equals(user.username())) {
                renameTo = p.username;
            }
        }

        if (settings.mode() == UploadMode.ADD_UPDATE && matchOn.equals(StandardFields.EMAIL) && p.username != null) {
            for (UserRecord holder : l.username(p.username)) {
                if ((user == null || !holder.id().equals(user.id()))
                        && !holder.email().map(e -> e.equalsIgnoreCase(p.key == null ? "" : p.key)).orElse(false)) {
                    // the skip rests on the holder keeping the username, and on the user the key
                    // found keeping the key: a later row taking either away must come first
                    want(StandardFields.USERNAME, p.username, p.line);
                    if (user != null) {
                        want(matchOn, p.key, p.line);
                    }
                    return skip(p, user, Codes.USERNAME_TAKEN, "the username " + p.username
                            + " belongs to another account with another email address");
                }
            }
        }

        if (user != null) {
            // a user is named by one key, so only matching by username as well can name it twice
            long first = settings.fallbackToUsername() ? claims.claim(Claims.hash("user", user.id()), p.line) : 0;
            if (first != 0) {
                p.error(Codes.DUPLICATE_ROW, matchOn, "line " + first + " already names this user");
                return reject(p, user);
            }
            return switch (settings.mode()) {
                case ADD_NEW -> skip(p, user, Codes.USER_EXISTS,
                        "user " + user.username() + " already exists; the upload adds new users only");
                case ADD_UPDATE, UPDATE_ONLY -> planUpdate(p, user, renameTo, l);
                case ADD_ALL -> throw new IllegalStateException("add-all never matches");
            };
        }
        if (!settings.mode().creates()) {
            return skip(p, null, Codes.USER_NOT_FOUND, "no user has this " + matchOn
                    + "; the upload updates existing users only");
        }
        if (p.status == StatusIntent.DELETE) {
            return skip(p, null, Codes.USER_NOT_FOUND, "no user has this " + matchOn + ", so there is nothing to delete");
        }
        return planCreate(p, l);
    }

    /**
     * @return the one user among the matches inside the scope; null (with an error on the row
     *         when there is one) when there are none or several
     */
    private UserRecord single(Prepared p, List<UserRecord> matches, String column, String value) {
        if (matches.isEmpty()) {
            return null;
        }
        List<UserRecord> inScope = scope == null ? matches
                : matches.stream().filter(u -> Sites.within(u.site().orElse(null), scope)).toList();
        if (inScope.isEmpty()) {
            p.error(Codes.OUTSIDE_SCOPE, column, "this " + column + " belongs to a user outside this upload's site ("
                    + scope + "); that user is never changed from here");
            return null;
        }
        if (inScope.size() > 1) {
            // should a later row move one of them off the value, it must come before this one
            want(column.equals(UploadColumns.OLD_USERNAME) ? StandardFields.USERNAME : column, value, p.line);
            p.error(Codes.AMBIGUOUS_MATCH, column, "the " + column + " of this row matches " + inScope.size()
                    + " users; it must identify exactly one");
            return null;
        }
        return inScope.get(0);
    }

    // ---------------------------------------------------------------- creating

    private PlannedChange planCreate(Prepared p, Lookups l) {
        boolean generated = p.username == null;
        String username = generated ? p.generated : p.username;
        if (username == null) {
            p.error(Codes.MISSING_REQUIRED, StandardFields.USERNAME, usernameTemplate == null
                    ? "a new user needs a username" : "the username template makes no username from this row's names");
            return reject(p, null);
        }
        if (usernameTaken(username, l)) {
            if (settings.mode() == UploadMode.ADD_ALL
                    || (generated && settings.duplicateUsernames() == DuplicateUsernames.APPEND_COUNTER)) {
                username = nextFreeUsername(username);
            } else {
                if (!l.username(username).isEmpty()) {
                    want(StandardFields.USERNAME, username, p.line);
                }
                p.error(Codes.USERNAME_TAKEN, StandardFields.USERNAME, "the username " + username
                        + (claimedBy(StandardFields.USERNAME, username) != null ? " is given to an earlier row's user"
                        : " is already in use"));
                return reject(p, null);
            }
        }
        if (p.status == StatusIntent.DELETE) {
            return skip(p, null, Codes.USER_NOT_FOUND, "the row asks to delete a user that does not exist");
        }

        Map<String, String> values = new LinkedHashMap<>();
        for (String f : header.fields()) {
            if (!isDirective(f)) {
                String v = p.present(f);
                if (v != null) {
                    values.put(f, f.equals(StandardFields.SITE) ? Sites.normalize(v) : v);
                }
            }
        }
        values.put(StandardFields.USERNAME, username);
        for (Map.Entry<String, String> d : settings.defaults().entrySet()) {
            if (!d.getKey().equals(StandardFields.USERNAME) && !values.containsKey(d.getKey())) {
                String v = Usernames.expand(d.getValue(), values.get(StandardFields.FIRST_NAME),
                        values.get(StandardFields.LAST_NAME), username).strip();
                if (!v.isEmpty()) {
                    values.put(d.getKey(), v);
                }
            }
        }
        UserStatus status = p.status == null ? settings.newUserStatus()
                : p.status == StatusIntent.ACTIVE ? UserStatus.ACTIVE : UserStatus.INACTIVE;
        values.put(StandardFields.STATUS, status.name());
        if (settings.feed() != null) {
            values.put(StandardFields.FEED, settings.feed());
        }

        ProfileType profile = ProfileType.parse(values.getOrDefault(StandardFields.PROFILE_TYPE, "1")).orElseThrow();
        List<String> missing = new ArrayList<>();
        for (FieldDefinition f : schema.fields()) {
            if (f.isRequiredFor(profile) && !values.containsKey(f.name())) {
                missing.add(f.name());
            }
        }
        if (!missing.isEmpty()) {
            String first = missing.get(0);
            p.problems.add(new Problem(Severity.ERROR, Codes.MISSING_REQUIRED, p.line,
                    header.has(first) ? header.header(first) : null, first,
                    "to create " + (profile == ProfileType.FACILITY ? "a facility" : "an individual")
                            + ", these fields are required: " + String.join(", ", missing)));
        }
        checkReferences(p, values, l);
        if (!values.containsKey(StandardFields.SITE) && scope != null) {
            values.put(StandardFields.SITE, scope);
        }
        MembershipColumns.Diff memberships = MembershipColumns.diff(Set.of(), p.memberships);
        checkTargets(p, memberships.add(), l);
        checkUnique(p, null, values, l);
        if (p.hasErrors()) {
            return reject(p, null);
        }
        claim(StandardFields.USERNAME, username, p.line);
        claimAll(p, values);

        List<FieldChange> changes = new ArrayList<>();
        for (String f : orderedFields(values.keySet())) {
            changes.add(new FieldChange(f, null, values.get(f), isSensitive(f)));
        }
        boolean weak = false;
        PasswordChange pw;
        if (p.password != null) {
            weak = checkPassword(p);
            changes.add(new FieldChange(StandardFields.PASSWORD, null, null, true));
            pw = new PasswordChange(p.password, false, forceChange(weak), false);
        } else {
            pw = new PasswordChange(null, true, false, false);
        }
        if (!username.equals(generated ? p.generated : p.username)) {
            p.add(Severity.INFO, Codes.USERNAME_TAKEN, StandardFields.USERNAME, "the username "
                    + (generated ? p.generated : p.username) + " is taken; the new user gets " + username);
        }
        return new PlannedChange(p.line, Action.CREATE, null, username, 0, changes, memberships.add(), Set.of(),
                p.problems, pw, false, weak);
    }

    private boolean usernameTaken(String username, Lookups l) {
        return !l.username(username).isEmpty() || claimedBy(StandardFields.USERNAME, username) != null;
    }

    /** @return the first counter candidate of {@code base} that neither the store nor an earlier row uses */
    private String nextFreeUsername(String base) {
        for (int n = 1; ; n += 10) {
            List<String> candidates = new ArrayList<>(10);
            for (int k = n; k < n + 10; k++) {
                String c = Usernames.candidate(base, k);
                if (claimedBy(StandardFields.USERNAME, c) == null) {
                    candidates.add(c);
                }
            }
            Map<String, List<UserRecord>> taken = candidates.isEmpty() ? Map.of()
                    : repository.findBy(StandardFields.USERNAME, candidates);
            for (String c : candidates) {
                if (stillHeld(StandardFields.USERNAME, c, taken.getOrDefault(c, List.of())).isEmpty()) {
                    return c;
                }
            }
        }
    }

    // ---------------------------------------------------------------- updating

    /**
     * @return whether a value from the file is the stored one: exactly, or for email without
     *         regard to case, as emails are compared everywhere (a feed writing JOHN@X.COM
     *         does not flip a stored john@x.com back and forth)
     */
    private static boolean same(String field, String value, String stored) {
        return stored != null && (value.equals(stored)
                || (field.equals(StandardFields.EMAIL) && Keys.comparable(field, value).equals(Keys.comparable(field, stored))));
    }

    private PlannedChange planUpdate(Prepared p, UserRecord user, String renameTo, Lookups l) {
        Map<String, String> set = new LinkedHashMap<>();
        List<FieldChange> changes = new ArrayList<>();
        UpdateType type = settings.updateType();
        for (String f : header.fields()) {
            if (isDirective(f) || f.equals(StandardFields.USERNAME)) {
                continue;
            }
            String v = p.value(f);
            if (v != null && f.equals(StandardFields.SITE) && !v.isEmpty()) {
                v = Sites.normalize(v);
            }
            String stored = user.fields().get(f);
            if (v == null || (v.isEmpty() && settings.emptyValues() == EmptyValues.IGNORE)) {
                continue;
            }
            if (type == UpdateType.FILL_MISSING && stored != null) {
                continue;
            }
            if (v.isEmpty()) {
                if (stored != null) {
                    changes.add(new FieldChange(f, stored, null, isSensitive(f)));
                }
            } else if (!same(f, v, stored)) {
                changes.add(new FieldChange(f, stored, v, isSensitive(f)));
                set.put(f, v);
            }
        }
        if (type != UpdateType.FILE) {
            String first = set.getOrDefault(StandardFields.FIRST_NAME, user.firstName().orElse(null));
            String last = set.getOrDefault(StandardFields.LAST_NAME, user.lastName().orElse(null));
            String name = renameTo != null ? renameTo : user.username();
            for (Map.Entry<String, String> d : settings.defaults().entrySet()) {
                String f = d.getKey();
                if (f.equals(StandardFields.USERNAME) || isDirective(f) || p.present(f) != null || set.containsKey(f)) {
                    continue;
                }
                String stored = user.fields().get(f);
                if (type == UpdateType.FILL_MISSING && stored != null) {
                    continue;
                }
                String v = Usernames.expand(d.getValue(), first, last, name).strip();
                if (!v.isEmpty() && !same(f, v, stored)) {
                    changes.removeIf(c -> c.field().equals(f));
                    changes.add(new FieldChange(f, stored, v, isSensitive(f)));
                    set.put(f, v);
                }
            }
        }
        clearOmittedSets(p, user, changes);
        for (FieldChange c : changes) {
            if (!schema.field(c.field()).map(FieldDefinition::updatable).orElse(true)) {
                p.error(Codes.NOT_UPDATABLE, c.field(), c.field() + " cannot be changed on existing users");
            }
        }

        boolean rename = false;
        if (renameTo != null) {
            if (!settings.allowRenames()) {
                return skip(p, user, Codes.RENAME_NOT_ALLOWED, "the row would rename " + user.username() + " to "
                        + renameTo + "; renames are not allowed in this upload");
            }
            if (usernameTaken(renameTo, l)) {
                if (!l.username(renameTo).isEmpty()) {
                    want(StandardFields.USERNAME, renameTo, p.line);
                }
                p.error(Codes.USERNAME_TAKEN, StandardFields.USERNAME, "cannot rename " + user.username() + " to "
                        + renameTo + ": that username is already in use");
            } else {
                changes.add(new FieldChange(StandardFields.USERNAME, user.username(), renameTo, false));
                set.put(StandardFields.USERNAME, renameTo);
                rename = true;
            }
        }

        Action statusAction = null;
        if (p.status == StatusIntent.DELETE) {
            if (!settings.allowDeletes()) {
                return skip(p, user, Codes.DELETE_NOT_ALLOWED, "the row asks to delete " + user.username()
                        + "; deletes are not allowed in this upload");
            }
            // a deleted user gives up every unique value it holds, for later rows of the file
            List<FieldChange> freed = new ArrayList<>();
            for (Map.Entry<String, String> e : user.fields().entrySet()) {
                if (identifying(e.getKey()) || schema.field(e.getKey()).map(FieldDefinition::unique).orElse(false)) {
                    freed.add(new FieldChange(e.getKey(), e.getValue(), null, false));
                }
            }
            releaseAll(p, user, freed);
            if (p.hasErrors()) {
                return reject(p, user);
            }
            for (FieldChange f : freed) {
                release(f.field(), f.from(), user.id());
            }
            return new PlannedChange(p.line, Action.DELETE, user.id(), user.username(), user.version(),
                    List.of(), Set.of(), Set.of(), p.problems, PasswordChange.NONE, false, false);
        }
        if (p.status != null) {
            UserStatus wanted = p.status == StatusIntent.ACTIVE ? UserStatus.ACTIVE : UserStatus.INACTIVE;
            if (wanted != user.status()) {
                if (!settings.allowSuspends()) {
                    return skip(p, user, Codes.STATUS_CHANGE_NOT_ALLOWED, "the row would "
                            + (wanted == UserStatus.ACTIVE ? "activate " : "deactivate ") + user.username()
                            + "; status changes are not allowed in this upload");
                }
                changes.add(new FieldChange(StandardFields.STATUS, user.status().name(), wanted.name(), false));
                set.put(StandardFields.STATUS, wanted.name());
                statusAction = wanted == UserStatus.ACTIVE ? Action.ACTIVATE : Action.DEACTIVATE;
            }
        }

        MembershipColumns.Diff memberships = MembershipColumns.diff(user.memberships(), p.memberships);
        checkTargets(p, memberships.add(), l);
        checkReferences(p, set, l);
        checkUnique(p, user, set, l);

        boolean weak = false;
        PasswordChange pw = PasswordChange.NONE;
        if (p.password != null) {
            if (settings.updatePasswords()) {
                weak = checkPassword(p);
                changes.add(new FieldChange(StandardFields.PASSWORD, null, null, true));
                pw = new PasswordChange(p.password, false, forceChange(weak), false);
            } else {
                p.add(Severity.INFO, Codes.IGNORED_VALUE, StandardFields.PASSWORD,
                        "the password of an existing user is not changed: updating passwords is off");
            }
        }
        if (p.resetPassword) {
            pw = new PasswordChange(pw.newPassword(), false, pw.forceChange(), true);
        }
        releaseAll(p, user, changes);
        if (p.hasErrors()) {
            return reject(p, user);
        }
        if (rename) {
            release(StandardFields.USERNAME, user.username(), user.id());
            claim(StandardFields.USERNAME, renameTo, p.line);
        }
        for (FieldChange c : changes) {
            if (c.from() != null && identifying(c.field())) {
                release(c.field(), c.from(), user.id());
            }
        }
        claimAll(p, set);
        String finalName = rename ? renameTo : user.username();
        if (changes.isEmpty() && memberships.isEmpty() && pw.isNone()) {
            return new PlannedChange(p.line, Action.UNCHANGED, user.id(), finalName, user.version(), List.of(),
                    Set.of(), Set.of(), p.problems, PasswordChange.NONE, false, false);
        }
        Action action = rename ? Action.RENAME : statusAction != null ? statusAction : Action.UPDATE;
        return new PlannedChange(p.line, action, user.id(), finalName, user.version(), orderChanges(changes),
                memberships.add(), memberships.remove(), p.problems, pw, false, weak);
    }

    // ---------------------------------------------------------------- checks

    /**
     * Seed 004: a user's numbered field sets of one kind (payment cards {@code card1},
     * {@code card2}, …) go together. A row that gives some of them clears the others the user
     * has; the plan shows them as erased, with a warning.
     */
    private void clearOmittedSets(Prepared p, UserRecord user, List<FieldChange> changes) {
        for (Map.Entry<String, Set<String>> e : setsOfFamily.entrySet()) {
            Set<String> given = new LinkedHashSet<>();
            for (String f : header.fields()) {
                String set = schema.field(f).orElseThrow().fieldSet();
                if (set != null && e.getValue().contains(set) && p.present(f) != null) {
                    given.add(set);
                }
            }
            if (given.isEmpty()) {
                continue;
            }
            for (String set : e.getValue()) {
                if (given.contains(set)) {
                    continue;
                }
                boolean cleared = false;
                for (FieldDefinition f : schema.fields()) {
                    String stored = user.fields().get(f.name());
                    if (set.equals(f.fieldSet()) && stored != null
                            && changes.stream().noneMatch(c -> c.field().equals(f.name()))) {
                        changes.add(new FieldChange(f.name(), stored, null, f.sensitive()));
                        cleared = true;
                    }
                }
                if (cleared) {
                    p.add(Severity.WARNING, Codes.FIELD_SET_CLEARED, null, set + " is cleared: the row gives other "
                            + e.getKey() + " sets (" + String.join(", ", given) + ") but not this one; include every "
                            + e.getKey() + " set to keep them all");
                }
            }
        }
    }

    /** @return the kind of a numbered set ({@code card} for {@code card2}, {@code payment card} for {@code payment card 1}), or null */
    private static String family(String set) {
        if (set == null) {
            return null;
        }
        int end = set.length();
        while (end > 0 && Character.isDigit(set.charAt(end - 1))) {
            end--;
        }
        return end == set.length() || end == 0 ? null : set.substring(0, end).strip();
    }

    /**
     * @return a rejected row's values as kept for its error file, the temporary plan file and
     *         a saved plan: as read, except that passwords, other sensitive fields and whatever
     *         looks like a payment card number are left empty, so no secret reaches a file
     */
    private List<String> kept(UploadRow row) {
        List<String> values = java.util.Arrays.asList(row.values());
        int columns = header.columns().size();
        // A row with too many cells may have moved a secret right; one with too few (padded
        // with blanks by the reader), left by at most its blank cells at the end. Then every
        // cell from where the first secret could have moved to is left empty.
        boolean aligned = row.problems().stream().noneMatch(p -> Codes.CELL_COUNT.equals(p.code()));
        int shift = 0;
        if (!aligned && values.size() <= columns) {
            for (int k = values.size() - 1; k >= 0 && values.get(k) == null; k--) {
                shift++;
            }
        }
        for (int i = 0; i < values.size(); i++) {
            if (dev.rollcall.spi.PaymentCards.looksLikeCardNumber(values.get(i))) {
                values.set(i, null);
            }
        }
        for (int i = 0; i < columns; i++) {
            FieldDefinition f = header.field(i);
            if (f != null && f.sensitive()) {
                if (aligned) {
                    values.set(i, null);
                } else {
                    for (int k = Math.max(0, i - shift); k < values.size(); k++) {
                        values.set(k, null);
                    }
                    break;
                }
            }
        }
        return values;
    }

    /** Columns that steer the upload rather than being stored as they are. */
    private static boolean isDirective(String field) {
        return field.equals(StandardFields.PASSWORD) || field.equals(StandardFields.STATUS);
    }

    private boolean isSensitive(String field) {
        return schema.field(field).map(FieldDefinition::sensitive).orElse(false);
    }

    private boolean checkPassword(Prepared p) {
        List<String> weaknesses = settings.passwordPolicy().weaknesses(p.password);
        if (weaknesses.isEmpty()) {
            return false;
        }
        p.add(Severity.WARNING, Codes.WEAK_PASSWORD, StandardFields.PASSWORD,
                "the password is weak: " + String.join(", ", weaknesses));
        return true;
    }

    private boolean forceChange(boolean weak) {
        return settings.forcePasswordChange() == ForcePasswordChange.ALL
                || (weak && settings.forcePasswordChange() == ForcePasswordChange.WEAK);
    }

    /** Every value that must name a host target (a site, a theme, an office) names one. */
    private void checkReferences(Prepared p, Map<String, String> values, Lookups l) {
        for (String f : referenceColumns) {
            String v = values.get(f);
            if (v != null) {
                String kind = schema.field(f).orElseThrow().references();
                if (!l.targetExists(kind, v)) {
                    p.error(Codes.UNKNOWN_TARGET, f, "Unknown " + kind + " \"" + v
                            + "\": enter the name exactly as the site has it");
                }
            }
        }
    }

    private void checkTargets(Prepared p, Set<Membership> add, Lookups l) {
        for (Membership m : add) {
            if (!l.targetExists(m.kind().targetKind(), m.target())) {
                String kind = m.kind() == MembershipKind.SYSTEM_ROLE ? "system role" : m.kind().targetKind();
                p.error(Codes.UNKNOWN_TARGET, null, "Unknown " + kind + " \"" + m.target() + "\"");
            }
        }
    }

    /**
     * Checks that the unique values a row would give its user belong to nobody else, in the
     * store or in an earlier row. Email counts as unique when duplicates are prevented; when
     * they are allowed, a shared email is a warning.
     */
    private void checkUnique(Prepared p, UserRecord user, Map<String, String> values, Lookups l) {
        for (Map.Entry<String, String> e : values.entrySet()) {
            String f = e.getKey();
            boolean email = f.equals(StandardFields.EMAIL);
            if (f.equals(StandardFields.USERNAME) || (f.equals(matchOn) && user == null && !email)) {
                continue;
            }
            if (!uniqueColumns.contains(f) && !email) {
                continue;
            }
            List<UserRecord> holders = l.byUnique.getOrDefault(f, Map.of()).getOrDefault(e.getValue(), List.of());
            boolean heldByOther = stillHeld(f, e.getValue(), holders).stream()
                    .anyMatch(h -> user == null || !h.id().equals(user.id()));
            Long earlier = claimedBy(f, e.getValue());
            if (!heldByOther && earlier == null) {
                continue;
            }
            if (heldByOther && !(email && !settings.preventEmailDuplicates())) {
                want(f, e.getValue(), p.line);
            }
            String where = heldByOther ? "another user already has this " + f
                    : "line " + earlier + " already gives this " + f + " to another user";
            if (email && !settings.preventEmailDuplicates()) {
                p.add(Severity.WARNING, Codes.DUPLICATE_EMAIL, f, where);
            } else {
                p.error(email ? Codes.DUPLICATE_EMAIL : Codes.DUPLICATE_KEY, f, where);
            }
        }
    }

    /**
     * A row gives up stored unique values (a rename, a changed email). If an earlier row was
     * refused one of them because this user still held it, the two rows conflict: planning
     * this file again after applying it would give the earlier row another answer. Both are
     * refused, and the message says how to order them.
     */
    private void releaseAll(Prepared p, UserRecord user, List<FieldChange> changes) {
        for (FieldChange c : changes) {
            if (!identifying(c.field()) || c.from() == null) {
                continue;
            }
            Map<String, Long> m = wanted.get(c.field());
            Long line = m == null ? null : m.get(Keys.comparable(c.field(), c.from()));
            if (line != null) {
                p.error(c.field().equals(StandardFields.EMAIL) ? Codes.DUPLICATE_EMAIL : Codes.DUPLICATE_KEY, c.field(),
                        "line " + line + " asks for the " + c.field() + " this row takes away from " + user.username()
                                + "; put this row before line " + line);
            }
        }
    }

    /** @return whether a value of the field names one user: a unique value, or the match key */
    private boolean identifying(String field) {
        return field.equals(StandardFields.USERNAME) || field.equals(matchOn) || uniqueColumns.contains(field);
    }

    /**
     * @return the stored holders of a unique value that an earlier row has not taken it away
     *         from; a value two stored users share stays taken while either still has it
     */
    private List<UserRecord> stillHeld(String field, String value, List<UserRecord> holders) {
        Set<String> r = released.get(field);
        if (r == null || holders.isEmpty()) {
            return holders;
        }
        String comparable = Keys.comparable(field, value);
        return holders.stream().filter(h -> !r.contains(releaseKey(comparable, h.id()))).toList();
    }

    /** Records that a row takes a unique value away from the stored user that had it. */
    private void release(String field, String value, String userId) {
        released.computeIfAbsent(field, k -> new java.util.HashSet<>())
                .add(releaseKey(Keys.comparable(field, value), userId));
    }

    private static String releaseKey(String comparable, String userId) {
        return comparable + '\u0000' + userId;
    }

    private void want(String field, String value, long line) {
        wanted.computeIfAbsent(field, k -> new HashMap<>()).putIfAbsent(Keys.comparable(field, value), line);
    }

    private Long claimedBy(String field, String value) {
        long line = 0;
        Claims table = uniqueClaims.get(field);
        if (table != null) {
            line = table.lineOf(Claims.hash(field, Keys.comparable(field, value)));
        }
        return line == 0 ? null : line;
    }

    private void claim(String field, String value, long line) {
        uniqueClaims.computeIfAbsent(field, k -> new Claims()).claim(Claims.hash(field, Keys.comparable(field, value)), line);
    }

    private void claimAll(Prepared p, Map<String, String> values) {
        for (Map.Entry<String, String> e : values.entrySet()) {
            if (uniqueColumns.contains(e.getKey())) {
                claim(e.getKey(), e.getValue(), p.line);
            }
        }
    }

    private List<String> orderedFields(Set<String> names) {
        List<String> out = new ArrayList<>(names.size());
        for (FieldDefinition f : schema.fields()) {
            if (names.contains(f.name())) {
                out.add(f.name());
            }
        }
        for (String n : names) {
            if (!schema.has(n)) {
                out.add(n);
            }
        }
        return out;
    }

    private List<FieldChange> orderChanges(List<FieldChange> changes) {
        Map<String, FieldChange> byField = new LinkedHashMap<>();
        for (FieldChange c : changes) {
            byField.put(c.field(), c);
        }
        List<FieldChange> out = new ArrayList<>();
        for (String f : orderedFields(byField.keySet())) {
            out.add(byField.get(f));
        }
        return out;
    }

    private PlannedChange reject(Prepared p, UserRecord user) {
        return new PlannedChange(p.line, Action.REJECT, user == null ? null : user.id(),
                user == null ? (p.username != null ? p.username : p.generated) : user.username(),
                user == null ? 0 : user.version(), List.of(), Set.of(), Set.of(), p.problems, PasswordChange.NONE,
                false, false);
    }

    private PlannedChange skip(Prepared p, UserRecord user, String code, String reason) {
        List<Problem> messages = new ArrayList<>(p.problems);
        messages.add(new Problem(Severity.INFO, code, p.line, null, null, reason));
        return new PlannedChange(p.line, Action.SKIP, user == null ? null : user.id(),
                user == null ? p.username : user.username(), user == null ? 0 : user.version(), List.of(), Set.of(),
                Set.of(), messages, PasswordChange.NONE, false, false);
    }
}
