package dev.rollcall.core;

import dev.rollcall.spi.Codes;
import dev.rollcall.spi.FieldDefinition;
import dev.rollcall.spi.FieldSchema;
import dev.rollcall.spi.FieldType;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.rollcall.core.TestUploads.plan;
import static dev.rollcall.core.TestUploads.user;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 6: full uploads deactivate only the feed's users the file leaves out, behind a safety
 * guard. The guard's cases are folders under {@code src/test/resources/planning/full-upload},
 * run by {@link PlanningSpecTest}.
 */
class FullUploadTest {

    @Test
    void aRejectedRow_stillKeepsItsUserFromBeingDeactivated() {
        InMemoryUserRepository repo = new InMemoryUserRepository(FieldSchema.standard()
                .with(FieldDefinition.builder("hireDate").custom(true).type(FieldType.DATE).build()));
        for (int i = 0; i < 10; i++) {
            repo.insert(Map.of("username", "hr" + i, "email", "hr" + i + "@x.com", "feed", "hr"));
        }
        StringBuilder csv = new StringBuilder("username,hireDate\n");
        for (int i = 0; i < 10; i++) {
            csv.append("hr").append(i).append(i == 3 ? ",3/1/2026\n" : ",2026-03-01\n");
        }
        UploadPlan plan = plan(UploadPlan.builder().repository(repo).mode(UploadMode.ADD_UPDATE).feed("hr").fullUpload(true)
                .build(), csv.toString());
        assertEquals(Action.REJECT, plan.atLine(5).orElseThrow().action());
        assertTrue(plan.stream().allMatch(PlannedChange::hasLine), "hr3's row was rejected, but it is in the file");
    }

    @Test
    void fullUpload_needsAFeed() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> UploadPlan.builder().repository(new InMemoryUserRepository()).fullUpload(true).build());
        assertEquals("a full upload needs a feed: only users the feed created are deactivated", e.getMessage());
    }

    @Test
    void seed004_paymentCards_givenSomeClearsTheOthers_withAWarning() {
        FieldSchema schema = FieldSchema.standard().with(
                FieldDefinition.builder("card1Number").custom(true).sensitive(true).fieldSet("card1").build(),
                FieldDefinition.builder("card1Expiry").custom(true).type(FieldType.DATE).fieldSet("card1").build(),
                FieldDefinition.builder("card2Number").custom(true).sensitive(true).fieldSet("card2").build(),
                FieldDefinition.builder("card2Expiry").custom(true).type(FieldType.DATE).fieldSet("card2").build());
        InMemoryUserRepository repo = new InMemoryUserRepository(schema);
        repo.insert(Map.of("username", "jdoe", "card1Number", "4111111111111111", "card1Expiry", "2027-01-31",
                "card2Number", "5500000000000004", "card2Expiry", "2028-01-31"));
        UploadPlan plan = plan(UploadPlan.builder().repository(repo).mode(UploadMode.UPDATE_ONLY).build(),
                "username,card1Number,card1Expiry\njdoe,4111111111111111,2029-01-31\n");
        PlannedChange c = plan.atLine(2).orElseThrow();
        assertEquals(List.of("card1Expiry", "card2Number", "card2Expiry"), c.changes().stream().map(FieldChange::field).toList());
        assertTrue(c.change("card2Number").orElseThrow().erases());
        assertEquals("***", c.change("card2Number").orElseThrow().shownFrom());
        assertEquals(Codes.FIELD_SET_CLEARED, c.messages().get(0).code());
        assertFalse(c.toString().contains("5500000000000004"));
        plan.apply();
        assertTrue(user(repo, "jdoe").field("card2Number").isEmpty());
    }
}
