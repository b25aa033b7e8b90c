package dev.rollcall.boot;

import dev.rollcall.spi.Decoder;
import dev.rollcall.spi.Notifier;
import dev.rollcall.spi.UserRepository;
import dev.rollcall.web.Authorizer;
import dev.rollcall.web.ConsoleServlet;
import dev.rollcall.web.RollcallConsole;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;

/**
 * The review console ({@code rollcall-web}) in a servlet web application, mounted at
 * {@code rollcall.console.path} (default {@code /rollcall/*}). Only when the application
 * defines an {@link Authorizer} bean: the console is never mounted without the host saying
 * who may use it ({@code request -> request.isUserInRole("ADMIN")} behind Spring Security,
 * say). {@code rollcall.console.enabled=false} turns it off.
 *
 * <p>Each upload's plan takes the host settings of the {@code rollcall.*} properties, the
 * notifier, the decoders and the {@link UploadPlannerCustomizer}s; the upload form chooses
 * the rest. {@link RollcallConsoleCustomizer} beans add templates, messages or the jobs pages.
 */
@AutoConfiguration(after = {RollcallAutoConfiguration.class, RollcallJobsAutoConfiguration.class})
@ConditionalOnClass(ConsoleServlet.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnBean({UserRepository.class, Authorizer.class})
@ConditionalOnProperty(name = "rollcall.console.enabled", matchIfMissing = true)
public class RollcallConsoleAutoConfiguration {

    /** Made by Spring. */
    public RollcallConsoleAutoConfiguration() {
    }

    /**
     * @param repository  the store
     * @param authorizer  who may enter
     * @param properties  the {@code rollcall.*} properties
     * @param notifier    the application's notifier, if it has exactly one
     * @param decoders    the application's decoders
     * @param customizers the application's planner customizers
     * @param consoleCustomizers the application's console customizers
     * @return the console's settings
     */
    @Bean
    @ConditionalOnMissingBean
    public RollcallConsole rollcallConsole(UserRepository repository, Authorizer authorizer,
            RollcallProperties properties, ObjectProvider<Notifier> notifier, ObjectProvider<Decoder> decoders,
            ObjectProvider<UploadPlannerCustomizer> customizers,
            ObjectProvider<RollcallConsoleCustomizer> consoleCustomizers) {
        RollcallConsole.Builder builder = RollcallConsole.builder()
                .repository(repository)
                .authorizer(authorizer)
                .planner(RollcallAutoConfiguration.hostSettings(properties, notifier, decoders, customizers));
        if (properties.console().maxUploadBytes() != null) {
            builder.maxUploadBytes(properties.console().maxUploadBytes());
        }
        consoleCustomizers.orderedStream().forEach(c -> c.customize(builder));
        return builder.build();
    }

    /**
     * @param console    the console's settings
     * @param properties the {@code rollcall.*} properties
     * @return the console servlet, mapped at {@code rollcall.console.path}, taking uploads
     */
    @Bean
    @ConditionalOnMissingBean(name = "rollcallConsoleServlet")
    public ServletRegistrationBean<ConsoleServlet> rollcallConsoleServlet(RollcallConsole console,
            RollcallProperties properties) {
        ServletRegistrationBean<ConsoleServlet> registration =
                new ServletRegistrationBean<>(new ConsoleServlet(console), properties.console().path());
        registration.setName("rollcallConsole");
        registration.setMultipartConfig(console.multipartConfig());
        return registration;
    }
}
