package dev.rollcall.jdbc;

import dev.rollcall.spi.Codes;
import dev.rollcall.spi.FieldDefinition;
import dev.rollcall.spi.Membership;
import dev.rollcall.spi.MembershipKind;
import dev.rollcall.spi.PasswordChange;
import dev.rollcall.spi.RollcallException;
import dev.rollcall.spi.Secret;
import dev.rollcall.spi.StandardFields;
import dev.rollcall.spi.UserChange;
import dev.rollcall.spi.UserQuery;
import dev.rollcall.spi.UserRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The embedded H2 file store the command line uses, and the URL front door. */
class EmbeddedStoreTest {

    @TempDir
    Path dir;

    @Test
    void embedded_createsItsFolder_andKeepsUsersSchemaAndTargetsAcrossReopening() {
        Path data = dir.resolve("rollcall-data");
        String id;
        try (JdbcUserRepository store = JdbcUserRepository.builder().embedded(data).passwordIterations(1_000).build()) {
            store.addCustomField(FieldDefinition.builder("costCenter").unique(true).build());
            store.addSite("Canada/Ontario/Hospital A");
            store.addTarget("course", "math101");
            id = store.write(List.of(new UserChange.Create(Map.of("username", "jdoe", "costCenter", "CC1"),
                    Set.of(Membership.of(MembershipKind.COURSE, "math101")),
                    new PasswordChange(Secret.of("Embedded#1"), false, false, false)))).get(0);
        }
        assertTrue(Files.exists(data.resolve("rollcall.mv.db")), "the H2 file is in the folder");

        try (JdbcUserRepository again = JdbcUserRepository.embedded(data)) {
            assertTrue(again.schema().field("costCenter").orElseThrow().unique());
            assertEquals(List.of("Canada", "Canada/Ontario", "Canada/Ontario/Hospital A"), again.sites());
            assertEquals(List.of("math101"), again.targets("course"));
            UserRecord u = again.findById(id).orElseThrow();
            assertEquals("CC1", u.field("costCenter").orElseThrow());
            assertEquals(Set.of(Membership.of(MembershipKind.COURSE, "math101")), u.memberships());
            assertTrue(again.verifyPassword("jdoe", "Embedded#1".toCharArray()));
        }
    }

