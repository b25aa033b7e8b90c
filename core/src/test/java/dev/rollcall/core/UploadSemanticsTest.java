package dev.rollcall.core;

import dev.rollcall.spi.Codes;
import dev.rollcall.spi.FieldDefinition;
import dev.rollcall.spi.FieldSchema;
import dev.rollcall.spi.Membership;
import dev.rollcall.spi.MembershipKind;
import dev.rollcall.spi.Problem;
import dev.rollcall.spi.UserRecord;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.rollcall.core.TestUploads.plan;
import static dev.rollcall.core.TestUploads.store;
import static dev.rollcall.core.TestUploads.user;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 4: every option an administrator expects, as seeds 001, 003 and 004 describe them.
 * The cases that read as data (update types, matching, renames, status, emails, memberships)
 * are folders under {@code src/test/resources/planning}, run by {@link PlanningSpecTest}.
 */
class UploadSemanticsTest {

    private static final String STORE = """
            username,email,firstName,lastName,externalId,department,status
            jdoe,john.doe@example.com,John,Doe,HR-1,Finance,ACTIVE
            asmith,anna@example.com,Anna,Smith,HR-2,Sales,ACTIVE
            """;

    private static UploadPlanner.Builder builder(InMemoryUserRepository repo) {
        return UploadPlan.builder().repository(repo);
    }

    private static List<String> codes(PlannedChange c) {
        return c.messages().stream().map(Problem::code).toList();
    }

    private static PlannedChange line(UploadPlan plan, long line) {
        return plan.atLine(line).orElseThrow(() -> new AssertionError("no line " + line + "\n" + PlanTable.render(plan)));
    }

    @Nested
    class Usernames {

        @Test
        void seed003_templateWithCounter_jdoeJdoe2Jdoe3() {
            InMemoryUserRepository repo = new InMemoryUserRepository();
            UploadPlan plan = plan(builder(repo).usernameTemplate("%-1f%-l").build(), """
                    firstName,lastName,email
                    John,Doe,john@example.com
                    Jane,Doe,jane@example.com
                    Jenny,Doe,jenny@example.com
                    """);
            assertEquals(List.of("jdoe", "jdoe2", "jdoe3"), plan.creates().stream().map(PlannedChange::username).toList());
            plan.apply();
            assertEquals(3, repo.size());
        }

        @Test
        void generatedUsername_takenInStore_getsACounter() {
            InMemoryUserRepository repo = store(STORE);
            PlannedChange c = line(plan(builder(repo).usernameTemplate("%-1f%-l").build(),
                    "firstName,lastName,email\nJack,Doe,jack@example.com\n"), 2);
            assertEquals("jdoe2", c.username());
            assertTrue(codes(c).contains(Codes.USERNAME_TAKEN), "an INFO message says why");
        }

        @Test
        void generatedUsername_takenWithRejectOption_rejectsTheRow() {
            InMemoryUserRepository repo = store(STORE);
            PlannedChange c = line(plan(builder(repo).usernameTemplate("%-1f%-l")
                    .duplicateUsernames(DuplicateUsernames.REJECT).build(),
                    "firstName,lastName,email\nJack,Doe,jack@example.com\n"), 2);
            assertEquals(Action.REJECT, c.action());
            assertEquals(List.of(Codes.USERNAME_TAKEN), codes(c));
        }

        @Test
        void seed003_extendedCharacters_offByDefault() {
            InMemoryUserRepository repo = new InMemoryUserRepository();
            String csv = "firstName,lastName,email\nJohn Jr.,Doe,j@example.com\n";
            assertEquals("johnjr.doe", line(plan(builder(repo).usernameTemplate("%-f_%-l").build(), csv), 2).username());
            assertEquals("john jr._doe", line(plan(UploadPlan.builder().repository(repo).usernameTemplate("%-f_%-l")
                    .extendedUsernameChars(true).build(), csv), 2).username());
        }

        @Test
        void codesInFileValues_areNeverExpanded() {
            InMemoryUserRepository repo = new InMemoryUserRepository();
            plan(builder(repo).usernameTemplate("%-1f%-l").defaultValue("department", "Dept of %+l").build(), """
                    firstName,lastName,email,department,city
                    John,Doe,john@example.com,%-l and %%,%u
                    Jane,Roe,jane@example.com,,
                    """).apply();
            assertEquals("%-l and %%", user(repo, "jdoe").field("department").orElseThrow());
            assertEquals("%u", user(repo, "jdoe").field("city").orElseThrow());
            assertEquals("Dept of ROE", user(repo, "jroe").field("department").orElseThrow(), "defaults are expanded");
        }

