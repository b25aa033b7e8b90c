package dev.rollcall.testkit;

import dev.rollcall.core.InMemoryUserRepository;
import dev.rollcall.spi.FieldDefinition;
import dev.rollcall.spi.FieldSchema;
import dev.rollcall.spi.Membership;
import dev.rollcall.spi.MembershipKind;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class StoreSnapshotTest {

    private static final FieldSchema SCHEMA = FieldSchema.standard()
            .with(FieldDefinition.builder("passport").custom(true).sensitive(true).build());

    @Test
    void storesWithTheSamePeople_areEqual_whateverTheirIdsAndVersions() {
        InMemoryUserRepository a = new InMemoryUserRepository(SCHEMA);
        a.insert(Map.of("username", "x"));
        a.insert(Map.of("username", "jdoe", "city", "Paris"), Set.of(Membership.of(MembershipKind.COHORT, "nurses")));
        InMemoryUserRepository b = new InMemoryUserRepository(SCHEMA);
        b.insert(Map.of("username", "jdoe", "city", "Paris"), Set.of(Membership.of(MembershipKind.COHORT, "nurses")));
        assertNotEquals(StoreSnapshot.of(a), StoreSnapshot.of(b));
        assertEquals(List.of("- x"), StoreSnapshot.of(a).differences(StoreSnapshot.of(b)));
        b.insert(Map.of("username", "x"));
        assertEquals(StoreSnapshot.of(a), StoreSnapshot.of(b));
        assertEquals(List.of(), StoreSnapshot.of(a).differences(StoreSnapshot.of(b)));
    }

    @Test
    void differences_nameTheUserAndField_andHideSensitiveValues() {
        InMemoryUserRepository a = new InMemoryUserRepository(SCHEMA);
        a.insert(Map.of("username", "jdoe", "city", "Paris", "passport", "P-SECRET-1"));
        InMemoryUserRepository b = new InMemoryUserRepository(SCHEMA);
        b.insert(Map.of("username", "jdoe", "city", "Lyon", "passport", "P-SECRET-2"));
        List<String> diff = StoreSnapshot.of(a).differences(StoreSnapshot.of(b));
        assertEquals(List.of("jdoe: city \"Paris\" -> \"Lyon\"", "jdoe: passport *** -> ***"), diff);
        assertFalse(StoreSnapshot.of(a).toString().contains("P-SECRET"));
    }
}
