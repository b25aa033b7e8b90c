package dev.rollcall.testkit;

import dev.rollcall.core.Action;
import dev.rollcall.core.FailurePolicy;
import dev.rollcall.core.PlanTable;
import dev.rollcall.core.PlannedChange;
import dev.rollcall.core.RowOutcome;
import dev.rollcall.core.UploadMode;
import dev.rollcall.core.UploadPlan;
import dev.rollcall.core.UploadPlanner;
import dev.rollcall.core.UploadResult;
import dev.rollcall.csv.CsvFormat;
import dev.rollcall.spi.FieldSchema;
import dev.rollcall.spi.PasswordChange;
import dev.rollcall.spi.Sites;
import dev.rollcall.spi.UserChange;
import dev.rollcall.spi.UserQuery;
import dev.rollcall.spi.UserRecord;
import dev.rollcall.spi.UserRepository;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.PropertyDefaults;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The planner's laws as jqwik properties, run against your repository and your planner
 * options: extend this class and return an empty store from {@link #newRepository()}.
 *
 * <pre>{@code
 * @PropertyDefaults(tries = 50)
 * class MyStorePlannerLawsProperties extends PlannerLaws {
 *     @Override
 *     protected UserRepository newRepository() {
 *         return new MyRepository(freshTestDatabase());
 *     }
 *
 *     @Override
 *     protected Arbitrary<PlannerOptions> plannerOptions(FieldSchema schema) {   // optional
 *         return Arbitraries.just(PlannerOptions.of("ours", b -> b.matchOn("externalId")));
 *     }
 * }
 * }</pre>
 *
 * <p>Each try fills new stores through the SPI ({@link UserRepository#write}) with generated
 * users ({@link RollcallArbitraries#stores}), plans a generated CSV file
 * ({@link RollcallArbitraries#uploads}) with generated options, and checks:
 * <ol>
 *   <li>re-planning an applied file changes nothing: every entry is unchanged, skipped or rejected;</li>
 *   <li>update-only never creates;</li>
 *   <li>nothing outside the scope site is touched, and nobody is created outside it;</li>
 *   <li>a rejected row changes nothing;</li>
 *   <li>planning is deterministic: the same store and file give the same plan;</li>
 *   <li>apply under faults converges: for every k, a run whose k-th write fails (before or
 *       after the store applied it), followed by a clean re-run, ends in the same store state
 *       as one clean run, whether apply goes on after failures or stops after the first.</li>
 * </ol>
 * A try whose file is refused, or whose full upload the safety guard stops, has nothing to
 * apply and passes; the statistics jqwik prints show how many tries planned writes.
 *
 * <p>Tries default to 100 per property ({@link PropertyDefaults} on this class); put your
 * own {@code @PropertyDefaults(tries = …)} on the subclass for a slower store. The
 * convergence law plans and applies about four times per write call of a clean run, so it is
 * the slow one. jqwik makes one instance per property; instances are not thread-safe.
 */
@PropertyDefaults(tries = 100)
public abstract class PlannerLaws {

    /** For subclasses: one per store under test. */
    protected PlannerLaws() {
    }

    /**
     * One generated case: a store's users, a file, an upload mode and planner options.
     *
     * @param users   the stored users' fields by canonical name
     * @param file    the upload file
     * @param mode    the upload mode
     * @param options the other planner settings
     */
    public record Case(List<Map<String, String>> users, UploadFile file, UploadMode mode, PlannerOptions options) {
        /** Copies the list. */
        public Case {
            users = List.copyOf(users);
            Objects.requireNonNull(file, "file must not be null");
            Objects.requireNonNull(mode, "mode must not be null");
            Objects.requireNonNull(options, "options must not be null");
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder("Case[mode=").append(mode.label()).append(", options=").append(options)
                    .append("]\nstore (").append(users.size()).append(" users):");
            for (Map<String, String> u : users) {
                sb.append("\n  ").append(u);
            }
            return sb.append('\n').append(file).toString();
        }
    }

    /** A way a write can fail, for the convergence law. */
    public enum FaultKind {
        /** An exception before anything is written. */
        EXCEPTION(Fault.exception()),
        /** A time-out before anything is written. */
        TIMEOUT(Fault.timeout()),
        /** A time-out after the store applied the batch: the ambiguous failure. */
        TIMEOUT_AFTER_WRITE(Fault.timeoutAfterWrite()),
        /** An {@code IllegalStateException}, as a host's storage might throw. */
        UNCHECKED(Fault.thrown(() -> new IllegalStateException("connection reset")));

        private final Fault fault;

        FaultKind(Fault fault) {
            this.fault = fault;
        }

        /** @return the fault to inject */
        public Fault fault() {
            return fault;
        }
    }

    private FieldSchema schema;

    /**
     * Makes a store for one try: empty, and new each call (a try may use several at once).
     *
     * @return an empty repository
     */
    protected abstract UserRepository newRepository();

    /**
     * Releases a store made by {@link #newRepository()}. The default closes it when it is
     * {@link AutoCloseable}.
     *
     * @param repository a store
     * @throws Exception when releasing fails
     */
    protected void release(UserRepository repository) throws Exception {
        if (repository instanceof AutoCloseable c) {
            c.close();
        }
    }

    /**
     * Adds targets to a new store, before its users: the laws add the sites of
     * {@link RollcallArbitraries#SITES} and the cohorts of {@link RollcallArbitraries#COHORTS}.
     * Targets cannot be made through the SPI; by default nothing is added, and rows naming a
     * site or cohort are rejected as unknown targets (the laws still hold).
     *
     * @param repository a store made by {@link #newRepository()}
     * @param kind       the target kind
     * @param names      the names
     */
    protected void addTargets(UserRepository repository, String kind, String... names) {
    }

    /**
     * The planner options the laws vary; override to check your own configuration. They must
     * not set the repository, format, mode, site, batch size or failure policy.
     *
     * @param schema the store's schema
     * @return options
     */
    protected Arbitrary<PlannerOptions> plannerOptions(FieldSchema schema) {
        return RollcallArbitraries.plannerOptions(schema);
    }

    /**
     * @param schema the store's schema
     * @return the stored users of a try (default {@link RollcallArbitraries#stores})
     */
    protected Arbitrary<List<Map<String, String>>> stores(FieldSchema schema) {
        return RollcallArbitraries.stores(schema);
    }

    /**
     * @param schema the store's schema
     * @return the upload files of a try (default {@link RollcallArbitraries#uploads})
     */
    protected Arbitrary<UploadFile> uploads(FieldSchema schema) {
        return RollcallArbitraries.uploads(schema);
    }

    // =================================================================== the laws

    /** Law 1: applying a plan and planning the same file again yields nothing to write. */
    @Property(edgeCases = EdgeCasesMode.NONE)
    public void replanningAnAppliedFile_changesNothing(@ForAll("cases") Case c) throws Exception {
        withStore(c, repo -> {
            UploadPlanner planner = planner(repo, c, null, 0, null);
            UploadPlan first = plan(planner, c);
            if (!applicable(first)) {
                return;
            }
            UploadResult result = first.apply();
            assertTrue(result.isComplete(), () -> "a plan of a quiet store did not apply completely:\n"
                    + PlanTable.render(result));
            UploadPlan again = plan(planner, c);
            for (PlannedChange e : again.all()) {
                assertFalse(e.action().writes(), () -> "planning the applied file again still writes:\n"
                        + PlanTable.render(again) + "\nfirst plan:\n" + PlanTable.render(first));
            }
        });
    }

    /** Law 2: an update-only upload creates nobody. */
    @Property(edgeCases = EdgeCasesMode.NONE)
    public void updateOnly_neverCreates(@ForAll("updateOnlyCases") Case c) throws Exception {
        withStore(c, repo -> {
            Set<String> before = ids(repo);
            UploadPlan plan = plan(planner(repo, c, null, 0, null), c);
            assertEquals(List.of(), plan.creates(), () -> "update-only plans creates:\n" + PlanTable.render(plan));
            if (applicable(plan)) {
                plan.apply();
            }
            Set<String> after = ids(repo);
            after.removeAll(before);
            assertEquals(Set.of(), after, "update-only created users");
        });
    }

    /** Law 3: with a site scope, users outside it are never touched and nobody is created outside it. */
    @Property(edgeCases = EdgeCasesMode.NONE)
    public void nothingOutsideTheScopeSite_isTouched(@ForAll("anyModeCases") Case c, @ForAll("scopes") String scope)
            throws Exception {
        withStore(c, repo -> {
            Map<String, UserRecord> outside = new HashMap<>();
            Set<String> before = new HashSet<>();
            for (UserRecord u : all(repo)) {
                before.add(u.id());
                if (!Sites.within(u.site().orElse(null), scope)) {
                    outside.put(u.id(), u);
                }
            }
            UploadPlan plan = plan(planner(repo, c, scope, 0, null), c);
            for (PlannedChange e : plan.all()) {
                if (e.action().writes() && e.userId() != null) {
                    assertFalse(outside.containsKey(e.userId()), () -> "plans to touch a user outside " + scope + ": " + e);
                }
            }
            if (!applicable(plan)) {
                return;
            }
            plan.apply();
            for (UserRecord u : all(repo)) {
                UserRecord old = outside.get(u.id());
                if (old != null) {
                    assertEquals(old, u, "changed outside the scope " + scope + ": " + u.username());
                } else if (!before.contains(u.id())) {
                    assertTrue(Sites.within(u.site().orElse(null), scope), () -> "created outside the scope " + scope
                            + ": " + u.username() + " in " + u.site().orElse("(no site)"));
                }
            }
            for (String id : outside.keySet()) {
                assertTrue(repo.findByIds(List.of(id)).containsKey(id), "deleted outside the scope: " + outside.get(id).username());
            }
        });
    }

    /**
     * Law 4: a rejected row changes nothing: the user it names keeps its state (unless another
     * row of the file changes that user), and no user appears under its username (unless
     * another row creates or renames to it).
     */
    @Property(edgeCases = EdgeCasesMode.NONE)
    public void aRejectedRow_changesNothing(@ForAll("anyModeCases") Case c) throws Exception {
        withStore(c, repo -> {
            Map<String, UserRecord> before = new HashMap<>();
            Set<String> usernamesBefore = new HashSet<>();
            for (UserRecord u : all(repo)) {
                before.put(u.id(), u);
                usernamesBefore.add(u.username());
            }
            UploadPlan plan = plan(planner(repo, c, null, 0, null), c);
            if (!applicable(plan)) {
                return;
            }
            Set<String> written = new HashSet<>();
            Set<String> writtenNames = new HashSet<>();
            for (PlannedChange e : plan.all()) {
                if (e.action().writes()) {
                    if (e.userId() != null) {
                        written.add(e.userId());
                    }
                    if (e.username() != null) {
                        writtenNames.add(e.username());
                    }
                }
            }
            Statistics.label("rejected rows").collect(plan.rejected().isEmpty() ? "none" : "some");
            plan.apply();
            Map<String, UserRecord> after = new HashMap<>();
            Set<String> usernamesAfter = new HashSet<>();
            for (UserRecord u : all(repo)) {
                after.put(u.id(), u);
                usernamesAfter.add(u.username());
            }
            for (PlannedChange r : plan.rejected()) {
                if (r.userId() != null && !written.contains(r.userId())) {
                    assertEquals(before.get(r.userId()), after.get(r.userId()), () -> "the rejected row at line " + r.line()
                            + " changed its user:\n" + PlanTable.render(plan));
                }
                if (r.username() != null && !usernamesBefore.contains(r.username()) && !writtenNames.contains(r.username())) {
                    assertFalse(usernamesAfter.contains(r.username()), () -> "the rejected row at line " + r.line()
                            + " created " + r.username() + ":\n" + PlanTable.render(plan));
                }
            }
        });
    }

    /** Law 5: the same store and file give the same plan, now, again, and on a second store filled the same way. */
    @Property(edgeCases = EdgeCasesMode.NONE)
    public void planning_isDeterministic(@ForAll("anyModeCases") Case c) throws Exception {
        withStore(c, repo -> {
            UploadPlanner planner = planner(repo, c, null, 0, null);
            UploadPlan one = plan(planner, c);
            UploadPlan two = plan(planner, c);
            assertEquals(one.fileProblems(), two.fileProblems());
            assertEquals(one.safetyStop(), two.safetyStop());
            assertEquals(one.all(), two.all(), "planning the same file twice gave two plans");
            withStore(c, other -> {
                UploadPlan three = plan(planner(other, c, null, 0, null), c);
                assertEquals(one.fileProblems(), three.fileProblems());
                assertEquals(normalized(repo, one), normalized(other, three),
                        "two stores filled the same way gave two plans");
            });
        });
    }

    /**
     * Law 6, apply under faults: for every k, a run whose k-th write fails, followed by planning
     * and applying the file again on the healed store, ends in the same state (users by
     * username, their fields, status, memberships and delegates) as one clean run; under both
     * failure policies (go on; stop after the first failure). Where the failure happened before
     * the store wrote anything, the failed run's result is also checked for honesty: the users
     * it reports created and deleted are exactly those that appeared and disappeared.
     */
    @Property(edgeCases = EdgeCasesMode.NONE)
    public void aFailedApplyThenACleanRerun_endsWhereOneCleanRunEnds(@ForAll("convergenceCases") Case c,
                                                                     @ForAll("batchSizes") int batchSize,
                                                                     @ForAll FaultKind fault) throws Exception {
        StoreSnapshot clean;
        int writes;
        UserRepository cleanStore = newFilledRepository(c);
        try {
            FaultInjectingRepository counting = FaultInjectingRepository.wrap(cleanStore);
            UploadPlan plan = plan(planner(counting, c, null, batchSize, null), c);
            if (!applicable(plan)) {
                return;
            }
            UploadResult result = plan.apply();
            assertTrue(result.isComplete(), () -> "a clean run did not apply completely:\n" + PlanTable.render(result));
            writes = counting.writeCalls();
            clean = StoreSnapshot.of(cleanStore);
        } finally {
            release(cleanStore);
        }
        Statistics.label("write calls of a clean run").collect(writes);
        for (FailurePolicy policy : List.of(FailurePolicy.continueOnFailure(), FailurePolicy.stopAfter(1))) {
            for (int k = 1; k <= writes; k++) {
                UserRepository store = newFilledRepository(c);
                try {
                    int before = all(store).size();
                    FaultInjectingRepository faulty = FaultInjectingRepository.wrap(store).failWrite(k, fault.fault());
                    UploadResult failed = plan(planner(faulty, c, null, batchSize, policy), c).apply();
                    String where = "write " + k + " of " + writes + " failed (" + fault + ", " + policy(policy)
                            + ", batch size " + batchSize + ")";
                    if (!fault.fault().isAfterWrite()) {
                        long created = failed.rows().stream().filter(r -> r.state() == RowOutcome.State.APPLIED
                                && r.action() == Action.CREATE).count();
                        long deleted = failed.rows().stream().filter(r -> r.state() == RowOutcome.State.APPLIED
                                && r.action() == Action.DELETE).count();
                        assertEquals(before + created - deleted, all(store).size(), () -> where
                                + ": the result does not tell what was written:\n" + PlanTable.render(failed));
                    }
                    UploadPlan rerun = plan(planner(store, c, null, batchSize, null), c);
                    if (!applicable(rerun)) {
                        fail(where + ": planning the file again after the failure cannot be applied ("
                                + (rerun.isRefused() ? rerun.fileProblems() : rerun.safetyStop().orElseThrow().message())
                                + "), though one clean run applied it");
                    }
                    UploadResult second = rerun.apply();
                    assertTrue(second.isComplete(), () -> where + ", then the re-run did not apply completely:\n"
                            + PlanTable.render(second));
                    StoreSnapshot recovered = StoreSnapshot.of(store);
                    if (!recovered.equals(clean)) {
                        fail(where + ", then a clean re-run ended elsewhere than one clean run:\n  "
                                + String.join("\n  ", clean.differences(recovered))
                                + "\nfailed run:\n" + PlanTable.render(failed) + "\nre-run:\n" + PlanTable.render(rerun));
                    }
                } finally {
                    release(store);
                }
            }
        }
    }

    // =================================================================== providers

    /** @return cases in the modes that write idempotently: add-new, add-update, update-only */
    @Provide
    public Arbitrary<Case> cases() {
        return cases(Arbitraries.of(UploadMode.ADD_NEW, UploadMode.ADD_UPDATE, UploadMode.UPDATE_ONLY));
    }

    /** @return cases in update-only mode */
    @Provide
    public Arbitrary<Case> updateOnlyCases() {
        return cases(Arbitraries.just(UploadMode.UPDATE_ONLY));
    }

    /** @return cases in every mode, add-all included */
    @Provide
    public Arbitrary<Case> anyModeCases() {
        return cases(Arbitraries.of(UploadMode.class));
    }

    /** @return cases for the convergence law: the idempotent modes, add-update most often (it writes most) */
    @Provide
    public Arbitrary<Case> convergenceCases() {
        return cases(Arbitraries.frequency(Tuple.of(2, UploadMode.ADD_UPDATE), Tuple.of(1, UploadMode.ADD_NEW),
                Tuple.of(1, UploadMode.UPDATE_ONLY)));
    }

    /** @return small batch sizes, so a file makes several write calls */
    @Provide
    public Arbitrary<Integer> batchSizes() {
        return Arbitraries.integers().between(1, 2);
    }

    /** @return site scopes */
    @Provide
    public Arbitrary<String> scopes() {
        return RollcallArbitraries.sites();
    }

    private Arbitrary<Case> cases(Arbitrary<UploadMode> modes) {
        FieldSchema s = schema();
        return Combinators.combine(stores(s), uploads(s), modes, plannerOptions(s)).as(Case::new)
                .filter(c -> !(c.mode() == UploadMode.ADD_ALL && c.options().toString().contains("full upload")));
    }

    // =================================================================== helpers

    /** Something to do with a filled store. */
    @FunctionalInterface
    private interface StoreWork {
        void run(UserRepository repository) throws Exception;
    }

    private void withStore(Case c, StoreWork work) throws Exception {
        UserRepository repo = newFilledRepository(c);
        try {
            work.run(repo);
        } finally {
            release(repo);
        }
    }

    private UserRepository newFilledRepository(Case c) {
        UserRepository repo = Objects.requireNonNull(newRepository(), "newRepository() returned null");
        addTargets(repo, "site", RollcallArbitraries.SITES.toArray(String[]::new));
        addTargets(repo, "cohort", RollcallArbitraries.COHORTS.toArray(String[]::new));
        List<UserChange> creates = new ArrayList<>();
        for (Map<String, String> u : c.users()) {
            creates.add(new UserChange.Create(u, Set.of(), PasswordChange.NONE));
        }
        if (!creates.isEmpty()) {
            repo.write(creates);
        }
        return repo;
    }

    private FieldSchema schema() {
        if (schema == null) {
            UserRepository repo = Objects.requireNonNull(newRepository(), "newRepository() returned null");
            try {
                schema = repo.schema();
            } finally {
                try {
                    release(repo);
                } catch (Exception e) {
                    throw new IllegalStateException("release(repository) failed", e);
                }
            }
        }
        return schema;
    }

    private static UploadPlanner planner(UserRepository repo, Case c, String scope, int batchSize, FailurePolicy policy) {
        UploadPlanner.Builder b = UploadPlan.builder().repository(repo).format(CsvFormat.defaults()).mode(c.mode());
        c.options().applyTo(b);
        if (scope != null) {
            b.site(scope);
        }
        if (batchSize > 0) {
            b.batchSize(batchSize);
        }
        if (policy != null) {
            b.failurePolicy(policy);
        }
        return b.build();
    }

    private static UploadPlan plan(UploadPlanner planner, Case c) {
        return planner.plan(c.file().open(), "upload.csv");
    }

    private static boolean applicable(UploadPlan plan) {
        String state = plan.isRefused() ? "file refused" : plan.safetyStop().isPresent() ? "stopped by the safety guard"
                : plan.hasChanges() ? "writes" : "nothing to write";
        Statistics.label("plan").collect(state);
        return !plan.isRefused() && plan.safetyStop().isEmpty();
    }

    private static List<UserRecord> all(UserRepository repo) {
        try (Stream<UserRecord> s = repo.list(UserQuery.ALL)) {
            return s.toList();
        }
    }

    private static Set<String> ids(UserRepository repo) {
        return all(repo).stream().map(UserRecord::id).collect(Collectors.toCollection(HashSet::new));
    }

    /** The plan with each user id replaced by the user's username and versions left out. */
    private static List<PlannedChange> normalized(UserRepository repo, UploadPlan plan) {
        Map<String, String> names = new LinkedHashMap<>();
        for (UserRecord u : all(repo)) {
            names.put(u.id(), u.username());
        }
        List<PlannedChange> out = new ArrayList<>();
        for (PlannedChange e : plan.all()) {
            String id = e.userId() == null ? null : "@" + names.getOrDefault(e.userId(), e.userId());
            out.add(new PlannedChange(e.line(), e.action(), id, e.username(), 0, e.changes(), e.addMemberships(),
                    e.removeMemberships(), e.messages(), e.password(), e.welcome(), e.weakPassword()));
        }
        return out;
    }

    private static String policy(FailurePolicy p) {
        return p.maxFailures() == 0 ? "go on after failures" : "stop after " + p.maxFailures();
    }
}
