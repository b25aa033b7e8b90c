package dev.rollcall.cli;

import dev.rollcall.jdbc.JdbcUserRepository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 19: what the command says so an administrator knows what to do next. */
class CliGuidanceTest {

    @TempDir
    Path dir;

    record Run(int code, String out, String err) {
    }

    private Run rollcall(String... args) {
        List<String> all = new ArrayList<>(List.of("--store", JdbcUserRepository.embeddedUrl(dir.resolve("store"))));
        all.addAll(List.of(args));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(all.toArray(String[]::new), new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    private Path file(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    @Test
    void newUsersInactiveByDefault_isSaidOnce_andNotWhenChosen() throws IOException {
        Path users = file("users.csv", """
                username,email,firstName,lastName
                a,a@example.com,A,A
                b,b@example.com,B,B
                c,c@example.com,C,C
                """);
        Run plan = rollcall("plan", users.toString());
        assertEquals(Main.OK, plan.code(), plan.err());
        assertTrue(plan.out().contains("3 new users will be created inactive; --new-user-status active to change"), plan.out());

        Run apply = rollcall("apply", users.toString());
        assertEquals(Main.OK, apply.code(), apply.err());
        assertEquals(1, apply.out().lines().filter(l -> l.contains("inactive; --new-user-status active to change")).count(),
                apply.out());
        assertTrue(apply.out().contains("3 new users created inactive; --new-user-status active to change"), apply.out());

        Path more = file("more.csv", "username,email,firstName,lastName\nd,d@example.com,D,D\n");
        Run chosen = rollcall("apply", more.toString(), "--new-user-status", "inactive");
        assertFalse(chosen.out().contains("--new-user-status"), chosen.out());
    }

    @Test
    void extractFromAnEmptyStore_saysItIsEmpty() {
        Run r = rollcall("extract");
        assertEquals(Main.OK, r.code(), r.err());
        assertTrue(r.err().contains("The store has no users; the extract holds only the header"), r.err());
        assertTrue(r.out().startsWith("username,"), r.out());
    }

    @Test
    void theFirstRunInAFolder_saysWhereItCreatedTheEmbeddedStore() {
        Path folder = dir.resolve("rollcall-data");
        StringWriter first = new StringWriter();
        StoreOption.embedded(folder, new PrintWriter(first, true)).close();
        assertTrue(first.toString().contains("Created the embedded store in " + folder.toAbsolutePath().normalize()),
                first.toString());
        StringWriter second = new StringWriter();
        StoreOption.embedded(folder, new PrintWriter(second, true)).close();
        assertEquals("", second.toString());
    }

    @Test
    void version_isTheProjectsVersion() {
        Run r = rollcall("--version");
        assertEquals(Main.OK, r.code());
        assertTrue(r.out().strip().matches("rollcall \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?"), r.out());
    }

    @Test
    void validateHelp_showsOnlyWhatValidatingUses() {
        String help = rollcall("validate", "--help").out();
        for (String used : List.of("--mode", "--match", "--delimiter", "--encoding", "--format", "--secret-key",
                "--strict-template", "--reject-excel-damage", "--default", "--site", "--max-rows")) {
            assertTrue(help.contains(used), used);
        }
        for (String unused : List.of("--full", "--new-user-status", "--update-passwords", "--allow-deletes",
                "--stop-after-failures", "--max-deactivation", "--feed", "--empty-quotes", "--batch-size")) {
            assertFalse(help.contains(unused), unused);
        }
        assertTrue(rollcall("plan", "--help").out().contains("--new-user-status"));
    }

    @Test
    void everyOptionOfFieldsAdd_hasADescription() {
        CommandLine add = new CommandLine(new Main()).getSubcommands().get("fields").getSubcommands().get("add");
        for (ArgSpec a : add.getCommandSpec().args()) {
            String text = String.join(" ", a.description()).strip();
            assertFalse(text.isEmpty(), a.paramLabel() + " " + (a.isOption() ? ((CommandLine.Model.OptionSpec) a).longestName() : ""));
        }
    }

    @Test
    void terminalWidth_comesFromColumns() {
        assertEquals(0, UploadRun.width(null));
        assertEquals(0, UploadRun.width("wide"));
        assertEquals(72, UploadRun.width(" 72 "));
    }
}
