package dev.rollcall.core;

import dev.rollcall.spi.Codes;
import dev.rollcall.spi.Problem;
import dev.rollcall.spi.RollcallException;
import dev.rollcall.spi.UserChange;
import dev.rollcall.spi.UserRecord;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.rollcall.core.TestUploads.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DelegatePlanTest {

    private final InMemoryUserRepository repo = new InMemoryUserRepository();
    private final UserRecord[] users = new UserRecord[12];

    DelegatePlanTest() {
        for (int i = 0; i < users.length; i++) {
            users[i] = repo.insert(Map.of("username", "u" + i, "externalId", "E" + i));
        }
        // nine links: E0 has delegates E1 and E2; E3 has E4; E5..E10 have the next one each
        link(0, 1, 2);
        link(3, 4);
        for (int i = 5; i < 11; i++) {
            link(i, i + 1);
        }
    }

    private void link(int user, int... delegates) {
        Set<String> ids = new java.util.HashSet<>();
        for (int d : delegates) {
            ids.add(users[d].id());
        }
        repo.write(List.of(new UserChange.Delegates(users[user].id(), ids, Set.of())));
    }

    private DelegatePlan plan(DelegatePlan.Builder b, String csv) {
        return b.repository(repo).build().plan(bytes(csv), "delegates.csv");
    }

    private static List<String> codes(DelegateChange c) {
        return c.messages().stream().map(Problem::code).toList();
    }

    @Test
    void listedUsers_getExactlyTheListedDelegates() {
        DelegatePlan plan = plan(DelegatePlan.builder().onlyListedUsers(true).maxRemovalPercent(20), """
                externalId,delegate1,delegate2
                E0,E2,E9
                E3,E4,
                """);
        DelegateChange e0 = plan.changes().get(0);
        assertEquals(Action.UPDATE, e0.action());
        assertEquals(List.of("E9"), e0.addedShown());
        assertEquals(List.of("E1"), e0.removedShown());
        assertEquals(Action.UNCHANGED, plan.changes().get(1).action());
        plan.apply();
        assertEquals(Set.of(users[2].id(), users[9].id()), repo.findDelegates(List.of(users[0].id())).get(users[0].id()));
    }

    @Test
    void usersLeftOut_loseTheirDelegates_withTheGuardOn() {
        DelegatePlan plan = plan(DelegatePlan.builder().maxRemovalPercent(100), """
                externalId,delegate1
                E0,E1
                """);
        List<DelegateChange> leftOut = plan.changes().stream().filter(c -> c.line() == 0).toList();
        assertEquals(7, leftOut.size(), "E3 and E5..E10 are not in the file");
        assertEquals(Codes.NOT_IN_FILE, leftOut.get(0).messages().get(0).code());
        plan.apply();
        assertTrue(repo.findDelegates(List.of(users[3].id())).isEmpty());
    }

    @Test
    void removingMoreThanTheShare_isStopped() {
        DelegatePlan plan = plan(DelegatePlan.builder(), "externalId,delegate1\nE0,E1\n");
        assertEquals(8, plan.removed());
        assertTrue(plan.safetyStop().orElseThrow().message().startsWith("this delegate upload would remove 8 of the 9 "
                + "delegate links (88.9%), more than the 10% allowed"), plan.safetyStop().get().message());
        RollcallException e = assertThrows(RollcallException.class, plan::apply);
        assertEquals(Codes.MASS_REMOVAL, e.code());
        assertEquals(2, repo.findDelegates(List.of(users[0].id())).get(users[0].id()).size());
    }

    @Test
    void headerOnlyFile_isStoppedUnlessAllowed() {
        assertTrue(plan(DelegatePlan.builder().maxRemovalPercent(100), "externalId,delegate1\n").safetyStop().isPresent());
        assertEquals(9, plan(DelegatePlan.builder().allowMassRemoval(true), "externalId,delegate1\n").removed());
    }

    @Test
    void unknownUsersAndDelegates_selfDelegationAndDuplicates_areRejectedPerRow() {
        DelegatePlan plan = plan(DelegatePlan.builder().onlyListedUsers(true), """
                externalId,delegate1,delegate2
                E99,E1,
                E0,E98,
                E3,E3,
                E4,E5,E5
                E3,E6,
                E7,E9,
                """);
        assertEquals(List.of(Codes.USER_NOT_FOUND), codes(plan.changes().get(0)));
        assertEquals("Unknown user \"E99\"", plan.changes().get(0).messages().get(0).message());
        assertEquals("Unknown delegate \"E98\"", plan.changes().get(1).messages().get(0).message());
        assertEquals(List.of(Codes.SELF_DELEGATE), codes(plan.changes().get(2)));
        assertEquals(List.of(Codes.DUPLICATE_ROW), codes(plan.changes().get(3)));
        assertEquals(List.of(Codes.DUPLICATE_ROW), codes(plan.changes().get(4)), "E3's second row");
        assertEquals(Action.UPDATE, plan.changes().get(5).action());
        assertEquals(5, plan.rejected().size());
    }
}
