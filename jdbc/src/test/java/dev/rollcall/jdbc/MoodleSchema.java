package dev.rollcall.jdbc;

import dev.rollcall.jdbc.internal.UrlDataSource;
import dev.rollcall.spi.FieldDefinition;
import dev.rollcall.spi.MembershipKind;
import dev.rollcall.spi.StandardFields;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/**
 * Moodle's tables (moodle/schema.sql) in a fresh database, and the mapping of Rollcall's
 * fields onto them: the proof that a {@link MappedUserRepository} works on a schema nobody
 * here designed.
 */
final class MoodleSchema {

    private MoodleSchema() {
    }

    /** Moodle's custom profile fields used by the tests: the contract's custom fields of every type. */
    static final List<FieldDefinition> PROFILE_FIELDS = ContractStores.CUSTOM_FIELDS;

    /** The hidden profile field that keeps the feed that created a user. */
    static final String FEED_KEY = "rollcallfeed";

    /** A stand-in for the host's hasher (Moodle's is bcrypt): never Rollcall's own format. */
    static String hostHash(char[] password) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(new String(password).getBytes(StandardCharsets.UTF_8));
            return "host-sha256:" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@link #hostHash} as a class, for the mapping file ({@code password.hasher}). */
    public static final class Hasher implements PasswordHasher {
        /** A hasher; the mapping file makes it by reflection. */
        public Hasher() {
        }

        @Override
        public String hash(char[] password) {
            return hostHash(password);
        }
    }

    /** The mapping of docs/MAPPING.md's worked example, as Java. */
    static TableMapping mapping() {
        return withCohortsAndProfileFields(userTable().customValues("mdl_user_info_data", "userid", "fieldid", "data",
                "mdl_user_info_field", "id", "shortname"));
    }

    /** {@code mdl_user}'s columns, flags, password and insert values, as the worked example maps them. */
    private static TableMapping.Builder userTable() {
        return TableMapping.builder("mdl_user", "id")
                .versionColumn("timemodified")
                .field(StandardFields.USERNAME, "username")
                .field(StandardFields.EMAIL, "email")
                .field(StandardFields.FIRST_NAME, "firstname")
                .field(StandardFields.LAST_NAME, "lastname")
                .field(StandardFields.EMPLOYEE_ID, "idnumber")
                .field(StandardFields.DEPARTMENT, "department")
                .field(StandardFields.CITY, "city")
                .field(StandardFields.PHONE, "phone1")
                .suspendedFlag("suspended")
                .deletedFlag("deleted")
                .absentValue("")
                .password("password", MoodleSchema::hostHash)
                .insertValue("auth", "manual")
                .insertValue("confirmed", 1)
                .insertValue("mnethostid", 1);
    }

    /** Adds cohorts, the profile fields and the feed key, and builds. */
    private static TableMapping withCohortsAndProfileFields(TableMapping.Builder b) {
        b.memberships(MembershipKind.COHORT, "mdl_cohort_members", "userid", "cohortid", "mdl_cohort", "id", "idnumber");
        PROFILE_FIELDS.forEach(f -> b.customField(f, f.name()));
        b.feedKey(FEED_KEY);
        return b.build();
    }

    /** The column {@link #jsonMapping()} keeps custom fields in; tests add it to {@code mdl_user}. */
    static final String JSON_COLUMN = "customjson";

    /**
     * The mapping of docs/MAPPING.md's worked example, but with the custom fields (and the feed)
     * in a JSON column of {@code mdl_user} ({@link #addJsonColumn}) instead of Moodle's
     * {@code mdl_user_info_data}.
     */
    static TableMapping jsonMapping() {
        return withCohortsAndProfileFields(userTable().customJson(JSON_COLUMN));
    }

    /** Adds {@link #JSON_COLUMN} to {@code mdl_user}, of a type such as {@code CLOB}, {@code TEXT} or {@code jsonb}. */
    static void addJsonColumn(DataSource db, String type) {
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute("ALTER TABLE mdl_user ADD COLUMN " + JSON_COLUMN + " " + type);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A bare mapping of Moodle's tables: its fields and profile fields only. No status flag (so
     * the store keeps no account status), no password column (so it takes no passwords), no
     * deleted flag (a delete removes the row), no cohorts.
     */
    static TableMapping bareMapping() {
        TableMapping.Builder b = TableMapping.builder("mdl_user", "id")
                .versionColumn("timemodified")
                .field(StandardFields.USERNAME, "username")
                .field(StandardFields.EMAIL, "email")
                .field(StandardFields.FIRST_NAME, "firstname")
                .field(StandardFields.LAST_NAME, "lastname")
                .field(StandardFields.EMPLOYEE_ID, "idnumber")
                .field(StandardFields.CITY, "city")
                .absentValue("")
                .insertValue("auth", "manual")
                .insertValue("confirmed", 1)
                .insertValue("mnethostid", 1)
                .customValues("mdl_user_info_data", "userid", "fieldid", "data",
                        "mdl_user_info_field", "id", "shortname");
        PROFILE_FIELDS.forEach(f -> b.customField(f, f.name()));
        b.feedKey(FEED_KEY);
        return b.build();
    }

    /** @return a new in-memory H2 database with Moodle's tables and profile fields */
    static UrlDataSource newH2() {
        UrlDataSource h2 = new UrlDataSource("jdbc:h2:mem:moodle-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        create(h2, "VARCHAR");
        return h2;
    }

    /** Creates the tables (dropping earlier ones) and the profile fields' rows. */
    static void create(DataSource db, String textType) {
        String ddl;
        try (InputStream in = MoodleSchema.class.getResourceAsStream("moodle/schema.sql")) {
            ddl = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("${text}", textType);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            for (String t : List.of("mdl_cohort_members", "mdl_cohort", "mdl_user_info_data", "mdl_user_info_field", "mdl_user")) {
                s.execute("DROP TABLE IF EXISTS " + t);
            }
            for (String statement : ddl.replaceAll("(?m)^--.*$", "").split(";")) {
                if (!statement.isBlank()) {
                    s.execute(statement);
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO mdl_user_info_field (shortname, name, datatype) VALUES (?, ?, 'text')")) {
                for (FieldDefinition f : PROFILE_FIELDS) {
                    ps.setString(1, f.name());
                    ps.setString(2, f.name());
                    ps.executeUpdate();
                }
                ps.setString(1, FEED_KEY);
                ps.setString(2, "Rollcall feed");
                ps.executeUpdate();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Adds cohorts the way Moodle's screens would, skipping those that exist. */
    static void addCohorts(DataSource db, String... idnumbers) {
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO mdl_cohort (contextid, name, idnumber, "
                     + "descriptionformat, timecreated, timemodified) SELECT 1, ?, ?, 0, 0, 0 WHERE NOT EXISTS "
                     + "(SELECT 1 FROM mdl_cohort WHERE idnumber = ?)")) {
            for (String n : idnumbers) {
                ps.setString(1, n);
                ps.setString(2, n);
                ps.setString(3, n);
                ps.executeUpdate();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return each row of {@code sql}'s result, its columns joined by {@code |} ({@code null} as "null") */
    static List<String> rows(DataSource db, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = db.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder sb = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    sb.append(i == 1 ? "" : "|").append(rs.getString(i));
                }
                out.add(sb.toString());
            }
        }
        return out;
    }
}
