package dev.rollcall.jdbc.internal;

import dev.rollcall.spi.StandardFields;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The store's tables, their columns and the portable DDL that creates them (H2 2.x and
 * PostgreSQL 10+; nothing vendor-specific: {@code CREATE TABLE IF NOT EXISTS}, an identity
 * column, named constraints, {@code ON DELETE CASCADE}). docs/JDBC-SCHEMA.md describes the
 * same schema for people; keep the two in step.
 *
 * <p>Column names avoid words that H2 or PostgreSQL reserve ({@code value}, {@code key},
 * {@code user}, {@code position}, {@code unique}, {@code references}).
 */
public final class Tables {

    private Tables() {
    }

    /** The schema version this code creates and understands. */
    public static final int SCHEMA_VERSION = 1;

    /** The longest value a text column keeps (a bound that stays inside PostgreSQL's b-tree entry limit). */
    public static final int MAX_VALUE_LENGTH = 512;
    /** The longest field name. */
    public static final int MAX_FIELD_NAME_LENGTH = 100;

    public static final String META = "rollcall_meta";
    /**
     * Creates {@link #META} when it is missing: names and values (the schema version, keys for
     * saved plans). A mapped store creates it alone in the host's database ({@link PlanKeys}).
     */
    public static final String META_DDL = "CREATE TABLE IF NOT EXISTS " + META + " ("
            + "name VARCHAR(100) NOT NULL, "
            + "val VARCHAR(1000) NOT NULL, "
            + "CONSTRAINT rollcall_meta_pk PRIMARY KEY (name))";
    public static final String USERS = "rollcall_users";
    public static final String USER_FIELDS = "rollcall_user_fields";
    public static final String UNIQUE_VALUES = "rollcall_unique_values";
    public static final String MEMBERSHIPS = "rollcall_memberships";
    public static final String TARGETS = "rollcall_targets";
    public static final String FIELD_DEFINITIONS = "rollcall_field_definitions";
    public static final String DELEGATES = "rollcall_delegates";

    /** Every table, children before parents (the order to drop them in). */
    public static final List<String> ALL = List.of(DELEGATES, UNIQUE_VALUES, USER_FIELDS, MEMBERSHIPS, USERS,
            TARGETS, FIELD_DEFINITIONS, META);

    /** Constraint names that identify the unique field a duplicate-key error is about. */
    public static final String USERNAME_UQ = "rollcall_users_username_uq";
    public static final String EXTERNAL_ID_UQ = "rollcall_users_external_id_uq";
    public static final String EMPLOYEE_ID_UQ = "rollcall_users_employee_id_uq";
    public static final String UNIQUE_VALUES_PK = "rollcall_unique_values_pk";

    /** The users table's column for each standard field it stores, in column order. */
    private static final Map<String, String> COLUMNS;

    static {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(StandardFields.USERNAME, "username");
        m.put(StandardFields.EMAIL, "email");
        m.put(StandardFields.FIRST_NAME, "first_name");
        m.put(StandardFields.LAST_NAME, "last_name");
        m.put(StandardFields.EXTERNAL_ID, "external_id");
        m.put(StandardFields.EMPLOYEE_ID, "employee_id");
        m.put(StandardFields.STATUS, "status");
        m.put(StandardFields.PROFILE_TYPE, "profile_type");
        m.put(StandardFields.DEPARTMENT, "department");
        m.put(StandardFields.JOB_TITLE, "job_title");
        m.put(StandardFields.PHONE, "phone");
        m.put(StandardFields.COUNTRY, "country");
        m.put(StandardFields.CITY, "city");
        m.put(StandardFields.SITE, "site");
        m.put(StandardFields.THEME, "theme");
        m.put(StandardFields.FEED, "feed");
        COLUMNS = Collections.unmodifiableMap(m);
    }

    /** The standard fields with a column of their own, in column order. */
    public static final List<String> STANDARD_FIELDS = List.copyOf(COLUMNS.keySet());

    /**
     * @param field a canonical field name
     * @return the users-table column of a standard field, or empty for a custom field
     */
    public static Optional<String> column(String field) {
        return Optional.ofNullable(COLUMNS.get(field));
    }

