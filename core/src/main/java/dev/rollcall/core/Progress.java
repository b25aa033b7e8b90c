package dev.rollcall.core;

/**
 * Told how far planning and applying have got, for a progress bar. Called on the thread that
 * plans or applies, after each batch; keep it quick. It must not throw.
 *
 * <pre>{@code
 * UploadPlan.builder().repository(store)
 *         .progress((stage, done, total) -> bar.show(stage, done, total))
 * }</pre>
 */
@FunctionalInterface
public interface Progress {

    /** What is under way. */
    enum Stage {
        /** Reading, validating and planning rows; the total is not known ({@code -1}). */
        PLANNING,
        /** Writing a plan; {@code done} and {@code total} count the plan's rows. */
        APPLYING
    }

    /**
     * @param stage what is under way
     * @param done  rows planned, or rows of the plan gone through while applying
     * @param total the plan's rows while applying; {@code -1} while planning
     */
    void update(Stage stage, long done, long total);
}
