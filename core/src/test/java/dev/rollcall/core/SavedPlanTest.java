package dev.rollcall.core;

import dev.rollcall.spi.Codes;
import dev.rollcall.spi.PasswordChange;
import dev.rollcall.spi.RollcallException;
import dev.rollcall.spi.UserChange;
import dev.rollcall.spi.UserRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.rollcall.core.TestUploads.plan;
import static dev.rollcall.core.TestUploads.store;
import static dev.rollcall.core.TestUploads.user;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A plan saved, reviewed and applied later; refused when the store changed in between. */
class SavedPlanTest {

    @TempDir
    Path dir;

    private static final String STORE = """
            username,email,firstName,lastName,department
            jdoe,john.doe@example.com,John,Doe,Finance
            asmith,anna@example.com,Anna,Smith,Sales
            """;
    private static final String UPLOAD = """
            username,email,firstName,lastName,department
            jdoe,john.doe@example.com,John,Doe,Legal
            bwong,ben@example.com,Ben,Wong,Ops
            bad,,B,D,Ops
            """;

    @Test
    void savedPlan_loadsAsItWas_andAppliesLater() {
        InMemoryUserRepository repo = store(STORE);
        UploadPlanner planner = UploadPlan.builder().repository(repo).mode(UploadMode.ADD_UPDATE).build();
        UploadPlan plan = plan(planner, UPLOAD);
        Path saved = dir.resolve("plan.rollcall");
        plan.save(saved);

        if (saved.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                    assertDoesNotThrow(() -> Files.getPosixFilePermissions(saved))), "personal data: the owner's only");
        }

        UploadPlan loaded = planner.load(saved);
        assertEquals(plan.summary(), loaded.summary());
        assertEquals(plan.source(), loaded.source());
        assertEquals(plan.columns(), loaded.columns());
        assertEquals(plan.all().stream().map(PlannedChange::toString).toList(),
                loaded.all().stream().map(PlannedChange::toString).toList());
        UploadResult result = loaded.apply();
        assertEquals(1, result.summary().created());
        assertEquals("Legal", user(repo, "jdoe").field("department").orElseThrow());
    }

    @Test
    void savedPlan_isRefusedWhole_whenAUserItChangesChanged() {
        InMemoryUserRepository repo = store(STORE);
        UploadPlanner planner = UploadPlan.builder().repository(repo).mode(UploadMode.ADD_UPDATE).build();
        Path saved = dir.resolve("plan.rollcall");
        plan(planner, UPLOAD).save(saved);
        UserRecord jdoe = user(repo, "jdoe");
        repo.write(List.of(new UserChange.Update(jdoe.id(), jdoe.version(), Map.of("city", "Paris"), Set.of(), Set.of(),
                Set.of(), PasswordChange.NONE)));

        UploadPlan loaded = planner.load(saved);
        RollcallException e = assertThrows(RollcallException.class, loaded::apply);
        assertEquals(Codes.STALE_PLAN, e.code());
        assertTrue(e.getMessage().contains("1 user it changes or creates (jdoe)"), e.getMessage());
        assertTrue(repo.byUsername("bwong").isEmpty(), "nothing was written, not even the create");
    }

    @Test
    void savedPlan_isRefused_whenAUserItCreatesExistsNow() {
        InMemoryUserRepository repo = store(STORE);
        UploadPlanner planner = UploadPlan.builder().repository(repo).mode(UploadMode.ADD_UPDATE).build();
        Path saved = dir.resolve("plan.rollcall");
        plan(planner, UPLOAD).save(saved);
        repo.insert(Map.of("username", "bwong"));
        assertEquals(Codes.STALE_PLAN, assertThrows(RollcallException.class, () -> planner.load(saved).apply()).code());
    }

    @Test
    void aPlanWithPasswords_cannotBeSaved() {
        InMemoryUserRepository repo = store(STORE);
        UploadPlan plan = plan(UploadPlan.builder().repository(repo).build(),
                "username,email,firstName,lastName,password\nnew1,n@x.com,N,One,S3cret!pass\n");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> plan.save(dir.resolve("p")));
        assertTrue(e.getMessage().contains("never holds passwords"));
        assertTrue(!Files.exists(dir.resolve("p")) && !Files.exists(dir.resolve("p.part")));
    }

    @Test
    void notAPlanFile_isRefusedClearly() throws IOException {
        Path junk = dir.resolve("junk");
        Files.writeString(junk, "username\njdoe\n");
        UploadPlanner planner = UploadPlan.builder().repository(new InMemoryUserRepository()).build();
        assertEquals(Codes.BAD_PLAN_FILE, assertThrows(RollcallException.class, () -> planner.load(junk)).code());
    }
}
