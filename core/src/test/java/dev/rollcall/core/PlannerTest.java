package dev.rollcall.core;

import dev.rollcall.spi.Codes;
import dev.rollcall.spi.Problem;
import dev.rollcall.spi.RollcallException;
import dev.rollcall.spi.UserRepository;
import dev.rollcall.spi.UserStatus;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.util.List;

import static dev.rollcall.core.TestUploads.plan;
import static dev.rollcall.core.TestUploads.store;
import static dev.rollcall.core.TestUploads.user;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

    // ---------------------------------------------------------------- modes

    @Test
    void addNew_createsNewUsers_andSkipsExistingOnes() {
        InMemoryUserRepository repo = store(STORE);
        UploadPlan plan = plan(planner(repo, UploadMode.ADD_NEW), """
                username,email,firstName,lastName
                jdoe,changed@example.com,John,Doe
                bwong,ben@example.com,Ben,Wong
                """);
        assertEquals(Action.SKIP, plan.atLine(2).orElseThrow().action());
        assertEquals(Codes.USER_EXISTS, codes(plan.atLine(2).orElseThrow()));
        assertEquals(Action.CREATE, plan.atLine(3).orElseThrow().action());
    }

    @Test
    void addUpdate_updatesWithExactFieldDiffs() {
        InMemoryUserRepository repo = store(STORE);
        UploadPlan plan = plan(planner(repo, UploadMode.ADD_UPDATE), """
                username,email,department
                jdoe,john.doe@example.com,Marketing
                """);
        PlannedChange c = plan.atLine(2).orElseThrow();
        assertEquals(Action.UPDATE, c.action());
        assertEquals(List.of(new FieldChange("department", "Finance", "Marketing", false)), c.changes());
        assertEquals(user(repo, "jdoe").id(), c.userId());
    }

    @Test
    void addUpdate_sameValues_isUnchangedNotUpdated() {
        InMemoryUserRepository repo = store(STORE);
        UploadPlan plan = plan(planner(repo, UploadMode.ADD_UPDATE), """
                username,email,department
                jdoe,john.doe@example.com,Finance
                """);
        assertEquals(Action.UNCHANGED, plan.atLine(2).orElseThrow().action());
        assertTrue(plan.atLine(2).orElseThrow().changes().isEmpty());
    }

    @Test
    void updateOnly_skipsUnknownUsers_andNeverCreates() {
        InMemoryUserRepository repo = store(STORE);
        UploadPlan plan = plan(planner(repo, UploadMode.UPDATE_ONLY), """
                username,email,firstName,lastName
                newbie,new@example.com,New,Bie
                """);
        PlannedChange c = plan.atLine(2).orElseThrow();
        assertEquals(Action.SKIP, c.action());
        assertEquals(Codes.USER_NOT_FOUND, codes(c));
        plan.apply();
        assertEquals(2, repo.size());
    }

    // ---------------------------------------------------------------- empty values

    @Test
    void blankCell_keepsStoredValue() {
        InMemoryUserRepository repo = store(STORE);
        UploadPlan plan = plan(planner(repo, UploadMode.ADD_UPDATE), """
                username,department,lastName
                jdoe,,Doe-Smith
                """);
        assertEquals(List.of(new FieldChange("lastName", "Doe", "Doe-Smith", false)), plan.atLine(2).orElseThrow().changes());
        plan.apply();
        assertEquals("Finance", user(repo, "jdoe").field("department").orElseThrow());
    }

    @Test
    void quotedEmpty_isIgnoredByDefault() {
        InMemoryUserRepository repo = store(STORE);
        UploadPlan plan = plan(planner(repo, UploadMode.ADD_UPDATE), """
                username,department
                jdoe,""
                """);
        assertEquals(Action.UNCHANGED, plan.atLine(2).orElseThrow().action());
    }

    @Test
    void quotedEmpty_erasesWhenAsked() {
        InMemoryUserRepository repo = store(STORE);
        UploadPlanner planner = UploadPlan.builder().repository(repo).mode(UploadMode.ADD_UPDATE)
                .emptyValues(EmptyValues.ERASE).build();
        UploadPlan plan = plan(planner, """
                username,department,lastName
                jdoe,"",
                """);
        PlannedChange c = plan.atLine(2).orElseThrow();
        assertEquals(List.of(new FieldChange("department", "Finance", null, false)), c.changes());
        plan.apply();
        assertTrue(user(repo, "jdoe").field("department").isEmpty());
        assertEquals("Doe", user(repo, "jdoe").lastName().orElseThrow(), "a blank cell still keeps its value");
    }

    @Test
    void valuesAreKeptAsWritten_leadingZerosStay() {
        InMemoryUserRepository repo = store(STORE);
        UploadPlan plan = plan(planner(repo, UploadMode.ADD_NEW), """
                username,email,firstName,lastName,employeeId
                bwong,ben@example.com,Ben,Wong,000451
                """);
        plan.apply();
        assertEquals("000451", user(repo, "bwong").employeeId().orElseThrow());
    }

    // ---------------------------------------------------------------- matching

    @Test
    void matchOnEmail_ignoresCaseAndSurroundingSpaces() {
        InMemoryUserRepository repo = store(STORE);
        UploadPlanner planner = UploadPlan.builder().repository(repo).mode(UploadMode.ADD_UPDATE).matchOn("email").build();
        UploadPlan plan = plan(planner, """
                email,department
                "  John.DOE@Example.com ",Legal
                """);
        PlannedChange c = plan.atLine(2).orElseThrow();
        assertEquals(Action.UPDATE, c.action());
        assertEquals("jdoe", c.username());
    }

    @Test
    void matchOnExternalId_findsTheUser() {
        InMemoryUserRepository repo = store(STORE);
        UploadPlanner planner = UploadPlan.builder().repository(repo).mode(UploadMode.UPDATE_ONLY).matchOn("externalId").build();
        UploadPlan plan = plan(planner, """
                External ID,Department
                HR-2,Legal
                """);
        assertEquals("asmith", plan.atLine(2).orElseThrow().username());
        assertEquals(Action.UPDATE, plan.atLine(2).orElseThrow().action());
    }

    @Test
    void keyMatchingSeveralUsers_rejectsTheRow() {
        InMemoryUserRepository repo = store("""
                username,email
                a1,shared@example.com
                a2,SHARED@example.com
                """);
        UploadPlanner planner = UploadPlan.builder().repository(repo).mode(UploadMode.ADD_UPDATE).matchOn("email").build();
        PlannedChange c = plan(planner, "email,department\nshared@example.com,X\n").atLine(2).orElseThrow();
        assertEquals(Action.REJECT, c.action());
        assertEquals(Codes.AMBIGUOUS_MATCH, codes(c));
        assertTrue(c.messages().get(0).message().contains("2 users"), c.messages().toString());
    }

    @Test
    void secondRowForSameUser_isRejectedNamingTheFirst() {
        InMemoryUserRepository repo = store(STORE);
        UploadPlan plan = plan(planner(repo, UploadMode.ADD_UPDATE), """
                username,department
                jdoe,Legal
                JDoe,Sales
                """);
        PlannedChange second = plan.atLine(3).orElseThrow();
        assertEquals(Action.REJECT, second.action());
        assertEquals(Codes.DUPLICATE_ROW, codes(second));
        assertTrue(second.messages().get(0).message().contains("line 2"));
    }

    @Test
    void twoNewRowsWithOneUsername_secondIsRejected() {
        InMemoryUserRepository repo = store(STORE);
        UploadPlan plan = plan(planner(repo, UploadMode.ADD_NEW), """
                username,email,firstName,lastName
                bwong,ben@example.com,Ben,Wong
                bwong,ben2@example.com,Ben,Wong
                """);
        assertEquals(Action.CREATE, plan.atLine(2).orElseThrow().action());
        assertEquals(Action.REJECT, plan.atLine(3).orElseThrow().action());
    }

    @Test
    void newUserWithTakenExternalId_isRejected() {
        InMemoryUserRepository repo = store(STORE);
        PlannedChange c = plan(planner(repo, UploadMode.ADD_NEW), """
                username,email,firstName,lastName,externalId
                bwong,ben@example.com,Ben,Wong,HR-1
                """).atLine(2).orElseThrow();
        assertEquals(Action.REJECT, c.action());
        assertEquals(Codes.DUPLICATE_KEY, codes(c));
    }

    @Test
    void rowWithoutMatchKey_isRejected() {
        InMemoryUserRepository repo = store(STORE);
        PlannedChange c = plan(planner(repo, UploadMode.ADD_UPDATE), """
                username,email
                ,someone@example.com
                """).atLine(2).orElseThrow();
        assertEquals(Action.REJECT, c.action());
        assertEquals(Codes.MISSING_KEY, codes(c));
    }

    // ---------------------------------------------------------------- creating

    @Test
    void addNew_withoutAColumnEveryNewUserNeeds_refusesTheFile() {
        InMemoryUserRepository repo = store(STORE);
        UploadPlan plan = plan(planner(repo, UploadMode.ADD_NEW), "username,firstName\nbwong,Ben\n");
        assertTrue(plan.isRefused());
        assertEquals(Codes.MISSING_COLUMN, plan.fileProblems().get(0).code());
        assertEquals("every new user needs email, lastName, but the file has no such columns",
                plan.fileProblems().get(0).message());
    }

    @Test
    void create_individualNeedsEmailFirstAndLastName() {
        InMemoryUserRepository repo = store(STORE);
        PlannedChange c = plan(planner(repo, UploadMode.ADD_UPDATE), """
                username,firstName
                bwong,Ben
                """).atLine(2).orElseThrow();
        assertEquals(Action.REJECT, c.action());
        assertEquals(Codes.MISSING_REQUIRED, codes(c));
        assertTrue(c.messages().get(0).message().endsWith("email, lastName"), c.messages().get(0).message());
    }

    @Test
    void create_facilityNeedsOnlyEmailAndBusinessName() {
        InMemoryUserRepository repo = store(STORE);
        PlannedChange c = plan(planner(repo, UploadMode.ADD_NEW), """
                Username,Profile Type ID,Email Address,Business Name
                clinic1,2,desk@clinic.example,North Clinic
                """).atLine(2).orElseThrow();
        assertEquals(Action.CREATE, c.action(), c.messages().toString());
    }

    @Test
    void create_newUsersAreInactiveByDefault() {
        InMemoryUserRepository repo = store(STORE);
        plan(planner(repo, UploadMode.ADD_NEW), """
                username,email,firstName,lastName
                bwong,ben@example.com,Ben,Wong
                """).apply();
        assertEquals(UserStatus.INACTIVE, user(repo, "bwong").status());
    }

    @Test
    void create_statusColumnWins() {
        InMemoryUserRepository repo = store(STORE);
        plan(planner(repo, UploadMode.ADD_NEW), """
                username,email,firstName,lastName,status
                bwong,ben@example.com,Ben,Wong,active
                """).apply();
        assertEquals(UserStatus.ACTIVE, user(repo, "bwong").status());
    }

    @Test
    void create_usernamesAreStandardised() {
        InMemoryUserRepository repo = store(STORE);
        PlannedChange c = plan(planner(repo, UploadMode.ADD_NEW), """
                username,email,firstName,lastName
                B Wong!,ben@example.com,Ben,Wong
                """).atLine(2).orElseThrow();
        assertEquals("bwong", c.username());
    }

    @Test
    void create_withoutPassword_asksTheHostToGenerateOne() {
        InMemoryUserRepository repo = store(STORE);
        plan(planner(repo, UploadMode.ADD_NEW), """
                username,email,firstName,lastName
                bwong,ben@example.com,Ben,Wong
                """).apply();
        assertEquals(InMemoryUserRepository.PasswordState.GENERATED, repo.passwordState(user(repo, "bwong").id()).orElseThrow());
    }

    // ---------------------------------------------------------------- status

    @Test
    void statusColumn_activatesAndDeactivates() {
        InMemoryUserRepository repo = store(STORE + "cgarcia,c@example.com,Carla,Garcia,HR-3,Ops,INACTIVE\n");
        UploadPlan plan = plan(planner(repo, UploadMode.ADD_UPDATE), """
                username,status
                jdoe,INACTIVE
                cgarcia,Active
                """);
        assertEquals(Action.DEACTIVATE, plan.atLine(2).orElseThrow().action());
        assertEquals(Action.ACTIVATE, plan.atLine(3).orElseThrow().action());
        plan.apply();
        assertEquals(UserStatus.INACTIVE, user(repo, "jdoe").status());
        assertEquals(UserStatus.ACTIVE, user(repo, "cgarcia").status());
    }

    @Test
    void statusDeleted_isSkippedUnlessDeletesAllowed() {
        InMemoryUserRepository repo = store(STORE);
        PlannedChange skipped = plan(planner(repo, UploadMode.ADD_UPDATE), "username,status\njdoe,DELETED\n")
                .atLine(2).orElseThrow();
        assertEquals(Action.SKIP, skipped.action());
        assertEquals(Codes.DELETE_NOT_ALLOWED, codes(skipped));

        UploadPlanner deleting = UploadPlan.builder().repository(repo).mode(UploadMode.ADD_UPDATE).allowDeletes(true).build();
        UploadPlan plan = plan(deleting, "username,status\njdoe,DELETED\n");
        assertEquals(Action.DELETE, plan.atLine(2).orElseThrow().action());
        plan.apply();
        assertTrue(repo.byUsername("jdoe").isEmpty());
    }

    @Test
    void invalidStatus_rejectsTheRowNamingTheColumn() {
        InMemoryUserRepository repo = store(STORE);
        PlannedChange c = plan(planner(repo, UploadMode.ADD_UPDATE), "username,Profile Status\njdoe,gone\n")
                .atLine(2).orElseThrow();
        assertEquals(Action.REJECT, c.action());
        assertEquals("Profile Status", c.messages().get(0).column());
        assertEquals("status", c.messages().get(0).field());
    }

    // ---------------------------------------------------------------- the header

    @Test
    void headerAliases_caseSpacesAndPunctuationIgnored() {
        InMemoryUserRepository repo = store(STORE);
        UploadPlan plan = plan(planner(repo, UploadMode.ADD_NEW), """
                User_Name,E-Mail,first name,LAST.NAME
                bwong,ben@example.com,Ben,Wong
                """);
        assertEquals(Action.CREATE, plan.atLine(2).orElseThrow().action(), plan.fileProblems().toString());
    }

    @Test
    void unknownColumn_refusesTheFileNamingIt() {
        InMemoryUserRepository repo = store(STORE);
        UploadPlan plan = plan(planner(repo, UploadMode.ADD_UPDATE), "username,favourite colour\njdoe,blue\n");
        assertTrue(plan.isRefused());
        Problem p = plan.fileProblems().get(0);
        assertEquals(Codes.UNKNOWN_COLUMN, p.code());
        assertEquals("favourite colour", p.column());
        assertTrue(p.message().contains("favourite colour"));
        assertTrue(plan.all().isEmpty());
    }

    @Test
    void twoColumnsForOneField_refuseTheFile() {
        InMemoryUserRepository repo = store(STORE);
        UploadPlan plan = plan(planner(repo, UploadMode.ADD_UPDATE), "username,Email,E-mail Address\njdoe,a@x.com,b@x.com\n");
        assertTrue(plan.isRefused());
        assertEquals(Codes.DUPLICATE_COLUMN, plan.fileProblems().get(0).code());
    }

    @Test
    void missingMatchColumn_refusesTheFile() {
        InMemoryUserRepository repo = store(STORE);
        UploadPlanner planner = UploadPlan.builder().repository(repo).matchOn("externalId").build();
        UploadPlan plan = plan(planner, "username,email\njdoe,j@x.com\n");
        assertEquals(Codes.MISSING_COLUMN, plan.fileProblems().get(0).code());
    }

    @Test
    void customFieldOfTheHost_isAColumn() {
        InMemoryUserRepository repo = new InMemoryUserRepository(dev.rollcall.spi.FieldSchema.standard().with(
                dev.rollcall.spi.FieldDefinition.builder("costCenter").custom(true).alias("Cost Centre").build()));
        UploadPlan plan = plan(planner(repo, UploadMode.ADD_NEW), """
                username,email,firstName,lastName,Cost Centre
                bwong,ben@example.com,Ben,Wong,CC-7
                """);
        plan.apply();
        assertEquals("CC-7", user(repo, "bwong").field("costCenter").orElseThrow());
    }

    // ---------------------------------------------------------------- file problems

    @Test
    void rowWithWrongCellCount_isRejected_andTheRestGoesOn() {
        InMemoryUserRepository repo = store(STORE);
        UploadPlan plan = plan(planner(repo, UploadMode.ADD_UPDATE), """
                username,department
                jdoe,Legal,extra
                asmith,Legal
                """);
        assertEquals(Action.REJECT, plan.atLine(2).orElseThrow().action());
        assertEquals(Codes.CELL_COUNT, codes(plan.atLine(2).orElseThrow()));
        assertEquals(Action.UPDATE, plan.atLine(3).orElseThrow().action());
    }

    @Test
    void unclosedQuote_refusesTheWholeFile_andApplyWritesNothing() {
        InMemoryUserRepository repo = store(STORE);
        UploadPlan plan = plan(planner(repo, UploadMode.ADD_UPDATE), """
                username,department
                jdoe,Legal
                asmith,"Sales
                """);
        assertTrue(plan.isRefused());
        assertEquals(Codes.UNCLOSED_QUOTE, plan.fileProblems().get(0).code());
        assertEquals(3, plan.fileProblems().get(0).line());
        RollcallException e = assertThrows(RollcallException.class, plan::apply);
        assertEquals(Codes.PLAN_NOT_APPLICABLE, e.code());
        assertEquals("Finance", user(repo, "jdoe").field("department").orElseThrow());
    }

    @Test
    void emptyFile_isRefused() {
        InMemoryUserRepository repo = store(STORE);
        UploadPlan plan = plan(planner(repo, UploadMode.ADD_UPDATE), "");
        assertEquals(Codes.EMPTY_FILE, plan.fileProblems().get(0).code());
    }

    // ---------------------------------------------------------------- review and apply

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

    @Test
    void replanAfterApply_changesNothing() {
        InMemoryUserRepository repo = store(STORE);
        UploadPlanner planner = planner(repo, UploadMode.ADD_UPDATE);
        String csv = """
                username,email,firstName,lastName,department,status
                jdoe,john.doe@example.com,John,Doe,Legal,INACTIVE
                bwong,ben@example.com,Ben,Wong,Ops,
                """;
        plan(planner, csv).apply();
        UploadPlan again = plan(planner, csv);
        assertFalse(again.hasChanges(), PlanTable.render(again));
        assertEquals(2, again.unchanged().size());
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
