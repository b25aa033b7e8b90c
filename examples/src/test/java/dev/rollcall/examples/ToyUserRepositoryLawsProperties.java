package dev.rollcall.examples;

import dev.rollcall.spi.FieldSchema;
import dev.rollcall.spi.UserRepository;
import dev.rollcall.spi.UserStatus;
import dev.rollcall.testkit.PlannerLaws;
import dev.rollcall.testkit.PlannerOptions;
import dev.rollcall.testkit.RollcallArbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.PropertyDefaults;

/**
 * An adapter author's planner-law run: the planner's laws (re-planning an applied file
 * changes nothing, update-only never creates, nothing outside the scope is touched, a
 * rejected row changes nothing, planning is deterministic, apply converges after a failed
 * write) checked on the toy store, with the host's own setting (new users start active)
 * on top of the options the test kit varies.
 */
@PropertyDefaults(tries = 30)
class ToyUserRepositoryLawsProperties extends PlannerLaws {

    @Override
    protected UserRepository newRepository() {
        return new ToyUserRepository(ToyUserRepositoryContractTest.SCHEMA);
    }

    @Override
    protected void addTargets(UserRepository repository, String kind, String... names) {
        for (String name : names) {
            ((ToyUserRepository) repository).addTarget(kind, name);
        }
    }

    @Override
    protected Arbitrary<PlannerOptions> plannerOptions(FieldSchema schema) {
        PlannerOptions ours = PlannerOptions.of("new users active", b -> b.newUserStatus(UserStatus.ACTIVE));
        return RollcallArbitraries.plannerOptions(schema).map(varied -> varied.and(ours));
    }
}
