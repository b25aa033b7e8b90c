package dev.rollcall.testkit;

import dev.rollcall.core.InMemoryUserRepository;
import dev.rollcall.spi.UserRepository;
import net.jqwik.api.PropertyDefaults;

/** The planner's laws on the reference repository, with custom fields of every type. */
@PropertyDefaults(tries = 100)
class InMemoryPlannerLawsProperties extends PlannerLaws {

    @Override
    protected UserRepository newRepository() {
        return new InMemoryUserRepository(InMemoryUserRepositoryContractTest.SCHEMA);
    }

    @Override
    protected void addTargets(UserRepository repository, String kind, String... names) {
        ((InMemoryUserRepository) repository).addTargets(kind, names);
    }
}
