package dev.rollcall.testkit;

import dev.rollcall.core.UploadPlanner;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * Settings for an {@link UploadPlanner.Builder}, with a description for reports: what a
 * {@link PlannerLaws} property configures besides what each law sets itself (the repository,
 * the format, the mode, the site scope, the batch size and the failure policy).
 *
 * <pre>{@code
 * PlannerOptions ours = PlannerOptions.of("match on externalId, erase on \"\"",
 *         b -> b.matchOn("externalId").emptyValues(EmptyValues.ERASE));
 * }</pre>
 *
 * <p>Immutable and thread-safe, provided the settings function is.
 */
public final class PlannerOptions {

    private static final PlannerOptions DEFAULTS = new PlannerOptions("defaults", b -> { });

    private final String description;
    private final Consumer<UploadPlanner.Builder> settings;

    private PlannerOptions(String description, Consumer<UploadPlanner.Builder> settings) {
        this.description = description;
        this.settings = settings;
    }

    /** @return no settings: the planner's defaults */
    public static PlannerOptions defaults() {
        return DEFAULTS;
    }

    /**
     * @param description what the settings are, for reports
     * @param settings    calls on the builder; must not set the repository, format, mode, site,
     *                    batch size or failure policy (the laws set those)
     * @return the options
     */
    public static PlannerOptions of(String description, Consumer<UploadPlanner.Builder> settings) {
        Objects.requireNonNull(description, "description must not be null");
        Objects.requireNonNull(settings, "settings must not be null");
        return new PlannerOptions(description, settings);
    }

    /**
     * @param more other settings
     * @return these settings, then {@code more}
     */
    public PlannerOptions and(PlannerOptions more) {
        Objects.requireNonNull(more, "more must not be null");
        if (this == DEFAULTS) {
            return more;
        }
        if (more == DEFAULTS) {
            return this;
        }
        return new PlannerOptions(description + ", " + more.description, settings.andThen(more.settings));
    }

    /**
     * @param builder a builder
     * @return the same builder, with these settings made
     */
    public UploadPlanner.Builder applyTo(UploadPlanner.Builder builder) {
        settings.accept(Objects.requireNonNull(builder, "builder must not be null"));
        return builder;
    }

    @Override
    public String toString() {
        return description;
    }
}
