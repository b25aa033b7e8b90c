package dev.rollcall.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollcall.core.InMemoryUserRepository;
import dev.rollcall.core.Progress;
import dev.rollcall.core.UploadMode;
import dev.rollcall.core.UploadPlan;
import dev.rollcall.core.UploadPlanner;
import dev.rollcall.jdbc.JdbcUserRepository;
import dev.rollcall.jobs.JdbcJobStore;
import dev.rollcall.jobs.JobRunner;
import dev.rollcall.jobs.JobStore;
import dev.rollcall.spi.UserRepository;
import dev.rollcall.web.Authorizer;
import dev.rollcall.web.ConsoleServlet;
import dev.rollcall.web.RollcallConsole;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.ServletRegistrationBean;

class RollcallAutoConfigurationTest {

    private static final AutoConfigurations ROLLCALL = AutoConfigurations.of(RollcallAutoConfiguration.class,
            RollcallJobsAutoConfiguration.class, RollcallConsoleAutoConfiguration.class);

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(ROLLCALL)
            .withBean(DataSource.class, RollcallAutoConfigurationTest::h2);

    @TempDir
    Path work;

    private static DataSource h2() {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        return dataSource;
    }

    private static UploadPlan plan(UploadPlanner planner, String... rows) {
        String csv = "Username,Email Address,First Name,Last Name\n" + String.join("\n", rows) + "\n";
        return planner.plan(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)), "users.csv");
    }

    @Test
    void plansAndAppliesOverTheApplicationsDataSourceWithTheProperties() {
        runner.withPropertyValues("rollcall.mode=add-update", "rollcall.max-rows=2",
                "rollcall.defaults.department=Finance").run(context -> {
                    assertThat(context).hasSingleBean(JdbcUserRepository.class).hasSingleBean(UploadPlanner.class);
                    UploadPlanner planner = context.getBean(UploadPlanner.class);

                    UploadPlan plan = plan(planner, "jdoe,john.doe@example.com,John,Doe");
                    assertThat(plan.mode()).isEqualTo(UploadMode.ADD_UPDATE);
                    assertThat(plan.creates()).hasSize(1);
                    assertThat(plan.apply().summary().created()).isEqualTo(1);

                    UserRepository store = context.getBean(UserRepository.class);
                    var stored = store.findBy("username", List.of("jdoe")).get("jdoe");
                    assertThat(stored).hasSize(1);
                    assertThat(stored.get(0).fields()).containsEntry("department", "Finance");

                    // a host setting: more rows than rollcall.max-rows refuses the file
                    assertThat(plan(planner, "a,a@example.com,A,A", "b,b@example.com,B,B", "c,c@example.com,C,C")
                            .isRefused()).isTrue();
                });
    }

    @Test
    void aMappingFile_putsUsersIntoTheHostsOwnTable() throws Exception {
        JdbcDataSource dataSource = (JdbcDataSource) h2();
        try (var c = dataSource.getConnection(); var s = c.createStatement()) {
            s.execute("CREATE TABLE app_user (id BIGINT AUTO_INCREMENT PRIMARY KEY, login VARCHAR(100) NOT NULL, "
                    + "mail VARCHAR(200), given VARCHAR(100), family VARCHAR(100), suspended INT DEFAULT 0 NOT NULL, "
                    + "modified BIGINT DEFAULT 0 NOT NULL)");
        }
        Path mapping = work.resolve("app.properties");
        java.nio.file.Files.writeString(mapping, String.join("\n", "table = app_user", "id = id", "version = modified",
                "field.username = login", "field.email = mail", "field.firstName = given", "field.lastName = family",
                "status.flag = suspended"));
        new ApplicationContextRunner().withConfiguration(ROLLCALL)
                .withBean(DataSource.class, () -> dataSource)
                .withPropertyValues("rollcall.mode=add-update", "rollcall.jdbc.mapping=" + mapping)
                .run(context -> {
                    assertThat(context).hasSingleBean(dev.rollcall.jdbc.MappedUserRepository.class)
                            .doesNotHaveBean(JdbcUserRepository.class);
                    assertThat(plan(context.getBean(UploadPlanner.class), "jdoe,john.doe@example.com,John,Doe").apply()
                            .summary().created()).isEqualTo(1);
                });
        try (var c = dataSource.getConnection(); var s = c.createStatement();
             var r = s.executeQuery("SELECT login, mail, given, family FROM app_user")) {
            assertThat(r.next()).isTrue();
            assertThat(List.of(r.getString(1), r.getString(2), r.getString(3), r.getString(4)))
                    .containsExactly("jdoe", "john.doe@example.com", "John", "Doe");
            assertThat(r.next()).isFalse();
        }
    }

    @Test
    void theApplicationsNotifierCustomizersAndBeansComeFirst() {
        List<Progress.Stage> seen = new ArrayList<>();
        runner.withBean(UploadPlannerCustomizer.class, () -> b -> b.progress((stage, done, total) -> seen.add(stage)))
                .run(context -> {
                    plan(context.getBean(UploadPlanner.class), "jdoe,john.doe@example.com,John,Doe");
                    assertThat(seen).contains(Progress.Stage.PLANNING);
                });

        InMemoryUserRepository own = new InMemoryUserRepository();
        runner.withBean(UserRepository.class, () -> own).run(context -> {
            assertThat(context).doesNotHaveBean(JdbcUserRepository.class);
            assertThat(context.getBean(UserRepository.class)).isSameAs(own);
            plan(context.getBean(UploadPlanner.class), "jdoe,john.doe@example.com,John,Doe").apply();
            assertThat(own.size()).isEqualTo(1);
        });

        runner.withBean("myPlanner", UploadPlanner.class,
                () -> UploadPlan.builder().repository(new InMemoryUserRepository()).build())
                .run(context -> assertThat(context).hasSingleBean(UploadPlanner.class).hasBean("myPlanner"));
    }

    @Test
    void withoutADataSourceOrARepositoryNothingIsConfigured() {
        new ApplicationContextRunner().withConfiguration(ROLLCALL).run(context -> assertThat(context)
                .hasNotFailed()
                .doesNotHaveBean(UserRepository.class)
                .doesNotHaveBean(UploadPlanner.class)
                .doesNotHaveBean(JobStore.class));
    }

    @Test
    void theJobRunnerWhenJobsAreOnTheClassPathAndAWorkDirectoryIsGiven() {
        runner.run(context -> assertThat(context).hasSingleBean(JdbcJobStore.class).doesNotHaveBean(JobRunner.class));

        List<JobRunnerLifecycle> lifecycle = new ArrayList<>();
        runner.withPropertyValues("rollcall.jobs.work-directory=" + work, "rollcall.jobs.name=node-1").run(context -> {
            assertThat(context).hasSingleBean(JobRunner.class);
            assertThat(context.getBean(JobRunner.class).name()).isEqualTo("node-1");
            assertThat(context.getBean(JobRunner.class).store()).isSameAs(context.getBean(JobStore.class));
            lifecycle.add(context.getBean(JobRunnerLifecycle.class));
            assertThat(lifecycle.get(0).isRunning()).isTrue();
        });
        assertThat(lifecycle.get(0).isRunning()).as("stopped with the context").isFalse();

        runner.withPropertyValues("rollcall.jobs.work-directory=" + work, "rollcall.jobs.auto-start=false")
                .run(context -> assertThat(context).hasSingleBean(JobRunner.class)
                        .doesNotHaveBean(JobRunnerLifecycle.class));

        runner.withClassLoader(new FilteredClassLoader(JobRunner.class))
                .withPropertyValues("rollcall.jobs.work-directory=" + work)
                .run(context -> assertThat(context).hasSingleBean(UploadPlanner.class)
                        .doesNotHaveBean(JobStore.class).doesNotHaveBean(JobRunner.class));
    }

    @Test
    void theConsoleOnlyInAServletApplicationThatSaysWhoMayEnter() {
        WebApplicationContextRunner web = new WebApplicationContextRunner()
                .withConfiguration(ROLLCALL)
                .withBean(DataSource.class, RollcallAutoConfigurationTest::h2);

        web.withBean(Authorizer.class, () -> request -> request.isUserInRole("ADMIN"))
                .withPropertyValues("rollcall.console.path=/admin/users/*").run(context -> {
                    assertThat(context).hasSingleBean(RollcallConsole.class);
                    ServletRegistrationBean<?> servlet = context.getBean(ServletRegistrationBean.class);
                    assertThat(servlet.getServlet()).isInstanceOf(ConsoleServlet.class);
                    assertThat(servlet.getUrlMappings()).containsExactly("/admin/users/*");
                });

        web.run(context -> assertThat(context).doesNotHaveBean(RollcallConsole.class)
                .doesNotHaveBean(ServletRegistrationBean.class));

        web.withBean(Authorizer.class, () -> Authorizer.ANYONE).withPropertyValues("rollcall.console.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(ServletRegistrationBean.class));

        web.withBean(Authorizer.class, () -> Authorizer.ANYONE)
                .withClassLoader(new FilteredClassLoader(ConsoleServlet.class))
                .run(context -> assertThat(context).doesNotHaveBean(ServletRegistrationBean.class));

        runner.withBean(Authorizer.class, () -> Authorizer.ANYONE)
                .run(context -> assertThat(context).doesNotHaveBean(RollcallConsole.class));
    }
}
