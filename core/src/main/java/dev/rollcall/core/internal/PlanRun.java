package dev.rollcall.core.internal;

import dev.rollcall.core.Action;
import dev.rollcall.core.EmptyValues;
import dev.rollcall.core.FieldChange;
import dev.rollcall.core.PlannedChange;
import dev.rollcall.spi.Codes;
import dev.rollcall.spi.FieldDefinition;
import dev.rollcall.spi.FieldSchema;
import dev.rollcall.spi.PasswordChange;
import dev.rollcall.spi.Problem;
import dev.rollcall.spi.ProfileType;
import dev.rollcall.spi.RowReader;
import dev.rollcall.spi.Secret;
import dev.rollcall.spi.Severity;
import dev.rollcall.spi.StandardFields;
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
 * what is remembered across batches is only what an earlier row claimed (a user, a
 * username, a unique value), so a later row can be told it collides.
 *
 * <p>Not thread-safe: one run plans one file.
 */
public final class PlanRun {

    private static final Logger LOG = LoggerFactory.getLogger(PlanRun.class);

    private final Settings settings;
    private final UserRepository repository;
    private final FieldSchema schema;
    private final FieldCatalog catalog;
    private final String matchOn;

    private HeaderMapping header;
    /** Unique fields in the file, other than the match key, whose values must not collide. */
    private List<String> uniqueColumns = List.of();

    private final List<PlannedChange> entries = new ArrayList<>();
    private final List<Problem> fileProblems = new ArrayList<>();

    /** user id → line of the first row that matched it */
    private final Map<String, Long> rowOfUser = new HashMap<>();
    /** comparable match key → line of the first row that gave it */
    private final Map<String, Long> rowOfKey = new HashMap<>();
    /** field → comparable value → line of the row that claimed it for a new or changed user */
    private final Map<String, Map<String, Long>> claimed = new HashMap<>();

