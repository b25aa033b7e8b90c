package dev.rollcall.jdbc;

import dev.rollcall.spi.UserRepository;
import dev.rollcall.testkit.UserRepositoryContract;

/** The JDBC store passes the published SPI contract on H2, with custom fields of every type. */
class H2UserRepositoryContractTest extends UserRepositoryContract {

    private final ContractStores stores = new ContractStores();

    @Override
    protected UserRepository newRepository() {
        return stores.newH2();
    }

    @Override
    protected void addTargets(UserRepository repository, String kind, String... names) {
        ContractStores.addTargets(repository, kind, names);
    }

    @Override
    protected void release(UserRepository repository) throws Exception {
        stores.release(repository);
    }
}
