package dev.rollcall.core;

import dev.rollcall.spi.Codes;
import dev.rollcall.spi.Problem;
import dev.rollcall.spi.UploadFileException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Whatever arrives, planning either works or refuses the file; it never throws, and every problem has a line. */
class ValidationProperties {

    @Property(tries = 400)
    void arbitraryBytes_neverMakePlanningThrow(@ForAll("bytes") byte[] input, @ForAll UploadMode mode) {
        check(input, mode);
    }

    @Property(tries = 400)
    void arbitraryCsvText_neverMakesPlanningThrow(@ForAll("csvText") String text, @ForAll UploadMode mode) {
        check(text.getBytes(StandardCharsets.UTF_8), mode);
    }

    private static void check(byte[] input, UploadMode mode) {
        InMemoryUserRepository repo = ValidationSpecTest.store();
        UploadPlan plan;
        try {
            plan = UploadPlan.builder().repository(repo).mode(mode).maxRows(50).build()
                    .plan(new ByteArrayInputStream(input), "upload.csv");
        } catch (UploadFileException e) {
            assertEquals(Codes.UNREADABLE_FILE, e.code(), "only an unreadable stream may throw");
            return;
        }
        for (Problem p : plan.fileProblems()) {
            assertTrue(p.line() > 0, "file problem without a line: " + p);
        }
        for (PlannedChange c : plan.all()) {
            assertTrue(c.line() > 0);
            for (Problem p : c.messages()) {
                assertTrue(p.line() > 0, "row problem without a line: " + p);
            }
        }
        if (!plan.isRefused()) {
            plan.apply();
        }
    }

    @Provide
    Arbitrary<byte[]> bytes() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
    }

    @Provide
    Arbitrary<String> csvText() {
        Arbitrary<String> header = Arbitraries.of("username", "email", "firstName", "lastName", "hireDate", "salary",
                        "status", "oldUsername", "course1", "role1", "cardNumber", "phone", "country", "staffNumber", "bogus")
                .list().ofMinSize(1).ofMaxSize(6).map(l -> String.join(",", l));
        Arbitrary<String> cell = Arbitraries.oneOf(
                Arbitraries.of("", "\"\"", "jdoe", "asmith", "a@x.com", "2026-01-01", "1/2/2026", "12,5", "1.2E+5",
                        "DELETED", "ACTIVE", "\"x\ny\"", "\"open", "=1+1", "'=2", "Ã©", "%-1f", "004512", "USA"),
                Arbitraries.strings().ofMaxLength(6));
        Arbitrary<String> row = cell.list().ofMinSize(1).ofMaxSize(7).map(l -> String.join(",", l));
        return header.flatMap(h -> row.list().ofMaxSize(8).map(rows -> h + "\n" + String.join("\n", rows) + "\n"));
    }
}
