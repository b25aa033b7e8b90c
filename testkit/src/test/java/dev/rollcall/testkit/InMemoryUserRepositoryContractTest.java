package dev.rollcall.testkit;

import dev.rollcall.core.InMemoryUserRepository;
import dev.rollcall.spi.FieldDefinition;
import dev.rollcall.spi.FieldSchema;
import dev.rollcall.spi.FieldType;
import dev.rollcall.spi.UserRepository;

/**
 * The reference implementation passes the published contract, with a schema that has a
 * custom field of every type (core cannot run this itself: core does not depend on the test kit).
 */
class InMemoryUserRepositoryContractTest extends UserRepositoryContract {

    /** Custom fields of each type, unique and not, to exercise the schema-driven tests. */
    static final FieldSchema SCHEMA = FieldSchema.standard().with(
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

    @Override
    protected UserRepository newRepository() {
        return new InMemoryUserRepository(SCHEMA);
    }

    @Override
    protected void addTargets(UserRepository repository, String kind, String... names) {
        ((InMemoryUserRepository) repository).addTargets(kind, names);
    }

}
