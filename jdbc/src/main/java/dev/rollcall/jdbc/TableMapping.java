package dev.rollcall.jdbc;

import dev.rollcall.spi.FieldDefinition;
import dev.rollcall.spi.FieldSchema;
import dev.rollcall.spi.MembershipKind;
import dev.rollcall.spi.StandardFields;
import dev.rollcall.spi.StoreFeatures;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How a host's existing tables hold users, for a {@link MappedUserRepository}: the user table
 * and its id and version columns, which column holds each field, where custom fields live
 * (a key/value table, or a JSON column of the user table), how the status is written (a column's values, or a flag), the password
 * column and the host's hasher, and the tables of memberships, targets and delegates — or
 * that the host has none. What is not mapped is absent, and a file that needs it is refused
 * as a whole ({@link dev.rollcall.spi.StoreFeatures}). Immutable; build it with
 * {@link #builder(String, String)} or read it from a properties file with {@link MappingFile}.
 *
 * <p>Table and column names are the host's, written as SQL identifiers (letters, digits,
 * {@code _}, {@code $} and dots for a schema); they are checked, never quoted. docs/MAPPING.md
 * explains each part with Moodle's tables as the worked example.
 */
public final class TableMapping {

    private static final FieldDefinition FEED = FieldDefinition.builder(StandardFields.FEED).custom(true).build();

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]*(\\.[A-Za-z_][A-Za-z0-9_$]*)?");

    /** A custom field held in the key/value table or the JSON column, under {@code key}. */
    record Custom(FieldDefinition definition, String key) {
    }

    /** Memberships of one kind: rows of {@code link} joining a user to a row of {@code targetTable}. */
    record Link(String table, String userColumn, String targetColumn, Target target) {
    }

    /** Targets of one kind: rows of {@code table}, named by {@code nameColumn}. */
    record Target(String table, String idColumn, String nameColumn) {
    }

    /** The key/value table of custom fields; {@code keyTable} names the keys when the key column holds an id. */
    record Values(String table, String userColumn, String keyColumn, String valueColumn, Target keyTable) {
    }

    final String table;
    final String idColumn;
    final String versionColumn;
    final Map<String, String> columns;
    final Map<String, FieldDefinition> definitions;
    final Values values;
    final String customJsonColumn;
    final Map<String, Custom> customs;
    final String statusColumn;
    final String activeValue;
    final String inactiveValue;
    final String deletedColumn;
    final String absentValue;
    final String passwordColumn;
    final PasswordHasher hasher;
    final Map<String, Object> insertValues;
    final Map<MembershipKind, Link> links;
    final Map<String, Target> targets;
    final String delegatesTable;
    final String delegatesUserColumn;
    final String delegatesDelegateColumn;

    private TableMapping(Builder b) {
        table = b.table;
        idColumn = b.idColumn;
        versionColumn = require(b.versionColumn, "versionColumn");
        if (!b.columns.containsKey(StandardFields.USERNAME)) {
            throw new IllegalArgumentException("the mapping has no column for username");
        }
        columns = Map.copyOf(b.columns);
        definitions = Map.copyOf(b.definitions);
        if (b.values != null && b.customJsonColumn != null) {
            throw new IllegalArgumentException("custom fields are kept in a key/value table (customValues) or in a JSON "
                    + "column (customJson), not both");
        }
        if (!b.customs.isEmpty() && b.values == null && b.customJsonColumn == null) {
            throw new IllegalArgumentException("custom fields are mapped but neither a key/value table nor a JSON column "
                    + "is: call customValues(..) or customJson(..)");
        }
        values = b.values;
        customJsonColumn = b.customJsonColumn;
        customs = Map.copyOf(b.customs);
        statusColumn = b.statusColumn;
        activeValue = b.activeValue;
        inactiveValue = b.inactiveValue;
        deletedColumn = b.deletedColumn;
        absentValue = b.absentValue;
        passwordColumn = b.passwordColumn;
        hasher = b.hasher;
        insertValues = Map.copyOf(b.insertValues);
        links = Map.copyOf(b.links);
        Map<String, Target> t = new LinkedHashMap<>(b.targets);
        b.links.forEach((kind, link) -> t.putIfAbsent(kind.targetKind(), link.target()));
        targets = Map.copyOf(t);
        delegatesTable = b.delegatesTable;
        delegatesUserColumn = b.delegatesUserColumn;
        delegatesDelegateColumn = b.delegatesDelegateColumn;
    }

    /**
     * @param table    the host's user table, e.g. {@code mdl_user}
     * @param idColumn its id column: an integer the database generates (identity, serial, auto-increment)
     * @return a builder
     */
    public static Builder builder(String table, String idColumn) {
        return new Builder(table, idColumn);
    }

    /**
     * @return the fields this mapping holds, in the standard fields' order, then the custom ones:
     *         {@code status} only when a status column or flag is mapped, {@code password} only
     *         when a password column is
     */
    public FieldSchema schema() {
        List<FieldDefinition> all = new ArrayList<>(definitions.values().stream()
                .filter(f -> !f.name().equals(StandardFields.FEED))
                .sorted((x, y) -> Integer.compare(order(x), order(y))).toList());
        return FieldSchema.of(all);
    }

    private int order(FieldDefinition f) {
        int i = 0;
        for (FieldDefinition s : FieldSchema.standard().fields()) {
            if (s.name().equals(f.name())) {
                return i;
            }
            i++;
        }
        return i + (customs.containsKey(f.name()) ? 1 : 0);
    }

    /**
     * @return what the mapped tables can hold beyond fields: the membership kinds with a link
     *         table (never a role, status or period), delegates when a delegates table is mapped,
     *         targets when any target table is, an account status when a status column or flag
     *         is, passwords when a password column (and so a hasher) is
     */
    public StoreFeatures features() {
        return new StoreFeatures(links.keySet(), false, delegatesTable != null, !targets.isEmpty(),
                statusColumn != null, passwordColumn != null);
    }

    private static String require(String value, String what) {
        if (value == null) {
            throw new IllegalArgumentException("the mapping has no " + what);
        }
        return value;
    }

    static String identifier(String name) {
        Objects.requireNonNull(name, "a table or column name is missing");
        if (!IDENTIFIER.matcher(name).matches()) {
            throw new IllegalArgumentException("not a plain SQL identifier: \"" + name + "\"");
        }
        return name;
    }

    /** Builds a {@link TableMapping}. Not thread-safe. */
    public static final class Builder {
        private final String table;
        private final String idColumn;
        private String versionColumn;
        private final Map<String, String> columns = new LinkedHashMap<>();
        private final Map<String, FieldDefinition> definitions = new LinkedHashMap<>();
        private Values values;
        private String customJsonColumn;
        private final Map<String, Custom> customs = new LinkedHashMap<>();
        private String statusColumn;
        private String activeValue;
        private String inactiveValue;
        private String deletedColumn;
        private String absentValue;
        private String passwordColumn;
        private PasswordHasher hasher;
        private final Map<String, Object> insertValues = new LinkedHashMap<>();
        private final Map<MembershipKind, Link> links = new EnumMap<>(MembershipKind.class);
        private final Map<String, Target> targets = new LinkedHashMap<>();
        private String delegatesTable;
        private String delegatesUserColumn;
        private String delegatesDelegateColumn;

        private Builder(String table, String idColumn) {
            this.table = identifier(table);
            this.idColumn = identifier(idColumn);
        }

        /**
         * The column whose integer value grows with every change of a user's fields, status or
         * memberships (optimistic locking). A counter or a Unix time in seconds both work:
         * a change writes the larger of the old value plus one and the current Unix time, so
         * Moodle's {@code timemodified} stays a time.
         *
         * @param column an integer column of the user table
         * @return this builder
         */
        public Builder versionColumn(String column) {
            versionColumn = identifier(column);
            return this;
        }

        /**
         * Maps a standard field ({@link StandardFields}) onto a column of the user table.
         *
         * @param field  a standard field name, e.g. {@code firstName}
         * @param column the column
         * @return this builder
         */
        public Builder field(String field, String column) {
            FieldDefinition d = FieldSchema.standard().field(field).orElseThrow(() -> new IllegalArgumentException(
                    "not a standard field: " + field + "; map a custom field with field(definition, column)"));
            return field(d, column);
        }

        /**
         * Maps a field onto a column of the user table.
         *
         * @param definition the field (a standard one, or a custom one kept in a column)
         * @param column     the column
         * @return this builder
         */
        public Builder field(FieldDefinition definition, String column) {
            if (definition.name().equals(StandardFields.STATUS) || definition.name().equals(StandardFields.PASSWORD)) {
                throw new IllegalArgumentException(definition.name() + " is mapped with status(..) or password(..)");
            }
            columns.put(definition.name(), identifier(column));
            definitions.put(definition.name(), definition);
            return this;
        }

        /**
         * The key/value table of custom fields, whose key column holds the field's key itself.
         *
         * @param table       the table
         * @param userColumn  the column holding the user's id
         * @param keyColumn   the column holding the field's key
         * @param valueColumn the column holding the value (text)
         * @return this builder
         */
        public Builder customValues(String table, String userColumn, String keyColumn, String valueColumn) {
            values = new Values(identifier(table), identifier(userColumn), identifier(keyColumn), identifier(valueColumn), null);
            return this;
        }

        /**
         * The key/value table of custom fields, whose key column holds the id of a row of a
         * second table that names the fields (Moodle: {@code mdl_user_info_data.fieldid} →
         * {@code mdl_user_info_field.id}, named by {@code shortname}).
         *
         * @param table         the values table
         * @param userColumn    its column holding the user's id
         * @param keyColumn     its column holding the id of the field's row
         * @param valueColumn   its column holding the value (text)
         * @param keyTable      the table naming the fields
         * @param keyIdColumn   that table's id column
         * @param keyNameColumn that table's column holding the field's key
         * @return this builder
         */
        public Builder customValues(String table, String userColumn, String keyColumn, String valueColumn,
                                    String keyTable, String keyIdColumn, String keyNameColumn) {
            values = new Values(identifier(table), identifier(userColumn), identifier(keyColumn), identifier(valueColumn),
                    new Target(identifier(keyTable), identifier(keyIdColumn), identifier(keyNameColumn)));
            return this;
        }

        /**
         * Custom fields in a JSON column of the user table: one JSON object per user, each
         * custom field a member whose name is the field's key, its value a JSON string. Members
         * the host keeps there for itself (of any JSON type) are read past and written back as
         * they were. The column may be text ({@code VARCHAR}, {@code TEXT}, {@code CLOB}) or, on
         * PostgreSQL, {@code json} or {@code jsonb}; H2's {@code JSON} type is not supported (use
         * a text column there). Look-ups by such a field query the JSON on PostgreSQL
         * ({@code CAST(column AS jsonb) ->> key}); on other databases they read the column of
         * every user.
         *
         * @param column the column
         * @return this builder
         */
        public Builder customJson(String column) {
            customJsonColumn = identifier(column);
            return this;
        }

        /**
         * A custom field kept in the key/value table ({@link #customValues}) or the JSON column
         * ({@link #customJson}).
         *
         * @param definition the field; it must be {@link FieldDefinition#custom() custom}
         * @param key        its key in the table (Moodle: the profile field's {@code shortname}),
         *                   or its member's name in the JSON object
         * @return this builder
         */
        public Builder customField(FieldDefinition definition, String key) {
            if (!definition.custom()) {
                throw new IllegalArgumentException(definition.name() + " is not a custom field");
            }
            customs.put(definition.name(), new Custom(definition, Objects.requireNonNull(key, "key")));
            definitions.put(definition.name(), definition);
            return this;
        }

        /**
         * Where the store keeps the name of the feed that created a user (scheduled full
         * uploads deactivate only their own feed's users): a column of the user table.
         *
         * @param column the column
         * @return this builder
         */
        public Builder feedColumn(String column) {
            columns.put(StandardFields.FEED, identifier(column));
            definitions.put(StandardFields.FEED, FEED);
            return this;
        }

        /**
         * Where the store keeps the name of the feed that created a user: a key of the
         * key/value table of custom fields (Moodle: a hidden profile field), or of the JSON column.
         *
         * @param key the key
         * @return this builder
         */
        public Builder feedKey(String key) {
            customs.put(StandardFields.FEED, new Custom(FEED, Objects.requireNonNull(key, "key")));
            definitions.put(StandardFields.FEED, FEED);
            return this;
        }

        /**
         * The status as a column's values. Without a status column or flag the store keeps no
         * account status ({@link StoreFeatures#status()}): every user reads as active, and a file
         * with a status column, a full upload and new users asked to be inactive are refused.
         *
         * @param column   the column
         * @param active   its value for an active user
         * @param inactive its value for an inactive one
         * @return this builder
         */
        public Builder status(String column, String active, String inactive) {
            statusColumn = identifier(column);
            activeValue = Objects.requireNonNull(active, "active");
            inactiveValue = Objects.requireNonNull(inactive, "inactive");
            definitions.put(StandardFields.STATUS, FieldSchema.standard().field(StandardFields.STATUS).orElseThrow());
            return this;
        }

        /**
         * The status as a flag: {@code 1} inactive (suspended), {@code 0} active.
         *
         * @param column an integer column, e.g. Moodle's {@code suspended}
         * @return this builder
         */
        public Builder suspendedFlag(String column) {
            return status(column, "0", "1");
        }

        /**
         * A flag marking deleted users ({@code 1}) instead of removing their rows, as Moodle's
         * {@code deleted} does. Flagged users are invisible to every look-up; a delete sets the
         * flag, rewrites the username to {@code deleted.<id>} and clears the user's other
         * unique values, custom values and memberships, so they are free again.
         *
         * @param column an integer column
         * @return this builder
         */
        public Builder deletedFlag(String column) {
            deletedColumn = identifier(column);
            return this;
        }

        /**
         * The value the host's columns hold for "no value" (Moodle: {@code ''} in its
         * {@code NOT NULL} text columns). Read as absent; written when a field is erased.
         * Without it, {@code NULL} means absent.
         *
         * @param value the value, e.g. the empty string
         * @return this builder
         */
        public Builder absentValue(String value) {
            absentValue = value;
            return this;
        }

        /**
         * The password column, written through the host's hasher. Without it the store takes no
         * passwords ({@link StoreFeatures#passwords()}), and a file with a password column is
         * refused as a whole.
         *
         * @param column the column
         * @param hasher the host's hasher
         * @return this builder
         */
        public Builder password(String column, PasswordHasher hasher) {
            passwordColumn = identifier(column);
            this.hasher = Objects.requireNonNull(hasher, "hasher");
            definitions.put(StandardFields.PASSWORD, FieldSchema.standard().field(StandardFields.PASSWORD).orElseThrow());
            return this;
        }

        /**
         * A value every new user's row gets in a column no field maps (Moodle: {@code auth},
         * {@code confirmed}, {@code mnethostid}).
         *
         * @param column the column
         * @param value  a String, a Number or a Boolean
         * @return this builder
         */
        public Builder insertValue(String column, Object value) {
            insertValues.put(identifier(column), Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * Memberships of one kind as rows of a link table joining users to rows of a target
         * table (Moodle: {@code mdl_cohort_members(userid, cohortid)} → {@code mdl_cohort(id, idnumber)}).
         * Such memberships keep no role, status or period. The target table is also where
         * {@code existingTargets} looks targets of that kind up.
         *
         * @param kind             the kind
         * @param linkTable        the link table
         * @param userColumn       its column holding the user's id
         * @param targetColumn     its column holding the target's id
         * @param targetTable      the target table
         * @param targetIdColumn   that table's id column
         * @param targetNameColumn that table's column holding the target's name as files write it
         * @return this builder
         */
        public Builder memberships(MembershipKind kind, String linkTable, String userColumn, String targetColumn,
                                   String targetTable, String targetIdColumn, String targetNameColumn) {
            links.put(kind, new Link(identifier(linkTable), identifier(userColumn), identifier(targetColumn),
                    new Target(identifier(targetTable), identifier(targetIdColumn), identifier(targetNameColumn))));
            return this;
        }

        /**
         * Targets of a kind that no membership table names (a {@code site}, a {@code theme}, the
         * kind a custom field {@link FieldDefinition#references() refers to}).
         *
         * @param kind       the target kind
         * @param table      the table
         * @param nameColumn its column holding the names
         * @return this builder
         */
        public Builder targets(String kind, String table, String nameColumn) {
            targets.put(kind, new Target(identifier(table), null, identifier(nameColumn)));
            return this;
        }

        /**
         * The delegates table: one row per user and delegate. Without it the store keeps no
         * delegates and a delegate upload is refused.
         *
         * @param table            the table
         * @param userColumn       its column holding the user's id
         * @param delegateColumn   its column holding the delegate's id
         * @return this builder
         */
        public Builder delegates(String table, String userColumn, String delegateColumn) {
            delegatesTable = identifier(table);
            delegatesUserColumn = identifier(userColumn);
            delegatesDelegateColumn = identifier(delegateColumn);
            return this;
        }

        /** @return the mapping */
        public TableMapping build() {
            return new TableMapping(this);
        }
    }
}
