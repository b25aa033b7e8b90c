package dev.rollcall.core;

import dev.rollcall.spi.FieldDefinition;
import dev.rollcall.spi.FieldSchema;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** One rule per test, asserting the message, as Caffeine does. */
class UploadPlanBuilderTest {

    private final InMemoryUserRepository repo = new InMemoryUserRepository();

    @Test
    void repository_null() {
        NullPointerException e = assertThrows(NullPointerException.class, () -> UploadPlan.builder().repository(null));
        assertEquals("repository must not be null", e.getMessage());
    }

    @Test
    void repository_twice() {
        UploadPlanner.Builder b = UploadPlan.builder().repository(repo);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> b.repository(repo));
        assertEquals("repository was already set", e.getMessage());
    }

    @Test
    void repository_missing() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> UploadPlan.builder().build());
        assertEquals("repository must be set", e.getMessage());
    }

    @Test
    void mode_null() {
        NullPointerException e = assertThrows(NullPointerException.class, () -> UploadPlan.builder().mode(null));
        assertEquals("mode must not be null", e.getMessage());
    }

    @Test
    void mode_twice() {
        UploadPlanner.Builder b = UploadPlan.builder().mode(UploadMode.ADD_NEW);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> b.mode(UploadMode.ADD_UPDATE));
        assertEquals("mode was already set", e.getMessage());
    }

    @Test
    void batchSize_zero() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> UploadPlan.builder().batchSize(0));
        assertEquals("batchSize must be at least 1: 0", e.getMessage());
    }

    @Test
    void matchOn_blank() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> UploadPlan.builder().matchOn(" "));
        assertEquals("matchOn must not be blank", e.getMessage());
    }

    @Test
    void matchOn_fieldThatIsNotUnique() {
        UploadPlanner.Builder b = UploadPlan.builder().repository(repo).matchOn("department");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, b::build);
        assertEquals("cannot match on department: it is not a unique field of the repository's schema "
                + "(use username, email or a unique field)", e.getMessage());
    }

    @Test
    void matchOn_uniqueCustomField() {
        InMemoryUserRepository custom = new InMemoryUserRepository(FieldSchema.standard()
                .with(FieldDefinition.builder("badge").custom(true).unique(true).build()));
        custom.insert(java.util.Map.of("username", "jdoe", "badge", "B1"));
        UploadPlanner planner = UploadPlan.builder().repository(custom).matchOn("badge").mode(UploadMode.UPDATE_ONLY).build();
        PlannedChange c = TestUploads.plan(planner, "badge,department\nB1,Legal\n").atLine(2).orElseThrow();
        assertEquals("jdoe", c.username());
        assertEquals(Action.UPDATE, c.action());
    }

    @Test
    void emptyValues_null() {
        NullPointerException e = assertThrows(NullPointerException.class, () -> UploadPlan.builder().emptyValues(null));
        assertEquals("emptyValues must not be null", e.getMessage());
    }

    @Test
    void notifier_null() {
        NullPointerException e = assertThrows(NullPointerException.class, () -> UploadPlan.builder().notifier(null));
        assertEquals("notifier must not be null", e.getMessage());
    }

    @Test
    void build_copiesSettings_builderReusable() {
        UploadPlanner.Builder b = UploadPlan.builder().repository(repo).mode(UploadMode.UPDATE_ONLY);
        UploadPlanner first = b.build();
        UploadPlanner second = b.build();
        UploadPlan p1 = TestUploads.plan(first, "username\nnobody\n");
        UploadPlan p2 = TestUploads.plan(second, "username\nnobody\n");
        assertEquals(UploadMode.UPDATE_ONLY, p1.mode());
        assertEquals(p1.atLine(2).orElseThrow().action(), p2.atLine(2).orElseThrow().action());
    }

    @Test
    void defaults_addNewOnUsername() {
        UploadPlanner planner = UploadPlan.builder().repository(repo).build();
        UploadPlan plan = TestUploads.plan(planner, "username,email,firstName,lastName\nx,x@example.com,X,Y\n");
        assertEquals(UploadMode.ADD_NEW, plan.mode());
        assertEquals(Action.CREATE, plan.atLine(2).orElseThrow().action());
    }
}
