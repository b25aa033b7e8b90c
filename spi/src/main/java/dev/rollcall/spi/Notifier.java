package dev.rollcall.spi;

/**
 * Hears about what an upload did: a welcome message for each new user the host chose to
 * greet, and the completion of the whole upload. Both methods do nothing by default, so an
 * implementer writes only what it needs.
 *
 * <p>Rollcall calls notifiers defensively: an exception thrown here is logged and
 * recorded, and never aborts an apply.
 */
public interface Notifier {

    /**
     * A new user was created and the host asked for a welcome message. Called after the
     * user exists in the repository.
     *
     * @param message who to welcome
     */
    default void welcome(WelcomeMessage message) {
    }

    /**
     * An upload was applied, or refused.
     *
     * @param completion what happened
     */
    default void uploadCompleted(UploadCompletion completion) {
    }
}
