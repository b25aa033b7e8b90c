package dev.rollcall.notify.email;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.rollcall.core.InMemoryUserRepository;
import dev.rollcall.jobs.FileResult;
import dev.rollcall.jobs.FileSources;
import dev.rollcall.jobs.Job;
import dev.rollcall.jobs.JobRunner;
import dev.rollcall.jobs.RunRecord;
import dev.rollcall.jobs.Schedule;
import dev.rollcall.csv.CsvFormat;
import dev.rollcall.spi.Codes;
import dev.rollcall.spi.JobCompletion;
import dev.rollcall.spi.Problem;
import dev.rollcall.spi.RollcallException;
import dev.rollcall.spi.Secret;
import dev.rollcall.spi.UploadCompletion;
import dev.rollcall.spi.UploadSummary;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EmailNotifierTest {

    private static final String SMTP_PASSWORD = "smtp-Pa55word-9x";

    @RegisterExtension
    static GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("rollcall", SMTP_PASSWORD))
            .withPerMethodLifecycle(true);

    @TempDir
    Path dir;

    private static int port() {
        return greenMail.getSmtp().getPort();
    }

    private static EmailNotifier.Builder notifier() {
        return EmailNotifier.builder().host("localhost").port(port()).from("rollcall@example.com")
                .username("rollcall").password(Secret.of(SMTP_PASSWORD)).timeout(Duration.ofSeconds(10));
    }

    private static JobCompletion completion(JobCompletion.Status status, UploadSummary summary, List<Problem> problems,
                                            Optional<Path> errorFile, Optional<String> recipient) {
        return new JobCompletion("hr", "Nightly HR feed", recipient, status, Optional.of("users.csv"),
                new UploadCompletion("users.csv", status == JobCompletion.Status.APPLIED, summary, problems, errorFile,
                        Instant.parse("2026-11-20T02:31:00Z")));
    }

    private static String text(Part part) throws Exception {
        try (InputStream in = part.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void applied_sendsTheSummary_andTheErrorFileAttached() throws Exception {
        Path errors = Files.writeString(dir.resolve("users-errors.csv"), "username,email,errors\nbob,not-an-email,"
                + "email: not a valid email address [INVALID_VALUE]\n");
        UploadSummary summary = new UploadSummary(3, 2, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0);
        notifier().build().jobCompleted(completion(JobCompletion.Status.APPLIED, summary, List.of(), Optional.of(errors),
                Optional.of("admin@example.com")));

        MimeMessage[] received = greenMail.getReceivedMessages();
        assertEquals(1, received.length);
        MimeMessage m = received[0];
        assertEquals("Rollcall job Nightly HR feed: users.csv applied (2 created, 1 rejected)", m.getSubject());
        assertEquals("admin@example.com", m.getRecipients(Message.RecipientType.TO)[0].toString());
        assertEquals("rollcall@example.com", m.getFrom()[0].toString());
        Multipart parts = (Multipart) m.getContent();
        assertEquals(2, parts.getCount());
        String body = text(parts.getBodyPart(0));
        assertTrue(body.contains("Job:      Nightly HR feed (hr)"), body);
        assertTrue(body.contains("Summary:  3 rows, 2 created, 1 rejected"), body);
        assertTrue(body.contains("The rejected rows are attached (users-errors.csv)"), body);
        BodyPart attachment = parts.getBodyPart(1);
        assertEquals(Part.ATTACHMENT, attachment.getDisposition());
        assertEquals("users-errors.csv", attachment.getFileName());
        assertEquals(Files.readString(errors), text(attachment));
    }

    @Test
    void refused_listsTheProblems_withoutAttachment() throws Exception {
        notifier().build().jobCompleted(completion(JobCompletion.Status.REFUSED, UploadSummary.EMPTY,
                List.of(Problem.error(Codes.UNKNOWN_COLUMN, "the column \"Emial\" is not a field").atLine(1)),
                Optional.empty(), Optional.of("admin@example.com")));
        MimeMessage m = greenMail.getReceivedMessages()[0];
        assertEquals("Rollcall job Nightly HR feed: users.csv refused", m.getSubject());
        String body = GreenMailUtil.getBody(m);
        assertTrue(body.contains("refused: the file was not accepted, nothing was written"), body);
        assertTrue(body.contains("line 1: the column \"Emial\" is not a field [UNKNOWN_COLUMN]"), body);
    }

    @Test
    void noRecipient_noEmail() {
        notifier().build().jobCompleted(completion(JobCompletion.Status.APPLIED, UploadSummary.EMPTY, List.of(),
                Optional.empty(), Optional.empty()));
        assertEquals(0, greenMail.getReceivedMessages().length);
    }

    @Test
    void defaultRecipients_forJobsWithoutAnAddress_andForPlainUploads() {
        EmailNotifier n = notifier().to("ops@example.com").build();
        n.jobCompleted(completion(JobCompletion.Status.APPLIED, UploadSummary.EMPTY, List.of(), Optional.empty(),
                Optional.empty()));
        n.uploadCompleted(new UploadCompletion("users.csv", true, UploadSummary.EMPTY, List.of(), Optional.empty(),
                Instant.EPOCH));
        assertEquals(2, greenMail.getReceivedMessages().length);
    }

    @Test
    void wrongSmtpPassword_failsWithNotifierFailed_neverShowingAPassword() {
        EmailNotifier n = EmailNotifier.builder().host("localhost").port(port()).from("rollcall@example.com")
                .username("rollcall").password("wrong-Secret-77".toCharArray()).timeout(Duration.ofSeconds(10)).build();
        RollcallException e = assertThrows(RollcallException.class, () -> n.jobCompleted(completion(
                JobCompletion.Status.APPLIED, UploadSummary.EMPTY, List.of(), Optional.empty(),
                Optional.of("admin@example.com"))));
        assertEquals(Codes.NOTIFIER_FAILED, e.code());
        assertTrue(e.getMessage().contains("AuthenticationFailedException"), e.getMessage());
        assertFalse(e.getMessage().contains("wrong-Secret-77"), e.getMessage());
        assertEquals(0, greenMail.getReceivedMessages().length);
    }

    @Test
    void serverDown_failsWithNotifierFailed() throws Exception {
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        EmailNotifier n = EmailNotifier.builder().host("localhost").port(closed).from("rollcall@example.com")
                .timeout(Duration.ofSeconds(5)).build();
        RollcallException e = assertThrows(RollcallException.class, () -> n.jobCompleted(completion(
                JobCompletion.Status.APPLIED, UploadSummary.EMPTY, List.of(), Optional.empty(),
                Optional.of("admin@example.com"))));
        assertEquals(Codes.NOTIFIER_FAILED, e.code());
    }

    /** The whole way: a scheduled job with a rejected row and passwords in the file, emailed. */
    @Test
    void jobRunner_emailsTheCompletion_withTheErrorFile_andNoPasswords() throws Exception {
        String password = "Userpass-Qq81!zz";
        Path in = Files.createDirectories(dir.resolve("in"));
        Files.writeString(in.resolve("users.csv"), "username,email,firstName,lastName,password\n"
                + "alice,alice@example.com,Alice,Test," + password + "\n"
                + "bob,not-an-email,Bob,Test," + password + "\n");
        InMemoryUserRepository repository = new InMemoryUserRepository();
        PrintStream original = System.err;
        ByteArrayOutputStream logs = new ByteArrayOutputStream();
        try (JobRunner runner = JobRunner.builder().repository(repository).workDirectory(dir.resolve("work"))
                .notifier(notifier().build()).build()) {
            System.setErr(new PrintStream(logs, true, StandardCharsets.UTF_8));
            runner.add(Job.builder("hr").description("Nightly HR feed").completionEmail("admin@example.com")
                    .source(FileSources.folder(in)).schedule(Schedule.now()).format(CsvFormat.defaults())
                    .settle(Duration.ZERO).build());
            RunRecord run = runner.runNow("hr").orElseThrow();
            FileResult f = run.files().get(0);
            assertEquals(JobCompletion.Status.APPLIED, f.status());
            assertEquals(List.of(), run.notifierFailures());
        } finally {
            System.setErr(original);
        }
        MimeMessage m = greenMail.getReceivedMessages()[0];
        assertEquals("Rollcall job Nightly HR feed: users.csv applied (1 created, 1 rejected)", m.getSubject());
        Multipart parts = (Multipart) m.getContent();
        String attachment = text(parts.getBodyPart(1));
        assertTrue(attachment.startsWith("username,email,firstName,lastName,password,errors"), attachment);
        assertTrue(attachment.contains("bob,not-an-email,Bob,Test,,"), attachment);
        assertFalse(attachment.contains(password), "no password in the (base64) attachment: " + attachment);
        assertFalse(text(parts.getBodyPart(0)).contains(password));
        String raw = GreenMailUtil.getWholeMessage(m);
        assertFalse(raw.contains(password), "no user password in the email");
        assertFalse(raw.contains(SMTP_PASSWORD), "no SMTP password in the email");
        assertFalse(logs.toString(StandardCharsets.UTF_8).contains(password), "nor in the logs");
        assertFalse(logs.toString(StandardCharsets.UTF_8).contains(SMTP_PASSWORD), "nor in the logs");
    }

    @Test
    void jobRunner_recordsAnEmailThatFails_andTheJobGoesOn() throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        Files.writeString(in.resolve("users.csv"), "username,email,firstName,lastName\nalice,alice@example.com,A,T\n");
        InMemoryUserRepository repository = new InMemoryUserRepository();
        EmailNotifier wrong = EmailNotifier.builder().host("localhost").port(port()).from("rollcall@example.com")
                .username("rollcall").password("nope".toCharArray()).build();
        try (JobRunner runner = JobRunner.builder().repository(repository).workDirectory(dir.resolve("work"))
                .notifier(wrong).build()) {
            runner.add(Job.builder("hr").completionEmail("admin@example.com").source(FileSources.folder(in))
                    .schedule(Schedule.now()).format(CsvFormat.defaults()).settle(Duration.ZERO).build());
            RunRecord run = runner.runNow("hr").orElseThrow();
            assertEquals(JobCompletion.Status.APPLIED, run.files().get(0).status());
            assertTrue(repository.byUsername("alice").isPresent());
            assertEquals(1, run.notifierFailures().size());
            assertTrue(run.notifierFailures().get(0).message().startsWith("the completion notice failed (RollcallException: "
                    + "the completion email to [admin@example.com] could not be sent"), run.notifierFailures().get(0).message());
            assertEquals(run, runner.history("hr").get(0));
        }
    }

    // ---- builder rules ----

    private static void assertMessage(Class<? extends Throwable> type, String message, Runnable r) {
        assertEquals(message, assertThrows(type, r::run).getMessage());
    }

    @Test
    void host_missing() {
        assertMessage(IllegalStateException.class, "host must be set", () -> EmailNotifier.builder().from("a@b.c").build());
    }

    @Test
    void from_missing() {
        assertMessage(IllegalStateException.class, "from must be set", () -> EmailNotifier.builder().host("h").build());
    }

    @Test
    void from_notAnAddress() {
        assertMessage(IllegalArgumentException.class, "from is not an email address: 'rollcall at example'",
                () -> EmailNotifier.builder().from("rollcall at example"));
    }

    @Test
    void port_outOfRange() {
        assertMessage(IllegalArgumentException.class, "port must be between 1 and 65535: 0",
                () -> EmailNotifier.builder().port(0));
    }

    @Test
    void host_twice() {
        assertMessage(IllegalStateException.class, "host was already set", () -> EmailNotifier.builder().host("a").host("b"));
    }

    @Test
    void password_withoutUsername() {
        assertMessage(IllegalStateException.class, "username and password go together",
                () -> EmailNotifier.builder().host("h").from("a@b.c").password("x".toCharArray()).build());
    }

    @Test
    void startTlsAndSsl_conflict() {
        assertMessage(IllegalStateException.class, "startTls and ssl conflict: choose one",
                () -> EmailNotifier.builder().host("h").from("a@b.c").startTls(true).ssl(true).build());
    }

    @Test
    void host_null() {
        assertMessage(NullPointerException.class, "host must not be null", () -> EmailNotifier.builder().host(null));
    }

    @Test
    void toString_neverShowsThePassword() {
        String s = notifier().build().toString();
        assertEquals("EmailNotifier[smtp://rollcall@localhost:" + port() + ", from rollcall@example.com]", s);
        assertFalse(s.contains(SMTP_PASSWORD));
    }

    @Test
    void defaultPorts() {
        assertTrue(EmailNotifier.builder().host("h").from("a@b.c").startTls(true).build().toString().contains(":587"));
        assertTrue(EmailNotifier.builder().host("h").from("a@b.c").ssl(true).build().toString().contains("smtps://h:465"));
    }
}