        @Test
        void seed003_defaultWithUsernameCode() {
            InMemoryUserRepository repo = new InMemoryUserRepository(FieldSchema.standard()
                    .with(FieldDefinition.builder("homepage").custom(true).build()));
            plan(builder(repo).usernameTemplate("%-1f%-l").defaultValue("homepage", "http://www.example.com/~%u/").build(),
                    "firstName,lastName,email\nJohn,Doe,john@example.com\n").apply();
            assertEquals("http://www.example.com/~jdoe/", user(repo, "jdoe").field("homepage").orElseThrow());
        }

        @Test
        void standardisedUsernames_fromFile_andOff() {
            InMemoryUserRepository repo = new InMemoryUserRepository();
            String csv = "username,email,firstName,lastName\nJ.Doe-Smith!,j@example.com,J,D\n";
            assertEquals("j.doe-smith", line(plan(builder(repo).build(), csv), 2).username());
            assertEquals("J.Doe-Smith!", line(plan(UploadPlan.builder().repository(repo).standardiseUsernames(false).build(),
                    csv), 2).username());
        }
    }

    @Nested
    class Modes {

        @Test
        void addAll_existingUsernameGetsACounter_andANewAccount() {
            InMemoryUserRepository repo = store(STORE + "student1,s1@example.com,S,One,HR-9,Ops,ACTIVE\n");
            UploadPlan plan = plan(builder(repo).mode(UploadMode.ADD_ALL).build(), """
                    username,email,firstName,lastName
                    jdoe,other.john@example.com,John,Doe
                    student1,s1b@example.com,S,One
                    jdoe,third.john@example.com,John,Doe
                    """);
            assertEquals(List.of("jdoe2", "student2", "jdoe3"), plan.creates().stream().map(PlannedChange::username).toList());
            plan.apply();
            assertEquals(6, repo.size());
        }

        @Test
        void aFieldThatIsNotUpdatable_isSetOnNewUsers_butAChangeToAnExistingUserRejectsTheRow() {
            InMemoryUserRepository repo = new InMemoryUserRepository(FieldSchema.standard()
                    .with(FieldDefinition.builder("hireDate").custom(true).updatable(false).build()));
            repo.insert(Map.of("username", "jdoe", "email", "john.doe@example.com", "hireDate", "2020-01-06"));
            UploadPlan plan = plan(builder(repo).mode(UploadMode.ADD_UPDATE).build(), """
                    username,email,firstName,lastName,hireDate
                    jdoe,john.doe@example.com,John,Doe,2024-05-01
                    bwong,ben@example.com,Ben,Wong,2026-03-02
                    """);
            assertEquals(Action.REJECT, line(plan, 2).action());
            assertEquals(List.of(Codes.NOT_UPDATABLE), codes(line(plan, 2)));
            assertEquals("hireDate", line(plan, 2).errors().get(0).column());
            assertEquals(Action.CREATE, line(plan, 3).action());
            PlannedChange same = line(plan(builder(repo).mode(UploadMode.ADD_UPDATE).build(),
                    "username,hireDate,city\njdoe,2020-01-06,Paris\n"), 2);
            assertEquals(Action.UPDATE, same.action(), "the stored value again is no change: " + same.messages());
        }

    }

    @Nested
    class Matching {

        @Test
        void fallbackToUsername_rejectedRowStillNamesItsUser_soALaterRowCannotCreateIt() {
            // found by the testkit's re-plan law: line 2 is refused (a new user needs an email),
            // but once line 3 had created new.hire, planning the file again would match line 2 to it
            InMemoryUserRepository repo = new InMemoryUserRepository();
            UploadPlanner planner = builder(repo).mode(UploadMode.ADD_UPDATE).matchOn("email").fallbackToUsername(true)
                    .build();
            String file = """
                    username,email,firstName,lastName,city
                    new.hire,,Ann,Lee,Paris
                    new.hire,new.hire@example.com,Ann,Lee,
                    """;
            UploadPlan first = plan(planner, file);
            assertEquals(Action.REJECT, line(first, 2).action());
            assertEquals(Action.REJECT, line(first, 3).action());
            assertEquals(List.of(Codes.DUPLICATE_ROW), codes(line(first, 3)));
            first.apply();
            assertFalse(plan(planner, file).hasChanges(), "the file settles: planned again, it changes nothing");
        }

    }

