package dev.rollcall.cli;

import dev.rollcall.spi.ControlCharacters;
import dev.rollcall.spi.JobCompletion;
import dev.rollcall.spi.JobNotifier;
import dev.rollcall.spi.Notifier;
import dev.rollcall.spi.Problem;
import dev.rollcall.spi.UploadCompletion;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * What {@code rollcall jobs run} prints: one line per file a job processed (or run that
 * failed), then its problems; and then hands the completion on to the email notifier, if
 * the jobs file configures one. Thread-safe.
 */
final class ConsoleNotifier implements JobNotifier {

    private final PrintWriter out;
    private final Notifier next;
    private final Clock clock;

    ConsoleNotifier(PrintWriter out, Notifier next, Clock clock) {
        this.out = out;
        this.next = next;
        this.clock = clock;
    }

    @Override
    public void jobCompleted(JobCompletion c) {
        StringBuilder sb = new StringBuilder().append(Instant.now(clock).truncatedTo(ChronoUnit.SECONDS)).append(' ')
                .append(c.job()).append(": ").append(c.file().orElse("no file")).append(' ').append(c.statusLabel());
        if (c.status() == JobCompletion.Status.APPLIED || c.status() == JobCompletion.Status.STOPPED) {
            sb.append(", ").append(c.upload().summary().describe());
        }
        c.upload().errorFile().ifPresent(p -> sb.append("; rejected rows in ").append(p));
        synchronized (out) {
            out.println(ControlCharacters.escape(sb.toString()));
            for (Problem p : c.upload().fileProblems()) {
                out.println("    " + p.describe());
            }
            out.flush();
        }
        if (next instanceof JobNotifier n) {
            n.jobCompleted(c);
        } else if (next != null) {
            next.uploadCompleted(c.upload());
        }
    }

    @Override
    public void uploadCompleted(UploadCompletion completion) {
        if (next != null) {
            next.uploadCompleted(completion);
        }
    }
}
