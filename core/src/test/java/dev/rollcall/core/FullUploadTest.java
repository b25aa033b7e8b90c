package dev.rollcall.core;

import dev.rollcall.spi.Codes;
import dev.rollcall.spi.FieldDefinition;
import dev.rollcall.spi.FieldSchema;
import dev.rollcall.spi.FieldType;
import dev.rollcall.spi.RollcallException;
import dev.rollcall.spi.UserRecord;
import dev.rollcall.spi.UserStatus;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.rollcall.core.TestUploads.plan;
import static dev.rollcall.core.TestUploads.user;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 6: full uploads deactivate only the feed's users the file leaves out, behind a safety guard. */
class FullUploadTest {

    /** Ten users of feed "hr" in Ontario, one hand-made user, one of another feed, one in Quebec. */
    private static InMemoryUserRepository store() {
        InMemoryUserRepository repo = new InMemoryUserRepository();
        for (int i = 0; i < 10; i++) {
            repo.insert(Map.of("username", "hr" + i, "email", "hr" + i + "@x.com", "feed", "hr", "site", "Canada/Ontario"));
        }
        repo.insert(Map.of("username", "byhand", "email", "h@x.com", "site", "Canada/Ontario"));
        repo.insert(Map.of("username", "other", "email", "o@x.com", "feed", "lms", "site", "Canada/Ontario"));
        repo.insert(Map.of("username", "quebec", "email", "q@x.com", "feed", "hr", "site", "Canada/Quebec"));
        return repo;
    }

    private static String rows(int from, int to) {
        StringBuilder sb = new StringBuilder("username,email\n");
        for (int i = from; i < to; i++) {
            sb.append("hr").append(i).append(",hr").append(i).append("@x.com\n");
        }
        return sb.toString();
    }

    private static UploadPlan.Builder full(InMemoryUserRepository repo) {
        return UploadPlan.builder().repository(repo).mode(UploadMode.ADD_UPDATE).feed("hr").fullUpload(true)
                .site("Canada/Ontario");
    }

    @Test
    void fullUpload_deactivatesOnlyTheFeedsUsersLeftOut_insideTheScope() {
        InMemoryUserRepository repo = store();
        UploadPlan plan = plan(full(repo).build(), rows(0, 9));
        List<PlannedChange> leftOut = plan.stream().filter(c -> !c.hasLine()).toList();
        assertEquals(1, leftOut.size());
        assertEquals("hr9", leftOut.get(0).username());
        assertEquals(Action.DEACTIVATE, leftOut.get(0).action());
        assertEquals(Codes.NOT_IN_FILE, leftOut.get(0).messages().get(0).code());
        assertTrue(plan.safetyStop().isEmpty(), "1 of 10 is exactly 10%: allowed");
        plan.apply();
        assertEquals(UserStatus.INACTIVE, user(repo, "hr9").status());
        for (String untouched : List.of("byhand", "other", "quebec")) {
            assertEquals(UserStatus.ACTIVE, user(repo, untouched).status(), untouched);
        }
    }

    @Test
    void partialUpload_isTheDefault_andTouchesOnlyItsRows() {
        InMemoryUserRepository repo = store();
        UploadPlan plan = plan(UploadPlan.builder().repository(repo).mode(UploadMode.ADD_UPDATE).feed("hr").build(), rows(0, 1));
        assertTrue(plan.stream().allMatch(PlannedChange::hasLine));
    }

    @Test
    void overTheThreshold_isStopped_withTheNumbers_andNothingCanBeApplied() {
        InMemoryUserRepository repo = store();
        UploadPlan plan = plan(full(repo).build(), rows(0, 5));
        assertEquals(5, plan.stream().filter(c -> !c.hasLine()).count(), "the plan still lists who would go");
        String message = plan.safetyStop().orElseThrow().message();
        assertEquals("this full upload would deactivate 5 of the 10 active users of feed hr (50.0%), more than the 10% "
                + "allowed; nothing was written. Check that the file is complete, or allow mass deactivation explicitly",
                message);
        RollcallException e = assertThrows(RollcallException.class, plan::apply);
        assertEquals(Codes.MASS_DEACTIVATION, e.code());
        assertTrue(repo.all().stream().allMatch(u -> u.status() == UserStatus.ACTIVE));
    }

    @Test
    void overTheThreshold_goesAheadWhenTheHostOptsIn() {
        InMemoryUserRepository repo = store();
        UploadPlan plan = plan(full(repo).allowMassDeactivation(true).build(), rows(0, 5));
        assertTrue(plan.safetyStop().isEmpty());
        assertEquals(5, plan.apply().summary().deactivated());
    }

    @Test
    void thresholdIsConfigurable() {
        InMemoryUserRepository repo = store();
        assertTrue(plan(full(repo).maxDeactivationPercent(50).build(), rows(0, 5)).safetyStop().isEmpty());
        assertTrue(plan(full(store()).maxDeactivationPercent(40).build(), rows(0, 5)).safetyStop().isPresent());
    }

    @Test
    void headerOnlyFile_neverDeactivatesAnyoneWithoutOptIn_whateverTheThreshold() {
        InMemoryUserRepository repo = store();
        UploadPlan plan = plan(full(repo).maxDeactivationPercent(100).build(), "username,email\n");
        assertTrue(plan.safetyStop().orElseThrow().message().startsWith("the file has no rows"));
        assertThrows(RollcallException.class, plan::apply);
    }

    @Test
    void headerOnlyFile_isStopped_evenWithMassDeactivationAllowed() {
        InMemoryUserRepository repo = store();
        UploadPlan plan = plan(full(repo).allowMassDeactivation(true).maxDeactivationPercent(100).build(), "username,email\n");
        assertTrue(plan.safetyStop().orElseThrow().message().startsWith("the file has no rows"));
        assertEquals(Codes.MASS_DEACTIVATION, plan.safetyStop().orElseThrow().code());
        assertEquals(Codes.MASS_DEACTIVATION, assertThrows(RollcallException.class, plan::apply).code());
        assertTrue(repo.all().stream().allMatch(u -> u.status() == UserStatus.ACTIVE));
    }

    @Test
    void headerOnlyFile_deactivatesEveryone_onlyWhenTheHostSaysExactlyThat() {
        InMemoryUserRepository repo = store();
        UploadPlan plan = plan(full(repo).deactivateAllOnEmptyFile(true).build(), "username,email\n");
        assertTrue(plan.safetyStop().isEmpty());
        assertEquals(10, plan.apply().summary().deactivated());
        assertEquals(UserStatus.ACTIVE, user(repo, "quebec").status(), "outside the scope");
        assertTrue(plan(full(store()).deactivateAllOnEmptyFile(true).build(), rows(0, 5)).safetyStop().isPresent(),
                "a file with rows still meets the threshold");
    }

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
    void newUsers_rememberTheirFeed() {
        InMemoryUserRepository repo = store();
        plan(full(repo).allowMassDeactivation(true).build(), "username,email,firstName,lastName\nnew1,n@x.com,N,One\n").apply();
        UserRecord n = user(repo, "new1");
        assertEquals("hr", n.feed().orElseThrow());
        assertEquals("Canada/Ontario", n.site().orElseThrow());
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
