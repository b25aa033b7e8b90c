package dev.rollcall.examples.boot;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A Spring Boot application with Rollcall: the starter configures the store and the planner
 * over the application's DataSource (H2 here, see {@code application.properties}), and
 * {@link Onboarding} uses them.
 */
@SpringBootApplication
public class SampleApplication {

    /** @param args Spring Boot's arguments */
    public static void main(String[] args) {
        SpringApplication.run(SampleApplication.class, args);
    }
}
