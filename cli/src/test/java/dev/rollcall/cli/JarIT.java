package dev.rollcall.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The packaged {@code rollcall.jar}, run as the README runs it: a separate java process. */
class JarIT {

    @TempDir
    Path work;

    record Run(int code, String out, String err) {
    }

    private Run java(Map<String, String> env, String... args) throws IOException, InterruptedException {
        Path jar = Path.of("target", "rollcall.jar").toAbsolutePath();
        assertTrue(Files.isRegularFile(jar), "mvn package builds " + jar);
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(work.toFile());
        pb.environment().remove("ROLLCALL_STORE");
        pb.environment().putAll(env);
        Path out = work.resolve("out.txt");
        Path err = work.resolve("err.txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the command finished");
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void mainJob_createsUsersInRollcallData_andTheSecondRunChangesNothing() throws Exception {
        String sample = Path.of("..", "examples", "data", "users.csv").toAbsolutePath().normalize().toString();
        Run first = java(Map.of(), "apply", sample, "--mode", "add-update");
        assertEquals(0, first.code(), first.err());
        assertTrue(first.out().contains("12 created"), first.out());
        assertTrue(Files.exists(work.resolve("rollcall-data").resolve("rollcall.mv.db")), "the embedded store is ./rollcall-data");
        assertFalse(first.err().contains("INFO"), "the command logs warnings only: " + first.err());
        assertTrue(first.err().contains("Created the embedded store in "), first.err());

        Run second = java(Map.of(), "apply", sample, "--mode", "add-update");
        assertEquals(0, second.code());
        assertFalse(second.err().contains("Created the embedded store"), "only the first run says so: " + second.err());
        assertTrue(second.out().contains("Applied users.csv: 12 rows, 12 unchanged"), second.out());
    }

    @Test
    void rollcallStoreVariable_choosesTheStore() throws Exception {
        Path elsewhere = work.resolve("elsewhere");
        String url = "jdbc:h2:file:" + elsewhere.resolve("db").toAbsolutePath();
        Run r = java(Map.of("ROLLCALL_STORE", url), "sites", "add", "Canada");
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.exists(elsewhere.resolve("db.mv.db")));
        assertFalse(Files.exists(work.resolve("rollcall-data")));
    }

    @Test
    void usageError_exitsWith64_andVersionWorks() throws Exception {
        assertEquals(64, java(Map.of(), "frobnicate").code());
        Run v = java(Map.of(), "--version");
        assertEquals(0, v.code());
        assertTrue(v.out().strip().matches("rollcall \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?"), "the real version: " + v.out());
    }

    @Test
    void rejectedRows_exit1_withAJsonReport_aRefusedFile_exits2() throws Exception {
        Path upload = Files.writeString(work.resolve("some-bad.csv"),
                "username,email,firstName,lastName\nok,ok@example.com,O,K\nbad,,B,D\n");
        Run rejected = java(Map.of(), "apply", upload.toString(), "--report", "report.json");
        assertEquals(1, rejected.code(), rejected.err());
        String json = Files.readString(work.resolve("report.json"));
        assertTrue(json.contains("\"command\":\"apply\"") || json.contains("\"command\": \"apply\""), json);
        assertTrue(json.contains("MISSING_REQUIRED"), json);

        Path refused = Files.writeString(work.resolve("refused.csv"), "username,favouriteColour\njdoe,blue\n");
        Run r = java(Map.of(), "plan", refused.toString());
        assertEquals(2, r.code(), r.out() + r.err());
        assertTrue((r.out() + r.err()).contains("UNKNOWN_COLUMN"), r.out() + r.err());
    }
}
