package dev.rollcall.cli;

import dev.rollcall.jdbc.JdbcUserRepository;
import dev.rollcall.spi.ControlCharacters;
import dev.rollcall.spi.PasswordChange;
import dev.rollcall.spi.UserChange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 14 point 3: hostile text, from a file, the store, a file name or an exception message,
 * reaches standard output and error with its control characters escaped. The bytes printed
 * hold no C0 or C1 control but the line feeds and tabs of the command's own layout, and no
 * line the data drew.
 */
class TerminalOutputTest {

    /** Retitles and clears the terminal, rings the bell, draws a fake row, reverses what follows. */
    private static final String HOSTILE = "x\u001B]0;owned\u0007\u001B[2J\r\n     7  delete      admin\u202E\u0085\uFEFF\u0000!";
    private static final String FAKE_LINE = "     7  delete";

    @TempDir
    Path dir;

    record Run(int code, byte[] out, byte[] err) {
        String text() {
            return new String(out, StandardCharsets.UTF_8) + new String(err, StandardCharsets.UTF_8);
        }
    }

    private String store() {
        return JdbcUserRepository.embeddedUrl(dir.resolve("store"));
    }

    private Run rollcall(String... args) {
        List<String> all = new ArrayList<>(List.of("--store", store()));
        all.addAll(List.of(args));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(all.toArray(String[]::new),
                new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8)),
                new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8)));
        Run run = new Run(code, out.toByteArray(), err.toByteArray());
        assertSafe(run.out, String.join(" ", args));
        assertSafe(run.err, String.join(" ", args));
        return run;
    }

    /** No C0 byte but LF and TAB, no DEL, no C1 (UTF-8 C2 80–C2 9F), no BOM or bidi control, no drawn line. */
    private static void assertSafe(byte[] bytes, String command) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xFF;
            boolean c0 = b < 0x20 && b != '\n' && b != '\t';
            boolean c1 = b == 0xC2 && i + 1 < bytes.length && (bytes[i + 1] & 0xFF) >= 0x80 && (bytes[i + 1] & 0xFF) <= 0x9F;
            assertFalse(c0 || b == 0x7F || c1, () -> command + ": byte " + Integer.toHexString(b) + " printed in:\n"
                    + ControlCharacters.escape(text));
        }
        assertEquals(-1, ControlCharacters.indexOf(text.replace("\n", "").replace("\t", "")),
                () -> command + ": " + ControlCharacters.escape(text));
        assertTrue(text.lines().noneMatch(l -> l.startsWith(FAKE_LINE)), () -> command + " drew a line:\n" + text);
    }

    @Test
    void valuesFromTheStore_printEscaped_inPlansResultsAndLists() throws IOException {
        try (JdbcUserRepository r = JdbcUserRepository.forUrl(store()).initialize()) {
            // straight into the store, past the file check
            r.write(List.of(new UserChange.Create(Map.of("username", "evil" + HOSTILE, "email", "e@example.com",
                    "firstName", "E", "lastName", "Vil", "department", HOSTILE), Set.of(), PasswordChange.NONE)));
            r.addTarget("cohort", "nurses" + HOSTILE);
        }
        Path changes = Files.writeString(dir.resolve("changes.csv"), "email,department\ne@example.com,Sales\n");
        Run plan = rollcall("plan", changes.toString(), "--mode", "update-only", "--match", "email");
        assertEquals(Main.OK, plan.code(), plan.text());
        assertTrue(plan.text().contains("department: x<U+001B>]0;owned<U+0007><U+001B>[2J<U+000D><U+000A>"), plan.text());
        Run apply = rollcall("apply", changes.toString(), "--mode", "update-only", "--match", "email");
        assertEquals(Main.OK, apply.code(), apply.text());
        Run list = rollcall("targets", "list", "cohort");
        assertTrue(list.text().contains("nursesx<U+001B>]0;owned"), list.text());
    }

    @Test
    void aHostileFile_isRejectedRowByRow_andPrintedEscaped() throws IOException {
        Path upload = Files.writeString(dir.resolve("users\u001B[2J.csv"), "username,email,firstName,lastName,department\n"
                + "\"ad\u001B]0;t\u0007min\",a@example.com,A,Dmin,Sales\n"
                + "nul,n@example.com,N\u0000ul,L,Sales\n"
                + "bom,b@example.com,B,O\uFEFFm,Sales\n"
                + "fake,f@example.com,F,Ake,\"Sales\n" + FAKE_LINE + "      admin\"\n"
                + "ok,ok@example.com,O,K,Sales\n");
        for (String command : new String[] {"plan", "validate", "apply"}) {
            Run run = rollcall(command, upload.toString(), "--mode", "add-update", "--no-standardise-usernames");
            assertEquals(Main.ROWS_REJECTED, run.code(), run.text());
            String text = run.text();
            for (String c : new String[] {"U+001B", "U+0000", "U+FEFF", "U+000A"}) {
                assertTrue(text.contains(c), command + " names " + c + ":\n" + text);
            }
            assertTrue(text.contains("CONTROL_CHARACTER"), text);
        }
        try (JdbcUserRepository r = JdbcUserRepository.forUrl(store()).initialize();
             var users = r.list(dev.rollcall.spi.UserQuery.ALL)) {
            assertEquals(List.of("ok"), users.map(u -> u.username()).toList(), "only the clean row is stored");
        }
    }

    @Test
    void errorMessages_quotingAFileName_printEscaped() {
        Run missing = rollcall("plan", dir.resolve("gone\u001B[2J\n" + FAKE_LINE + ".csv").toString());
        assertEquals(Main.NO_INPUT, missing.code());
        assertTrue(new String(missing.err(), StandardCharsets.UTF_8).contains("gone<U+001B>[2J<U+000A>"),
                new String(missing.err(), StandardCharsets.UTF_8));
    }

    @Test
    void delegateIds_printEscaped() throws IOException {
        Path file = Files.writeString(dir.resolve("delegates.csv"), "externalId,delegate1\n\"E\u001B[2J\n" + FAKE_LINE
                + "\",E\u202E2\n");
        Run run = rollcall("delegates", "plan", file.toString());
        assertEquals(Main.ROWS_REJECTED, run.code(), run.text());
        assertTrue(run.text().contains("CONTROL_CHARACTER"), run.text());
    }

    @Test
    void theProgressBar_keepsItsCarriageReturn() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintWriter raw = new PrintWriter(bytes, true);
        TerminalOutput terminal = new TerminalOutput(raw);
        ProgressBar bar = new ProgressBar(TerminalOutput.raw(terminal), true, 10);
        bar.update(dev.rollcall.core.Progress.Stage.APPLYING, 1, 2);
        terminal.print("a\rb\u001B\r\n");
        terminal.flush();
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(text.startsWith("\r["), text);
        assertTrue(text.endsWith("a<U+000D>b<U+001B>\r\n"), ControlCharacters.escape(text));
    }
}
