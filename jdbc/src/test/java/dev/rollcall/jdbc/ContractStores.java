package dev.rollcall.jdbc;

import dev.rollcall.jdbc.internal.UrlDataSource;
import dev.rollcall.spi.FieldDefinition;
import dev.rollcall.spi.FieldType;
import dev.rollcall.spi.UserRepository;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.Statement;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Stores for the test kit's contract and laws: JDBC repositories over fresh databases, with a
 * custom field of every type (unique and not, one sensitive) so the schema-driven promises
 * are checked too.
 */
final class ContractStores {

    /** Custom fields of each type, as the in-memory contract run in the test kit has them. */
    static final List<FieldDefinition> CUSTOM_FIELDS = List.of(
            FieldDefinition.builder("costCenter").custom(true).maxLength(20).build(),
            FieldDefinition.builder("staffNumber").custom(true).type(FieldType.IDENTIFIER).fixedLength(6).unique(true).build(),
            FieldDefinition.builder("badge").custom(true).unique(true).build(),
            FieldDefinition.builder("siteBadge").custom(true).uniqueWithinSite(true).build(),
            FieldDefinition.builder("hired").custom(true).type(FieldType.DATE).build(),
            FieldDefinition.builder("salary").custom(true).type(FieldType.DECIMAL).build(),
            FieldDefinition.builder("floor").custom(true).type(FieldType.INTEGER).build(),
            FieldDefinition.builder("remote").custom(true).type(FieldType.BOOLEAN).build(),
            FieldDefinition.builder("level").custom(true).allowedValues("junior", "senior").build(),
            FieldDefinition.builder("deskPhone").custom(true).type(FieldType.PHONE).build(),
            FieldDefinition.builder("homeCountry").custom(true).type(FieldType.COUNTRY).build(),
            FieldDefinition.builder("workEmail").custom(true).type(FieldType.EMAIL).build(),
            FieldDefinition.builder("office").custom(true).references("office").build(),
            FieldDefinition.builder("passport").custom(true).unique(true).sensitive(true).build());

    /** The H2 database under each repository handed out, to shut it down on release. */
    private final Map<UserRepository, UrlDataSource> databases = new IdentityHashMap<>();

    /** @return a repository over a new in-memory H2 database, with the custom fields */
    synchronized JdbcUserRepository newH2() {
        UrlDataSource h2 = new UrlDataSource("jdbc:h2:mem:contract-" + UUID.randomUUID()
                + ";DB_CLOSE_DELAY=-1;LAZY_QUERY_EXECUTION=TRUE");
        JdbcUserRepository repo = withCustomFields(h2);
        databases.put(repo, h2);
        return repo;
    }

    /** @return a repository over the given empty database, with the custom fields */
    static JdbcUserRepository withCustomFields(DataSource empty) {
        JdbcUserRepository repo = JdbcUserRepository.builder().dataSource(empty)
                .passwordIterations(JdbcUserRepositoryContract.FAST).build().initialize();
        CUSTOM_FIELDS.forEach(repo::addCustomField);
        return repo;
    }

    /** Adds targets the way the host's screens would. */
    static void addTargets(UserRepository repository, String kind, String... names) {
        JdbcUserRepository repo = (JdbcUserRepository) repository;
        for (String name : names) {
            repo.addTarget(kind, name);
        }
    }

    /** Closes a repository and drops its H2 database, if it has one. */
    synchronized void release(UserRepository repository) throws Exception {
        ((JdbcUserRepository) repository).close();
        UrlDataSource h2 = databases.remove(repository);
        if (h2 != null) {
            try (Connection c = h2.getConnection(); Statement s = c.createStatement()) {
                s.execute("SHUTDOWN");
            }
            h2.close();
        }
    }
}
