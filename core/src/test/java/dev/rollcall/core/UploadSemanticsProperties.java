package dev.rollcall.core;

import dev.rollcall.csv.CsvWriter;
import dev.rollcall.spi.Sites;
import dev.rollcall.spi.UserRecord;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.io.StringWriter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 4's laws over arbitrary stores, files and options. */
class UploadSemanticsProperties {

    private static final List<String> SITES = List.of("Canada", "Canada/Ontario", "Canada/Ontario/Hospital A",
            "Canada/Ontario/Hospital B", "Canada/Quebec", "Canada/Ontario2");

    /** Options a test varies. */
    record Options(UploadMode mode, String matchOn, boolean renames, boolean deletes, String scope, boolean template) {
        UploadPlanner planner(InMemoryUserRepository repo) {
            UploadPlanner.Builder b = UploadPlan.builder().repository(repo).mode(mode).matchOn(matchOn)
                    .allowRenames(renames).allowDeletes(deletes);
            if (scope != null) {
                b.site(scope);
            }
            if (template) {
                b.usernameTemplate("%-1f%-l");
            }
            return b.build();
        }
    }

    @Property(tries = 250)
    void noUserOutsideTheScope_isEverTouched(@ForAll("stores") List<Map<String, String>> users,
                                             @ForAll("files") String csv, @ForAll("options") Options options) {
        InMemoryUserRepository repo = repository(users);
        UploadPlan plan = TestUploads.plan(options.planner(repo), csv);
        if (options.scope() == null || plan.isRefused()) {
            return;
        }
        List<UserRecord> outside = repo.all().stream()
                .filter(u -> !Sites.within(u.site().orElse(null), options.scope())).toList();
        for (PlannedChange c : plan.all()) {
            if (c.action().writes() && c.userId() != null) {
                assertTrue(outside.stream().noneMatch(u -> u.id().equals(c.userId())), "plans to touch " + c);
            }
        }
        plan.apply();
        for (UserRecord u : outside) {
            assertEquals(u, repo.byId(u.id()).orElseThrow(), "changed outside the scope: " + u);
        }
        for (UserRecord u : repo.all()) {
            if (users.stream().noneMatch(m -> m.get("username").equals(u.username()))
                    && plan.creates().stream().anyMatch(c -> c.username().equals(u.username()))) {
                assertTrue(Sites.within(u.site().orElse(null), options.scope()), "created outside the scope: " + u);
            }
        }
    }

    @Property(tries = 250)
    void applyingThenPlanningAgain_changesNothing(@ForAll("stores") List<Map<String, String>> users,
                                                  @ForAll("files") String csv, @ForAll("options") Options options) {
        if (options.mode() == UploadMode.ADD_ALL) {
            return; // add-all creates every row again, by design
        }
        InMemoryUserRepository repo = repository(users);
        UploadPlanner planner = options.planner(repo);
        UploadPlan first = TestUploads.plan(planner, csv);
        if (first.isRefused()) {
            return;
        }
        assertTrue(first.apply().isComplete());
        UploadPlan again = TestUploads.plan(planner, csv);
        assertFalse(again.hasChanges(), () -> "first:\n" + PlanTable.render(first) + "\nagain:\n" + PlanTable.render(again));
    }

    @Property(tries = 200)
    void generatedUsernames_areUniqueAndValid(@ForAll("people") List<List<String>> people,
                                              @ForAll("stores") List<Map<String, String>> users) {
        InMemoryUserRepository repo = repository(users);
        StringWriter out = new StringWriter();
        CsvWriter w = CsvWriter.of(out);
        w.writeRow("firstName", "lastName", "email");
        for (int i = 0; i < people.size(); i++) {
            w.writeRow(people.get(i).get(0), people.get(i).get(1), "p" + i + "@example.net");
        }
        UploadPlan plan = TestUploads.plan(UploadPlan.builder().repository(repo).usernameTemplate("%-1f%-l").build(),
                out.toString());
        plan.apply();
        Set<String> seen = new HashSet<>();
        for (UserRecord u : repo.all()) {
            assertTrue(seen.add(u.username()), "duplicate username " + u.username());
        }
        for (PlannedChange c : plan.creates()) {
            assertTrue(c.username().matches("[a-z0-9.-]+"), "invalid generated username " + c.username());
        }
    }

    @Property(tries = 200)
    void codesInFileValues_areNeverExpanded(@ForAll("codeLike") String department, @ForAll("codeLike") String city) {
        InMemoryUserRepository repo = new InMemoryUserRepository();
        StringWriter out = new StringWriter();
        CsvWriter.of(out).writeRow("username", "email", "firstName", "lastName", "department", "city");
        CsvWriter.of(out).writeRow("jdoe", "j@example.com", "John", "Doe", department, city);
        TestUploads.plan(UploadPlan.builder().repository(repo).defaultValue("jobTitle", "%+l").build(), out.toString())
                .apply();
        UserRecord u = TestUploads.user(repo, "jdoe");
        assertEquals(department, u.field("department").orElseThrow());
        assertEquals(city, u.field("city").orElseThrow());
        assertEquals("DOE", u.field("jobTitle").orElseThrow());
    }

