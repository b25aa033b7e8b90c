package dev.rollcall.notify.email;

import dev.rollcall.spi.Codes;
import dev.rollcall.spi.JobCompletion;
import dev.rollcall.spi.JobNotifier;
import dev.rollcall.spi.Problem;
import dev.rollcall.spi.RollcallException;
import dev.rollcall.spi.Secret;
import dev.rollcall.spi.UploadCompletion;
import dev.rollcall.spi.UploadSummary;
import jakarta.mail.Authenticator;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;

/**
 * Sends seed 002's "Job Completion Email": for each file a job processed (or a run that
 * failed), a message to the job's completion-email address with the outcome, the counters,
 * the problems that refused or stopped the file, and the error file of rejected rows attached.
 *
 * <pre>{@code
 * EmailNotifier email = EmailNotifier.builder()
 *         .host("smtp.example.com").port(587).startTls(true)
 *         .username("rollcall").password(Secret.of(System.getenv("SMTP_PASSWORD")))
 *         .from("rollcall@example.com")
 *         .build();
 * JobRunner runner = JobRunner.builder().repository(repository).workDirectory(dir).notifier(email).build();
 * }</pre>
 *
 * <p>An email never contains a password: the job's error file has sensitive columns emptied,
 * problems never quote them, and the SMTP password is used only to log in. A message that
 * cannot be sent throws a {@link RollcallException} ({@link Codes#NOTIFIER_FAILED}); the job
 * runner logs it and records it in the run's history, and the upload is not affected.
 *
 * <p>Immutable and thread-safe; its {@code toString()} never shows the password.
 */
public final class EmailNotifier implements JobNotifier {

    private static final Logger LOG = LoggerFactory.getLogger(EmailNotifier.class);

    /** Attachments larger than this are left out, and the message says where the file is. */
    public static final long MAX_ATTACHMENT_BYTES = 10L << 20;

    private final String host;
    private final int port;
    private final String from;
    private final String username;
    private final Secret password;
    private final boolean startTls;
    private final boolean ssl;
    private final Duration timeout;
    private final List<String> to;

    private EmailNotifier(Builder b) {
        this.host = b.host;
        this.port = b.port != null ? b.port : Boolean.TRUE.equals(b.ssl) ? 465 : Boolean.TRUE.equals(b.startTls) ? 587 : 25;
        this.from = b.from;
        this.username = b.username;
        this.password = b.password;
        this.startTls = Boolean.TRUE.equals(b.startTls);
        this.ssl = Boolean.TRUE.equals(b.ssl);
        this.timeout = b.timeout == null ? Duration.ofSeconds(30) : b.timeout;
        this.to = List.copyOf(b.to);
    }

