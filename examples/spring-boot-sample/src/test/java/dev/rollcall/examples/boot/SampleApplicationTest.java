package dev.rollcall.examples.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollcall.core.UploadMode;
import dev.rollcall.core.UploadPlan;
import dev.rollcall.jdbc.JdbcUserRepository;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;

/** The sample starts, and plans and applies an upload through the auto-configured beans. */
@SpringBootTest
class SampleApplicationTest {

    @Autowired
    Onboarding onboarding;

    @Autowired
    JdbcUserRepository store;

    @Autowired
    JdbcTemplate sql;

    @Test
    void plansAnUploadThroughTheAutoConfiguredBeansAndAppliesItToTheApplicationsDatabase() throws Exception {
        Path file = new ClassPathResource("new-hires.csv").getFile().toPath();

        UploadPlan plan = onboarding.preview(file);
        assertThat(plan.isRefused()).isFalse();
        assertThat(plan.mode()).isEqualTo(UploadMode.ADD_UPDATE);
        assertThat(plan.creates()).hasSize(2);
        assertThat(plan.apply().summary().created()).isEqualTo(2);

        // the store is the application's own H2 DataSource, read here with plain SQL
        List<Map<String, Object>> rows = sql.queryForList(
                "SELECT username, department, country FROM rollcall_users ORDER BY username");
        assertThat(rows).containsExactly(
                Map.of("USERNAME", "asmith", "DEPARTMENT", "Marketing", "COUNTRY", "Canada"),
                Map.of("USERNAME", "jdoe", "DEPARTMENT", "Finance", "COUNTRY", "Canada"));
        assertThat(store.dataSource()).isSameAs(sql.getDataSource());

        // matched on email (rollcall.match-on): the same file again changes nothing
        assertThat(onboarding.preview(file).hasChanges()).isFalse();
    }
}
