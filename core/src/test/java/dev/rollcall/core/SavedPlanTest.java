package dev.rollcall.core;

import dev.rollcall.spi.Codes;
import dev.rollcall.spi.FieldDefinition;
import dev.rollcall.spi.FieldSchema;
import dev.rollcall.spi.PasswordChange;
import dev.rollcall.spi.RollcallException;
import dev.rollcall.spi.UserChange;
import dev.rollcall.spi.UserRecord;
import dev.rollcall.spi.UserRepository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static dev.rollcall.core.TestUploads.plan;
import static dev.rollcall.core.TestUploads.store;
import static dev.rollcall.core.TestUploads.user;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A plan saved, reviewed and applied later; refused when the store changed in between, or
 * when the file was changed, cut short or made for another store. Its secrets are encrypted.
 */
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

    private static final String OLD_ID = "NID-483920-OLDVALUE";
    private static final String NEW_ID = "NID-771104-NEWVALUE";
    private static final String PASSWORD = "Tr0ub4dor&3-horse-staple";

    /** A store with a sensitive custom field, and a plan that changes it and sets a password. */
    private static InMemoryUserRepository sensitiveStore() {
        InMemoryUserRepository repo = new InMemoryUserRepository(FieldSchema.standard().with(
                FieldDefinition.builder("nationalId").custom(true).sensitive(true).build()));
        repo.insert(Map.of("username", "jdoe", "email", "john.doe@example.com", "firstName", "John", "lastName", "Doe",
                "nationalId", OLD_ID));
        return repo;
    }

    private static final String SENSITIVE_UPLOAD = "username,email,firstName,lastName,nationalId,department,password\n"
            + "jdoe,john.doe@example.com,John,Doe," + NEW_ID + ",Legal,\n"
            + "newbie,new@example.com,New,Bie,NID-2,Ops," + PASSWORD + "\n";

    @Test
    void sensitiveValuesAndPasswords_areNotInTheFile_inAnyEncoding_yetApplyAsPlanned() throws IOException {
        InMemoryUserRepository repo = sensitiveStore();
        UploadPlanner planner = UploadPlan.builder().repository(repo).mode(UploadMode.ADD_UPDATE).build();
        UploadPlan plan = plan(planner, SENSITIVE_UPLOAD);
        assertEquals(0, plan.summary().rejected(), plan.all().toString());
        Path saved = dir.resolve("plan.rollcall");
        plan.save(saved);

        byte[] file = Files.readAllBytes(saved);
        assertTrue(contains(file, "Legal".getBytes(StandardCharsets.UTF_8)), "the scan sees what is in clear");
        for (String secret : List.of(OLD_ID, NEW_ID, PASSWORD)) {
            for (byte[] encoded : encodings(secret)) {
                assertFalse(contains(file, encoded), "a secret is in the plan file: " + new String(encoded,
                        StandardCharsets.ISO_8859_1));
            }
        }

        UploadPlan loaded = planner.load(saved);
        PlannedChange create = loaded.all().stream().filter(c -> c.action() == Action.CREATE).findFirst().orElseThrow();
        assertEquals(PASSWORD, new String(create.password().newPassword().reveal()));
        PlannedChange update = loaded.all().stream().filter(c -> c.action() == Action.UPDATE).findFirst().orElseThrow();
        FieldChange id = update.changes().stream().filter(c -> c.field().equals("nationalId")).findFirst().orElseThrow();
        assertEquals(List.of(OLD_ID, NEW_ID, true), List.of(id.from(), id.to(), id.sensitive()));
        loaded.apply();
        assertEquals(NEW_ID, user(repo, "jdoe").field("nationalId").orElseThrow());
        assertEquals(Optional.of(InMemoryUserRepository.PasswordState.SET), repo.passwordState(user(repo, "newbie").id()));
    }

    /** The value as UTF-8, UTF-16 (both orders), Base64 and hex: none may be in the file. */
    private static List<byte[]> encodings(String value) {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        StringBuilder hex = new StringBuilder();
        for (byte b : utf8) {
            hex.append(String.format("%02x", b));
        }
        return List.of(utf8, value.getBytes(StandardCharsets.UTF_16BE), value.getBytes(StandardCharsets.UTF_16LE),
                Base64.getEncoder().encode(utf8), Base64.getEncoder().withoutPadding().encode(utf8),
                hex.toString().getBytes(StandardCharsets.US_ASCII),
                hex.toString().toUpperCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    @Test
    void aByteChangedAnywhere_refusesThePlan_beforeAnythingIsWritten() throws IOException {
        InMemoryUserRepository repo = sensitiveStore();
        UploadPlanner planner = UploadPlan.builder().repository(repo).mode(UploadMode.ADD_UPDATE).build();
        Path saved = dir.resolve("plan.rollcall");
        plan(planner, SENSITIVE_UPLOAD).save(saved);
        byte[] good = Files.readAllBytes(saved);
        Path edited = dir.resolve("edited.rollcall");
        for (int i = 0; i < good.length; i++) {
            for (int flip : new int[] {0x01, 0x80}) {
                byte[] bad = good.clone();
                bad[i] ^= (byte) flip;
                Files.write(edited, bad);
                RollcallException e = assertThrows(RollcallException.class, () -> planner.load(edited), "byte " + i);
                // the first four bytes say what the file is: changed, it is no plan file at all
                assertEquals(i < 4 ? Codes.BAD_PLAN_FILE : Codes.PLAN_TAMPERED, e.code(), "byte " + i);
            }
        }
        assertTrue(repo.byUsername("newbie").isEmpty());
        assertEquals(OLD_ID, user(repo, "jdoe").field("nationalId").orElseThrow());
        planner.load(saved).apply();
        assertEquals(NEW_ID, user(repo, "jdoe").field("nationalId").orElseThrow(), "the unchanged file still applies");
    }

    @Test
    void anEditedValue_isRefused_andTheMessageSaysWhy() throws IOException {
        InMemoryUserRepository repo = store(STORE);
        UploadPlanner planner = UploadPlan.builder().repository(repo).mode(UploadMode.ADD_UPDATE).build();
        Path saved = dir.resolve("plan.rollcall");
        plan(planner, UPLOAD).save(saved);
        byte[] bytes = Files.readAllBytes(saved);
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        assertTrue(text.contains("Legal"));
        Files.write(saved, text.replace("Legal", "Admin").getBytes(StandardCharsets.ISO_8859_1));

        RollcallException e = assertThrows(RollcallException.class, () -> planner.load(saved));
        assertEquals(Codes.PLAN_TAMPERED, e.code());
        assertTrue(e.getMessage().contains("was changed or cut short"), e.getMessage());
        assertEquals("Finance", user(repo, "jdoe").field("department").orElseThrow());
    }

    @Test
    void aTruncatedOrLengthenedPlan_isRefused() throws IOException {
        InMemoryUserRepository repo = store(STORE);
        UploadPlanner planner = UploadPlan.builder().repository(repo).mode(UploadMode.ADD_UPDATE).build();
        Path saved = dir.resolve("plan.rollcall");
        plan(planner, UPLOAD).save(saved);
        byte[] good = Files.readAllBytes(saved);
        Path cut = dir.resolve("cut.rollcall");
        for (int n = 0; n < good.length; n++) {
            Files.write(cut, java.util.Arrays.copyOf(good, n));
            RollcallException e = assertThrows(RollcallException.class, () -> planner.load(cut), "length " + n);
            assertEquals(n < 4 ? Codes.BAD_PLAN_FILE : Codes.PLAN_TAMPERED, e.code(), "length " + n);
        }
        Files.write(cut, java.util.Arrays.copyOf(good, good.length + 1));
        assertEquals(Codes.PLAN_TAMPERED, assertThrows(RollcallException.class, () -> planner.load(cut)).code());
        assertEquals("Finance", user(repo, "jdoe").field("department").orElseThrow());
    }

    @Test
    void aPlanMadeForAnotherStore_isRefused() {
        InMemoryUserRepository mine = store(STORE);
        InMemoryUserRepository other = store(STORE);
        Path saved = dir.resolve("plan.rollcall");
        plan(UploadPlan.builder().repository(mine).mode(UploadMode.ADD_UPDATE).build(), UPLOAD).save(saved);

        UploadPlanner elsewhere = UploadPlan.builder().repository(other).mode(UploadMode.ADD_UPDATE).build();
        RollcallException e = assertThrows(RollcallException.class, () -> elsewhere.load(saved));
        assertEquals(Codes.PLAN_TAMPERED, e.code());
        assertTrue(e.getMessage().contains("made for another store"), e.getMessage());
        assertEquals("Finance", user(other, "jdoe").field("department").orElseThrow());
        assertTrue(other.byUsername("bwong").isEmpty());
    }

    @Test
    void aRepositoryWithoutAKey_savesAndLoads_onlyWithTheHostsKey() {
        InMemoryUserRepository repo = store(STORE);
        UserRepository keyless = keyless(repo);
        Path saved = dir.resolve("plan.rollcall");
        UploadPlan plan = plan(UploadPlan.builder().repository(keyless).mode(UploadMode.ADD_UPDATE).build(), UPLOAD);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> plan.save(saved));
        assertTrue(e.getMessage().contains("planKey"), e.getMessage());
        assertFalse(Files.exists(saved));

        byte[] key = new byte[32];
        new java.security.SecureRandom().nextBytes(key);
        UploadPlanner withKey = UploadPlan.builder().repository(keyless).mode(UploadMode.ADD_UPDATE).planKey(key).build();
        plan(withKey, UPLOAD).save(saved);
        byte[] otherKey = key.clone();
        otherKey[0] ^= 1;
        assertEquals(Codes.PLAN_TAMPERED, assertThrows(RollcallException.class, () -> UploadPlan.builder()
                .repository(keyless).planKey(otherKey).build().load(saved)).code());
        assertEquals(1, withKey.load(saved).apply().summary().created());
        assertThrows(IllegalArgumentException.class, () -> UploadPlan.builder().planKey(new byte[16]));
    }

    private static UserRepository keyless(UserRepository r) {
        return new UserRepository() {
            @Override
            public FieldSchema schema() {
                return r.schema();
            }

            @Override
            public Map<String, List<UserRecord>> findBy(String field, java.util.Collection<String> keys) {
                return r.findBy(field, keys);
            }

            @Override
            public Map<String, UserRecord> findByIds(java.util.Collection<String> ids) {
                return r.findByIds(ids);
            }

            @Override
            public java.util.stream.Stream<UserRecord> list(dev.rollcall.spi.UserQuery query) {
                return r.list(query);
            }

            @Override
            public Set<String> existingTargets(String kind, java.util.Collection<String> names) {
                return r.existingTargets(kind, names);
            }

            @Override
            public Map<String, Set<String>> findDelegates(java.util.Collection<String> userIds) {
                return r.findDelegates(userIds);
            }

            @Override
            public List<String> write(List<UserChange> changes) {
                return r.write(changes);
            }
        };
    }

    @Test
    void aPlanOfTheEarlierUnsignedFormat_isRefusedClearly() throws IOException {
        Path old = dir.resolve("old.rollcall");
        Files.write(old, new byte[] {0x52, 0x43, 0x4C, 0x50, 0, 0, 0, 1, 0, 0});
        UploadPlanner planner = UploadPlan.builder().repository(new InMemoryUserRepository()).build();
        RollcallException e = assertThrows(RollcallException.class, () -> planner.load(old));
        assertEquals(Codes.BAD_PLAN_FILE, e.code());
        assertTrue(e.getMessage().contains("earlier version"), e.getMessage());
    }

    @Test
    void notAPlanFile_isRefusedClearly() throws IOException {
        Path junk = dir.resolve("junk");
        Files.writeString(junk, "username\njdoe\n");
        UploadPlanner planner = UploadPlan.builder().repository(new InMemoryUserRepository()).build();
        assertEquals(Codes.BAD_PLAN_FILE, assertThrows(RollcallException.class, () -> planner.load(junk)).code());
    }
}
