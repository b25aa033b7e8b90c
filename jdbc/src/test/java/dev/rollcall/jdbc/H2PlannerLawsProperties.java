package dev.rollcall.jdbc;

import dev.rollcall.spi.UserRepository;
import dev.rollcall.testkit.PlannerLaws;
import net.jqwik.api.PropertyDefaults;

/**
 * The planner's laws, the convergence of apply under faults included, on the JDBC store over
 * H2 (a new in-memory database per store), with custom fields of every type. Few tries: each
 * makes several databases; the test kit runs many more against the in-memory store.
 */
@PropertyDefaults(tries = 25)
class H2PlannerLawsProperties extends PlannerLaws {

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
