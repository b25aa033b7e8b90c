package dev.rollcall.testkit;

import dev.rollcall.core.Action;
import dev.rollcall.core.InMemoryUserRepository;
import dev.rollcall.core.PlanTable;
import dev.rollcall.core.UploadMode;
import dev.rollcall.core.UploadPlan;
import dev.rollcall.core.UploadPlanner;
import dev.rollcall.spi.Codes;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Core bugs the test kit's laws found, kept as their smallest failing inputs so that they stay
 * fixed (docs/TESTKIT.md, "What the kit found").
 */
class FoundCoreBugsTest {

    private static final String FILE = """
            username,email
            s.oneil,s.oneil@example.com
            zoe.muller,shared@example.com
            """;

    private static InMemoryUserRepository store() {
        InMemoryUserRepository repo = new InMemoryUserRepository();
        repo.insert(Map.of("username", "jdoe", "email", "shared@example.com"));
        repo.insert(Map.of("username", "s.oneil", "email", "shared@example.com"));
        repo.insert(Map.of("username", "zoe.muller"));
        return repo;
    }

    private static UploadPlan plan(UploadPlanner planner) {
        return planner.plan(new ByteArrayInputStream(FILE.getBytes(StandardCharsets.UTF_8)), "upload.csv");
    }

    /**
     * Found by the convergence law. jdoe and s.oneil share an email; line 2 moves s.oneil away
     * from it, and the planner then treats the address as free, though jdoe still has it: line
     * 3 gives it to zoe.muller. Planned on its own (without line 2), or after line 2 was
     * applied, line 3 is rejected with DUPLICATE_EMAIL, as it should be.
     */
    @Test
    void emailFreedByOneHolder_isStillTakenByTheOther() {
        UploadPlan plan = plan(UploadPlan.builder().repository(store()).mode(UploadMode.ADD_UPDATE).build());
        assertEquals(Action.REJECT, plan.atLine(3).orElseThrow().action(), PlanTable.render(plan));
        assertEquals(Codes.DUPLICATE_EMAIL, plan.atLine(3).orElseThrow().errors().get(0).code());
    }

    /**
     * The same bug breaks issue 9's convergence promise: when the write of line 3 fails, a
     * clean re-run rejects line 3 (line 2 has been applied by then), so the failed run and the
     * re-run end elsewhere than one clean run, in which zoe.muller got the address.
     */
    @Test
    void failedWriteThenRerun_endsWhereOneCleanRunEnds_withASharedEmail() {
        InMemoryUserRepository clean = store();
        plan(UploadPlan.builder().repository(clean).mode(UploadMode.ADD_UPDATE).batchSize(1).build()).apply();

        InMemoryUserRepository recovered = store();
        FaultInjectingRepository faulty = FaultInjectingRepository.wrap(recovered).failWrite(2);
        plan(UploadPlan.builder().repository(faulty).mode(UploadMode.ADD_UPDATE).batchSize(1).build()).apply();
        plan(UploadPlan.builder().repository(recovered).mode(UploadMode.ADD_UPDATE).batchSize(1).build()).apply();

        assertEquals(StoreSnapshot.of(clean), StoreSnapshot.of(recovered),
                () -> String.join("\n", StoreSnapshot.of(clean).differences(StoreSnapshot.of(recovered))));
    }

    private static final String TWICE = """
            username,email,firstName,lastName,city
            new.hire,,Ann,Lee,Paris
            new.hire,new.hire@example.com,Ann,Lee,
            """;

    /**
     * Found by the law "re-planning an applied file changes nothing" (and by the convergence
     * law). Matching on email with a fallback to username, line 2 has no email, falls back to
     * username new.hire, and is rejected (a new user needs an email); it does not claim
     * new.hire, so line 3 creates new.hire. Planned again, line 2 matches the new user and
     * becomes an update (city Paris), and line 3 is rejected as a duplicate: the file never
     * settles. Matching on username, line 3 is rejected as a duplicate in the first plan.
     */
    @Test
    void rejectedRowMatchedByTheUsernameFallback_claimsTheUsername() {
        InMemoryUserRepository repo = new InMemoryUserRepository();
        UploadPlanner planner = UploadPlan.builder().repository(repo).mode(UploadMode.ADD_UPDATE).matchOn("email")
                .fallbackToUsername(true).build();
        UploadPlan first = planner.plan(new ByteArrayInputStream(TWICE.getBytes(StandardCharsets.UTF_8)), "upload.csv");
        first.apply();
        UploadPlan again = planner.plan(new ByteArrayInputStream(TWICE.getBytes(StandardCharsets.UTF_8)), "upload.csv");
        assertEquals(false, again.hasChanges(), () -> "first:\n" + PlanTable.render(first) + "\nagain:\n" + PlanTable.render(again));
        assertEquals(Action.REJECT, first.atLine(3).orElseThrow().action(), PlanTable.render(first));
    }
}
