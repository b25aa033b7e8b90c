package dev.rollcall.spi;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One write Rollcall asks a {@link UserRepository} to make: create a user, update some of a
 * user's fields and memberships, delete a user, or change who a user's delegates are
 * (people who may act for the user, seed 002). A rename is an
 * update of {@link StandardFields#USERNAME username}; activating or deactivating is an
 * update of {@link StandardFields#STATUS status}.
 *
 * <p>Immutable and thread-safe. {@code toString} never shows field values.
 */
public sealed interface UserChange permits UserChange.Create, UserChange.Update, UserChange.Delete,
        UserChange.Delegates {

    /**
     * Create a user.
     *
     * @param fields      every field of the new user by canonical name, including
     *                    {@code username} and {@code status}, and {@code site} and
     *                    {@code feed} where the host has them
     * @param memberships the new user's memberships
     * @param password    what to do about the password ({@link PasswordChange#generate()}
     *                    when the file gave none)
     */
    record Create(Map<String, String> fields, Set<Membership> memberships, PasswordChange password)
            implements UserChange {
        /** Checks the arguments and copies the collections. */
        public Create {
            fields = Map.copyOf(fields);
            memberships = Set.copyOf(memberships);
            Objects.requireNonNull(password, "password must not be null");
            if (!fields.containsKey(StandardFields.USERNAME)) {
                throw new IllegalArgumentException("a new user needs a username");
            }
        }

        /** @return the new user's username */
        public String username() {
            return fields.get(StandardFields.USERNAME);
        }

        @Override
        public String toString() {
            return "Create[username=" + username() + ", fields=" + new java.util.TreeSet<>(fields.keySet())
                    + ", memberships=" + memberships.size() + ", password=" + password + "]";
        }
    }

    /**
     * Change some of a user's fields and memberships.
     *
     * @param userId          the user's id
     * @param expectedVersion the version the change was planned against; the repository
     *                        refuses the change with {@link StaleUserException} when the
     *                        stored version differs
     * @param set             fields to set, by canonical name (never empty values)
     * @param erase           fields to remove
     * @param addMemberships    memberships to add
     * @param removeMemberships memberships to remove
     * @param password        what to do about the password
     */
    record Update(String userId, long expectedVersion, Map<String, String> set, Set<String> erase,
                  Set<Membership> addMemberships, Set<Membership> removeMemberships, PasswordChange password)
            implements UserChange {
        /** Checks the arguments and copies the collections. */
        public Update {
            Objects.requireNonNull(userId, "userId must not be null");
            set = Map.copyOf(set);
            erase = Set.copyOf(erase);
            addMemberships = Set.copyOf(addMemberships);
            removeMemberships = Set.copyOf(removeMemberships);
            Objects.requireNonNull(password, "password must not be null");
            for (String f : erase) {
                if (set.containsKey(f)) {
                    throw new IllegalArgumentException("field " + f + " is both set and erased");
                }
            }
            if (erase.contains(StandardFields.USERNAME) || erase.contains(StandardFields.STATUS)) {
                throw new IllegalArgumentException("username and status cannot be erased");
            }
        }

        @Override
        public String toString() {
            return "Update[userId=" + userId + ", expectedVersion=" + expectedVersion
                    + ", set=" + new java.util.TreeSet<>(set.keySet()) + ", erase=" + new java.util.TreeSet<>(erase)
                    + ", add=" + addMemberships.size() + ", remove=" + removeMemberships.size()
                    + ", password=" + password + "]";
        }
    }

    /**
     * Delete a user.
     *
     * @param userId          the user's id
     * @param expectedVersion the version the deletion was planned against
     */
    record Delete(String userId, long expectedVersion) implements UserChange {
        /** Checks the arguments. */
        public Delete {
            Objects.requireNonNull(userId, "userId must not be null");
        }
    }

    /**
     * Change a user's delegates: the users who may act on the user's behalf.
     *
     * @param userId the user's id
     * @param add    ids of users who become delegates
     * @param remove ids of users who stop being delegates
     */
    record Delegates(String userId, Set<String> add, Set<String> remove) implements UserChange {
        /** Checks the arguments and copies the sets. */
        public Delegates {
            Objects.requireNonNull(userId, "userId must not be null");
            add = Set.copyOf(add);
            remove = Set.copyOf(remove);
            if (add.contains(userId)) {
                throw new IllegalArgumentException("a user cannot be their own delegate");
            }
            for (String id : add) {
                if (remove.contains(id)) {
                    throw new IllegalArgumentException("delegate " + id + " is both added and removed");
                }
            }
        }
    }
}
