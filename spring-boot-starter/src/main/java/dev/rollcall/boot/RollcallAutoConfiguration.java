package dev.rollcall.boot;

import dev.rollcall.core.UploadPlan;
import dev.rollcall.core.UploadPlanner;
import dev.rollcall.jdbc.JdbcUserRepository;
import dev.rollcall.jdbc.MappedUserRepository;
import dev.rollcall.jdbc.MappingFile;
import dev.rollcall.spi.Decoder;
import dev.rollcall.spi.Notifier;
import dev.rollcall.spi.UserRepository;
import java.io.IOException;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Rollcall over the application's {@link DataSource}: a {@link JdbcUserRepository} (its own
 * {@code rollcall_*} tables, created on first use) or, with {@code rollcall.jdbc.mapping}, a
 * {@link MappedUserRepository} over the host's own users table, and an {@link UploadPlanner} set from the
 * {@code rollcall.*} properties ({@link RollcallProperties}), {@link UploadPlannerCustomizer}
 * beans, and the application's {@link Notifier} and {@link Decoder} beans. Every bean backs
 * off when the application defines its own: a {@link UserRepository} bean of the host's
 * replaces the JDBC store, an {@link UploadPlanner} bean the planner.
 */
@AutoConfiguration(after = DataSourceAutoConfiguration.class)
@EnableConfigurationProperties(RollcallProperties.class)
public class RollcallAutoConfiguration {

    /** Made by Spring. */
    public RollcallAutoConfiguration() {
    }

    /**
     * @param dataSource the application's DataSource; the repository never closes it
     * @param properties the {@code rollcall.*} properties
     * @return the store in the application's database: the host's own users table when
     *         {@code rollcall.jdbc.mapping} names a mapping file, else Rollcall's own tables
     * @throws IOException when the mapping file cannot be read
     */
    @Bean
    @ConditionalOnMissingBean(UserRepository.class)
    @ConditionalOnSingleCandidate(DataSource.class)
    public UserRepository rollcallUserRepository(DataSource dataSource, RollcallProperties properties)
            throws IOException {
        if (properties.jdbc().mapping() != null) {
            return new MappedUserRepository(dataSource,
                    MappingFile.read(properties.jdbc().mapping(), getClass().getClassLoader()));
        }
        JdbcUserRepository.Builder builder = JdbcUserRepository.builder().dataSource(dataSource);
        if (properties.jdbc().passwordIterations() != null) {
            builder.passwordIterations(properties.jdbc().passwordIterations());
        }
        return builder.build();
    }

    /**
     * @param repository  the store
     * @param properties  the {@code rollcall.*} properties
     * @param notifier    the application's notifier, if it has exactly one
     * @param decoders    the application's decoders (a {@code PgpDecoder}, say)
     * @param customizers the application's planner customizers
     * @return the planner, with the upload and the host settings
     */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(UserRepository.class)
    public UploadPlanner rollcallUploadPlanner(UserRepository repository, RollcallProperties properties,
            ObjectProvider<Notifier> notifier, ObjectProvider<Decoder> decoders,
            ObjectProvider<UploadPlannerCustomizer> customizers) {
        UploadPlanner.Builder builder = UploadPlan.builder().repository(repository);
        properties.applyUploadSettings(builder);
        hostSettings(properties, notifier, decoders, customizers).accept(builder);
        return builder.build();
    }

    /**
     * What every plan takes, the console's included: the host settings of the properties,
     * the notifier, the decoders, then the customizers.
     */
    static Consumer<UploadPlanner.Builder> hostSettings(RollcallProperties properties,
            ObjectProvider<Notifier> notifier, ObjectProvider<Decoder> decoders,
            ObjectProvider<UploadPlannerCustomizer> customizers) {
        return builder -> {
            properties.applyHostSettings(builder);
            notifier.ifUnique(builder::notifier);
            decoders.orderedStream().forEach(builder::decoder);
            customizers.orderedStream().forEach(c -> c.customize(builder));
        };
    }
}
