package dev.rollcall.boot;

import dev.rollcall.jobs.JdbcJobStore;
import dev.rollcall.jobs.JobRunner;
import dev.rollcall.jobs.JobStore;
import dev.rollcall.spi.Notifier;
import dev.rollcall.spi.UserRepository;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.context.annotation.Bean;

/**
 * Scheduled uploads, when {@code rollcall-jobs} is on the class path: a {@link JdbcJobStore}
 * in the application's database and, once {@code rollcall.jobs.work-directory} is set, a
 * {@link JobRunner} that starts and stops with the application context
 * ({@code rollcall.jobs.auto-start=false} leaves starting it to the application). Jobs are
 * added by the application ({@code runner.add(job)}) or kept in the store.
 */
@AutoConfiguration(after = RollcallAutoConfiguration.class)
@ConditionalOnClass(JobRunner.class)
@ConditionalOnBean(UserRepository.class)
public class RollcallJobsAutoConfiguration {

    /** Made by Spring. */
    public RollcallJobsAutoConfiguration() {
    }

    /**
     * @param dataSource the application's DataSource; the store never closes it
     * @return the job store, its tables created on first use
     */
    @Bean
    @ConditionalOnMissingBean(JobStore.class)
    @ConditionalOnSingleCandidate(DataSource.class)
    public JdbcJobStore rollcallJobStore(DataSource dataSource) {
        return JdbcJobStore.create(dataSource);
    }

    /**
     * @param repository the users' store
     * @param store      the job store, if there is one (otherwise the runner keeps jobs in memory)
     * @param notifier   the application's notifier, if it has exactly one
     * @param properties the {@code rollcall.*} properties
     * @return the runner, not started; closed with the context
     */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnProperty("rollcall.jobs.work-directory")
    public JobRunner rollcallJobRunner(UserRepository repository, ObjectProvider<JobStore> store,
            ObjectProvider<Notifier> notifier, RollcallProperties properties) {
        RollcallProperties.Jobs jobs = properties.jobs();
        JobRunner.Builder builder = JobRunner.builder().repository(repository).workDirectory(jobs.workDirectory());
        store.ifUnique(builder::store);
        notifier.ifUnique(builder::notifier);
        if (jobs.name() != null) {
            builder.name(jobs.name());
        }
        return builder.build();
    }

    /**
     * @param runner     the runner
     * @param properties the {@code rollcall.*} properties
     * @return what starts the runner with the context and stops it before the context closes
     */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(JobRunner.class)
    @ConditionalOnProperty(name = "rollcall.jobs.auto-start", matchIfMissing = true)
    public JobRunnerLifecycle rollcallJobRunnerLifecycle(JobRunner runner, RollcallProperties properties) {
        return new JobRunnerLifecycle(runner, properties.jobs().threads());
    }
}
