package dev.rollcall.testkit;

import dev.rollcall.core.EmptyValues;
import dev.rollcall.core.UpdateType;
import dev.rollcall.spi.FieldDefinition;
import dev.rollcall.spi.FieldSchema;
import dev.rollcall.spi.FieldType;
import dev.rollcall.spi.StandardFields;
import dev.rollcall.spi.UploadColumns;
import dev.rollcall.spi.UserStatus;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * jqwik arbitraries for Rollcall: realistic people (names with accents, apostrophes and
 * hyphens; emails; statuses; sites; feeds), field schemas with custom fields of every
 * {@link FieldType}, stores of users for a schema, CSV upload files with the quirks real files
 * have (quoting, byte-order marks, CRLF or LF, blank and {@code ""} cells, values Excel
 * damaged: {@code 3/15/2026}, {@code 1.23E+11}, lost leading zeros, {@code MÃ¼ller}), and
 * planner options.
 *
 * <pre>{@code
 * @Property
 * void myLaw(@ForAll("files") UploadFile file) { … planner.plan(file.open(), "upload.csv") … }
 *
 * @Provide
 * Arbitrary<UploadFile> files() {
 *     return RollcallArbitraries.uploads(FieldSchema.standard());
 * }
 * }</pre>
 *
 * <p>Stores and files draw usernames, emails and unique values from the same small pools
 * ({@link #USERNAMES}), so a file's rows often name stored users, clash with each other, or
 * take a stored user's email or unique value: the cases where planners go wrong.
 *
 * <p>All methods are static and thread-safe; every arbitrary is immutable.
 */
public final class RollcallArbitraries {

    /** The usernames stores and files share (files also name new users and case variants). */
    public static final List<String> USERNAMES = List.of("jdoe", "asmith", "zoe.muller", "jl.picard", "dnguyen",
            "s.oneil", "mei.chen", "bjorn", "anne-marie", "kowalczyk");

    /** Site paths, with a sibling whose name starts like another's ({@code Canada/Ontario2}). */
    public static final List<String> SITES = List.of("Canada", "Canada/Ontario", "Canada/Ontario/Hospital A",
            "Canada/Ontario/Hospital B", "Canada/Ontario2", "Canada/Quebec", "Canada/Quebec/Montréal");

    /** Cohort names stores know of when a test adds targets. */
    public static final List<String> COHORTS = List.of("nurses", "doctors", "Équipe de nuit");

    /** The feed a full upload is for in {@link #plannerOptions}; stored users may belong to it. */
    public static final String FEED = "hr";

    private RollcallArbitraries() {
    }

    // =================================================================== people

    /** @return first names: accents, hyphens, apostrophes, non-Latin letters */
    public static Arbitrary<String> firstNames() {
        return Arbitraries.of("Anne", "José", "Zoë", "Ève", "Jean-Luc", "Anne-Marie", "D'Arcy", "Siobhán", "Łukasz",
                "Ngozi", "Mei", "Søren", "Chloé", "Björn", "Renée", "Ólafur", "Małgorzata", "Nguyễn Văn", "İlker", "John");
    }

    /** @return last names: apostrophes, hyphens, particles, commas, non-Latin letters */
    public static Arbitrary<String> lastNames() {
        return Arbitraries.of("Smith", "O'Neil", "Müller", "García-López", "Nguyễn", "van der Berg", "Ødegård",
                "D'Angelo", "Doe, Jr.", "Le Tallec", "MacLeod", "Kowalczyk", "Dubois", "Al-Farsi", "Çelik", "Doe");
    }

    /** @return usernames as a host stores them: lower case, letters, digits, {@code . - _} */
    public static Arbitrary<String> usernames() {
        Arbitrary<String> word = Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(8);
        return Combinators.combine(word, Arbitraries.of("", ".", "-", "_"), word.injectNull(0.5),
                        Arbitraries.integers().between(0, 99).injectNull(0.7))
                .as((a, sep, b, n) -> a + (b == null ? "" : sep + b) + (n == null ? "" : String.valueOf(n)));
    }

    /** @return email addresses: dots, plus signs, hyphenated domains, mixed case */
    public static Arbitrary<String> emails() {
        return Combinators.combine(usernames(), Arbitraries.of("", "+work", ".x"),
                        Arbitraries.of("example.com", "Example.COM", "mail.example.org", "hôpital-a.example.ca"))
                .as((local, tag, domain) -> local + tag + "@" + domain);
    }

    /** @return stored statuses */
    public static Arbitrary<UserStatus> statuses() {
        return Arbitraries.of(UserStatus.class);
    }

    /** @return status cells as files write them: any case, and {@code DELETED} */
    public static Arbitrary<String> statusCells() {
        return Arbitraries.of("ACTIVE", "INACTIVE", "active", "Inactive", "DELETED");
    }

    /** @return site paths from {@link #SITES} */
    public static Arbitrary<String> sites() {
        return Arbitraries.of(SITES);
    }

    /** @return feed names */
    public static Arbitrary<String> feeds() {
        return Arbitraries.of(FEED, "lms", "sis-nightly");
    }

    // =================================================================== values

    /**
     * @param field a field
     * @return values valid for its type and lengths (a name-like text for a text field)
     */
    public static Arbitrary<String> values(FieldDefinition field) {
        Objects.requireNonNull(field, "field must not be null");
        if (field.type() == FieldType.TEXT && field.fixedLength() == 0) {
            Arbitrary<String> text = Arbitraries.oneOf(lastNames(), Arbitraries.of("Ops", "R&D, Europe",
                    "Sales \"EMEA\"", "Finance\nLegal", "00123", "=1+1", "  padded  ".strip()));
            return field.maxLength() > 0 ? text.filter(v -> v.length() <= field.maxLength()) : text;
        }
        return Arbitraries.integers().between(0, 40).map(n -> FieldValues.valid(field, n));
    }

    /**
     * Values as Excel leaves them after a round trip: a date rewritten {@code 3/15/2026}, a long
     * number in scientific notation {@code 1.23E+11}, an identifier that lost its leading zeros,
     * UTF-8 read as Windows-1252 ({@code MÃ¼ller}).
     *
     * @return damaged values
     */
    public static Arbitrary<String> excelDamaged() {
        return Arbitraries.of("3/15/2026", "15/03/2026", "1.23E+11", "4.51E+05", "4512", "123", "MÃ¼ller", "JosÃ©",
                "ZoÃ«", "2026-03-15 00:00:00");
    }

    /**
     * @param field a field
     * @return a damaged value of the kind Excel does to that field's type
     */
    public static Arbitrary<String> excelDamaged(FieldDefinition field) {
        switch (field.type()) {
            case DATE:
                return Arbitraries.of("3/15/2026", "15/03/2026", "2026-03-15 00:00:00");
            case IDENTIFIER:
            case INTEGER:
            case PHONE:
                return Arbitraries.of("1.23E+11", "4.51E+05", "4512", "123");
            default:
                return Arbitraries.of("MÃ¼ller", "JosÃ©", "ZoÃ«", "O'NeÃ¯l");
        }
    }

    // =================================================================== schemas

    /**
     * @return custom fields, one kind per {@link FieldType}, with realistic names and settings
     *         (unique identifiers, fixed lengths, enumerations, a target reference)
     */
    public static Arbitrary<FieldDefinition> customFields() {
        return Arbitraries.of(FieldType.class).flatMap(type -> Arbitraries.of(true, false).map(unique -> customField(type, unique)));
    }

    private static FieldDefinition customField(FieldType type, boolean unique) {
        switch (type) {
            case TEXT:
                return FieldDefinition.builder("costCenter").custom(true).maxLength(40).unique(unique).build();
            case EMAIL:
                return FieldDefinition.builder("workEmail").custom(true).type(FieldType.EMAIL).build();
            case DATE:
                return FieldDefinition.builder("hireDate").custom(true).type(FieldType.DATE).build();
            case DECIMAL:
                return FieldDefinition.builder("hourlyRate").custom(true).type(FieldType.DECIMAL).build();
            case INTEGER:
                return FieldDefinition.builder("floorNumber").custom(true).type(FieldType.INTEGER).build();
            case BOOLEAN:
                return FieldDefinition.builder("remoteWorker").custom(true).type(FieldType.BOOLEAN).build();
            case ENUMERATION:
                return FieldDefinition.builder("grade").custom(true).allowedValues("junior", "senior", "lead").build();
            case PHONE:
                return FieldDefinition.builder("deskPhone").custom(true).type(FieldType.PHONE).build();
            case COUNTRY:
                return FieldDefinition.builder("homeCountry").custom(true).type(FieldType.COUNTRY).build();
            case IDENTIFIER:
            default:
                return FieldDefinition.builder("badgeNumber").custom(true).type(FieldType.IDENTIFIER).fixedLength(6)
                        .unique(unique).alias("badge no").build();
        }
    }

    /** @return the standard schema plus zero to four custom fields of different types */
    public static Arbitrary<FieldSchema> schemas() {
        return customFields().list().ofMaxSize(4).uniqueElements(FieldDefinition::name)
                .map(custom -> FieldSchema.standard().with(custom.toArray(FieldDefinition[]::new)));
    }

    // =================================================================== stores

    /**
     * Users to store before a test, as field maps by canonical name: distinct usernames from
     * {@link #USERNAMES}; values of unique fields distinct; email, names, site, feed and the
     * schema's other fields (custom fields included) present or not.
     *
     * @param schema the store's schema
     * @return up to eight users
     */
    public static Arbitrary<List<Map<String, String>>> stores(FieldSchema schema) {
        Objects.requireNonNull(schema, "schema must not be null");
        return Arbitraries.integers().between(0, USERNAMES.size() - 1).set().ofMaxSize(8)
                .flatMap(indexes -> {
                    List<Arbitrary<Map<String, String>>> users = new ArrayList<>();
                    for (int i : new java.util.TreeSet<>(indexes)) {
                        users.add(storedUser(schema, i));
                    }
                    return users.isEmpty() ? Arbitraries.just(List.<Map<String, String>>of())
                            : Combinators.combine(users).as(List::copyOf);
                })
                .filter(users -> uniqueValues(schema, users));
    }

    private static boolean uniqueValues(FieldSchema schema, List<Map<String, String>> users) {
        for (FieldDefinition f : schema.fields()) {
            if (f.unique()) {
                Set<String> seen = new HashSet<>();
                for (Map<String, String> u : users) {
                    String v = u.get(f.name());
                    if (v != null && !seen.add(f.name().equals(StandardFields.EMAIL) ? v.toLowerCase(Locale.ROOT) : v)) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    private static Arbitrary<Map<String, String>> storedUser(FieldSchema schema, int index) {
        String username = USERNAMES.get(index);
        List<String> names = new ArrayList<>();
        List<Arbitrary<String>> values = new ArrayList<>();
        names.add(StandardFields.STATUS);
        values.add(statuses().map(UserStatus::name));
        names.add(StandardFields.FEED);
        values.add(Arbitraries.of(FEED, "lms").injectNull(0.4));
        for (FieldDefinition f : schema.fields()) {
            String n = f.name();
            if (n.equals(StandardFields.USERNAME) || n.equals(StandardFields.STATUS) || n.equals(StandardFields.PASSWORD)
                    || n.equals(StandardFields.THEME) || n.equals(StandardFields.PROFILE_TYPE)
                    || (f.references() != null && !n.equals(StandardFields.SITE))) {
                continue;
            }
            Arbitrary<String> v = storedValue(f, index, username);
            if (v != null) {
                names.add(n);
                values.add(v);
            }
        }
        return Combinators.combine(values).as(cells -> {
            Map<String, String> user = new LinkedHashMap<>();
            user.put(StandardFields.USERNAME, username);
            for (int i = 0; i < names.size(); i++) {
                if (cells.get(i) != null) {
                    user.put(names.get(i), cells.get(i));
                }
            }
            return user;
        });
    }

    private static Arbitrary<String> storedValue(FieldDefinition f, int index, String username) {
        switch (f.name()) {
            case StandardFields.EMAIL:
                return f.unique() ? Arbitraries.just(username + "@example.com").injectNull(0.2)
                        : Arbitraries.of(username + "@example.com", "shared@example.com").injectNull(0.2);
            case StandardFields.FIRST_NAME:
                return firstNames();
            case StandardFields.LAST_NAME:
                return lastNames();
            case StandardFields.EXTERNAL_ID:
                return Arbitraries.just("HR-" + index).injectNull(0.3);
            case StandardFields.EMPLOYEE_ID:
                return Arbitraries.just(String.format(Locale.ROOT, "%06d", 4500 + index)).injectNull(0.5);
            case StandardFields.SITE:
                return sites().injectNull(0.2);
            case StandardFields.DEPARTMENT:
                return Arbitraries.of("Ops", "R&D, Europe", "Sales \"EMEA\"").injectNull(0.3);
            default:
                if (!f.custom()) {
                    return f.type() == FieldType.TEXT ? values(f).injectNull(0.7)
                            : Arbitraries.integers().between(0, 3).map(n -> FieldValues.valid(f, n)).injectNull(0.7);
                }
                return (f.unique() ? Arbitraries.just(FieldValues.valid(f, index))
                        : Arbitraries.integers().between(0, 3).map(n -> FieldValues.valid(f, n))).injectNull(0.4);
        }
    }

    // =================================================================== upload files

    /**
     * CSV upload files for a schema: a {@code username} column and a subset of the schema's
     * fields (under their canonical names or an alias), sometimes {@code oldUsername},
     * {@code status} and {@code cohort1}; one to ten rows whose cells are valid values (often
     * a stored user's), blank, {@code ""}, or Excel-damaged; with or without a byte-order
     * mark, CRLF or LF, with or without a final line break.
     *
     * @param schema the store's schema
     * @return upload files
     */
    public static Arbitrary<UploadFile> uploads(FieldSchema schema) {
        Objects.requireNonNull(schema, "schema must not be null");
        List<FieldDefinition> candidates = new ArrayList<>();
        for (FieldDefinition f : schema.fields()) {
            String n = f.name();
            if (!n.equals(StandardFields.USERNAME) && !n.equals(StandardFields.PASSWORD) && !n.equals(StandardFields.STATUS)
                    && !n.equals(StandardFields.THEME) && !n.equals(StandardFields.FEED) && !f.sensitive()) {
                candidates.add(f);
            }
        }
        List<String> directives = List.of(UploadColumns.OLD_USERNAME, StandardFields.STATUS, UploadColumns.COHORT + "1");
        List<Arbitrary<Boolean>> picks = new ArrayList<>();
        for (FieldDefinition f : candidates) {
            boolean key = f.unique() || f.name().equals(StandardFields.EMAIL);
            boolean required = !f.requiredFor().isEmpty();
            picks.add(required ? Arbitraries.frequency(Tuple.of(8, true), Tuple.of(1, false))
                    : Arbitraries.frequency(Tuple.of(key ? 3 : 1, true), Tuple.of(key ? 1 : 3, false)));
        }
        for (int i = 0; i < directives.size(); i++) {
            picks.add(Arbitraries.frequency(Tuple.of(1, true), Tuple.of(2, false)));
        }
        Arbitrary<List<String>> columns = Combinators.combine(picks).as(chosen -> {
            List<String> c = new ArrayList<>();
            c.add(StandardFields.USERNAME);
            for (int i = 0; i < candidates.size(); i++) {
                if (chosen.get(i)) {
                    c.add(candidates.get(i).name());
                }
            }
            for (int i = 0; i < directives.size(); i++) {
                if (chosen.get(candidates.size() + i)) {
                    c.add(directives.get(i));
                }
            }
            return c;
        });
        return columns.flatMap(cols -> {
            List<Arbitrary<String>> headers = new ArrayList<>();
            for (String c : cols) {
                headers.add(header(c, schema.field(c).orElse(null)));
            }
            Arbitrary<List<String>> header = Combinators.combine(headers).as(List::copyOf);
            // a row describes one person: mostly that person's own username, email and ids
            Arbitrary<Row> row = Arbitraries.integers().between(0, USERNAMES.size() + NEW_PEOPLE.size() - 1)
                    .flatMap(person -> {
                        List<Arbitrary<String>> cells = new ArrayList<>();
                        for (String c : cols) {
                            cells.add(cell(c, schema.field(c).orElse(null), person));
                        }
                        return Combinators.combine(cells).as(values -> new Row(person, new ArrayList<>(values)));
                    });
            Arbitrary<List<Row>> rows = Arbitraries.oneOf(
                    row.list().ofMinSize(1).ofMaxSize(6).uniqueElements(Row::person),
                    row.list().ofMinSize(1).ofMaxSize(6).uniqueElements(Row::person),
                    row.list().ofMinSize(1).ofMaxSize(8));
            return Combinators.combine(header, rows.map(l -> l.stream().map(Row::cells).toList()),
                            Arbitraries.of(true, false), Arbitraries.of("\r\n", "\n"),
                            Arbitraries.frequency(Tuple.of(4, true), Tuple.of(1, false)))
                    .as(UploadFile::new);
        });
    }

    /** New people files may name: not in any store. */
    private static final List<String> NEW_PEOPLE = List.of("new.hire", "o.dubois", "l.okafor", "r.haddad", "t.nakamura");

    private record Row(int person, List<String> cells) {
    }

    private static String username(int person) {
        return person < USERNAMES.size() ? USERNAMES.get(person) : NEW_PEOPLE.get(person - USERNAMES.size());
    }

    private static Arbitrary<String> header(String column, FieldDefinition f) {
        if (f == null || f.aliases().isEmpty()) {
            return Arbitraries.just(column);
        }
        return Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.just(column)), Tuple.of(1, Arbitraries.of(f.aliases())));
    }

    /** A cell of the row of person {@code person}: their own value mostly, someone else's or a damaged one sometimes. */
    private static Arbitrary<String> cell(String column, FieldDefinition f, int person) {
        String name = username(person);
        Arbitrary<String> own;
        Arbitrary<String> other;
        switch (column) {
            case StandardFields.USERNAME:
                return Arbitraries.frequencyOf(Tuple.of(12, Arbitraries.just(name)),
                        Tuple.of(1, Arbitraries.of(name.toUpperCase(Locale.ROOT), " " + name + " ")),
                        Tuple.of(1, Arbitraries.just((String) null)));
            case UploadColumns.OLD_USERNAME:
                // blank for most rows; a rename names someone's current username
                return Arbitraries.frequencyOf(Tuple.of(8, Arbitraries.just((String) null)),
                        Tuple.of(3, Arbitraries.of(USERNAMES)), Tuple.of(1, Arbitraries.just(name)),
                        Tuple.of(1, Arbitraries.just("")));
            case StandardFields.STATUS:
                own = statusCells();
                other = own;
                break;
            case StandardFields.EMAIL:
                own = Arbitraries.of(name + "@example.com", name.toUpperCase(Locale.ROOT) + "@Example.com");
                other = Arbitraries.oneOf(Arbitraries.of(USERNAMES).map(u -> u + "@example.com"),
                        Arbitraries.of("shared@example.com", "not-an-email"));
                break;
            case StandardFields.EXTERNAL_ID:
                own = Arbitraries.just("HR-" + person);
                other = Arbitraries.integers().between(0, USERNAMES.size() + 1).map(n -> "HR-" + n);
                break;
            case StandardFields.EMPLOYEE_ID:
                own = Arbitraries.just(String.format(Locale.ROOT, "%06d", 4500 + person));
                other = excelDamaged(f);
                break;
            case StandardFields.FIRST_NAME:
                own = firstNames();
                other = excelDamaged(f);
                break;
            case StandardFields.LAST_NAME:
                own = lastNames();
                other = own;
                break;
            case StandardFields.SITE:
                own = sites();
                other = Arbitraries.of(" Canada / Ontario ", "Canada/Ontario/Hospital C");
                break;
            case StandardFields.PROFILE_TYPE:
                own = Arbitraries.of("1", "2", "INDIVIDUAL", "facility");
                other = own;
                break;
            default:
                if (column.startsWith(UploadColumns.COHORT)) {
                    own = Arbitraries.of(COHORTS);
                    other = Arbitraries.just("unknown cohort");
                } else if (f != null && f.unique()) {
                    own = Arbitraries.just(FieldValues.valid(f, person));
                    other = Arbitraries.integers().between(0, USERNAMES.size()).map(n -> FieldValues.valid(f, n));
                } else if (f != null) {
                    own = values(f);
                    other = excelDamaged(f);
                } else {
                    own = Arbitraries.just("x");
                    other = own;
                }
        }
        boolean required = f != null && !f.requiredFor().isEmpty();
        return Arbitraries.frequencyOf(Tuple.of(16, own), Tuple.of(1, other),
                Tuple.of(required ? 1 : 3, Arbitraries.just((String) null)), Tuple.of(1, Arbitraries.just("")));
    }

    // =================================================================== planner options

    /**
     * Planner settings to vary, besides those each law sets itself: the match key (username,
     * email, or a unique field of the schema), fallback to username, what {@code ""} does, the
     * update type, renames, deletes, status changes, email duplicates, and sometimes a full
     * upload of feed {@link #FEED}.
     *
     * @param schema the store's schema
     * @return options
     */
    public static Arbitrary<PlannerOptions> plannerOptions(FieldSchema schema) {
        List<String> keys = new ArrayList<>(List.of(StandardFields.USERNAME, StandardFields.EMAIL));
        for (FieldDefinition f : schema.fields()) {
            if (f.unique() && !keys.contains(f.name()) && !f.sensitive()) {
                keys.add(f.name());
            }
        }
        Arbitrary<String> key = Arbitraries.frequencyOf(Tuple.of(2, Arbitraries.just(StandardFields.USERNAME)),
                Tuple.of(1, Arbitraries.of(keys)));
        Arbitrary<PlannerOptions> matchOn = Combinators.combine(key, Arbitraries.of(true, false))
                .as((k, fallback) -> k.equals(StandardFields.USERNAME) ? PlannerOptions.defaults()
                        : PlannerOptions.of("matchOn " + k + (fallback ? " or username" : ""),
                                b -> b.matchOn(k).fallbackToUsername(fallback)));
        Arbitrary<PlannerOptions> empty = Arbitraries.of(EmptyValues.class).map(e -> e == EmptyValues.IGNORE
                ? PlannerOptions.defaults() : PlannerOptions.of("\"\" erases", b -> b.emptyValues(e)));
        Arbitrary<PlannerOptions> updateType = Arbitraries.of(UpdateType.class).map(t -> t == UpdateType.FILE
                ? PlannerOptions.defaults() : PlannerOptions.of("updateType " + t, b -> b.updateType(t)));
        Arbitrary<PlannerOptions> flags = Combinators.combine(Arbitraries.of(true, false), Arbitraries.of(true, false),
                        Arbitraries.of(true, false), Arbitraries.of(true, false))
                .as((renames, deletes, suspends, emails) -> {
                    PlannerOptions o = PlannerOptions.defaults();
                    if (renames) {
                        o = o.and(PlannerOptions.of("renames", b -> b.allowRenames(true)));
                    }
                    if (deletes) {
                        o = o.and(PlannerOptions.of("deletes", b -> b.allowDeletes(true)));
                    }
                    if (!suspends) {
                        o = o.and(PlannerOptions.of("no status changes", b -> b.allowSuspends(false)));
                    }
                    if (!emails) {
                        o = o.and(PlannerOptions.of("email duplicates allowed", b -> b.preventEmailDuplicates(false)));
                    }
                    return o;
                });
        Arbitrary<PlannerOptions> full = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.just(PlannerOptions.defaults())),
                Tuple.of(1, Arbitraries.just(PlannerOptions.of("full upload of feed " + FEED,
                        b -> b.feed(FEED).fullUpload(true)))),
                Tuple.of(1, Arbitraries.just(PlannerOptions.of("feed " + FEED, b -> b.feed(FEED)))));
        return Combinators.combine(matchOn, empty, updateType, flags, full)
                .as((a, b, c, d, e) -> a.and(b).and(c).and(d).and(e));
    }
}