    @Nested
    class Passwords {

        @Test
        void weakPasswords_areFlaggedAndCounted_neverShown() {
            InMemoryUserRepository repo = new InMemoryUserRepository();
            UploadPlan plan = plan(builder(repo).build(), """
                    username,email,firstName,lastName,password
                    a,a@example.com,A,A,short
                    b,b@example.com,B,B,Str0ng!Passw0rd
                    """);
            assertTrue(line(plan, 2).weakPassword());
            assertFalse(line(plan, 3).weakPassword());
            Problem warning = line(plan, 2).messages().get(0);
            assertEquals(Codes.WEAK_PASSWORD, warning.code());
            assertEquals("the password is weak: shorter than 8 characters, no digit, no upper-case letter, no symbol",
                    warning.message());
            assertEquals(1, plan.summary().weakPasswords());
            assertEquals(1, plan.apply().summary().weakPasswords());
        }

        @Test
        void forcePasswordChange_weakOnly() {
            InMemoryUserRepository repo = new InMemoryUserRepository();
            UploadPlan plan = plan(builder(repo).forcePasswordChange(ForcePasswordChange.WEAK).build(), """
                    username,email,firstName,lastName,password
                    a,a@example.com,A,A,short
                    b,b@example.com,B,B,Str0ng!Passw0rd
                    """);
            assertTrue(line(plan, 2).password().forceChange());
            assertFalse(line(plan, 3).password().forceChange());
        }

        @Test
        void existingUsersPasswords_changeOnlyWhenAsked() {
            InMemoryUserRepository repo = store(STORE);
            String csv = "username,password\njdoe,N3w!Password\n";
            PlannedChange off = line(plan(builder(repo).mode(UploadMode.UPDATE_ONLY).build(), csv), 2);
            assertEquals(Action.UNCHANGED, off.action());
            assertEquals(Codes.IGNORED_VALUE, off.messages().get(0).code());
            UploadPlan on = plan(UploadPlan.builder().repository(repo).mode(UploadMode.UPDATE_ONLY).updatePasswords(true)
                    .build(), csv);
            assertEquals(Action.UPDATE, line(on, 2).action());
            on.apply();
            assertEquals(InMemoryUserRepository.PasswordState.SET, repo.passwordState(user(repo, "jdoe").id()).orElseThrow());
        }

        @Test
        void resetPasswordColumn_asksTheHostToReset() {
            InMemoryUserRepository repo = store(STORE);
            UploadPlan plan = plan(builder(repo).mode(UploadMode.UPDATE_ONLY).build(), "username,resetPassword\njdoe,1\n");
            assertTrue(line(plan, 2).password().reset());
            plan.apply();
            assertEquals(InMemoryUserRepository.PasswordState.RESET, repo.passwordState(user(repo, "jdoe").id()).orElseThrow());
        }

        @Test
        void customPasswordPolicy_isUsed() {
            InMemoryUserRepository repo = new InMemoryUserRepository();
            UploadPlan plan = plan(builder(repo).passwordPolicy(p -> p.length() < 20 ? List.of("shorter than 20") : List.of())
                    .build(), "username,email,firstName,lastName,password\na,a@example.com,A,A,Str0ng!Passw0rd\n");
            assertTrue(line(plan, 2).weakPassword());
        }
    }

    @Nested
    class Memberships {

        private InMemoryUserRepository repo() {
            InMemoryUserRepository repo = store(STORE);
            repo.addTargets("cohort", "nurses", "night-shift").addTargets("course", "math101", "bio200")
                    .addTargets("group", "math101/A").addTargets("program", "onboarding")
                    .addTargets("system_role", "manager", "auditor");
            return repo;
        }

        @Test
        void roleChange_replacesTheEnrolment_andSysroleMinusRemoves() {
            InMemoryUserRepository repo = repo();
            Membership student = new Membership(MembershipKind.COURSE, "math101", "student", null, null, null);
            Membership manager = Membership.of(MembershipKind.SYSTEM_ROLE, "manager");
            repo.insert(Map.of("username", "bwong", "email", "b@example.com"), Set.of(student, manager));
            PlannedChange c = line(plan(builder(repo).mode(UploadMode.UPDATE_ONLY).build(),
                    "username,course1,role1,sysrole1\nbwong,math101,teacher,-manager\n"), 2);
            assertEquals(Set.of(new Membership(MembershipKind.COURSE, "math101", "teacher", null, null, null)),
                    c.addMemberships());
            assertEquals(Set.of(student, manager), c.removeMemberships());
        }