    /**
     * @param settings the planner's configuration
     * @param catalog  the header catalog of the repository's schema
     */
    public PlanRun(Settings settings, FieldCatalog catalog) {
        this.settings = settings;
        this.repository = settings.repository();
        this.catalog = catalog;
        this.schema = catalog.schema();
        this.matchOn = settings.matchOn();
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
        header = HeaderMapping.resolve(reader.columns(), reader.headerLine(), catalog);
        fileProblems.addAll(header.problems());
        checkKeyColumn(reader.headerLine());
        if (!fileProblems.isEmpty()) {
            return refused();
        }
        uniqueColumns = header.fields().stream()
                .filter(f -> !f.equals(matchOn))
                .filter(f -> schema.field(f).map(FieldDefinition::unique).orElse(false))
                .toList();
        List<UploadRow> batch = new ArrayList<>(settings.batchSize());
        try {
            UploadRow row;
            while ((row = reader.next()) != null) {
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
        return new PlanData(entries, fileProblems, header.columns());
    }

    private PlanData refused() {
        entries.clear();
        return new PlanData(List.of(), fileProblems, header == null ? List.of() : header.columns());
    }

    private void checkKeyColumn(long headerLine) {
        if (!header.problems().isEmpty() || header.has(matchOn)) {
            return;
        }
        boolean usernameFallback = settings.fallbackToUsername() && header.has(StandardFields.USERNAME);
        if (!usernameFallback) {
            fileProblems.add(new Problem(Severity.ERROR, Codes.MISSING_COLUMN, headerLine, null, matchOn,
                    "the upload matches users on " + matchOn + ", but the file has no " + matchOn + " column"));
        }
    }

    // ---------------------------------------------------------------- batches

    /** One row made ready for planning: its key values normalised, its own problems found. */
    private final class Prepared {
        final UploadRow row;
        final long line;
        final List<Problem> problems = new ArrayList<>();
        String key;
        String username;
        String statusText;

        Prepared(UploadRow row) {
            this.row = row;
            this.line = row.line();
            for (Problem p : row.problems()) {
                problems.add(p.line() == 0 ? p.atLine(line) : p);
            }
        }

        /** @return the trimmed value of a field, "" for an explicit empty value, null when blank or absent */
        String value(String field) {
            int c = header.column(field);
            return c < 0 ? null : row.value(c);
        }

        /** @return the non-empty value of a field, or null */
        String present(String field) {
            String v = value(field);
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

        void error(String code, String field, String message) {
            problems.add(new Problem(Severity.ERROR, code, line, field == null ? null : header.header(field), field, message));
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
            entries.add(plan(p, lookups));
        }
    }

    private Prepared prepare(UploadRow row) {
        Prepared p = new Prepared(row);
        String username = p.present(StandardFields.USERNAME);
        if (username != null) {
            p.username = settings.standardiseUsernames() ? Keys.standardiseUsername(username) : username;
            if (p.username.isEmpty()) {
                p.error(Codes.INVALID_VALUE, StandardFields.USERNAME,
                        "the username has no letters or digits left once standardised");
            }
        }
        String key = StandardFields.USERNAME.equals(matchOn) ? p.username : p.present(matchOn);
        p.key = key == null || key.isEmpty() ? null : key;
        p.statusText = p.present(StandardFields.STATUS);
        if (p.statusText != null) {
            String s = p.statusText.toUpperCase(Locale.ROOT);
            if (!s.equals("ACTIVE") && !s.equals("INACTIVE") && !s.equals("DELETED")) {
                p.error(Codes.INVALID_VALUE, StandardFields.STATUS,
                        "status must be ACTIVE, INACTIVE or DELETED");
            }
            p.statusText = s;
        }
        String profile = p.present(StandardFields.PROFILE_TYPE);
        if (profile != null && ProfileType.parse(profile).isEmpty()) {
            p.error(Codes.INVALID_VALUE, StandardFields.PROFILE_TYPE,
                    "profile type must be 1 (individual) or 2 (facility)");
        }
        return p;
    }

    /** The users one batch's rows refer to, found with one repository call per field. */
    private record Lookups(Map<String, List<UserRecord>> byKey, Map<String, List<UserRecord>> byUsername,
                           Map<String, Map<String, List<UserRecord>>> byUnique) {
    }

    private Lookups lookUp(List<Prepared> batch) {
        Set<String> keys = new LinkedHashSet<>();
        Set<String> usernames = new LinkedHashSet<>();
        Map<String, Set<String>> uniqueValues = new LinkedHashMap<>();
        for (Prepared p : batch) {
            if (p.hasErrors()) {
                continue;
            }
            if (p.key != null) {
                keys.add(p.key);
            }
            if (p.username != null) {
                usernames.add(p.username);
            }
            for (String f : uniqueColumns) {
                String v = p.present(f);
                if (v != null) {
                    uniqueValues.computeIfAbsent(f, k -> new LinkedHashSet<>()).add(v);
                }
            }
        }
        Map<String, List<UserRecord>> byKey = keys.isEmpty() ? Map.of() : repository.findBy(matchOn, keys);
        Map<String, List<UserRecord>> byUsername;
        Map<String, Map<String, List<UserRecord>>> byUnique = new HashMap<>();
        if (StandardFields.USERNAME.equals(matchOn)) {
            byUsername = byKey;
        } else {
            byUsername = usernames.isEmpty() ? Map.of() : repository.findBy(StandardFields.USERNAME, usernames);
        }
        for (Map.Entry<String, Set<String>> e : uniqueValues.entrySet()) {
            if (!e.getKey().equals(StandardFields.USERNAME)) {
                byUnique.put(e.getKey(), repository.findBy(e.getKey(), e.getValue()));
            }
        }
        byUnique.put(StandardFields.USERNAME, byUsername);
        return new Lookups(byKey, byUsername, byUnique);
    }

    // ---------------------------------------------------------------- rows

    private PlannedChange plan(Prepared p, Lookups lookups) {
        // The first row naming a user claims it, valid or not: whether a later row for the same
        // user goes ahead must not depend on what the store holds, or planning an applied file
        // again would give another answer.
        if (p.key != null) {
            Long first = rowOfKey.putIfAbsent(Keys.comparable(matchOn, p.key), p.line);
            if (first != null) {
                p.error(Codes.DUPLICATE_ROW, matchOn, "line " + first + " already names this user");
                return reject(p, null);
            }
        }
        if (p.hasErrors()) {
            return reject(p, null);
        }
        UserRecord user = null;
        if (p.key != null) {
            List<UserRecord> matches = lookups.byKey().getOrDefault(p.key, List.of());
            if (matches.size() > 1) {
                p.error(Codes.AMBIGUOUS_MATCH, matchOn, "the " + matchOn + " of this row matches "
                        + matches.size() + " users; it must identify exactly one");
                return reject(p, null);
            }
            user = matches.isEmpty() ? null : matches.get(0);
        }
        if (user == null && settings.fallbackToUsername() && !StandardFields.USERNAME.equals(matchOn)
                && p.username != null) {
            List<UserRecord> matches = lookups.byUsername().getOrDefault(p.username, List.of());
            user = matches.size() == 1 ? matches.get(0) : null;
        }
        if (user == null && p.key == null && (p.username == null || !settings.fallbackToUsername())) {
            p.error(Codes.MISSING_KEY, matchOn, "the row has no " + matchOn + " to match users on");
            return reject(p, null);
        }
        if (user != null) {
            Long first = rowOfUser.putIfAbsent(user.id(), p.line);
            if (first != null) {
                p.error(Codes.DUPLICATE_ROW, matchOn, "line " + first + " already names this user");
                return reject(p, user);
            }
            return switch (settings.mode()) {
                case ADD_NEW -> skip(p, user, Codes.USER_EXISTS,
                        "user " + user.username() + " already exists; the upload adds new users only");
                case ADD_UPDATE, UPDATE_ONLY -> planUpdate(p, user, lookups);
                case ADD_ALL -> planCreate(p, lookups);
            };
        }
        if (!settings.mode().creates()) {
            return skip(p, null, Codes.USER_NOT_FOUND, "no user has this " + matchOn
                    + "; the upload updates existing users only");
        }
        if ("DELETED".equals(p.statusText)) {
            return skip(p, null, Codes.USER_NOT_FOUND, "no user has this " + matchOn + ", so there is nothing to delete");
        }
        return planCreate(p, lookups);
    }

    private PlannedChange planCreate(Prepared p, Lookups lookups) {
        if (p.username == null) {
            p.error(Codes.MISSING_REQUIRED, StandardFields.USERNAME, "a new user needs a username");
            return reject(p, null);
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (String f : header.fields()) {
            if (isDirective(f)) {
                continue;
            }
            String v = f.equals(StandardFields.USERNAME) ? p.username : p.present(f);
            if (v != null) {
                values.put(f, v);
            }
        }
        values.put(StandardFields.USERNAME, p.username);
        UserStatus status = p.statusText == null ? settings.newUserStatus() : UserStatus.valueOf(p.statusText);
        values.put(StandardFields.STATUS, status.name());

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
            return reject(p, null);
        }
        if (!checkUnique(p, null, values, lookups)) {
            return reject(p, null);
        }
        claimAll(p, values);

        List<FieldChange> changes = new ArrayList<>();
        for (String f : orderedFields(values.keySet())) {
            changes.add(new FieldChange(f, null, values.get(f), isSensitive(f)));
        }
        String password = p.present(StandardFields.PASSWORD);
        PasswordChange pw = password == null
                ? new PasswordChange(null, true, false, false)
                : new PasswordChange(Secret.of(password), false, false, false);
        if (password != null) {
            changes.add(new FieldChange(StandardFields.PASSWORD, null, null, true));
        }
        return new PlannedChange(p.line, Action.CREATE, null, p.username, 0, changes, Set.of(), Set.of(),
                p.problems, pw, false, false);
    }

    private PlannedChange planUpdate(Prepared p, UserRecord user, Lookups lookups) {
        Map<String, String> set = new LinkedHashMap<>();
        List<FieldChange> changes = new ArrayList<>();
        for (String f : header.fields()) {
            if (isDirective(f) || f.equals(StandardFields.USERNAME)) {
                continue;
            }
            String v = p.value(f);
            if (v == null) {
                continue;
            }
            String stored = user.fields().get(f);
            if (v.isEmpty()) {
                if (settings.emptyValues() == EmptyValues.ERASE && stored != null) {
                    changes.add(new FieldChange(f, stored, null, isSensitive(f)));
                }
            } else if (!v.equals(stored)) {
                changes.add(new FieldChange(f, stored, v, isSensitive(f)));
                set.put(f, v);
            }
        }
        for (FieldChange c : changes) {
            FieldDefinition def = schema.field(c.field()).orElseThrow();
            if (!def.updatable()) {
                p.error(Codes.NOT_UPDATABLE, c.field(), c.field() + " cannot be changed on existing users");
            }
        }

        boolean rename = false;
        if (p.username != null && !p.username.equals(user.username())) {
            if (!settings.allowRenames()) {
                return skip(p, user, Codes.RENAME_NOT_ALLOWED,
                        "the username differs from the stored one (" + user.username()
                                + "); renames are not allowed in this upload");
            }
            List<UserRecord> holders = lookups.byUsername().getOrDefault(p.username, List.of());
            if (!holders.isEmpty() || claimedBy(StandardFields.USERNAME, p.username) != null) {
                p.error(Codes.USERNAME_TAKEN, StandardFields.USERNAME, "cannot rename " + user.username()
                        + ": the new username is already in use");
            } else {
                changes.add(0, new FieldChange(StandardFields.USERNAME, user.username(), p.username, false));
                set.put(StandardFields.USERNAME, p.username);
                rename = true;
            }
        }

        Action statusAction = null;
        if (p.statusText != null) {
            if (p.statusText.equals("DELETED")) {
                if (!settings.allowDeletes()) {
                    return skip(p, user, Codes.DELETE_NOT_ALLOWED, "the row asks to delete " + user.username()
                            + "; deletes are not allowed in this upload");
                }
                if (p.hasErrors()) {
                    return reject(p, user);
                }
                return new PlannedChange(p.line, Action.DELETE, user.id(), user.username(), user.version(),
                        List.of(), Set.of(), Set.of(), p.problems, PasswordChange.NONE, false, false);
            }
            UserStatus wanted = UserStatus.valueOf(p.statusText);
            if (wanted != user.status()) {
                if (!settings.allowSuspends()) {
                    return skip(p, user, Codes.STATUS_CHANGE_NOT_ALLOWED, "the row changes the status of " + user.username()
                            + "; status changes are not allowed in this upload");
                }
                changes.add(new FieldChange(StandardFields.STATUS, user.status().name(), wanted.name(), false));
                set.put(StandardFields.STATUS, wanted.name());
                statusAction = wanted == UserStatus.ACTIVE ? Action.ACTIVATE : Action.DEACTIVATE;
            }
        }
        if (!checkUnique(p, user, set, lookups) || p.hasErrors()) {
            return reject(p, user);
        }
        claimAll(p, set);
        String finalName = rename ? p.username : user.username();
        if (changes.isEmpty()) {
            return new PlannedChange(p.line, Action.UNCHANGED, user.id(), finalName, user.version(), List.of(),
                    Set.of(), Set.of(), p.problems, PasswordChange.NONE, false, false);
        }
        Action action = rename ? Action.RENAME : statusAction != null ? statusAction : Action.UPDATE;
        return new PlannedChange(p.line, action, user.id(), finalName, user.version(), sortChanges(changes),
                Set.of(), Set.of(), p.problems, PasswordChange.NONE, false, false);
    }

    // ---------------------------------------------------------------- helpers

    /** Fields that steer the upload rather than being stored as they are. */
    private static boolean isDirective(String field) {
        return field.equals(StandardFields.PASSWORD) || field.equals(StandardFields.STATUS);
    }

    private boolean isSensitive(String field) {
        return schema.field(field).map(FieldDefinition::sensitive).orElse(false);
    }

    /**
     * Checks that the unique values a row would give its user belong to nobody else, in the
     * store or in an earlier row.
     */
    private boolean checkUnique(Prepared p, UserRecord user, Map<String, String> values, Lookups lookups) {
        boolean ok = true;
        for (Map.Entry<String, String> e : values.entrySet()) {
            String f = e.getKey();
            if (f.equals(matchOn) || !schema.field(f).map(FieldDefinition::unique).orElse(false)) {
                continue;
            }
            List<UserRecord> holders = lookups.byUnique().getOrDefault(f, Map.of()).getOrDefault(e.getValue(), List.of());
            boolean heldByOther = holders.stream().anyMatch(h -> user == null || !h.id().equals(user.id()));
            Long earlier = claimedBy(f, e.getValue());
            if (heldByOther) {
                p.error(f.equals(StandardFields.USERNAME) ? Codes.USERNAME_TAKEN : Codes.DUPLICATE_KEY, f,
                        "another user already has this " + f);
                ok = false;
            } else if (earlier != null) {
                p.error(f.equals(StandardFields.USERNAME) ? Codes.USERNAME_TAKEN : Codes.DUPLICATE_KEY, f,
                        "line " + earlier + " already gives this " + f + " to another user");
                ok = false;
            }
        }
        return ok;
    }

    private Long claimedBy(String field, String value) {
        Map<String, Long> m = claimed.get(field);
        return m == null ? null : m.get(Keys.comparable(field, value));
    }

    private void claim(String field, String value, long line) {
        claimed.computeIfAbsent(field, k -> new HashMap<>()).putIfAbsent(Keys.comparable(field, value), line);
    }

    private void claimAll(Prepared p, Map<String, String> values) {
        for (Map.Entry<String, String> e : values.entrySet()) {
            if (schema.field(e.getKey()).map(FieldDefinition::unique).orElse(false)) {
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

    private List<FieldChange> sortChanges(List<FieldChange> changes) {
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
                user == null ? p.username : user.username(), user == null ? 0 : user.version(), List.of(), Set.of(),
                Set.of(), p.problems, PasswordChange.NONE, false, false);
    }

    private PlannedChange skip(Prepared p, UserRecord user, String code, String reason) {
        List<Problem> messages = new ArrayList<>(p.problems);
        messages.add(new Problem(Severity.INFO, code, p.line, null, null, reason));
        return new PlannedChange(p.line, Action.SKIP, user == null ? null : user.id(),
                user == null ? p.username : user.username(), user == null ? 0 : user.version(), List.of(), Set.of(),
                Set.of(), messages, PasswordChange.NONE, false, false);
    }
}
