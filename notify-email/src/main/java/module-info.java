/**
 * Completion emails for scheduled jobs: {@link dev.rollcall.notify.email.EmailNotifier} sends
 * each job's completion report, with the error file attached, through an SMTP server
 * (Jakarta Mail, implemented by Eclipse Angus).
 */
module dev.rollcall.notify.email {
    requires transitive dev.rollcall.spi;
    requires jakarta.mail;
    requires org.slf4j;

    exports dev.rollcall.notify.email;
}
