package dev.rollcall.testkit;

import dev.rollcall.core.InMemoryUserRepository;
import dev.rollcall.spi.FieldSchema;
import dev.rollcall.spi.StoreFeatures;
import dev.rollcall.spi.UserChange;
import dev.rollcall.spi.UserQuery;
import dev.rollcall.spi.UserRecord;
import dev.rollcall.spi.UserRepository;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A minimal adapter: users and their fields only. It leaves {@code findDelegates},
 * {@code existingTargets} and {@code planKey} to the SPI's defaults, declares
 * {@link StoreFeatures#FIELDS_ONLY}, and refuses what it cannot hold with
 * {@link StoreFeatures#check}; the whole contract passes on it.
 */
class MinimalAdapterContractTest extends UserRepositoryContract {

    /** Fields only, over the reference store (a host would write SQL here). */
    static final class FieldsOnly implements UserRepository {
        private final InMemoryUserRepository users = new InMemoryUserRepository();

        @Override
        public FieldSchema schema() {
            return users.schema();
        }

        @Override
        public StoreFeatures features() {
            return StoreFeatures.FIELDS_ONLY;
        }

        @Override
        public Map<String, List<UserRecord>> findBy(String field, Collection<String> keys) {
            return users.findBy(field, keys);
        }

        @Override
        public Map<String, UserRecord> findByIds(Collection<String> ids) {
            return users.findByIds(ids);
        }

        @Override
        public Stream<UserRecord> list(UserQuery query) {
            return users.list(query);
        }

        @Override
        public List<String> write(List<UserChange> changes) {
            changes.forEach(StoreFeatures.FIELDS_ONLY::check);
            return users.write(changes);
        }
    }

    @Override
    protected UserRepository newRepository() {
        return new FieldsOnly();
    }
}
