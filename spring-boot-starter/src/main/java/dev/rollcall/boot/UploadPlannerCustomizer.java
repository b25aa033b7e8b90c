package dev.rollcall.boot;

import dev.rollcall.core.UploadPlanner;

/**
 * Adds to every planner the auto-configuration builds what properties cannot say: a password
 * policy, a failure policy, a plan key, a progress listener. Beans of this type are applied in
 * their {@link org.springframework.core.annotation.Order order}, after the {@code rollcall.*}
 * properties, to the {@link UploadPlanner} bean and to each plan of the review console.
 *
 * <p>A builder takes each setting once: a customizer must not set what a property already
 * sets, nor (for the console) what the upload form chooses — the upload settings listed in
 * {@link RollcallProperties}.
 */
@FunctionalInterface
public interface UploadPlannerCustomizer {

    /**
     * @param builder the planner builder, with the repository and the properties already given
     */
    void customize(UploadPlanner.Builder builder);
}