    /** @return a builder */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Emails a job's completion to the job's completion-email address (or, when the job has
     * none, to the default recipients, if any).
     *
     * @throws RollcallException ({@link Codes#NOTIFIER_FAILED}) when the message cannot be sent
     */
    @Override
    public void jobCompleted(JobCompletion c) {
        List<String> recipients = c.recipient().map(List::of).orElse(to);
        if (recipients.isEmpty()) {
            LOG.debug("job {} has no completion-email address; no email", c.job());
            return;
        }
        String what = c.file().map(f -> f + " " + c.statusLabel()).orElse(c.statusLabel());
        String subject = "Rollcall job " + c.description() + ": " + what + counters(c);
        StringBuilder body = new StringBuilder()
                .append("Job:      ").append(c.description()).append(" (").append(c.job()).append(")\n")
                .append("File:     ").append(c.file().orElse("none (" + c.upload().source() + ")")).append('\n')
                .append("Result:   ").append(explain(c.status())).append('\n')
                .append("Summary:  ").append(c.upload().summary().describe()).append('\n')
                .append("Finished: ").append(c.upload().finishedAt()).append('\n');
        send(recipients, subject, body, c.upload());
    }

    /**
     * Emails an upload's completion to the default recipients (when a plain notifier is what
     * the host wired in); without default recipients, does nothing.
     *
     * @throws RollcallException ({@link Codes#NOTIFIER_FAILED}) when the message cannot be sent
     */
    @Override
    public void uploadCompleted(UploadCompletion c) {
        if (to.isEmpty()) {
            return;
        }
        String subject = "Rollcall upload " + c.source() + ": " + (c.applied() ? "applied" : "not applied");
        StringBuilder body = new StringBuilder()
                .append("File:     ").append(c.source()).append('\n')
                .append("Result:   ").append(c.applied() ? "applied" : "not applied").append('\n')
                .append("Summary:  ").append(c.summary().describe()).append('\n')
                .append("Finished: ").append(c.finishedAt()).append('\n');
        send(to, subject, body, c);
    }

    private static String counters(JobCompletion c) {
        UploadSummary s = c.upload().summary();
        if (c.status() != JobCompletion.Status.APPLIED) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        if (s.created() > 0) {
            parts.add(s.created() + " created");
        }
        if (s.changed() - s.created() > 0) {
            parts.add((s.changed() - s.created()) + " changed");
        }
        if (s.rejected() > 0) {
            parts.add(s.rejected() + " rejected");
        }
        if (s.failed() > 0) {
            parts.add(s.failed() + " failed");
        }
        return parts.isEmpty() ? " (no changes)" : " (" + String.join(", ", parts) + ")";
    }

    private static String explain(JobCompletion.Status status) {
        switch (status) {
            case APPLIED:
                return "applied";
            case REFUSED:
                return "refused: the file was not accepted, nothing was written";
            case STOPPED:
                return "stopped by the safety threshold: nothing was written";
            case INTERRUPTED:
                return "interrupted while applying: the file is kept aside and is not applied again by itself";
            default:
                return "failed: see the problems below";
        }
    }

    private void send(List<String> recipients, String subject, StringBuilder body, UploadCompletion upload) {
        if (!upload.fileProblems().isEmpty()) {
            body.append("\nProblems:\n");
            for (Problem p : upload.fileProblems()) {
                body.append("  ").append(p.describe()).append('\n');
            }
        }
        Optional<Path> attachment = upload.errorFile().filter(Files::isRegularFile);
        if (attachment.isPresent()) {
            long size = size(attachment.get());
            if (size <= MAX_ATTACHMENT_BYTES) {
                body.append("\nThe rejected rows are attached (").append(attachment.get().getFileName())
                        .append("), each with an errors column saying what to fix. Passwords are not included.\n");
            } else {
                body.append("\nThe error file is too large to attach (").append(size).append(" bytes); it is ")
                        .append(attachment.get()).append('\n');
                attachment = Optional.empty();
            }
        }
        try {
            MimeMessage message = new MimeMessage(session());
            message.setFrom(new InternetAddress(from));
            for (String r : recipients) {
                message.addRecipient(Message.RecipientType.TO, new InternetAddress(r));
            }
            message.setSubject(subject, "UTF-8");
            message.setSentDate(new Date());
            MimeBodyPart text = new MimeBodyPart();
            text.setText(body.toString(), "UTF-8");
            if (attachment.isPresent()) {
                MimeMultipart multipart = new MimeMultipart();
                multipart.addBodyPart(text);
                MimeBodyPart file = new MimeBodyPart();
                // base64 keeps the file byte for byte (text parts would have their line ends rewritten)
                file.attachFile(attachment.get().toFile(), contentType(attachment.get()), "base64");
                file.setFileName(attachment.get().getFileName().toString());
                multipart.addBodyPart(file);
                message.setContent(multipart);
            } else {
                message.setText(body.toString(), "UTF-8");
            }
            Transport.send(message);
            LOG.info("completion email sent to {}: {}", recipients, subject);
        } catch (MessagingException | IOException e) {
            throw new RollcallException(Codes.NOTIFIER_FAILED, "the completion email to " + recipients
                    + " could not be sent through " + host + ":" + port + " (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage().strip()) + ")", e);
        }
    }

    private static String contentType(Path p) {
        String name = p.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        return name.endsWith(".csv") ? "text/csv; charset=UTF-8"
                : name.endsWith(".xml") ? "application/xml" : "application/octet-stream";
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return Long.MAX_VALUE;
        }
    }

    private Session session() {
        Properties props = new Properties();
        String protocol = ssl ? "smtps" : "smtp";
        props.setProperty("mail.transport.protocol", protocol);
        props.setProperty("mail." + protocol + ".host", host);
        props.setProperty("mail." + protocol + ".port", Integer.toString(port));
        props.setProperty("mail." + protocol + ".connectiontimeout", Long.toString(timeout.toMillis()));
        props.setProperty("mail." + protocol + ".timeout", Long.toString(timeout.toMillis()));
        props.setProperty("mail." + protocol + ".writetimeout", Long.toString(timeout.toMillis()));
        if (startTls) {
            props.setProperty("mail.smtp.starttls.enable", "true");
            props.setProperty("mail.smtp.starttls.required", "true");
        }
        if (ssl || startTls) {
            props.setProperty("mail." + protocol + ".ssl.checkserveridentity", "true");
        }
        if (username == null) {
            return Session.getInstance(props);
        }
        props.setProperty("mail." + protocol + ".auth", "true");
        return Session.getInstance(props, new Authenticator() {
            @Override
            protected PasswordAuthentication getPasswordAuthentication() {
                char[] chars = password.reveal();
                try {
                    return new PasswordAuthentication(username, new String(chars));
                } finally {
                    java.util.Arrays.fill(chars, '\0');
                }
            }
        });
    }

    @Override
    public String toString() {
        return "EmailNotifier[" + (ssl ? "smtps" : "smtp") + "://" + (username == null ? "" : username + "@") + host + ":"
                + port + (startTls ? " (STARTTLS)" : "") + ", from " + from + "]";
    }

    /**
     * Configures an {@link EmailNotifier}. Each setting may be given once. Not thread-safe.
     */
    public static final class Builder {
        private String host;
        private Integer port;
        private String from;
        private String username;
        private Secret password;
        private Boolean startTls;
        private Boolean ssl;
        private Duration timeout;
        private final List<String> to = new ArrayList<>();

        private Builder() {
        }

        private static void once(Object current, String setting) {
            if (current != null) {
                throw new IllegalStateException(setting + " was already set");
            }
        }

        private static String address(String value, String setting) {
            try {
                InternetAddress a = new InternetAddress(value, true);
                return a.getAddress();
            } catch (AddressException e) {
                throw new IllegalArgumentException(setting + " is not an email address: '" + value + "'");
            }
        }

        /** The SMTP server's host name (required). */
        public Builder host(String value) {
            Objects.requireNonNull(value, "host must not be null");
            once(host, "host");
            if (value.isBlank()) {
                throw new IllegalArgumentException("host must not be blank");
            }
            this.host = value.strip();
            return this;
        }

        /** The SMTP server's port (default 25; 587 with STARTTLS; 465 with SSL). */
        public Builder port(int value) {
            once(port, "port");
            if (value < 1 || value > 65535) {
                throw new IllegalArgumentException("port must be between 1 and 65535: " + value);
            }
            this.port = value;
            return this;
        }

        /** The sender's address (required). */
        public Builder from(String value) {
            Objects.requireNonNull(value, "from must not be null");
            once(from, "from");
            this.from = address(value, "from");
            return this;
        }

        /** The SMTP login (default: none, no authentication). */
        public Builder username(String value) {
            Objects.requireNonNull(value, "username must not be null");
            once(username, "username");
            this.username = value;
            return this;
        }

        /** The SMTP password; needs a username. Kept as a {@link Secret}. */
        public Builder password(Secret value) {
            Objects.requireNonNull(value, "password must not be null");
            once(password, "password");
            this.password = value;
            return this;
        }

        /** The SMTP password; copied, so the caller may clear its array. */
        public Builder password(char[] value) {
            Objects.requireNonNull(value, "password must not be null");
            return password(Secret.of(value));
        }

        /** Upgrade the connection with STARTTLS, and refuse a server that does not offer it (default false). */
        public Builder startTls(boolean value) {
            once(startTls, "startTls");
            this.startTls = value;
            return this;
        }

        /** Connect with TLS from the start, SMTPS (default false). */
        public Builder ssl(boolean value) {
            once(ssl, "ssl");
            this.ssl = value;
            return this;
        }

        /** Connection, read and write timeout (default 30 seconds). */
        public Builder timeout(Duration value) {
            Objects.requireNonNull(value, "timeout must not be null");
            once(timeout, "timeout");
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException("timeout must be positive: " + value);
            }
            this.timeout = value;
            return this;
        }

        /** Default recipients, for jobs without a completion-email address; may be given several times. */
        public Builder to(String... values) {
            Objects.requireNonNull(values, "to must not be null");
            for (String v : values) {
                to.add(address(Objects.requireNonNull(v, "to must not hold null"), "to"));
            }
            return this;
        }

        /**
         * @return the notifier
         * @throws IllegalStateException when host or from is missing, a password is given
         *                               without a username (or the reverse), or both STARTTLS
         *                               and SSL are on
         */
        public EmailNotifier build() {
            if (host == null) {
                throw new IllegalStateException("host must be set");
            }
            if (from == null) {
                throw new IllegalStateException("from must be set");
            }
            if ((username == null) != (password == null)) {
                throw new IllegalStateException("username and password go together");
            }
            if (Boolean.TRUE.equals(startTls) && Boolean.TRUE.equals(ssl)) {
                throw new IllegalStateException("startTls and ssl conflict: choose one");
            }
            return new EmailNotifier(this);
        }
    }
}
