package dev.rollcall.spi;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The host's user storage, as Rollcall sees it. A host implements this once, over its own
 * database or API; Rollcall reads through it while planning and writes through it when a
 * plan is applied. {@code rollcall-core} ships an in-memory implementation and
 * {@code rollcall-jdbc} a JDBC one to copy from.
 *
 * <h2>Keys</h2>
 * Look-ups compare keys after trimming surrounding whitespace. {@link StandardFields#EMAIL
 * email} compares without regard to case ({@link java.util.Locale#ROOT} lower case); every
 * other field compares exactly, for look-ups and for uniqueness alike ({@code JDoe} and
 * {@code jdoe} are two usernames).
 *
 * <h2>Writes</h2>
 * {@link #write} is all or nothing: either every change of the batch takes effect, in list
 * order, or none does and the method throws. Rollcall relies on this to report each row's
 * outcome exactly: when a batch fails it retries the rows one at a time. A repository that
 * cannot make a batch atomic must be used with a batch size of 1.
 *
 * <p>A create without a status makes an {@link UserStatus#ACTIVE active} user. Within one
 * {@link UserChange.Update}, memberships are removed before they are added. A change of
 * fields, status or memberships makes the user's version grow; a change of delegates does not.
 * {@code rollcall-testkit}'s {@code UserRepositoryContract} checks every one of these promises.
 *
 * <h2>Failures</h2>
 * A store that cannot be read throws: any unchecked exception that is not a
 * {@link RollcallException}, or a {@code RollcallException} with code
 * {@link Codes#STORE_FAILED}. Planning passes either on rather than refusing the file, so a
 * scheduled job keeps the file and tries it again at its next run. A
 * {@code RollcallException} with another code is taken as the file's fault.
 *
 * <p>Implementations must be safe for use by one planner or applier at a time; the
 * in-memory and JDBC implementations are fully thread-safe.
 */
public interface UserRepository {

    /**
     * @return the fields this host stores, its custom fields included; Rollcall maps file
     *         columns onto these names and checks values against their types
     */
    FieldSchema schema();

    /**
     * Finds users by the values of one field, many values in one call, so an adapter can
     * answer a batch with one query.
     *
     * @param field a canonical field name ({@code username}, {@code email},
     *              {@code externalId}, a custom field, …)
     * @param keys  the values to look for; may contain duplicates
     * @return for each key that matched at least one user, the key exactly as given and
     *         every matching user (more than one when the field's values are not unique);
     *         keys that matched nobody are absent. Never null.
     */
    Map<String, List<UserRecord>> findBy(String field, Collection<String> keys);

    /**
     * Finds users by their ids, many in one call.
     *
     * @param ids the users' ids
     * @return each found user by id; ids of users that do not exist are absent. Never null.
     */
    Map<String, UserRecord> findByIds(Collection<String> ids);

    /**
     * Streams users without loading them all at once (a JDBC adapter uses a cursor).
     * The caller closes the stream.
     *
     * @param query which users
     * @return the matching users, in a stable order (by id), which updates and failed batches
     *         do not change
     */
    Stream<UserRecord> list(UserQuery query);

    /**
     * What this store holds beyond users' fields: which kinds of membership, whether with a role,
     * status and period, delegates, targets, an account status, passwords. Rollcall refuses a
     * file that needs something the store lacks (a file-level problem naming the column), and the
     * test kit's contract checks only what the store declares.
     *
     * <p>The default declares everything ({@link StoreFeatures#ALL}). A repository that keeps
     * less declares less, and then leaves {@link #findDelegates} or {@link #existingTargets} to
     * their defaults where it keeps none; its {@link #write} refuses a change it cannot hold with
     * a {@link RollcallException} ({@link Codes#UNSUPPORTED_COLUMN}) and writes nothing of the batch.
     *
     * @return the store's features; the same on every call
     */
    default StoreFeatures features() {
        return StoreFeatures.ALL;
    }

    /**
     * Says which of some names exist as targets of a kind: cohorts, courses, programs,
     * groups ({@code course/group}), system roles, themes, sites, or any kind a custom
     * field refers to (an office, say).
     *
     * @param kind  the kind of target, e.g. {@link MembershipKind#targetKind()}, {@code theme}, {@code site}
     * @param names names to check, exactly as written
     * @return the subset of {@code names} that exist; never null. The default, for a store
     *         without targets ({@link StoreFeatures#targets()} false), answers that none exist.
     */
    default Set<String> existingTargets(String kind, Collection<String> names) {
        return Set.of();
    }

    /**
     * Finds the delegates of some users, many users in one call.
     *
     * @param userIds the users' ids
     * @return for each user that has delegates, the ids of its delegates; users without
     *         delegates are absent. Never null. The default, for a store without delegates
     *         ({@link StoreFeatures#delegates()} false), answers that nobody has any.
     */
    default Map<String, Set<String>> findDelegates(Collection<String> userIds) {
        return Map.of();
    }

    /**
     * Makes a batch of changes, all or nothing, in list order.
     *
     * @param changes the changes
     * @return for each change, the id of the user it wrote (the new id for a create)
     * @throws StaleUserException    when an update or delete expected another version
     * @throws DuplicateKeyException when a change would duplicate a unique field
     * @throws RuntimeException      for any other failure; nothing of the batch was written
     */
    List<String> write(List<UserChange> changes);

    /**
     * A secret key that belongs to this store, for saved plans: Rollcall signs a saved plan
     * (HMAC-SHA256) under a key derived from it, so a plan that was changed, cut short or
     * made for another store is refused, and encrypts the plan's passwords and sensitive
     * values (AES-GCM) under another key derived from it. The key must stay the same for the
     * life of the store, in every process that opens it, and be as secret as the store's
     * data: whoever has it can forge plans for this store and read the secrets of its saved
     * plans. Make it once, at random, and keep it in the store itself.
     *
     * <p>The default keeps no key and returns empty: then plans can be saved and loaded only
     * with a key the host gives the planner ({@code UploadPlan.builder().planKey(..)}), and
     * {@code save} and {@code load} refuse otherwise. {@code InMemoryUserRepository} makes a
     * random key per instance; {@code JdbcUserRepository} keeps one in its database.
     *
     * @return at least 32 random bytes, the same on every call; a copy the caller may keep
     *         or overwrite. Empty when the repository keeps no key.
     */
    default Optional<byte[]> planKey() {
        return Optional.empty();
    }
}
