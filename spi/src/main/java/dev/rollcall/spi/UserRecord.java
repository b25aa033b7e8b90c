package dev.rollcall.spi;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A stored account as the repository returns it: its id, the value of each field by
 * canonical name (custom fields included), its memberships and its version.
 *
 * <p>Field values are non-empty strings; a field without a value is absent from
 * {@link #fields()}. Every record has a {@link StandardFields#USERNAME username} and a
 * {@link StandardFields#STATUS status}. {@link StandardFields#SITE site} (the path of the
 * user's site, {@code Canada/Ontario/Hospital A}) and {@link StandardFields#FEED feed}
 * (the name of the feed that created the user; absent for users added by hand or by open
 * enrolment) are fields too.
 *
 * <p>{@link #version()} changes whenever the stored user changes; writes carry the version
 * they were planned against, so a user changed in between is never overwritten blindly.
 *
 * <p>Immutable and thread-safe. {@link #toString()} shows the id, username, status and
 * the <em>names</em> of the other fields, never their values.
 *
 * @param id          the repository's identifier for the user, never null
 * @param fields      field values by canonical name
 * @param memberships the user's memberships
 * @param version     the stored version, compared on write
 */
public record UserRecord(String id, Map<String, String> fields, Set<Membership> memberships, long version) {

    /** Checks the invariants and copies the collections. */
    public UserRecord {
        Objects.requireNonNull(id, "id must not be null");
        Objects.requireNonNull(fields, "fields must not be null");
        for (Map.Entry<String, String> e : fields.entrySet()) {
            if (e.getValue() == null || e.getValue().isEmpty()) {
                throw new IllegalArgumentException("field " + e.getKey() + " has no value; leave it out instead");
            }
        }
        fields = Map.copyOf(fields);
        memberships = Set.copyOf(memberships);
        if (!fields.containsKey(StandardFields.USERNAME)) {
            throw new IllegalArgumentException("user " + id + " has no username");
        }
        if (UserStatus.parse(fields.get(StandardFields.STATUS)).isEmpty()) {
            throw new IllegalArgumentException("user " + id + " has no valid status (ACTIVE or INACTIVE)");
        }
    }

    /** @return a builder for a record with the given id, status ACTIVE and version 1 */
    public static Builder builder(String id) {
        return new Builder(id);
    }

    /** @return a builder holding this record's values, to make a changed copy */
    public Builder toBuilder() {
        Builder b = new Builder(id);
        b.fields.putAll(fields);
        b.memberships.addAll(memberships);
        b.version = version;
        return b;
    }

    /**
     * @param field a canonical field name
     * @return the field's value, or empty when the user has none
     */
    public Optional<String> field(String field) {
        return Optional.ofNullable(fields.get(field));
    }

    /** @return the username, never null */
    public String username() {
        return fields.get(StandardFields.USERNAME);
    }

    /** @return the status, never null */
    public UserStatus status() {
        return UserStatus.parse(fields.get(StandardFields.STATUS)).orElseThrow();
    }

    /** @return the email address, if any */
    public Optional<String> email() {
        return field(StandardFields.EMAIL);
    }

    /** @return the first name (for a facility: the business name), if any */
    public Optional<String> firstName() {
        return field(StandardFields.FIRST_NAME);
    }

    /** @return the last name, if any */
    public Optional<String> lastName() {
        return field(StandardFields.LAST_NAME);
    }

    /** @return the external id (the HR system's key), if any */
    public Optional<String> externalId() {
        return field(StandardFields.EXTERNAL_ID);
    }

    /** @return the employee id, if any */
    public Optional<String> employeeId() {
        return field(StandardFields.EMPLOYEE_ID);
    }

    /** @return the path of the user's site, if the host has sites */
    public Optional<String> site() {
        return field(StandardFields.SITE);
    }

    /** @return the feed that created the user; empty for users added by hand or by open enrolment */
    public Optional<String> feed() {
        return field(StandardFields.FEED);
    }

    /** Shows no field values but the username and status: records hold personal data. */
    @Override
    public String toString() {
        return "UserRecord[id=" + id + ", username=" + username() + ", status=" + status()
                + ", fields=" + new TreeSet<>(fields.keySet()) + ", memberships=" + memberships.size()
                + ", version=" + version + "]";
    }

    /** Builds a {@link UserRecord}; not thread-safe, reusable. */
    public static final class Builder {
        private final String id;
        private final Map<String, String> fields = new LinkedHashMap<>();
        private final Set<Membership> memberships = new LinkedHashSet<>();
        private long version = 1;

        private Builder(String id) {
            this.id = Objects.requireNonNull(id, "id must not be null");
            fields.put(StandardFields.STATUS, UserStatus.ACTIVE.name());
        }

        /** Sets a field; a null or empty value removes it. */
        public Builder field(String name, String value) {
            Objects.requireNonNull(name, "name must not be null");
            if (value == null || value.isEmpty()) {
                fields.remove(name);
            } else {
                fields.put(name, value);
            }
            return this;
        }

        /** Sets the username. */
        public Builder username(String username) {
            return field(StandardFields.USERNAME, username);
        }

        /** Sets the email address. */
        public Builder email(String email) {
            return field(StandardFields.EMAIL, email);
        }

        /** Sets the first and last names. */
        public Builder name(String firstName, String lastName) {
            return field(StandardFields.FIRST_NAME, firstName).field(StandardFields.LAST_NAME, lastName);
        }

        /** Sets the status. */
        public Builder status(UserStatus status) {
            return field(StandardFields.STATUS, Objects.requireNonNull(status, "status must not be null").name());
        }

        /** Adds a membership. */
        public Builder membership(Membership membership) {
            memberships.add(Objects.requireNonNull(membership, "membership must not be null"));
            return this;
        }

        /** Replaces the memberships. */
        public Builder memberships(Set<Membership> newMemberships) {
            memberships.clear();
            memberships.addAll(newMemberships);
            return this;
        }

        /** Sets the version. */
        public Builder version(long newVersion) {
            this.version = newVersion;
            return this;
        }

        /** @return the record */
        public UserRecord build() {
            return new UserRecord(id, fields, memberships, version);
        }
    }
}
