package dev.rollcall.core;

import dev.rollcall.spi.Codes;
import dev.rollcall.spi.Problem;
import dev.rollcall.spi.RollcallException;
import dev.rollcall.spi.UserRepository;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;

import static dev.rollcall.core.TestUploads.plan;
import static dev.rollcall.core.TestUploads.store;
import static dev.rollcall.core.TestUploads.user;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PlannerTest {

    private static final String STORE = """
            username,email,firstName,lastName,externalId,department,status
            jdoe,john.doe@example.com,John,Doe,HR-1,Finance,ACTIVE
            asmith,anna@example.com,Anna,Smith,HR-2,Sales,ACTIVE
            """;

    private static UploadPlanner planner(InMemoryUserRepository repo, UploadMode mode) {
        return UploadPlan.builder().repository(repo).mode(mode).build();
    }

    private static String codes(PlannedChange c) {
        return String.join(",", c.messages().stream().map(Problem::code).toList());
    }

    // Cases that read as data (modes, empty values, matching, creating, status, the header,
    // file problems) are folders under src/test/resources/planning, run by PlanningSpecTest.

    @Test
    void exclude_skipsTheRows_andApplyLeavesThemAlone() {
        InMemoryUserRepository repo = store(STORE);
        UploadPlan plan = plan(planner(repo, UploadMode.ADD_UPDATE), """
                username,department
                jdoe,Legal
                asmith,Legal
                """);
        UploadPlan reviewed = plan.exclude(2);
        assertEquals(Action.UPDATE, plan.atLine(2).orElseThrow().action(), "the original plan is unchanged");
        assertEquals(Action.SKIP, reviewed.atLine(2).orElseThrow().action());
        assertEquals(Codes.EXCLUDED, codes(reviewed.atLine(2).orElseThrow()));
        reviewed.apply();
        assertEquals("Finance", user(repo, "jdoe").field("department").orElseThrow());
        assertEquals("Legal", user(repo, "asmith").field("department").orElseThrow());
    }

    @Test
    void apply_twice_isRefused() {
        InMemoryUserRepository repo = store(STORE);
        UploadPlan plan = plan(planner(repo, UploadMode.ADD_UPDATE), "username,department\njdoe,Legal\n");
        plan.apply();
        RollcallException e = assertThrows(RollcallException.class, plan::apply);
        assertEquals(Codes.PLAN_NOT_APPLICABLE, e.code());
        assertThrows(RollcallException.class, () -> plan.exclude(2).apply(), "a plan derived from an applied one");
    }

    @Test
    void apply_countsWhatWasWritten() {
        InMemoryUserRepository repo = store(STORE);
        UploadResult result = plan(planner(repo, UploadMode.ADD_UPDATE), """
                username,email,firstName,lastName,department
                jdoe,john.doe@example.com,John,Doe,Legal
                asmith,anna@example.com,Anna,Smith,Sales
                bwong,ben@example.com,Ben,Wong,Ops
                zz,,,,
                """).apply();
        assertEquals(4, result.summary().rows());
        assertEquals(1, result.summary().created());
        assertEquals(1, result.summary().updated());
        assertEquals(1, result.summary().unchanged());
        assertEquals(1, result.summary().rejected());
        assertTrue(result.isComplete());
    }

    // ---------------------------------------------------------------- a failing store

    /** The store's fault is not the file's: planning throws, so a job can keep the file and try again. */
    @Test
    void aStoreThatCannotBeRead_throws_insteadOfRefusingTheFile() {
        InMemoryUserRepository repo = store(STORE);
        UserRepository failing = (UserRepository) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {UserRepository.class}, (proxy, method, args) -> {
                    if (method.getName().equals("findBy")) {
                        throw new RollcallException(Codes.STORE_FAILED, "the store could not find users");
                    }
                    return method.invoke(repo, args);
                });
        UploadPlanner planner = UploadPlan.builder().repository(failing).mode(UploadMode.ADD_UPDATE).build();
        RollcallException e = assertThrows(RollcallException.class,
                () -> plan(planner, "username,email\njdoe,john.doe@example.com\n"));
        assertEquals(Codes.STORE_FAILED, e.code());
    }
}
