package dev.rollcall.spi;

/**
 * A {@link Notifier} that also hears about scheduled jobs: which job finished, with which
 * file, and who asked to be told (the job's completion-email address). A plain
 * {@code Notifier} handed to a job runner hears {@link #uploadCompleted} instead.
 *
 * <p>Rollcall calls notifiers defensively: an exception thrown here is logged and recorded
 * in the run's history, and never breaks the job. Implementations must be thread-safe: a
 * runner calls them from the threads its jobs run on.
 */
public interface JobNotifier extends Notifier {

    /**
     * A job finished with a file, or failed. By default, passes the upload's completion to
     * {@link #uploadCompleted}.
     *
     * @param completion what happened
     */
    default void jobCompleted(JobCompletion completion) {
        uploadCompleted(completion.upload());
    }
}
