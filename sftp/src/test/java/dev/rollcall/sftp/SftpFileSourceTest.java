package dev.rollcall.sftp;

import dev.rollcall.core.InMemoryUserRepository;
import dev.rollcall.jobs.FileResult;
import dev.rollcall.jobs.Job;
import dev.rollcall.jobs.JobRunner;
import dev.rollcall.jobs.RunRecord;
import dev.rollcall.jobs.Schedule;
import dev.rollcall.csv.CsvFormat;
import dev.rollcall.spi.Codes;
import dev.rollcall.spi.FileSource;
import dev.rollcall.spi.JobCompletion;
import dev.rollcall.spi.RollcallException;
import dev.rollcall.spi.Secret;
import dev.rollcall.spi.SourceFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The real protocol against an in-process MINA SSHD server, with real files on both sides. */
class SftpFileSourceTest {

    @TempDir
    Path dir;

    private SftpServerFixture server;
    private Path knownHosts;
    private final InMemoryUserRepository repository = new InMemoryUserRepository();

    @BeforeEach
    void startServer() throws Exception {
        server = new SftpServerFixture(dir.resolve("server"));
        knownHosts = server.knownHosts(Files.createDirectories(dir.resolve("client")));
    }

    @AfterEach
    void stopServer() throws IOException {
        server.close();
    }

    private Path remote(String path, String text) throws IOException {
        Path p = server.root.resolve(path);
        Files.createDirectories(p.getParent());
        return Files.writeString(p, text);
    }

    private static String users(String... names) {
        StringBuilder sb = new StringBuilder("username,email,firstName,lastName\n");
        for (String n : names) {
            sb.append(n).append(',').append(n).append("@example.com,").append(n).append(",Test\n");
        }
        return sb.toString();
    }

    private JobRunner runner() {
        return JobRunner.builder().repository(repository).workDirectory(dir.resolve("work")).build();
    }

    private static Job job(FileSource source) {
        return Job.builder("hr").source(source).schedule(Schedule.daily().starting(LocalDate.of(2026, 1, 1))
                .at(LocalTime.of(6, 0)).zone(ZoneOffset.UTC).build()).format(CsvFormat.defaults()).settle(Duration.ZERO)
                .build();
    }