    /** @return the index of a standard field in {@link #STANDARD_FIELDS}, or -1 */
    public static int standardIndex(String field) {
        return STANDARD_FIELDS.indexOf(field);
    }

    /**
     * @param prefix a table alias and dot, or {@code ""}
     * @return {@link #USER_COLUMNS} with every column prefixed
     */
    public static String userColumns(String prefix) {
        StringBuilder sb = new StringBuilder(prefix).append("id");
        for (String c : COLUMNS.values()) {
            sb.append(", ").append(prefix).append(c);
        }
        return sb.append(", ").append(prefix).append("version").toString();
    }

    /** {@code id, username, …, feed, version}: what a read selects from the users table. */
    public static final String USER_COLUMNS;
    /** {@link #USER_COLUMNS} and the password columns: what a write reads before an update. */
    public static final String USER_COLUMNS_FOR_UPDATE;

    static {
        USER_COLUMNS = userColumns("");
        USER_COLUMNS_FOR_UPDATE = USER_COLUMNS
                + ", password_hash, password_generate, password_reset, password_force_change";
    }

    /** @return the statements that create the schema, each idempotent */
    public static List<String> ddl() {
        List<String> ddl = new ArrayList<>();
        ddl.add(META_DDL);
        StringBuilder users = new StringBuilder("CREATE TABLE IF NOT EXISTS " + USERS + " ("
                + "id BIGINT GENERATED BY DEFAULT AS IDENTITY NOT NULL, ");
        for (Map.Entry<String, String> e : COLUMNS.entrySet()) {
            users.append(e.getValue()).append(" VARCHAR(").append(MAX_VALUE_LENGTH).append(')');
            if (e.getKey().equals(StandardFields.USERNAME) || e.getKey().equals(StandardFields.STATUS)) {
                users.append(" NOT NULL");
            }
            users.append(", ");
            if (e.getKey().equals(StandardFields.EMAIL)) {
                users.append("email_lower VARCHAR(").append(MAX_VALUE_LENGTH).append("), ");
            }
        }
        users.append("version BIGINT NOT NULL, "
                + "password_hash VARCHAR(255), "
                + "password_generate BOOLEAN NOT NULL, "
                + "password_reset BOOLEAN NOT NULL, "
                + "password_force_change BOOLEAN NOT NULL, "
                + "created_at TIMESTAMP WITH TIME ZONE NOT NULL, "
                + "updated_at TIMESTAMP WITH TIME ZONE NOT NULL, "
                + "CONSTRAINT rollcall_users_pk PRIMARY KEY (id), "
                + "CONSTRAINT " + USERNAME_UQ + " UNIQUE (username), "
                + "CONSTRAINT " + EXTERNAL_ID_UQ + " UNIQUE (external_id), "
                + "CONSTRAINT " + EMPLOYEE_ID_UQ + " UNIQUE (employee_id))");
        ddl.add(users.toString());
        ddl.add("CREATE INDEX IF NOT EXISTS rollcall_users_email_lower_ix ON " + USERS + " (email_lower)");
        ddl.add("CREATE INDEX IF NOT EXISTS rollcall_users_site_ix ON " + USERS + " (site)");
        ddl.add("CREATE INDEX IF NOT EXISTS rollcall_users_feed_ix ON " + USERS + " (feed, id)");

        ddl.add("CREATE TABLE IF NOT EXISTS " + USER_FIELDS + " ("
                + "user_id BIGINT NOT NULL, "
                + "field VARCHAR(" + MAX_FIELD_NAME_LENGTH + ") NOT NULL, "
                + "field_value VARCHAR(" + MAX_VALUE_LENGTH + ") NOT NULL, "
                + "CONSTRAINT rollcall_user_fields_pk PRIMARY KEY (user_id, field), "
                + "CONSTRAINT rollcall_user_fields_user_fk FOREIGN KEY (user_id) REFERENCES " + USERS
                + " (id) ON DELETE CASCADE)");
        ddl.add("CREATE INDEX IF NOT EXISTS rollcall_user_fields_value_ix ON " + USER_FIELDS + " (field, field_value)");

        ddl.add("CREATE TABLE IF NOT EXISTS " + UNIQUE_VALUES + " ("
                + "field VARCHAR(" + MAX_FIELD_NAME_LENGTH + ") NOT NULL, "
                + "field_value VARCHAR(" + MAX_VALUE_LENGTH + ") NOT NULL, "
                + "user_id BIGINT NOT NULL, "
                + "CONSTRAINT " + UNIQUE_VALUES_PK + " PRIMARY KEY (field, field_value), "
                + "CONSTRAINT rollcall_unique_values_user_fk FOREIGN KEY (user_id) REFERENCES " + USERS
                + " (id) ON DELETE CASCADE)");
        ddl.add("CREATE INDEX IF NOT EXISTS rollcall_unique_values_user_ix ON " + UNIQUE_VALUES + " (user_id, field)");

        ddl.add("CREATE TABLE IF NOT EXISTS " + MEMBERSHIPS + " ("
                + "user_id BIGINT NOT NULL, "
                + "membership_key VARCHAR(64) NOT NULL, "
                + "kind VARCHAR(32) NOT NULL, "
                + "target VARCHAR(" + MAX_VALUE_LENGTH + ") NOT NULL, "
                + "role VARCHAR(" + MAX_VALUE_LENGTH + "), "
                + "status VARCHAR(" + MAX_VALUE_LENGTH + "), "
                + "start_date DATE, "
                + "end_date DATE, "
                + "CONSTRAINT rollcall_memberships_pk PRIMARY KEY (user_id, membership_key), "
                + "CONSTRAINT rollcall_memberships_user_fk FOREIGN KEY (user_id) REFERENCES " + USERS
                + " (id) ON DELETE CASCADE)");
        ddl.add("CREATE INDEX IF NOT EXISTS rollcall_memberships_target_ix ON " + MEMBERSHIPS + " (kind, target)");

        ddl.add("CREATE TABLE IF NOT EXISTS " + TARGETS + " ("
                + "kind VARCHAR(100) NOT NULL, "
                + "name VARCHAR(" + MAX_VALUE_LENGTH + ") NOT NULL, "
                + "CONSTRAINT rollcall_targets_pk PRIMARY KEY (kind, name))");

        ddl.add("CREATE TABLE IF NOT EXISTS " + FIELD_DEFINITIONS + " ("
                + "name VARCHAR(" + MAX_FIELD_NAME_LENGTH + ") NOT NULL, "
                + "ordinal INTEGER NOT NULL, "
                + "field_type VARCHAR(32) NOT NULL, "
                + "aliases VARCHAR(4000), "
                + "required_for VARCHAR(100), "
                + "updatable BOOLEAN NOT NULL, "
                + "is_unique BOOLEAN NOT NULL, "
                + "sensitive BOOLEAN NOT NULL, "
                + "max_length INTEGER NOT NULL, "
                + "fixed_length INTEGER NOT NULL, "
                + "allowed_values VARCHAR(4000), "
                + "field_set VARCHAR(100), "
                + "references_kind VARCHAR(100), "
                + "description VARCHAR(1000), "
                + "example VARCHAR(" + MAX_VALUE_LENGTH + "), "
                + "unique_within_site BOOLEAN DEFAULT FALSE NOT NULL, "
                + "CONSTRAINT rollcall_field_definitions_pk PRIMARY KEY (name))");
        // stores made before fields could be unique within a site (seed 003) gain the column
        ddl.add("ALTER TABLE " + FIELD_DEFINITIONS + " ADD COLUMN IF NOT EXISTS unique_within_site BOOLEAN DEFAULT FALSE NOT NULL");

        ddl.add("CREATE TABLE IF NOT EXISTS " + DELEGATES + " ("
                + "user_id BIGINT NOT NULL, "
                + "delegate_id BIGINT NOT NULL, "
                + "CONSTRAINT rollcall_delegates_pk PRIMARY KEY (user_id, delegate_id), "
                + "CONSTRAINT rollcall_delegates_user_fk FOREIGN KEY (user_id) REFERENCES " + USERS
                + " (id) ON DELETE CASCADE, "
                + "CONSTRAINT rollcall_delegates_delegate_fk FOREIGN KEY (delegate_id) REFERENCES " + USERS
                + " (id) ON DELETE CASCADE)");
        ddl.add("CREATE INDEX IF NOT EXISTS rollcall_delegates_delegate_ix ON " + DELEGATES + " (delegate_id)");
        return ddl;
    }
}
