package dev.rollcall.core;

import dev.rollcall.csv.CsvWriter;
import dev.rollcall.spi.UserRecord;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.io.StringWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The planner's laws, over arbitrary stores and upload files. */
class PlannerProperties {

    private static final List<String> FIELDS = List.of("email", "firstName", "lastName", "department", "status");

    /** A generated upload: which columns, and each row's cells (null = blank, "" = explicit empty). */
    record Upload(List<String> columns, List<List<String>> rows) {
        String csv() {
            StringWriter out = new StringWriter();
            CsvWriter w = CsvWriter.of(out);
            w.writeRow(columns);
            rows.forEach(w::writeRow);
            return out.toString();
        }

        @Override
        public String toString() {
            return csv();
        }
    }

    @Property(tries = 200)
    void applyingThenPlanningAgain_changesNothing(@ForAll("stores") List<Map<String, String>> users,
                                                  @ForAll("uploads") Upload upload,
                                                  @ForAll("writingModes") UploadMode mode,
                                                  @ForAll EmptyValues emptyValues) {
        InMemoryUserRepository repo = repository(users);
        UploadPlanner planner = UploadPlan.builder().repository(repo).mode(mode).emptyValues(emptyValues).build();
        UploadPlan first = TestUploads.plan(planner, upload.csv());
        if (first.isRefused()) {
            return; // add-new without a column every new user needs: refused, nothing to apply
        }
        UploadResult result = first.apply();
        assertTrue(result.isComplete(), () -> PlanTable.render(result));
        UploadPlan again = TestUploads.plan(planner, upload.csv());
        assertFalse(again.hasChanges(), () -> "second plan still changes something:\n" + PlanTable.render(again));
        if (mode == UploadMode.ADD_UPDATE) {
            for (PlannedChange c : again.all()) {
                assertTrue(Set.of(Action.UNCHANGED, Action.REJECT, Action.SKIP).contains(c.action()), c.toString());
                if (first.atLine(c.line()).orElseThrow().action() != Action.REJECT
                        && first.atLine(c.line()).orElseThrow().action() != Action.SKIP) {
                    assertEquals(Action.UNCHANGED, c.action(), c.toString());
                }
            }
        }
    }

    @Property(tries = 200)
    void updateOnly_neverCreates(@ForAll("stores") List<Map<String, String>> users, @ForAll("uploads") Upload upload,
                                 @ForAll EmptyValues emptyValues) {
        InMemoryUserRepository repo = repository(users);
        Set<String> before = usernames(repo);
        UploadPlan plan = TestUploads.plan(UploadPlan.builder().repository(repo).mode(UploadMode.UPDATE_ONLY)
                .emptyValues(emptyValues).build(), upload.csv());
        assertTrue(plan.creates().isEmpty());
        plan.apply();
        assertEquals(before, usernames(repo));
    }

    @Property(tries = 200)
    void addNewOnly_neverUpdates(@ForAll("stores") List<Map<String, String>> users, @ForAll("uploads") Upload upload,
                                 @ForAll EmptyValues emptyValues) {
        InMemoryUserRepository repo = repository(users);
        List<UserRecord> before = repo.all();
        UploadPlan plan = TestUploads.plan(UploadPlan.builder().repository(repo).mode(UploadMode.ADD_NEW)
                .emptyValues(emptyValues).build(), upload.csv());
        for (PlannedChange c : plan.all()) {
            assertTrue(Set.of(Action.CREATE, Action.SKIP, Action.REJECT).contains(c.action()), c.toString());
        }
        if (!plan.isRefused()) {
            plan.apply();
        }
        for (UserRecord u : before) {
            assertEquals(u, repo.byId(u.id()).orElseThrow(), "existing user changed: " + u.username());
        }
    }