    // ---------------------------------------------------------------- generators

    private static InMemoryUserRepository repository(List<Map<String, String>> users) {
        InMemoryUserRepository repo = new InMemoryUserRepository();
        repo.addTargets("site", SITES.toArray(String[]::new));
        repo.addTargets("cohort", "nurses", "doctors");
        users.forEach(repo::insert);
        return repo;
    }

    @Provide
    Arbitrary<String> codeLike() {
        return Arbitraries.strings().withChars("%-+~flu0123 x").ofMinLength(1).ofMaxLength(10)
                .map(String::strip).filter(s -> !s.isEmpty());
    }

    @Provide
    Arbitrary<List<List<String>>> people() {
        Arbitrary<String> first = Arbitraries.of("John", "Jane", "Jenny", "Zoë", "Jean-Luc", "José", "  ", "Ève", "J.");
        Arbitrary<String> last = Arbitraries.of("Doe", "Müller", "O'Neil", "Doe Jr.", "Ng", "D", "doe");
        return Combinators.combine(first, last).as(List::of).list().ofMinSize(1).ofMaxSize(15);
    }

    @Provide
    Arbitrary<Options> options() {
        return Combinators.combine(Arbitraries.of(UploadMode.values()), Arbitraries.of("username", "email", "externalId"),
                        Arbitraries.of(true, false), Arbitraries.of(true, false),
                        Arbitraries.of(SITES).injectNull(0.3), Arbitraries.of(true, false))
                .as(Options::new);
    }

    @Provide
    Arbitrary<List<Map<String, String>>> stores() {
        Arbitrary<Map<String, String>> user = Combinators.combine(Arbitraries.integers().between(0, 7),
                        Arbitraries.of("a@x.com", "b@x.com", "c@x.com", "d@x.com").injectNull(0.2),
                        Arbitraries.of("E1", "E2", "E3").injectNull(0.3), Arbitraries.of(SITES).injectNull(0.2),
                        Arbitraries.of("ACTIVE", "INACTIVE"), Arbitraries.of("Ops", "Sales").injectNull(0.3))
                .as((n, email, ext, site, status, dept) -> {
                    Map<String, String> m = new LinkedHashMap<>();
                    m.put("username", "u" + n);
                    m.put("firstName", "F" + n);
                    m.put("lastName", "L" + n);
                    putIf(m, "email", email);
                    putIf(m, "externalId", ext);
                    putIf(m, "site", site);
                    putIf(m, "department", dept);
                    m.put("status", status);
                    return m;
                });
        return user.list().ofMaxSize(6).uniqueElements(m -> m.get("username"))
                .filter(l -> unique(l, "email") && unique(l, "externalId"));
    }

    private static boolean unique(List<Map<String, String>> users, String field) {
        List<String> values = users.stream().map(m -> m.get(field)).filter(v -> v != null).toList();
        return new HashSet<>(values).size() == values.size();
    }

    private static void putIf(Map<String, String> m, String k, String v) {
        if (v != null) {
            m.put(k, v);
        }
    }

    private static final List<String> COLUMNS = List.of("oldUsername", "email", "externalId", "firstName", "lastName",
            "department", "status", "site", "cohort1");

    @Provide
    Arbitrary<String> files() {
        return Arbitraries.subsetOf(COLUMNS).flatMap(subset -> {
            List<String> columns = new ArrayList<>();
            columns.add("username");
            COLUMNS.stream().filter(subset::contains).forEach(columns::add);
            Arbitrary<List<String>> row = Combinators.combine(columns.stream().map(this::cell).toList()).as(ArrayList::new);
            return row.list().ofMinSize(1).ofMaxSize(8).map(rows -> {
                StringWriter out = new StringWriter();
                CsvWriter w = CsvWriter.of(out);
                w.writeRow(columns);
                rows.forEach(w::writeRow);
                return out.toString();
            });
        });
    }

    private Arbitrary<String> cell(String column) {
        Arbitrary<String> v = switch (column) {
            case "username", "oldUsername" -> Arbitraries.integers().between(0, 9).map(n -> "u" + n);
            case "email" -> Arbitraries.of("a@x.com", "B@x.com", "e@x.com", "f@x.com");
            case "externalId" -> Arbitraries.of("E1", "E2", "E4");
            case "firstName" -> Arbitraries.of("Ann", "Bo");
            case "lastName" -> Arbitraries.of("Lee", "Ng");
            case "department" -> Arbitraries.of("Ops", "Legal");
            case "status" -> Arbitraries.of("ACTIVE", "INACTIVE", "DELETED");
            case "site" -> Arbitraries.of(SITES);
            case "cohort1" -> Arbitraries.of("nurses", "doctors", "unknown");
            default -> throw new IllegalArgumentException(column);
        };
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(6, v), net.jqwik.api.Tuple.of(2, Arbitraries.just((String) null)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just("")));
    }
}
