package dev.rollcall.cli;

import dev.rollcall.jdbc.JdbcUserRepository;
import dev.rollcall.spi.UserRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code plan --save} and {@code apply --plan}: a saved plan applies as saved, or not at all. */
class SavedPlanCliTest {

    private static final String OLD_ID = "NID-OLD-483920";
    private static final String NEW_ID = "NID-NEW-771104";

    @TempDir
    Path dir;

    record Run(int code, String out, String err) {
    }

    private String store(String name) {
        return JdbcUserRepository.embeddedUrl(dir.resolve(name));
    }

    private Run rollcall(String store, String... args) {
        List<String> all = new ArrayList<>(List.of("--store", store(store)));
        all.addAll(List.of(args));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(all.toArray(String[]::new), new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    private Path file(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, content);
        return p;
    }

    private UserRecord jdoe(String store) {
        try (JdbcUserRepository r = JdbcUserRepository.forUrl(store(store)).initialize()) {
            return r.findBy("username", List.of("jdoe")).get("jdoe").get(0);
        }
    }

    /** A store with jdoe, whose sensitive nationalId is {@link #OLD_ID}. */
    private void fill(String store) throws IOException {
        assertEquals(Main.OK, rollcall(store, "fields", "add", "nationalId", "--sensitive").code());
        Path users = file("users.csv", "username,email,firstName,lastName,department,nationalId\n"
                + "jdoe,john.doe@example.com,John,Doe,Finance," + OLD_ID + "\n");
        Run r = rollcall(store, "apply", users.toString());
        assertEquals(Main.OK, r.code(), r.out() + r.err());
    }

    @Test
    void anEditedPlan_isRefusedWithStatus2_andWritesNothing_whileTheSavedOneApplies() throws IOException {
        fill("store");
        Path changes = file("changes.csv", "username,department,nationalId\njdoe,Legal," + NEW_ID + "\n");
        Path saved = dir.resolve("changes.plan");
        Run plan = rollcall("store", "plan", changes.toString(), "--mode", "add-update", "--save", saved.toString());
        assertEquals(Main.OK, plan.code(), plan.out() + plan.err());

        byte[] good = Files.readAllBytes(saved);
        String text = new String(good, StandardCharsets.ISO_8859_1);
        assertTrue(text.contains("Legal"));
        assertFalse(text.contains(OLD_ID) || text.contains(NEW_ID), "a sensitive value is in the plan file in clear");

        Path edited = dir.resolve("edited.plan");
        Files.write(edited, text.replace("Legal", "Admin").getBytes(StandardCharsets.ISO_8859_1));
        Run refused = rollcall("store", "apply", "--plan", edited.toString());
        assertEquals(Main.FILE_REFUSED, refused.code(), refused.out() + refused.err());
        assertTrue(refused.err().contains("PLAN_TAMPERED"), refused.err());
        UserRecord before = jdoe("store");
        assertEquals("Finance", before.field("department").orElseThrow());
        assertEquals(OLD_ID, before.field("nationalId").orElseThrow());

        Run applied = rollcall("store", "apply", "--plan", saved.toString());
        assertEquals(Main.OK, applied.code(), applied.out() + applied.err());
        UserRecord after = jdoe("store");
        assertEquals("Legal", after.field("department").orElseThrow());
        assertEquals(NEW_ID, after.field("nationalId").orElseThrow());
        assertEquals(before.version() + 1, after.version());
    }

    @Test
    void aPlanSavedForAnotherStore_isRefusedWithStatus2() throws IOException {
        fill("store");
        fill("other");
        Path changes = file("changes.csv", "username,department\njdoe,Legal\n");
        Path saved = dir.resolve("changes.plan");
        assertEquals(Main.OK, rollcall("store", "plan", changes.toString(), "--mode", "add-update", "--save",
                saved.toString()).code());

        Run refused = rollcall("other", "apply", "--plan", saved.toString());
        assertEquals(Main.FILE_REFUSED, refused.code(), refused.out() + refused.err());
        assertTrue(refused.err().contains("another store"), refused.err());
        assertEquals("Finance", jdoe("other").field("department").orElseThrow());
    }
}
