package dev.rollcall.jobs;

import dev.rollcall.spi.JobCompletion;
import dev.rollcall.spi.JobNotifier;
import dev.rollcall.spi.Problem;
import dev.rollcall.spi.UploadCompletion;
import dev.rollcall.spi.WelcomeMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A notifier that writes to the log (SLF4J, logger {@code dev.rollcall.jobs.LoggingNotifier}):
 * completions at INFO when applied and WARN otherwise, each file problem on its own line,
 * welcome messages at INFO by username. It logs counters, file names and problem messages,
 * never row values or passwords. A {@link JobRunner}'s default notifier.
 *
 * <p>Stateless and thread-safe.
 */
public final class LoggingNotifier implements JobNotifier {

    private static final Logger LOG = LoggerFactory.getLogger(LoggingNotifier.class);

    /** A notifier that writes to the log. */
    public LoggingNotifier() {
        // stateless
    }

    @Override
    public void welcome(WelcomeMessage message) {
        LOG.info("welcome message for new user {}", message.username());
    }

    @Override
    public void uploadCompleted(UploadCompletion completion) {
        if (completion.applied()) {
            LOG.info("{}: applied, {}", completion.source(), completion.summary().describe());
        } else {
            LOG.warn("{}: not applied", completion.source());
        }
        logProblems(completion);
    }

    @Override
    public void jobCompleted(JobCompletion c) {
        String file = c.file().orElse("no file");
        if (c.status() == JobCompletion.Status.APPLIED) {
            LOG.info("job {} ({}): {} {}, {}{}", c.job(), c.description(), file, c.statusLabel(),
                    c.upload().summary().describe(), c.upload().errorFile().map(p -> "; error file " + p).orElse(""));
        } else {
            LOG.warn("job {} ({}): {} {}", c.job(), c.description(), file, c.statusLabel());
        }
        logProblems(c.upload());
    }

    private static void logProblems(UploadCompletion completion) {
        for (Problem p : completion.fileProblems()) {
            LOG.warn("  {}", p.describe());
        }
    }
}
