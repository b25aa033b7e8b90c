package dev.rollcall.core;

import dev.rollcall.spi.DuplicateKeyException;
import dev.rollcall.spi.Membership;
import dev.rollcall.spi.MembershipKind;
import dev.rollcall.spi.PasswordChange;
import dev.rollcall.spi.StaleUserException;
import dev.rollcall.spi.UserChange;
import dev.rollcall.spi.UserQuery;
import dev.rollcall.spi.UserRecord;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InMemoryUserRepositoryTest {

    private final InMemoryUserRepository repo = new InMemoryUserRepository();

    private UserRecord add(String username, String email) {
        return repo.insert(Map.of("username", username, "email", email));
    }

    @Test
    void findBy_returnsExactlyTheKeysThatMatched_asGiven() {
        add("jdoe", "John.Doe@Example.com");
        add("asmith", "anna@example.com");
        Map<String, List<UserRecord>> found = repo.findBy("email", List.of(" john.doe@example.COM", "nobody@example.com"));
        assertEquals(Set.of(" john.doe@example.COM"), found.keySet());
        assertEquals("jdoe", found.get(" john.doe@example.COM").get(0).username());
    }

    @Test
    void findBy_usernameIsCaseSensitive() {
        add("jdoe", "j@example.com");
        assertTrue(repo.findBy("username", List.of("JDOE")).isEmpty());
    }

    @Test
    void findBy_nonUniqueField_returnsEveryMatch() {
        repo.insert(Map.of("username", "a", "department", "Ops"));
        repo.insert(Map.of("username", "b", "department", "Ops"));
        assertEquals(2, repo.findBy("department", List.of("Ops")).get("Ops").size());
    }

    @Test
    void write_isAllOrNothing() {
        UserRecord jdoe = add("jdoe", "j@example.com");
        List<UserChange> batch = List.of(
                new UserChange.Create(Map.of("username", "new1"), Set.of(), PasswordChange.NONE),
                new UserChange.Update(jdoe.id(), jdoe.version(), Map.of("department", "Legal"), Set.of(), Set.of(), Set.of(),
                        PasswordChange.NONE),
                new UserChange.Create(Map.of("username", "jdoe"), Set.of(), PasswordChange.NONE));
        DuplicateKeyException e = assertThrows(DuplicateKeyException.class, () -> repo.write(batch));
        assertEquals("username", e.field());
        assertEquals(1, repo.size());
        assertTrue(repo.byUsername("new1").isEmpty());
        assertTrue(repo.byUsername("jdoe").orElseThrow().field("department").isEmpty());
        assertEquals(jdoe.version(), repo.byUsername("jdoe").orElseThrow().version());
    }

    @Test
    void update_withOldVersion_isStale() {
        UserRecord jdoe = add("jdoe", "j@example.com");
        UserChange.Update first = new UserChange.Update(jdoe.id(), jdoe.version(), Map.of("department", "A"), Set.of(),
                Set.of(), Set.of(), PasswordChange.NONE);
        repo.write(List.of(first));
        StaleUserException e = assertThrows(StaleUserException.class, () -> repo.write(List.of(first)));
        assertEquals(jdoe.id(), e.userId());
    }

    @Test
    void update_renamesErasesAndChangesMemberships() {
        Membership cohort = Membership.of(MembershipKind.COHORT, "nurses");
        UserRecord jdoe = repo.insert(Map.of("username", "jdoe", "department", "Ops"), Set.of(cohort));
        Membership course = Membership.of(MembershipKind.COURSE, "math101");
        repo.write(List.of(new UserChange.Update(jdoe.id(), jdoe.version(), Map.of("username", "john"), Set.of("department"),
                Set.of(course), Set.of(cohort), PasswordChange.NONE)));
        UserRecord after = repo.byUsername("john").orElseThrow();
        assertTrue(repo.byUsername("jdoe").isEmpty());
        assertTrue(after.field("department").isEmpty());
        assertEquals(Set.of(course), after.memberships());
        assertEquals(jdoe.version() + 1, after.version());
    }

    @Test
    void list_byFeedAndScope() {
        repo.insert(Map.of("username", "a", "feed", "hr", "site", "Canada/Ontario/Hospital A"));
        repo.insert(Map.of("username", "b", "feed", "hr", "site", "Canada/Ontario2"));
        repo.insert(Map.of("username", "c", "site", "Canada/Ontario"));
        repo.insert(Map.of("username", "d", "feed", "hr", "site", "Canada/Quebec"));
        List<String> names = repo.list(UserQuery.feed("hr").inScope("Canada/Ontario")).map(UserRecord::username).toList();
        assertEquals(List.of("a"), names);
        assertEquals(List.of("a", "c"), repo.list(new UserQuery(null, "Canada/Ontario")).map(UserRecord::username).toList());
    }

    @Test
    void delegates_addAndRemove() {
        UserRecord a = add("a", "a@x.com");
        UserRecord b = add("b", "b@x.com");
        UserRecord c = add("c", "c@x.com");
        repo.write(List.of(new UserChange.Delegates(a.id(), Set.of(b.id(), c.id()), Set.of())));
        repo.write(List.of(new UserChange.Delegates(a.id(), Set.of(), Set.of(b.id()))));
        assertEquals(Map.of(a.id(), Set.of(c.id())), repo.findDelegates(List.of(a.id(), b.id())));
    }

    @Test
    void toString_showsNoFieldValues() {
        UserRecord r = repo.insert(Map.of("username", "jdoe", "email", "secret.person@example.com"));
        assertTrue(!r.toString().contains("secret.person"), r.toString());
    }
}
