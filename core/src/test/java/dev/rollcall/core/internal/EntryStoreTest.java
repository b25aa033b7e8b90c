package dev.rollcall.core.internal;

import dev.rollcall.core.Action;
import dev.rollcall.core.FieldChange;
import dev.rollcall.core.PlannedChange;
import dev.rollcall.spi.Membership;
import dev.rollcall.spi.MembershipKind;
import dev.rollcall.spi.PasswordChange;
import dev.rollcall.spi.Problem;
import dev.rollcall.spi.Secret;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EntryStoreTest {

    private static final String PASSWORD = "Pl41n!text-marker-Ü";

    private static PlannedChange create(int i, boolean withPassword) {
        return new PlannedChange(i + 2, Action.CREATE, null, "u" + i, 0,
                List.of(new FieldChange("username", null, "u" + i, false), new FieldChange("lastName", null, "Müller\n\"x\"", false)),
                Set.of(new Membership(MembershipKind.COURSE, "math101", "student", "active", LocalDate.of(2026, 1, 1), null)),
                Set.of(), List.of(Problem.warning("WEAK_PASSWORD", "weak").atLine(i + 2)),
                withPassword ? new PasswordChange(Secret.of(PASSWORD), false, true, false) : new PasswordChange(null, true, false, false),
                i % 2 == 0, withPassword);
    }

    @Test
    void pastTheLimit_entriesGoToDisk_readBackEqual_andPasswordsNeverInPlainText() throws IOException {
        EntryStore store = new EntryStore(3);
        List<PlannedChange> written = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            PlannedChange c = create(i, i % 3 == 0);
            written.add(c);
            store.add(c, i == 4 ? Arrays.asList("a", null, "") : null);
        }
        store.seal();
        assertTrue(store.onDisk());
        Path file = store.file().orElseThrow();
        byte[] bytes = Files.readAllBytes(file);
        assertFalse(new String(bytes, StandardCharsets.UTF_8).contains(PASSWORD), "a password is on disk in plain text");
        assertFalse(new String(bytes, StandardCharsets.ISO_8859_1).contains(PASSWORD.substring(0, 8)));

        assertEquals(10, store.size());
        for (int i = 0; i < 10; i++) {
            PlannedChange back = store.get(i);
            PlannedChange orig = written.get(i);
            assertEquals(orig.changes(), back.changes());
            assertEquals(orig.addMemberships(), back.addMemberships());
            assertEquals(orig.messages(), back.messages());
            assertEquals(orig.line(), back.line());
            assertEquals(orig.welcome(), back.welcome());
            assertEquals(orig.password().forceChange(), back.password().forceChange());
            if (orig.password().newPassword() != null) {
                assertArrayEquals(PASSWORD.toCharArray(), back.password().newPassword().reveal());
            }
        }
        assertEquals(Arrays.asList("a", null, ""), store.rawValues(4));
        assertNull(store.rawValues(5));
        Iterator<PlannedChange> it = store.iterator();
        for (int i = 0; i < 10; i++) {
            assertEquals(written.get(i).username(), it.next().username());
        }
        assertFalse(it.hasNext());

        store.close();
        assertFalse(Files.exists(file), "closing deletes the temporary file");
    }

    @Test
    void belowTheLimit_nothingTouchesTheDisk() {
        EntryStore store = new EntryStore(100);
        store.add(create(0, true), null);
        store.seal();
        assertFalse(store.onDisk());
        assertEquals("u0", store.get(0).username());
    }
}
