package dev.rollcall.examples;

import dev.rollcall.spi.FieldDefinition;
import dev.rollcall.spi.FieldSchema;
import dev.rollcall.spi.FieldType;
import dev.rollcall.spi.UserRepository;
import dev.rollcall.testkit.UserRepositoryContract;

/**
 * An adapter author's contract test: extend {@link UserRepositoryContract}, return an empty
 * store, and every promise of the SPI is checked against it. This store's schema has custom
 * fields, so the custom-field promises run too; {@code addTargets} lets the target
 * promises run (without it they are skipped with a message).
 */
class ToyUserRepositoryContractTest extends UserRepositoryContract {

    static final FieldSchema SCHEMA = FieldSchema.standard().with(
            FieldDefinition.builder("costCenter").custom(true).maxLength(20).build(),
            FieldDefinition.builder("badgeNumber").custom(true).type(FieldType.IDENTIFIER).fixedLength(6).unique(true).build());

    @Override
    protected UserRepository newRepository() {
        return new ToyUserRepository(SCHEMA);
    }

    @Override
    protected void addTargets(UserRepository repository, String kind, String... names) {
        for (String name : names) {
            ((ToyUserRepository) repository).addTarget(kind, name);
        }
    }
}