    @Property(tries = 200)
    void blankCell_neverChangesAStoredValue(@ForAll("stores") List<Map<String, String>> users,
                                            @ForAll("uploads") Upload upload, @ForAll EmptyValues emptyValues) {
        InMemoryUserRepository repo = repository(users);
        Map<String, UserRecord> before = repo.all().stream().collect(Collectors.toMap(UserRecord::username, u -> u));
        TestUploads.plan(UploadPlan.builder().repository(repo).mode(UploadMode.ADD_UPDATE).emptyValues(emptyValues)
                .build(), upload.csv()).apply();
        Map<String, Integer> rowsPerUser = new HashMap<>();
        for (List<String> row : upload.rows()) {
            rowsPerUser.merge(row.get(0), 1, Integer::sum);
        }
        for (List<String> row : upload.rows()) {
            UserRecord old = before.get(row.get(0));
            if (old == null || rowsPerUser.get(row.get(0)) > 1) {
                continue; // only users named by exactly one row: a duplicate row is rejected anyway
            }
            UserRecord now = repo.byId(old.id()).orElseThrow();
            for (int i = 1; i < upload.columns().size(); i++) {
                if (row.get(i) == null) {
                    String field = upload.columns().get(i);
                    assertEquals(old.field(field), now.field(field), "blank " + field + " changed for " + old.username());
                }
            }
        }
    }

    // ---------------------------------------------------------------- generators

    private static InMemoryUserRepository repository(List<Map<String, String>> users) {
        InMemoryUserRepository repo = new InMemoryUserRepository();
        users.forEach(repo::insert);
        return repo;
    }

    private static Set<String> usernames(InMemoryUserRepository repo) {
        return repo.all().stream().map(UserRecord::username).collect(Collectors.toSet());
    }

    @Provide
    Arbitrary<UploadMode> writingModes() {
        return Arbitraries.of(UploadMode.ADD_NEW, UploadMode.ADD_UPDATE, UploadMode.UPDATE_ONLY);
    }

    private static Arbitrary<String> value(String field) {
        return switch (field) {
            case "email" -> Arbitraries.of("a@example.com", "B@Example.com", "c@example.com", "d@example.org");
            case "firstName" -> Arbitraries.of("Ann", "Bob", "Zoë", "Jean-Luc");
            case "lastName" -> Arbitraries.of("Smith", "O'Neil", "Müller", "Doe, Jr.");
            case "department" -> Arbitraries.of("Ops", "R&D, Europe", "Sales \"EMEA\"", "00123");
            case "status" -> Arbitraries.of("ACTIVE", "INACTIVE", "active");
            default -> throw new IllegalArgumentException(field);
        };
    }

    @Provide
    Arbitrary<List<Map<String, String>>> stores() {
        Arbitrary<Map<String, String>> user = Combinators.combine(
                Arbitraries.integers().between(0, 9),
                value("email").injectNull(0.2), value("firstName"), value("lastName"),
                value("department").injectNull(0.3), Arbitraries.of("ACTIVE", "INACTIVE"))
                .as((n, email, first, last, dept, status) -> {
                    Map<String, String> m = new LinkedHashMap<>();
                    m.put("username", "u" + n);
                    if (email != null) {
                        m.put("email", email);
                    }
                    m.put("firstName", first);
                    m.put("lastName", last);
                    if (dept != null) {
                        m.put("department", dept);
                    }
                    m.put("status", status);
                    return m;
                });
        return user.list().ofMaxSize(8).uniqueElements(m -> m.get("username"));
    }

    @Provide
    Arbitrary<Upload> uploads() {
        Arbitrary<List<String>> columns = Arbitraries.subsetOf(FIELDS).map(s -> {
            List<String> c = new ArrayList<>();
            c.add("username");
            FIELDS.stream().filter(s::contains).forEach(c::add);
            return c;
        });
        return columns.flatMap(cols -> row(cols).list().ofMinSize(1).ofMaxSize(10).map(rows -> new Upload(cols, rows)));
    }

    private static Arbitrary<List<String>> row(List<String> columns) {
        List<Arbitrary<String>> cells = new ArrayList<>();
        cells.add(Arbitraries.integers().between(0, 14).map(n -> "u" + n));
        for (String f : columns.subList(1, columns.size())) {
            cells.add(Arbitraries.frequencyOf(
                    net.jqwik.api.Tuple.of(5, value(f)),
                    net.jqwik.api.Tuple.of(2, Arbitraries.just((String) null)),
                    net.jqwik.api.Tuple.of(1, Arbitraries.just(""))));
        }
        return Combinators.combine(cells).as(ArrayList::new);
    }
}
