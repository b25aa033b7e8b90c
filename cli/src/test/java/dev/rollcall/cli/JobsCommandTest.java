package dev.rollcall.cli;

import dev.rollcall.jdbc.JdbcUserRepository;
import dev.rollcall.spi.UserQuery;
import dev.rollcall.spi.UserRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

/** {@code rollcall jobs run --once} and {@code rollcall jobs next}, in this process, against a fresh H2 store. */
class JobsCommandTest {

    @TempDir
    Path dir;

    private String store() {
        return JdbcUserRepository.embeddedUrl(dir.resolve("store"));
    }

    private CliTest.Run rollcall(String... args) {
        List<String> all = new ArrayList<>(List.of("--store", store()));
        all.addAll(List.of(args));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(all.toArray(String[]::new), new PrintWriter(out), new PrintWriter(err));
        return new CliTest.Run(code, out.toString(), err.toString());
    }

    private Path jobs(String text) throws IOException {
        return Files.writeString(dir.resolve("jobs.properties"), text);
    }

    private List<UserRecord> users() {
        try (JdbcUserRepository r = JdbcUserRepository.forUrl(store()).initialize()) {
            try (var s = r.list(UserQuery.ALL)) {
                return s.toList();
            }
        }
    }

    private static final String USERS = "username,email,firstName,lastName\nalice,alice@example.com,Alice,Test\n"
            + "bob,bob@example.com,Bob,Test\n";

    @Test
    void next_previewsRunTimes_andTheDatedFileEachReads() throws Exception {
        Path f = jobs("""
                # the nightly HR export
                job.hr.description = Nightly HR feed
                job.hr.source = file
                job.hr.path = data/acme_$yyyy$mm$dd.csv
                job.hr.schedule = daily
                job.hr.start = 2026-12-01
                job.hr.time = 02:30
                job.hr.zone = Europe/London
                job.hr.occurrences = 3

                job.payroll.source = folder
                job.payroll.path = payroll
                job.payroll.schedule = monthly
                job.payroll.start = 2027-01
                job.payroll.day-of-month = 31
                job.payroll.time = 06:00
                job.payroll.zone = UTC
                job.payroll.enabled = false
                """);
        CliTest.Run r = rollcall("jobs", "next", f.toString(), "--count", "4", "--from", "2026-11-30T00:00");
        assertEquals(0, r.code(), r.err());
        String out = r.out();
        assertTrue(out.contains("hr - Nightly HR feed\n  schedule: daily at 02:30 Europe/London, from 2026-12-01, 3 occurrences\n"), out);
        assertTrue(out.contains("  2026-12-01 02:30 GMT (Tue)  " + dir.toAbsolutePath() + "/data/acme_20261201.csv\n"), out);
        assertTrue(out.contains("  2026-12-03 02:30 GMT (Thu)  " + dir.toAbsolutePath() + "/data/acme_20261203.csv\n"), out);
        assertFalse(out.contains("2026-12-04"), "three occurrences: " + out);
        assertTrue(out.contains("payroll (disabled)"), out);
        assertTrue(out.contains("  2027-02-28 06:00 UTC (Sun)  " + dir.toAbsolutePath().resolve("payroll")), out);
    }