        @Test
        void existingMembership_isUnchanged() {
            InMemoryUserRepository repo = repo();
            repo.insert(Map.of("username", "bwong"), Set.of(Membership.of(MembershipKind.COHORT, "nurses")));
            assertEquals(Action.UNCHANGED, line(plan(builder(repo).mode(UploadMode.UPDATE_ONLY).build(),
                    "username,cohort1\nbwong,nurses\n"), 2).action());
        }

        @Test
        void unknownTheme_isRejected() {
            InMemoryUserRepository repo = repo().addTargets("theme", "classic");
            UploadPlan plan = plan(builder(repo).mode(UploadMode.UPDATE_ONLY).build(), "username,theme\njdoe,dark\nasmith,classic\n");
            assertEquals(List.of(Codes.UNKNOWN_TARGET), codes(line(plan, 2)));
            assertEquals(Action.UPDATE, line(plan, 3).action());
        }
    }

    @Nested
    class Sites {

        private InMemoryUserRepository repo() {
            InMemoryUserRepository repo = new InMemoryUserRepository();
            repo.addTargets("site", "Canada", "Canada/Ontario", "Canada/Ontario/Hospital A", "Canada/Ontario/Hospital B",
                    "Canada/Quebec");
            repo.insert(Map.of("username", "ont", "email", "o@x.com", "site", "Canada/Ontario", "employeeId", "1"));
            repo.insert(Map.of("username", "hosa", "email", "a@x.com", "site", "Canada/Ontario/Hospital A", "employeeId", "2"));
            repo.insert(Map.of("username", "queb", "email", "q@x.com", "site", "Canada/Quebec", "employeeId", "3"));
            return repo;
        }

        @Test
        void seed003_scopeIsRecursive_andNeverReachesQuebec() {
            InMemoryUserRepository repo = repo();
            UserRecord quebecBefore = user(repo, "queb");
            UploadPlan plan = plan(builder(repo).mode(UploadMode.UPDATE_ONLY).site("Canada/Ontario").build(), """
                    username,department
                    ont,Ops
                    hosa,Ops
                    queb,Ops
                    """);
            assertEquals(Action.UPDATE, line(plan, 2).action());
            assertEquals(Action.UPDATE, line(plan, 3).action());
            assertEquals(Action.REJECT, line(plan, 4).action());
            assertEquals(List.of(Codes.OUTSIDE_SCOPE), codes(line(plan, 4)));
            plan.apply();
            assertEquals(quebecBefore, user(repo, "queb"));
        }

        @Test
        void newUsers_areCreatedInTheScope_orTheSiteColumnInsideIt() {
            InMemoryUserRepository repo = repo();
            plan(builder(repo).site("Canada/Ontario").build(), """
                    username,email,firstName,lastName,site
                    n1,n1@x.com,N,One,
                    n2,n2@x.com,N,Two,Canada / Ontario / Hospital B
                    """).apply();
            assertEquals("Canada/Ontario", user(repo, "n1").site().orElseThrow());
            assertEquals("Canada/Ontario/Hospital B", user(repo, "n2").site().orElseThrow());
        }

        @Test
        void siteColumnOutsideTheScope_orUnknown_isRejected() {
            InMemoryUserRepository repo = repo();
            UploadPlan plan = plan(builder(repo).site("Canada/Ontario").build(), """
                    username,email,firstName,lastName,site
                    n1,n1@x.com,N,One,Canada/Quebec
                    n2,n2@x.com,N,Two,Canada/Ontario/Hospital Z
                    """);
            assertEquals(List.of(Codes.OUTSIDE_SCOPE), codes(line(plan, 2)));
            assertEquals(List.of(Codes.UNKNOWN_TARGET), codes(line(plan, 3)));
        }

        @Test
        void matchKey_needsToBeUniqueOnlyWithinTheScope() {
            InMemoryUserRepository repo = repo();
            repo.insert(Map.of("username", "queb2", "email", "q2@x.com", "site", "Canada/Quebec", "externalId", "X1"));
            repo.insert(Map.of("username", "ont2", "email", "o2@x.com", "site", "Canada/Ontario", "externalId", "X2"));
            UploadPlan plan = plan(builder(repo).mode(UploadMode.UPDATE_ONLY).matchOn("email").site("Canada/Ontario").build(),
                    "email,department\no2@x.com,Ops\n");
            assertEquals("ont2", line(plan, 2).username());
        }
    }
}