    private static List<String> names(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    // ---- folders and fixed files ----

    @Test
    void folder_filesAreTakenInNameOrder_andDeletedOnTheServer() throws Exception {
        remote("data/b.csv", users("bob"));
        remote("data/a.csv", users("alice"));
        remote("data/c.csv.part", users("carol"));
        Files.createDirectories(server.root.resolve("data/archive"));
        try (JobRunner r = runner()) {
            r.add(job(server.source(knownHosts).password(SftpServerFixture.PASSWORD.toCharArray()).folder("data/").build()));
            RunRecord run = r.runNow("hr").orElseThrow();
            assertEquals(List.of("a.csv", "b.csv"), run.files().stream().map(FileResult::file).toList());
            assertTrue(run.files().stream().allMatch(f -> f.status() == JobCompletion.Status.APPLIED));
            assertEquals(List.of("archive", "c.csv.part"), names(server.root.resolve("data")),
                    "taken files are deleted on the server; the rest stays");
            assertTrue(repository.byUsername("alice").isPresent() && repository.byUsername("bob").isPresent());
            assertEquals(RunRecord.Outcome.NOTHING_NEW, r.runNow("hr").orElseThrow().outcome());
        }
    }

    @Test
    void fixedFile_datedName_isKeptOnTheServer_andSkippedWhenUnchanged() throws Exception {
        remote("data/acme_20261120.csv", users("alice"));
        SftpFileSource source = server.source(knownHosts).password(SftpServerFixture.PASSWORD.toCharArray())
                .file("data/acme_$yyyy$mm$dd.csv").build();
        assertEquals("data/acme_20261120.csv", source.preview(LocalDate.of(2026, 11, 20)));
        try (FileSource.Connection c = source.connect()) {
            List<SourceFile> listed = c.list(LocalDate.of(2026, 11, 20));
            assertEquals(1, listed.size());
            assertEquals("data/acme_20261120.csv", listed.get(0).path());
            assertEquals(List.of(), c.list(LocalDate.of(2026, 11, 21)), "no file for another day");
            try (InputStream in = c.open(listed.get(0))) {
                assertEquals(users("alice"), new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
            assertThrows(UnsupportedOperationException.class, () -> c.delete(listed.get(0)));
        }
        Job job = Job.builder("hr").source(source).schedule(Schedule.now()).zone(ZoneOffset.UTC)
                .format(CsvFormat.defaults()).settle(Duration.ZERO).build();
        try (JobRunner r = JobRunner.builder().repository(repository).workDirectory(dir.resolve("work"))
                .clock(java.time.Clock.fixed(java.time.Instant.parse("2026-11-20T06:00:00Z"), ZoneOffset.UTC)).build()) {
            r.add(job);
            assertEquals(RunRecord.Outcome.PROCESSED, r.runNow("hr").orElseThrow().outcome());
            assertEquals(RunRecord.Outcome.UNCHANGED, r.runNow("hr").orElseThrow().outcome());
            assertTrue(Files.exists(server.root.resolve("data/acme_20261120.csv")), "a fixed file is never deleted");
        }
    }

    // ---- host keys ----

    @Test
    void unknownHost_isRefused_andNotAddedToKnownHosts() throws Exception {
        Path otherHosts = Files.writeString(dir.resolve("other_known_hosts"),
                "[otherhost]:22 " + org.apache.sshd.common.config.keys.PublicKeyEntry.toString(
                        SftpServerFixture.ecKey().getPublic()) + "\n");
        String before = Files.readString(otherHosts);
        SftpFileSource source = server.source(otherHosts).password(SftpServerFixture.PASSWORD.toCharArray())
                .folder("data").build();
        RollcallException e = assertThrows(RollcallException.class, source::connect);
        assertEquals(Codes.HOST_KEY_UNKNOWN, e.code());
        assertTrue(e.getMessage().contains("ecdsa-sha2-nistp256 key SHA256:"), e.getMessage());
        assertTrue(e.getMessage().contains("which is not in " + otherHosts), e.getMessage());
        assertEquals(before, Files.readString(otherHosts), "never trusted silently");
    }

    @Test
    void unknownHost_failsTheJobRun_withItsCode() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty_known_hosts"), "");
        remote("data/a.csv", users("alice"));
        try (JobRunner r = runner()) {
            r.add(job(server.source(empty).password(SftpServerFixture.PASSWORD.toCharArray()).folder("data").build()));
            RunRecord run = r.runNow("hr").orElseThrow();
            assertEquals(RunRecord.Outcome.FAILED, run.outcome());
            assertEquals(Codes.HOST_KEY_UNKNOWN, run.problems().get(0).code());
            assertTrue(Files.exists(server.root.resolve("data/a.csv")), "nothing taken");
        }
    }

    @Test
    void changedHostKey_isRefused() throws Exception {
        Path stale = Files.writeString(dir.resolve("stale_known_hosts"),
                server.knownHostsLine(SftpServerFixture.ecKey()));
        SftpFileSource source = server.source(stale).password(SftpServerFixture.PASSWORD.toCharArray()).folder("data")
                .build();
        RollcallException e = assertThrows(RollcallException.class, source::connect);
        assertEquals(Codes.HOST_KEY_CHANGED, e.code());
        assertTrue(e.getMessage().contains("not the key " + stale + " holds for it"), e.getMessage());
        assertEquals(server.knownHostsLine(SftpServerFixture.ecKey()).length(), Files.readString(stale).length(),
                "the file is not rewritten");
    }

    @Test
    void revokedHostKey_isRefused() throws Exception {
        Path revoked = Files.writeString(dir.resolve("revoked_known_hosts"), "@revoked " + server.knownHostsLine(server.hostKey));
        SftpFileSource source = server.source(revoked).password(SftpServerFixture.PASSWORD.toCharArray()).folder("data")
                .build();
        RollcallException e = assertThrows(RollcallException.class, source::connect);
        assertEquals(Codes.HOST_KEY_CHANGED, e.code());
        assertTrue(e.getMessage().contains("revoked"), e.getMessage());
    }

    @Test
    void missingKnownHostsFile_isRefused() {
        SftpFileSource source = server.source(dir.resolve("nowhere/known_hosts"))
                .password(SftpServerFixture.PASSWORD.toCharArray()).folder("data").build();
        RollcallException e = assertThrows(RollcallException.class, source::connect);
        assertEquals(Codes.HOST_KEY_UNKNOWN, e.code());
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    }

    // ---- credentials ----

    @Test
    void wrongPassword_isAnAuthenticationFailure_withoutThePassword() {
        String wrong = "not-the-Pa55word-4x";
        SftpFileSource source = server.source(knownHosts).password(wrong.toCharArray()).folder("data").build();
        PrintStream original = System.err;
        ByteArrayOutputStream logs = new ByteArrayOutputStream();
        RollcallException e;
        try {
            System.setErr(new PrintStream(logs, true, StandardCharsets.UTF_8));
            e = assertThrows(RollcallException.class, source::connect);
        } finally {
            System.setErr(original);
        }
        assertEquals(Codes.AUTHENTICATION_FAILED, e.code());
        assertEquals("the SFTP server localhost:" + server.port() + " refused the credentials of feed (SshException)",
                e.getMessage());
        assertFalse(logs.toString(StandardCharsets.UTF_8).contains(wrong), "the password is never logged");
    }

    @Test
    void keyAuthentication_withAPassphrase() throws Exception {
        remote("data/a.csv", users("alice"));
        Path key = server.privateKey(dir.resolve("client"), "key-Passphrase-1");
        SftpFileSource source = server.source(knownHosts).privateKey(key).keyPassphrase(Secret.of("key-Passphrase-1"))
                .folder("data").build();
        try (FileSource.Connection c = source.connect()) {
            assertEquals(List.of("a.csv"), c.list(LocalDate.of(2026, 1, 1)).stream().map(SourceFile::name).toList());
        }
    }

    @Test
    void keyAuthentication_wrongPassphrase() throws Exception {
        Path key = server.privateKey(dir.resolve("client"), "key-Passphrase-1");
        SftpFileSource source = server.source(knownHosts).privateKey(key).keyPassphrase(Secret.of("wrong-one"))
                .folder("data").build();
        RollcallException e = assertThrows(RollcallException.class, source::connect);
        assertEquals(Codes.AUTHENTICATION_FAILED, e.code());
        assertTrue(e.getMessage().startsWith("the private key " + key + " cannot be read (a wrong passphrase?)"),
                e.getMessage());
        assertFalse(e.getMessage().contains("wrong-one"));
    }

    @Test
    void keyAuthentication_unencryptedKey() throws Exception {
        Files.createDirectories(server.root.resolve("data"));
        Path key = server.privateKey(dir.resolve("client"), null);
        try (FileSource.Connection c = server.source(knownHosts).privateKey(key).folder("data").build().connect()) {
            assertEquals(List.of(), c.list(LocalDate.of(2026, 1, 1)));
        }
    }

    @Test
    void missingFolder_isASourceFailure() throws Exception {
        try (JobRunner r = runner()) {
            r.add(job(server.source(knownHosts).password(SftpServerFixture.PASSWORD.toCharArray()).folder("nowhere")
                    .build()));
            RunRecord run = r.runNow("hr").orElseThrow();
            assertEquals(RunRecord.Outcome.FAILED, run.outcome());
            assertEquals(Codes.SOURCE_FAILED, run.problems().get(0).code());
        }
    }

    // ---- a delete that fails ----

    @Test
    void aFailedDeleteOnTheServer_isFinishedNextRun_withoutTakingTheFileTwice() throws Exception {
        remote("data/a.csv", users("alice"));
        SftpFileSource sftp = server.source(knownHosts).password(SftpServerFixture.PASSWORD.toCharArray()).folder("data")
                .build();
        AtomicBoolean failDelete = new AtomicBoolean(true);
        FileSource flaky = new FileSource() {
            @Override
            public String describe() {
                return sftp.describe();
            }

            @Override
            public Disposition disposition() {
                return sftp.disposition();
            }

            @Override
            public String preview(LocalDate date) {
                return sftp.preview(date);
            }

            @Override
            public Connection connect() throws IOException {
                Connection c = sftp.connect();
                return new Connection() {
                    @Override
                    public List<SourceFile> list(LocalDate date) throws IOException {
                        return c.list(date);
                    }

                    @Override
                    public InputStream open(SourceFile file) throws IOException {
                        return c.open(file);
                    }

                    @Override
                    public void delete(SourceFile file) throws IOException {
                        if (failDelete.getAndSet(false)) {
                            throw new IOException("permission denied");
                        }
                        c.delete(file);
                    }

                    @Override
                    public void close() throws IOException {
                        c.close();
                    }
                };
            }
        };
        try (JobRunner r = runner()) {
            r.add(job(flaky));
            RunRecord first = r.runNow("hr").orElseThrow();
            assertEquals(JobCompletion.Status.APPLIED, first.files().get(0).status(), "the file was safe in the inbox");
            assertEquals(Codes.SOURCE_FAILED, first.problems().get(0).code());
            assertTrue(Files.exists(server.root.resolve("data/a.csv")));
            RunRecord second = r.runNow("hr").orElseThrow();
            assertEquals(List.of(), second.files(), "not taken again");
            assertFalse(Files.exists(server.root.resolve("data/a.csv")), "deleted now");
        }
    }

    // ---- values ----

    @Test
    void describe_andToString_neverShowCredentials() throws Exception {
        SftpFileSource s = server.source(knownHosts).password(SftpServerFixture.PASSWORD.toCharArray()).folder("data/")
                .build();
        assertEquals("sftp://feed@localhost:" + server.port() + "/data/", s.describe());
        assertFalse(s.toString().contains(SftpServerFixture.PASSWORD));
        assertFalse(job(s).toString().contains(SftpServerFixture.PASSWORD));
        assertEquals(FileSource.Disposition.TAKE, s.disposition());
        assertEquals(FileSource.Disposition.KEEP, server.source(knownHosts).password("x".toCharArray())
                .file("users.csv").build().disposition());
    }

    private static void assertMessage(Class<? extends Throwable> type, String message, Runnable r) {
        assertEquals(message, assertThrows(type, r::run).getMessage());
    }

    private static SftpFileSource.Builder minimal() {
        return SftpFileSource.builder().host("h").username("u").knownHosts(Path.of("k"));
    }

    @Test
    void builder_knownHostsMissing() {
        assertMessage(IllegalStateException.class, "knownHosts must be set: an SFTP server's key is always checked",
                () -> SftpFileSource.builder().host("h").username("u").password("p".toCharArray()).folder("d").build());
    }

    @Test
    void builder_noCredentials() {
        assertMessage(IllegalStateException.class, "a password or a privateKey must be set",
                () -> minimal().folder("d").build());
    }

    @Test
    void builder_fileAndFolder() {
        assertMessage(IllegalStateException.class,
                "file and folder conflict: a source reads one fixed file or takes a folder's files",
                () -> minimal().password("p".toCharArray()).file("a.csv").folder("d").build());
    }

    @Test
    void builder_neitherFileNorFolder() {
        assertMessage(IllegalStateException.class, "file or folder must be set",
                () -> minimal().password("p".toCharArray()).build());
    }

    @Test
    void builder_passphraseWithoutKey() {
        assertMessage(IllegalStateException.class, "keyPassphrase needs a privateKey",
                () -> minimal().password("p".toCharArray()).keyPassphrase(Secret.of("x")).folder("d").build());
    }

    @Test
    void builder_hostMissing() {
        assertMessage(IllegalStateException.class, "host must be set",
                () -> SftpFileSource.builder().username("u").build());
    }

    @Test
    void builder_usernameMissing() {
        assertMessage(IllegalStateException.class, "username must be set", () -> SftpFileSource.builder().host("h").build());
    }

    @Test
    void builder_portOutOfRange() {
        assertMessage(IllegalArgumentException.class, "port must be between 1 and 65535: 70000",
                () -> SftpFileSource.builder().port(70000));
    }

    @Test
    void builder_fileEndingInASlash() {
        assertMessage(IllegalArgumentException.class, "file must name a file, not a folder: 'data/' (use folder)",
                () -> SftpFileSource.builder().file("data/"));
    }

    @Test
    void builder_unknownDateCode() {
        assertThrows(IllegalArgumentException.class, () -> SftpFileSource.builder().file("acme_$d.csv"));
    }

    @Test
    void builder_hostTwice() {
        assertMessage(IllegalStateException.class, "host was already set", () -> SftpFileSource.builder().host("a").host("b"));
    }

    @Test
    void builder_passwordNull() {
        assertMessage(NullPointerException.class, "password must not be null",
                () -> SftpFileSource.builder().password((char[]) null));
    }
}