    @Test
    void runOnce_appliesTheDueJobs_intoTheStore() throws Exception {
        Files.createDirectories(dir.resolve("in"));
        Files.writeString(dir.resolve("in/users.csv"), USERS);
        Path f = jobs("""
                work = work
                job.hr.source = folder
                job.hr.path = in
                job.hr.format = csv
                job.hr.schedule = now
                job.hr.settle = 0s
                """);
        CliTest.Run r = rollcall("jobs", "run", f.toString(), "--once");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("hr: users.csv applied, 2 rows, 2 created"), r.out());
        assertTrue(r.out().contains("1 job ran."), r.out());
        assertEquals(2, users().size());
        assertFalse(Files.exists(dir.resolve("in/users.csv")), "taken from the folder");
        assertTrue(Files.isDirectory(dir.resolve("work/hr/inbox/done")), "the work directory is relative to the jobs file");
    }

    @Test
    void runOnce_fixedFile_secondRunSkipsTheUnchangedFile() throws Exception {
        Files.writeString(dir.resolve("users.csv"), USERS);
        Path f = jobs("""
                job.hr.source = file
                job.hr.path = users.csv
                job.hr.schedule = now
                job.hr.settle = 0s
                job.hr.new-users = allow
                job.hr.empty-quotes = erase
                """);
        assertEquals(0, rollcall("jobs", "run", f.toString(), "--once").code());
        CliTest.Run again = rollcall("jobs", "run", f.toString(), "--once");
        assertEquals(0, again.code(), again.err());
        assertFalse(again.out().contains("applied"), again.out());
        assertTrue(Files.exists(dir.resolve("users.csv")), "a fixed file is kept");
    }

    @Test
    void runOnce_refusedFile_exits2() throws Exception {
        Files.createDirectories(dir.resolve("in"));
        Files.writeString(dir.resolve("in/users.csv"), "usernaem,email\nalice,a@example.com\n");
        Path f = jobs("""
                job.hr.source = folder
                job.hr.path = in
                job.hr.schedule = now
                job.hr.settle = 0s
                """);
        CliTest.Run r = rollcall("jobs", "run", f.toString(), "--once");
        assertEquals(Main.FILE_REFUSED, r.code(), r.out());
        assertTrue(r.out().contains("hr: users.csv refused"), r.out());
        assertTrue(r.out().contains("[UNKNOWN_COLUMN]"), r.out());
    }

    @Test
    void runOnce_encryptedFeed_decryptsWithTheJobsKey() throws Exception {
        Files.createDirectories(dir.resolve("in"));
        Files.copy(CliFormatsTest.FIXTURES.resolve("users.csv.rsa.pgp"), dir.resolve("in/acmeus_20140215.csv.pgp"));
        Path f = jobs("""
                job.hr.source = folder
                job.hr.path = in
                job.hr.schedule = now
                job.hr.settle = 0s
                job.hr.secret-key = %s
                job.hr.passphrase-env = ROLLCALL_TEST_PASSPHRASE
                """.formatted(CliFormatsTest.FIXTURES.resolve("rsa-secret.asc").toAbsolutePath().toString().replace("\\", "/")));
        CliTest.Run r = rollcall("jobs", "run", f.toString(), "--once");
        assertTrue(r.out().contains("hr: acmeus_20140215.csv.pgp applied"), r.out() + r.err());
        assertFalse(users().isEmpty());
        assertFalse((r.out() + r.err()).contains(CliFormatsTest.PASSPHRASE));
    }

    @Test
    void runOnce_nothingDue() throws Exception {
        Path f = jobs("""
                job.hr.source = folder
                job.hr.path = in
                job.hr.schedule = daily
                job.hr.start = 2099-01-01
                job.hr.time = 02:00
                """);
        CliTest.Run r = rollcall("jobs", "run", f.toString(), "--once");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("No job was due."), r.out());
    }

    // ---- a wrong jobs file says where ----

    private void assertUsage(String jobsFile, String message) throws IOException {
        Path f = jobs(jobsFile);
        CliTest.Run r = rollcall("jobs", "next", f.toString());
        assertEquals(Main.USAGE, r.code(), r.out() + r.err());
        assertTrue(r.err().contains(message), r.err());
    }

    @Test
    void unknownKey() throws Exception {
        assertUsage("job.hr.shedule = daily\n", "job.hr.shedule is not a known key");
    }

    @Test
    void aPasswordInTheFile_isRefused() throws Exception {
        assertUsage("job.hr.sftp.password = hunter2\n", "job.hr.sftp.password: secrets are never written in a jobs "
                + "file; name the environment variable that holds it instead (job.hr.sftp.password-env)");
    }

    @Test
    void aFolderWithoutASchedule_isPolledEveryMinute_aFileNeedsOne() throws Exception {
        Path f = jobs("""
                job.inbox.source = folder
                job.inbox.path = in
                """);
        CliTest.Run r = rollcall("jobs", "next", f.toString(), "--count", "2", "--from", "2026-11-30T10:15:30");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("2026-11-30 10:16 UTC"), r.out());
        assertTrue(r.out().contains("2026-11-30 10:17 UTC"), r.out());
        assertUsage("""
                job.hr.source = file
                job.hr.path = users.csv
                """, "job.hr.schedule: is needed for a file");
        assertUsage("""
                job.hr.source = folder
                job.hr.path = in
                job.hr.time = 02:00
                """, "job.hr.time = 02:00: needs a schedule");
    }

    @Test
    void badSchedule() throws Exception {
        assertUsage("""
                job.hr.source = folder
                job.hr.path = in
                job.hr.schedule = hourly
                """, "job.hr.schedule = hourly: must be now, once, daily, periodic, weekly, bi-weekly or monthly");
    }

    @Test
    void badDuration() throws Exception {
        assertUsage("""
                job.hr.source = folder
                job.hr.path = in
                job.hr.schedule = periodic
                job.hr.every = 1x
                job.hr.start = 2026-01-01
                job.hr.time = 00:00
                """, "job.hr.every = 1x: is not a duration like 1h30m, 90m or 10s");
    }

    @Test
    void scheduleRuleBroken_isReportedWithTheJob() throws Exception {
        assertUsage("""
                job.hr.source = folder
                job.hr.path = in
                job.hr.schedule = daily
                job.hr.start = 2026-01-01
                job.hr.time = 00:00
                job.hr.end = 2026-02-01
                job.hr.occurrences = 3
                """, "job.hr (schedule): through and occurrences conflict");
    }

    @Test
    void missingEnvironmentVariable() throws Exception {
        assertUsage("""
                job.hr.source = sftp-folder
                job.hr.path = data/
                job.hr.schedule = now
                job.hr.sftp.host = sftp.example.com
                job.hr.sftp.user = rollcall
                job.hr.sftp.known-hosts = known_hosts
                job.hr.sftp.password-env = ROLLCALL_NO_SUCH_VARIABLE
                """, "job.hr.sftp.password-env = ROLLCALL_NO_SUCH_VARIABLE: the environment variable "
                + "ROLLCALL_NO_SUCH_VARIABLE is not set");
    }

    @Test
    void sftpOptionsOnALocalSource() throws Exception {
        assertUsage("""
                job.hr.source = folder
                job.hr.path = in
                job.hr.schedule = now
                job.hr.sftp.host = x
                """, "job.hr.sftp.host = x: applies to sftp-folder and sftp-file sources only");
    }

    @Test
    void delegatesWithAUserOption() throws Exception {
        assertUsage("""
                job.dl.source = folder
                job.dl.path = in
                job.dl.schedule = now
                job.dl.load = delegates
                job.dl.new-users = ignore
                """, "job.dl (job): allowNewUsers applies to user profiles, not to a delegates job");
    }

    @Test
    void noJobs() throws Exception {
        assertUsage("work = w\n", "no jobs; describe each as job.NAME.KEY = value");
    }

    @Test
    void sftpJob_previewsWithoutConnecting() throws Exception {
        Path f = jobs("""
                job.hr.source = sftp-file
                job.hr.path = data/acme_$yyyy$mm$dd.csv
                job.hr.schedule = daily
                job.hr.start = 2015-09-14
                job.hr.time = 06:00
                job.hr.zone = America/Los_Angeles
                job.hr.sftp.host = sftp.example.com
                job.hr.sftp.user = rollcall
                job.hr.sftp.known-hosts = known_hosts
                job.hr.sftp.private-key = id_ed25519
                """);
        CliTest.Run r = rollcall("jobs", "next", f.toString(), "--count", "1", "--from", "2015-09-14");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("  source:   sftp://rollcall@sftp.example.com/data/acme_$yyyy$mm$dd.csv\n"), r.out());
        assertTrue(r.out().contains("  2015-09-14 06:00 PDT (Mon)  data/acme_20150914.csv\n"), r.out());
    }

    @Test
    void missingJobsFile_exits66() {
        CliTest.Run r = rollcall("jobs", "next", dir.resolve("nope.properties").toString());
        assertEquals(Main.NO_INPUT, r.code());
    }

    // ---- jobs in the store ----

    private static final String[] HR = {"hr", "description=Nightly HR feed", "source=folder", "path=in", "format=csv",
            "settle=0s", "schedule=daily", "start=2026-12-01", "time=02:30", "zone=Europe/London"};

    private CliTest.Run add(String... args) {
        List<String> all = new ArrayList<>(List.of("jobs", "add"));
        all.addAll(List.of(args));
        return rollcall(all.toArray(String[]::new));
    }

    @Test
    void add_thenList_filteredByLoadTypeAndState() throws Exception {
        Files.createDirectories(dir.resolve("in"));
        CliTest.Run a = add(HR);
        assertEquals(0, a.code(), a.err());
        assertTrue(a.out().startsWith("Added job hr: daily at 02:30 Europe/London, from 2026-12-01; next run "), a.out());
        assertEquals(0, add("managers", "load=delegates", "source=folder", "path=in", "schedule=monthly", "start=2026-12",
                "day-of-month=31", "time=06:00", "zone=UTC").code());
        assertEquals(0, add("old", "source=folder", "path=in", "schedule=once", "start=2020-01-01", "time=00:00", "zone=UTC")
                .code());

        String all = rollcall("jobs", "list").out();
        List<String> lines = all.lines().toList();
        assertEquals(List.of("NAME", "LOAD", "STATE", "NEXT", "RUN", "LAST", "RUN", "SCHEDULE"),
                List.of(lines.get(0).split("\\s+")), all);
        assertTrue(lines.get(1).startsWith("hr "), all);
        assertTrue(lines.get(2).matches("managers +delegates +active +20\\d\\d-\\d\\d-\\d\\d 06:00 UTC \\(\\w+\\) +- +"
                + "monthly on day 31 \\(or the month's last day\\) at 06:00 UTC, from 2026-12-01"), all);
        assertTrue(lines.get(3).matches("old +users +expired +- +- +once on 2020-01-01 at 00:00 UTC"), all);

        assertEquals(List.of("hr"), names(rollcall("jobs", "list", "--load", "users", "--state", "active")));
        assertEquals(List.of("old"), names(rollcall("jobs", "list", "--state", "expired")));
        assertEquals(List.of("managers"), names(rollcall("jobs", "list", "--load", "DELEGATES")));
        assertEquals(0, rollcall("jobs", "disable", "hr").code());
        assertEquals(List.of("hr"), names(rollcall("jobs", "list", "--state", "disabled")));
        assertEquals(0, rollcall("jobs", "delete", "managers").code());
        assertEquals(List.of("managers"), names(rollcall("jobs", "list", "--state", "cancelled")));
        assertEquals(0, rollcall("jobs", "delete", "managers", "--purge").code());
        assertEquals("No jobs match.\n", rollcall("jobs", "list", "--state", "cancelled").out());
        assertEquals(64, rollcall("jobs", "list", "--state", "sleeping").code());
    }

    private static List<String> names(CliTest.Run r) {
        assertEquals(0, r.code(), r.err());
        return r.out().lines().skip(1).map(l -> l.split(" ")[0]).toList();
    }

    @Test
    void edit_show_enable() {
        assertEquals(0, add(HR).code());
        CliTest.Run e = rollcall("jobs", "edit", "hr", "schedule=weekly", "days=MON,THU", "--unset", "description");
        assertEquals(0, e.code(), e.err());
        assertEquals("Changed job hr: weekly on MON,THU at 02:30 Europe/London, from 2026-12-01, active.\n", e.out());
        assertEquals(0, rollcall("jobs", "disable", "hr").code());
        String show = rollcall("jobs", "show", "hr").out();
        assertTrue(show.startsWith("hr\n  state:     disabled\n  load:      users\n  email:     none\n"
                + "  schedule:  weekly on MON,THU at 02:30 Europe/London, from 2026-12-01\n  next runs: none\n  settings:\n"), show);
        assertTrue(show.contains("    days = MON,THU\n") && show.contains("    path = in\n") && !show.contains("description"), show);
        assertTrue(show.endsWith("  latest runs: none\n"), show);
        assertEquals(0, rollcall("jobs", "enable", "hr").code());
        assertTrue(rollcall("jobs", "show", "hr").out().contains("  state:     active\n"));
        CliTest.Run bad = rollcall("jobs", "edit", "hr", "days=FUNDAY");
        assertEquals(64, bad.code());
        assertTrue(bad.err().contains("job hr: days = FUNDAY: names days as MON,TUE,WED,THU,FRI,SAT,SUN"), bad.err());
        assertEquals(64, rollcall("jobs", "show", "nobody").code());
    }

    @Test
    void add_refusesSecretsAnUnknownKeyAndATakenName() {
        CliTest.Run secret = add("ftp", "source=sftp-folder", "path=/out", "sftp.host=h", "sftp.user=u",
                "sftp.known-hosts=kh", "sftp.password=hunter2");
        assertEquals(64, secret.code());
        assertTrue(secret.err().contains("secrets are never written in a jobs file"), secret.err());
        assertFalse(secret.err().contains("hunter2"), secret.err());
        assertEquals(64, add("x", "colour=blue").code());
        assertEquals(0, add(HR).code());
        CliTest.Run again = add(HR);
        assertEquals(64, again.code());
        assertTrue(again.err().contains("a job named hr exists already: rollcall jobs edit changes it"), again.err());
    }

    @Test
    void runOnce_runsTheStoresJobs_andHistoryShowsEachFile() throws Exception {
        Files.createDirectories(dir.resolve("in"));
        Files.writeString(dir.resolve("in/users.csv"), USERS);
        assertEquals(0, add("hr", "source=folder", "path=" + dir.resolve("in"), "format=csv", "settle=0s", "schedule=now").code());
        CliTest.Run r = rollcall("jobs", "run", "--once", "--work", dir.resolve("work").toString(), "--name", "node-1");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("hr: users.csv applied, 2 rows, 2 created"), r.out());
        assertEquals(2, users().size());
        assertEquals("No job was due.\n", rollcall("jobs", "run", "--once", "--work", dir.resolve("work").toString()).out());

        String h = rollcall("jobs", "history", "hr").out();
        String sha = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(USERS.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertTrue(h.matches("(?s)#1 \\S+  hr, run of \\S+ by node-1: processed\n    users.csv \\(" + USERS.length()
                + " bytes, sha256 " + sha.substring(0, 12) + "…\\): applied, 2 rows, 2 created\n"), h);
        assertTrue(rollcall("jobs", "list").out().contains(" processed"), "the list shows the last run");
    }

    @Test
    void theCompletionEmail_isKeptByTheStore_editedAndShown() {
        assertEquals(0, add(HR[0], HR[1], HR[2], HR[3], HR[6], HR[7], HR[8], HR[9], "--email", "it-admin@example.com").code());
        String show = rollcall("jobs", "show", "hr").out();
        assertTrue(show.contains("  email:     it-admin@example.com\n"), show);
        assertFalse(show.contains("    email = "), "kept beside the settings, not among them: " + show);
        assertEquals(0, rollcall("jobs", "edit", "hr", "--email", "hr-team@example.com").code());
        assertTrue(rollcall("jobs", "show", "hr").out().contains("  email:     hr-team@example.com\n"));
        assertEquals(0, rollcall("jobs", "edit", "hr", "email=ops@example.com").code());
        assertTrue(rollcall("jobs", "show", "hr").out().contains("  email:     ops@example.com\n"));
        assertEquals(0, rollcall("jobs", "edit", "hr", "--unset", "email").code());
        assertTrue(rollcall("jobs", "show", "hr").out().contains("  email:     none\n"));
        CliTest.Run bad = rollcall("jobs", "edit", "hr", "--email", "not an address");
        assertEquals(64, bad.code(), bad.err());
    }

    @Test
    void theSharedWorkFolder_isDeclaredInTheStore_andAWorkerRefusesToStartWhereItIsMissing() throws Exception {
        Path shared = dir.resolve("shared");
        assertEquals("work: not declared (each worker's --work, by default ./rollcall-jobs)\n",
                rollcall("jobs", "config").out());
        assertEquals(64, rollcall("jobs", "config", "--work", "relative").code());
        CliTest.Run declare = rollcall("jobs", "config", "--work", shared.toString());
        assertEquals(0, declare.code(), declare.err());
        assertEquals("Declared the shared work folder " + shared + ": every worker uses it. It does not exist on this "
                + "machine: a worker here would refuse to start.\n", declare.out());
        assertEquals("work: " + shared + "\n", rollcall("jobs", "config").out());

        Files.createDirectories(dir.resolve("in"));
        Files.writeString(dir.resolve("in/users.csv"), USERS);
        assertEquals(0, add("hr", "source=folder", "path=" + dir.resolve("in"), "format=csv", "settle=0s", "schedule=now").code());
        CliTest.Run refused = rollcall("jobs", "run", "--once");
        assertEquals(66, refused.code(), refused.out() + refused.err());
        assertTrue(refused.err().contains("the shared work folder the job store declares, " + shared + ", does not exist "
                + "on this node"), refused.err());
        assertFalse(Files.exists(shared));
        Files.createDirectories(shared);
        assertEquals(64, rollcall("jobs", "run", "--once", "--work", dir.resolve("elsewhere").toString()).code(),
                "a worker's own folder must be the declared one");
        CliTest.Run r = rollcall("jobs", "run", "--once");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(Files.exists(shared.resolve("hr/inbox/done/0000000001_users.csv")), "the inbox is in the shared folder");
        assertEquals("Job hr has no interrupted file.\n", rollcall("jobs", "requeue", "hr").out());
    }

    @Test
    void requeue_appliesAnInterruptedFileAgain_andTheHistoryShowsWhoDidIt() throws Exception {
        Path work = dir.resolve("work");
        assertEquals(0, add("hr", "source=folder", "path=" + dir.resolve("in"), "format=csv", "settle=0s", "schedule=now").code());
        Path interrupted = Files.createDirectories(work.resolve("hr/inbox/interrupted"));
        Files.writeString(interrupted.resolve("0000000007_users.csv"), USERS);     // as a worker stopped mid-apply leaves it
        Files.createDirectories(dir.resolve("in"));
        CliTest.Run none = rollcall("jobs", "requeue", "hr", "0000000007_users.csv");
        assertEquals(64, none.code());
        assertTrue(none.err().contains("the store declares no shared work folder"), none.err());
        assertEquals(0, rollcall("jobs", "config", "--work", work.toString()).code());
        assertTrue(rollcall("jobs", "show", "hr").out().contains("  interrupted: 0000000007_users.csv (rollcall jobs "
                + "requeue hr FILE applies one again)\n"));
        assertEquals("0000000007_users.csv\n", rollcall("jobs", "requeue", "hr").out());
        assertEquals(64, rollcall("jobs", "requeue", "hr", "0000000008_other.csv").code());
        CliTest.Run q = rollcall("jobs", "requeue", "hr", "0000000007_users.csv", "--by", "alice");
        assertEquals(0, q.code(), q.err());
        assertEquals("Requeued 0000000007_users.csv: job hr applies it at its next run.\n", q.out());
        CliTest.Run r = rollcall("jobs", "run", "--once");
        assertEquals(0, r.code(), r.out() + r.err());
        assertEquals(2, users().size());
        String h = rollcall("jobs", "history", "hr").out();
        assertTrue(h.matches("(?s)#1 \\S+  hr, requeue by alice: requeued\n    0000000007_users.csv \\(\\d+ bytes, sha256 "
                + "\\w{12}…\\): interrupted, requeued by alice: applied again at the next run\n#2 .*users.csv .*applied.*"), h);
    }

    @Test
    void history_pruneBefore_forgetsOldEntries() throws Exception {
        Files.createDirectories(dir.resolve("in"));
        Files.writeString(dir.resolve("in/users.csv"), USERS);
        assertEquals(0, add("hr", "source=folder", "path=" + dir.resolve("in"), "format=csv", "settle=0s", "schedule=now").code());
        assertEquals(0, rollcall("jobs", "run", "--once", "--work", dir.resolve("work").toString()).code());
        assertEquals("Removed 0 history entries that finished before 2020-01-01.\n",
                rollcall("jobs", "history", "--prune-before", "2020-01-01").out());
        assertEquals(64, rollcall("jobs", "history", "hr", "--prune-before", "2020-01-01").code());
        assertEquals("Removed 1 history entry that finished before 2999-01-01.\n",
                rollcall("jobs", "history", "--prune-before", "2999-01-01").out());
        assertEquals("No runs yet.\n", rollcall("jobs", "history").out());
    }

    @Test
    void noSecretIsStored_onlyPathsAndTheNamesOfEnvironmentVariables() throws Exception {
        Path key = CliFormatsTest.FIXTURES.resolve("rsa-secret.asc").toAbsolutePath();
        Path sshKey = Files.writeString(dir.resolve("id_ecdsa"), "-----BEGIN OPENSSH PRIVATE KEY-----\n"
                + "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAaAAAABNlY2RzYS1zaGEyLW5pc3RwMjU2\n"
                + "-----END OPENSSH PRIVATE KEY-----\n");
        // PATH is set wherever the test runs: what it holds is what a job built here takes for its passphrases
        String passphrase = System.getenv("PATH");
        assertTrue(passphrase != null && passphrase.length() > 4);
        assertEquals(0, add("acme", "source=sftp-file", "path=out/acme.csv.pgp", "sftp.host=sftp.example.com",
                "sftp.user=rollcall", "sftp.known-hosts=" + dir.resolve("known_hosts"), "sftp.private-key=" + sshKey,
                "sftp.key-passphrase-env=PATH", "sftp.password-env=PATH", "secret-key=" + key, "passphrase-env=PATH",
                "schedule=daily", "start=2026-12-01", "time=02:30", "zone=UTC", "--email", "it@example.com").code());
        assertEquals(0, rollcall("jobs", "edit", "acme", "description=ACME").code());
        List<String> secrets = new ArrayList<>(List.of(passphrase));
        for (Path f : List.of(key, sshKey)) {
            Files.readAllLines(f).stream().filter(l -> l.length() >= 20 && !l.startsWith("-----")).forEach(secrets::add);
        }
        assertTrue(secrets.size() > 3, "the key files' lines are looked for");
        int cells = 0;
        try (JdbcUserRepository r = JdbcUserRepository.forUrl(store()).initialize();
             java.sql.Connection c = r.dataSource().getConnection()) {
            for (String table : List.of("rollcall_jobs", "rollcall_job_runs", "rollcall_job_files", "rollcall_job_config")) {
                try (java.sql.Statement st = c.createStatement(); java.sql.ResultSet rs = st.executeQuery("SELECT * FROM " + table)) {
                    while (rs.next()) {
                        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                            String v = rs.getString(i);
                            cells++;
                            for (String secret : secrets) {
                                assertFalse(v != null && v.contains(secret), table + "." + rs.getMetaData().getColumnName(i)
                                        + " holds secret material");
                            }
                        }
                    }
                }
            }
        }
        assertTrue(cells >= 12, "the job's row was scanned: " + cells);
        String show = rollcall("jobs", "show", "acme").out();
        assertTrue(show.contains("    passphrase-env = PATH\n") && show.contains("    secret-key = " + key + "\n"), show);
    }

    @Test
    void import_keepsTheJobsFile_inTheStore() throws Exception {
        Path f = jobs("""
                job.hr.source = folder
                job.hr.path = in
                job.hr.schedule = daily
                job.hr.start = 2026-12-01
                job.hr.time = 02:30
                job.hr.zone = UTC
                job.payroll.source = file
                job.payroll.path = data/pay_$yyyy$mm.csv
                job.payroll.schedule = monthly
                job.payroll.start = 2027-01
                job.payroll.day-of-month = 31
                job.payroll.time = 06:00
                job.payroll.zone = UTC
                job.payroll.enabled = false
                """);
        CliTest.Run r = rollcall("jobs", "import", f.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("Imported 2 jobs from " + f + " (2 added or changed).\n", r.out());
        assertEquals(List.of("payroll"), names(rollcall("jobs", "list", "--state", "disabled")));
        String show = rollcall("jobs", "show", "payroll").out();
        assertTrue(show.contains("    base = " + dir.toAbsolutePath() + "\n"), "relative paths stay relative to the file: " + show);
        String next = rollcall("jobs", "next", "--count", "1", "--from", "2026-12-01").out();
        assertTrue(next.contains("hr\n  schedule: daily at 02:30 UTC, from 2026-12-01\n  source:   folder "
                + dir.toAbsolutePath().resolve("in") + "\n  2026-12-01 02:30 UTC (Tue)"), next);
        assertTrue(next.contains("payroll (disabled)\n"), next);
        assertEquals("Imported 2 jobs from " + f + " (0 added or changed).\n", rollcall("jobs", "import", f.toString()).out());
    }

    @Test
    void applyByHand_isInTheSameHistory_withWhoAppliedIt() throws Exception {
        Path file = Files.writeString(dir.resolve("users.csv"), USERS);
        CliTest.Run a = rollcall("apply", file.toString(), "--applied-by", "alice");
        assertEquals(0, a.code(), a.err());
        Files.createDirectories(dir.resolve("in"));
        Files.writeString(dir.resolve("in/more.csv"), "username,email,firstName,lastName\ncarol,carol@example.com,Carol,T\n");
        assertEquals(0, add("hr", "source=folder", "path=" + dir.resolve("in"), "format=csv", "settle=0s", "schedule=now").code());
        assertEquals(0, rollcall("jobs", "run", "--once", "--work", dir.resolve("work").toString(), "--name", "node-1").code());

        String h = rollcall("jobs", "history").out();
        List<String> lines = h.lines().toList();
        assertTrue(lines.get(0).matches("#1 \\S+  rollcall apply by alice: processed"), h);
        assertTrue(lines.get(1).startsWith("    users.csv (" + USERS.length() + " bytes, sha256 "), h);
        assertTrue(lines.get(1).endsWith("): applied, 2 rows, 2 created"), h);
        assertTrue(lines.get(2).matches("#2 \\S+  hr, run of \\S+ by node-1: processed"), h);
        assertEquals(List.of(), List.of(rollcall("jobs", "history", "hr").out().split("\n")).stream()
                .filter(l -> l.contains("alice")).toList(), "a job's history holds its own runs");
    }
}