    @Test
    void embedded_databaseFile_neverHoldsThePlaintextPassword() throws IOException {
        Path data = dir.resolve("store");
        String plain = "Zq7-unique-plaintext-9Xw";
        try (JdbcUserRepository store = JdbcUserRepository.builder().embedded(data).passwordIterations(1_000).build()) {
            store.write(List.of(new UserChange.Create(Map.of("username", "a"), Set.of(),
                    new PasswordChange(Secret.of(plain), false, false, false))));
            UserRecord a = store.findBy(StandardFields.USERNAME, List.of("a")).get("a").get(0);
            store.write(List.of(new UserChange.Update(a.id(), a.version(), Map.of(), Set.of(), Set.of(), Set.of(),
                    new PasswordChange(Secret.of(plain + "-2"), false, false, false))));
            assertTrue(store.verifyPassword("a", (plain + "-2").toCharArray()));
        }
        try (Stream<Path> files = Files.walk(data)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                byte[] bytes = Files.readAllBytes(f);
                assertFalse(contains(bytes, plain.getBytes(StandardCharsets.UTF_8)), f.toString());
                assertFalse(contains(bytes, plain.getBytes(StandardCharsets.UTF_16BE)), f.toString());
                assertFalse(contains(bytes, plain.getBytes(StandardCharsets.UTF_16LE)), f.toString());
            }
        }
    }

    @Test
    void embedded_failedStatementsLeaveNoTraceFile() throws IOException {
        Path data = dir.resolve("store");
        try (JdbcUserRepository store = JdbcUserRepository.embedded(data)) {
            store.write(List.of(new UserChange.Create(Map.of("username", "taken"), Set.of(), PasswordChange.NONE)));
            assertThrows(RollcallException.class, () -> store.write(List.of(
                    new UserChange.Create(Map.of("username", "taken"), Set.of(), PasswordChange.NONE))));
        }
        try (Stream<Path> files = Files.list(data)) {
            assertEquals(List.of(), files.filter(f -> f.getFileName().toString().endsWith(".trace.db")).toList());
        }
    }

    @Test
    void embedded_secondStoreOnTheSameFolderInTheSameProcess_seesTheSameData() {
        Path data = dir.resolve("shared");
        try (JdbcUserRepository one = JdbcUserRepository.embedded(data);
             JdbcUserRepository two = JdbcUserRepository.embedded(data)) {
            one.write(List.of(new UserChange.Create(Map.of("username", "x"), Set.of(), PasswordChange.NONE)));
            try (Stream<UserRecord> s = two.list(UserQuery.ALL)) {
                assertEquals(List.of("x"), s.map(UserRecord::username).toList());
            }
        }
    }

    @Test
    void close_compactsAFileThatIsMostlyDeadSpace_andKeepsEveryUser() throws IOException {
        Path data = dir.resolve("churn");
        Path file = data.resolve("rollcall.mv.db");
        long before;
        try (JdbcUserRepository store = JdbcUserRepository.embedded(data)) {
            // every commit saves the changed pages anew: many small commits leave the old ones dead
            for (int i = 0; i < 400; i++) {
                store.write(List.of(new UserChange.Create(Map.of("username", "u" + i, "department", "D" + i), Set.of(),
                        PasswordChange.NONE)));
            }
            before = Files.size(file);
        }
        long after = Files.size(file);
        assertTrue(after < before / 2, "compacted at close: " + before + " bytes, then " + after);
        try (JdbcUserRepository again = JdbcUserRepository.embedded(data); Stream<UserRecord> s = again.list(UserQuery.ALL)) {
            assertEquals(400, s.count());
        }
    }

    @Test
    void embeddedUrl_isAnH2FileUrl_inTheFolder() {
        String url = JdbcUserRepository.embeddedUrl(dir.resolve("rollcall-data"));
        assertTrue(url.startsWith("jdbc:h2:file:"), url);
        assertTrue(url.contains(dir.resolve("rollcall-data").toAbsolutePath().toString().replace('\\', '/') + "/rollcall;"), url);
        assertTrue(url.contains("TRACE_LEVEL_FILE=0"), url);
        assertThrows(IllegalArgumentException.class, () -> JdbcUserRepository.embeddedUrl(dir.resolve("a;b")));
    }

    @Test
    void forUrl_worksWithAnyDriverOnTheClassPath_andToStringHidesThePassword() {
        String url = "jdbc:h2:mem:forurl;USER=sa;PASSWORD=hunter2secret";
        try (JdbcUserRepository store = JdbcUserRepository.forUrl(url)) {
            store.write(List.of(new UserChange.Create(Map.of("username", "x"), Set.of(), PasswordChange.NONE)));
            assertEquals(1, store.findBy(StandardFields.USERNAME, List.of("x")).size());
            assertFalse(store.toString().contains("hunter2secret"), store.toString());
        }
    }

    @Test
    void forUrl_afterClose_refusesWork() {
        JdbcUserRepository store = JdbcUserRepository.forUrl("jdbc:h2:mem:closed-store");
        store.initialize();
        store.close();
        JdbcStoreException e = assertThrows(JdbcStoreException.class, store::schema);
        assertEquals(Codes.STORE_FAILED, e.code());
    }

    @Test
    void forUrl_unreachableOrUnknown_failsWithoutQuotingThePassword() {
        try (JdbcUserRepository store = JdbcUserRepository.forUrl("jdbc:nosuchdb://host/db?password=hunter2secret")) {
            JdbcStoreException e = assertThrows(JdbcStoreException.class, store::initialize);
            JdbcUserRepositoryContract.assertNoValueInChain(e, "hunter2secret");
            assertTrue(String.valueOf(e.getCause().getMessage()).contains("driver"), e.getCause().getMessage());
        }
        try (JdbcUserRepository store = JdbcUserRepository.forUrl(
                "jdbc:postgresql://127.0.0.1:1/nothing?user=x&password=hunter2secret&connectTimeout=2")) {
            JdbcStoreException e = assertThrows(JdbcStoreException.class, store::initialize);
            JdbcUserRepositoryContract.assertNoValueInChain(e, "hunter2secret");
            assertTrue(e.sqlState().startsWith("08"), e.sqlState());
        }
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
}
