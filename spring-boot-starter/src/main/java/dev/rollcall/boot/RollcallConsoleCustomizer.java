package dev.rollcall.boot;

import dev.rollcall.web.RollcallConsole;

/**
 * Adds to the auto-configured review console what properties cannot say: templates, the
 * host's messages, an executor, the jobs pages ({@code builder.jobs(new JobsConsole(...))}).
 * Beans of this type are applied in their {@link org.springframework.core.annotation.Order
 * order}, after the repository, the authorizer, the planner settings and
 * {@code rollcall.console.max-upload-bytes}.
 */
@FunctionalInterface
public interface RollcallConsoleCustomizer {

    /**
     * @param builder the console builder
     */
    void customize(RollcallConsole.Builder builder);
}
