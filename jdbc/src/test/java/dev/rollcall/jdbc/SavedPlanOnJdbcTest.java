package dev.rollcall.jdbc;

import dev.rollcall.core.UploadMode;
import dev.rollcall.core.UploadPlan;
import dev.rollcall.core.UploadPlanner;
import dev.rollcall.spi.Codes;
import dev.rollcall.spi.FieldDefinition;
import dev.rollcall.spi.RollcallException;
import dev.rollcall.spi.UserChange;
import dev.rollcall.spi.PasswordChange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Saved plans on the embedded store: signed with a key kept in the database, refused by any other. */
class SavedPlanOnJdbcTest {

    private static final String PASSWORD = "Sav3d-Plan#Secret";
    private static final String UPLOAD = "username,email,firstName,lastName,nationalId,password\n"
            + "jdoe,john.doe@example.com,John,Doe,NID-NEW-99,\n"
            + "newbie,new@example.com,New,Bie,NID-2," + PASSWORD + "\n";

    @TempDir
    Path dir;

    private static JdbcUserRepository open(Path data) {
        return JdbcUserRepository.builder().embedded(data).passwordIterations(1_000).build();
    }

    private static void fill(JdbcUserRepository store) {
        store.addCustomField(FieldDefinition.builder("nationalId").sensitive(true).build());
        store.write(List.of(new UserChange.Create(Map.of("username", "jdoe", "email", "john.doe@example.com",
                "firstName", "John", "lastName", "Doe", "nationalId", "NID-OLD-11"), Set.of(), PasswordChange.NONE)));
    }

    private static UploadPlanner planner(JdbcUserRepository store) {
        return UploadPlan.builder().repository(store).mode(UploadMode.ADD_UPDATE).build();
    }

    @Test
    void theKeyPersistsAcrossReopening_soAPlanSavedBeforeAppliesAfter_andAnotherStoreRefusesIt() {
        Path data = dir.resolve("rollcall-data");
        Path saved = dir.resolve("upload.plan");
        byte[] key;
        try (JdbcUserRepository store = open(data)) {
            fill(store);
            key = store.planKey().orElseThrow();
            assertEquals(32, key.length);
            planner(store).plan(new ByteArrayInputStream(UPLOAD.getBytes(StandardCharsets.UTF_8)), "upload.csv")
                    .save(saved);
        }
        Path other = dir.resolve("other-data");
        try (JdbcUserRepository elsewhere = open(other)) {
            fill(elsewhere);
            assertFalse(java.util.Arrays.equals(key, elsewhere.planKey().orElseThrow()), "each store has its own key");
            RollcallException e = assertThrows(RollcallException.class, () -> planner(elsewhere).load(saved));
            assertEquals(Codes.PLAN_TAMPERED, e.code());
            assertTrue(elsewhere.findBy("username", List.of("newbie")).isEmpty());
        }
        try (JdbcUserRepository reopened = open(data)) {
            assertArrayEquals(key, reopened.planKey().orElseThrow(), "the same key after reopening");
            assertEquals(1, planner(reopened).load(saved).apply().summary().created());
            assertTrue(reopened.verifyPassword("newbie", PASSWORD.toCharArray()), "the password was applied as planned");
            assertEquals("NID-NEW-99", reopened.findBy("username", List.of("jdoe")).get("jdoe").get(0)
                    .field("nationalId").orElseThrow());
        }
    }

    @Test
    void aStoreMadeBeforePlanKeys_getsOneWhenOpened() throws Exception {
        Path data = dir.resolve("rollcall-data");
        try (JdbcUserRepository store = open(data)) {
            store.initialize();
        }
        try (Connection c = DriverManager.getConnection(JdbcUserRepository.embeddedUrl(data));
             Statement s = c.createStatement()) {
            assertEquals(1, s.executeUpdate("DELETE FROM rollcall_meta WHERE name = 'plan_key'"));
        }
        byte[] key;
        try (JdbcUserRepository old = open(data)) {
            key = old.planKey().orElseThrow();
            assertEquals(32, key.length);
        }
        try (JdbcUserRepository again = open(data)) {
            assertArrayEquals(key, again.planKey().orElseThrow());
        }
        assertTrue(Files.exists(data.resolve("rollcall.mv.db")));
    }
}
