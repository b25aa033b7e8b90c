package dev.rollcall.pgp;

import dev.rollcall.core.Action;
import dev.rollcall.core.InMemoryUserRepository;
import dev.rollcall.core.PlannedChange;
import dev.rollcall.core.UploadMode;
import dev.rollcall.core.UploadPlan;
import dev.rollcall.core.UploadPlanner;
import dev.rollcall.core.ValidationReport;
import dev.rollcall.spi.Codes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Seed 004: upload files arrive PGP-encrypted; the planner decrypts them on the way in. */
class EncryptedUploadTest {

    @TempDir
    Path temp;

    private UploadPlanner planner(InMemoryUserRepository repo, PgpDecoder decoder) {
        UploadPlanner.Builder b = UploadPlan.builder().repository(repo).mode(UploadMode.ADD_UPDATE);
        if (decoder != null) {
            b.decoder(decoder);
        }
        return b.build();
    }

    private static List<String> actions(UploadPlan plan) {
        return plan.all().stream().map(c -> c.action() + " " + c.username() + " " + c.changes()).toList();
    }

    @Test
    void encryptedFile_plansExactlyAsThePlainFile_forBinaryAndArmouredGnuPgFiles() throws IOException {
        UploadPlan plain = planner(new InMemoryUserRepository(), null)
                .plan(new ByteArrayInputStream(Fixtures.usersCsv()), "acmeus_20140215.csv");
        assertFalse(plain.isRefused());
        for (String fixture : List.of("users.csv.rsa.pgp", "users.csv.rsa.asc")) {
            Path file = temp.resolve("acmeus_20140215.csv" + fixture.substring(fixture.lastIndexOf('.')));
            Files.write(file, Fixtures.bytes(fixture));
            UploadPlan plan = planner(new InMemoryUserRepository(), Fixtures.rsa(temp).build()).plan(file);
            assertFalse(plan.isRefused(), plan.fileProblems().toString());
            assertEquals(file.getFileName().toString(), plan.source());
            assertEquals(actions(plain), actions(plan), fixture);
        }
        Fixtures.assertNoTempFiles(temp);
    }

    @Test
    void tamperedFile_isRefused_andNothingOfItIsPlanned() throws IOException {
        byte[] encrypted = Fixtures.bytes("users.csv.rsa.pgp");
        encrypted[encrypted.length - 5] ^= 0x40;
        Path file = temp.resolve("acmeus_20140215.csv.pgp");
        Files.write(file, encrypted);
        InMemoryUserRepository repo = new InMemoryUserRepository();
        UploadPlan plan = planner(repo, Fixtures.rsa(temp).build()).plan(file);
        assertTrue(plan.isRefused());
        assertTrue(List.of(Codes.PGP_TAMPERED, Codes.PGP_NOT_ENCRYPTED).contains(plan.fileProblems().get(0).code()),
                plan.fileProblems().toString());
        assertTrue(plan.all().isEmpty());
    }

    @Test
    void wrongKey_isRefusedNamingTheKeys() throws IOException {
        Path file = temp.resolve("acmeus_20140215.csv.pgp");
        Files.write(file, Fixtures.bytes("users.csv.cv25519.pgp"));
        UploadPlan plan = planner(new InMemoryUserRepository(), Fixtures.rsa(temp).build()).plan(file);
        assertEquals(Codes.PGP_WRONG_KEY, plan.fileProblems().get(0).code());
        assertTrue(plan.fileProblems().get(0).message().contains("0x"));
    }

    @Test
    void encryptedFile_withoutADecoder_isRefusedClearly() throws IOException {
        Path file = temp.resolve("acmeus_20140215.csv.pgp");
        Files.write(file, Fixtures.bytes("users.csv.rsa.pgp"));
        UploadPlan plan = planner(new InMemoryUserRepository(), null).plan(file);
        assertEquals(Codes.NO_FORMAT, plan.fileProblems().get(0).code());
        assertTrue(plan.fileProblems().get(0).message().contains("is encrypted"));
    }

    @Test
    void validate_decryptsToo() throws IOException {
        Path file = temp.resolve("acmeus_20140215.csv.asc");
        Files.write(file, Fixtures.bytes("users.csv.rsa.asc"));
        ValidationReport report = planner(new InMemoryUserRepository(), Fixtures.rsa(temp).build()).validate(file);
        assertFalse(report.isRefused(), report.fileProblems().toString());
        assertTrue(report.rows() > 0);
    }

    @Test
    void applyingAnEncryptedFile_createsTheUsers() throws IOException {
        Path file = temp.resolve("acmeus_20140215.csv.pgp");
        Files.write(file, Fixtures.bytes("users.csv.rsa.pgp"));
        InMemoryUserRepository repo = new InMemoryUserRepository();
        UploadPlan plan = planner(repo, Fixtures.rsa(temp).build()).plan(file);
        long creates = plan.all().stream().filter(c -> c.action() == Action.CREATE).count();
        assertTrue(creates > 0);
        plan.apply();
        assertEquals(creates, repo.size());
        assertTrue(plan.all().stream().map(PlannedChange::username).anyMatch("jdoe"::equals));
    }
}
