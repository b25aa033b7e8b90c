package dev.rollcall.jdbc;

import dev.rollcall.core.DuplicateUsernames;
import dev.rollcall.core.UploadMode;
import dev.rollcall.core.UploadPlan;
import dev.rollcall.core.UploadPlanner;
import dev.rollcall.jdbc.internal.UrlDataSource;
import dev.rollcall.spi.Codes;
import dev.rollcall.spi.Problem;
import dev.rollcall.spi.UserStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Seed 003 (username templates, cohorts, suspending) uploaded into Moodle's own tables through
 * a {@link MappedUserRepository}, and read back with plain SQL as Moodle would see it; and a
 * file that needs what the mapping declares absent, refused as a whole.
 */
class MoodleSeed003Test {

    private UrlDataSource db;
    private MappedUserRepository moodle;

    @BeforeEach
    void moodle() {
        db = MoodleSchema.newH2();
        MoodleSchema.addCohorts(db, "nurses", "doctors");
        moodle = new MappedUserRepository(db, MoodleSchema.mapping());
    }

    @AfterEach
    void close() throws SQLException {
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute("SHUTDOWN");
        }
        db.close();
    }

    @Test
    void seed003_templatesCohortsAndSuspend_landInMoodlesTables() throws Exception {
        UploadPlan created = plan(UploadPlan.builder().repository(moodle).mode(UploadMode.ADD_NEW)
                .newUserStatus(UserStatus.ACTIVE).usernameTemplate("%-1f%-l").duplicateUsernames(DuplicateUsernames.APPEND_COUNTER).build(), """
                firstname,lastname,email,password,cohort1
                John,Doe,jdoe@example.com,Corr3ct-Horse-Battery!,nurses
                Jane,Doe,jane@example.com,,nurses
                Jenny,Doe,jenny@example.com,,doctors
                """);
        assertEquals(List.of(), created.fileProblems());
        created.apply();
        UploadPlan suspended = plan(UploadPlan.builder().repository(moodle).mode(UploadMode.UPDATE_ONLY)
                .allowSuspends(true).build(), """
                username,suspended
                jdoe2,1
                """);
        assertEquals(List.of(), suspended.fileProblems());
        suspended.apply();

        assertEquals(List.of("jdoe|John|Doe|jdoe@example.com|0|0|manual|1|1", "jdoe2|Jane|Doe|jane@example.com|1|0|manual|1|1",
                        "jdoe3|Jenny|Doe|jenny@example.com|0|0|manual|1|1"),
                MoodleSchema.rows(db, "SELECT username, firstname, lastname, email, suspended, deleted, auth, confirmed, mnethostid "
                        + "FROM mdl_user ORDER BY id"));
        assertEquals(List.of("jdoe|nurses", "jdoe2|nurses", "jdoe3|doctors"), MoodleSchema.rows(db, "SELECT u.username, c.idnumber "
                + "FROM mdl_cohort_members m JOIN mdl_user u ON u.id = m.userid JOIN mdl_cohort c ON c.id = m.cohortid "
                + "ORDER BY u.username"));
        List<String> password = MoodleSchema.rows(db, "SELECT password FROM mdl_user WHERE username = 'jdoe'");
        assertEquals(List.of(MoodleSchema.hostHash("Corr3ct-Horse-Battery!".toCharArray())), password,
                "the host's hasher wrote the password, in the host's format");
        assertTrue(MoodleSchema.rows(db, "SELECT timemodified FROM mdl_user").stream().allMatch(t -> Long.parseLong(t) > 1_600_000_000L),
                "timemodified stays a Unix time");
    }

    @Test
    void aFileNeedingWhatTheMappingLacks_isRefusedAsAWhole_namingTheColumn() throws Exception {
        UploadPlan plan = plan(UploadPlan.builder().repository(moodle).mode(UploadMode.ADD_NEW).build(), """
                username,firstname,lastname,email,cohort1,course1,role1
                jdoe,John,Doe,jdoe@example.com,nurses,math101,student
                """);
        List<Problem> problems = plan.fileProblems();
        assertEquals(List.of(Codes.UNSUPPORTED_COLUMN, Codes.UNSUPPORTED_COLUMN),
                problems.stream().map(Problem::code).toList(), problems::toString);
        assertTrue(problems.get(0).message().contains("\"course1\"") && problems.get(0).message().contains("course"),
                problems.get(0).message());
        assertTrue(problems.get(1).message().contains("\"role1\""), problems.get(1).message());
        assertFalse(plan.hasChanges());
        assertEquals(List.of(), MoodleSchema.rows(db, "SELECT username FROM mdl_user"));
    }

    private static UploadPlan plan(UploadPlanner planner, String csv) throws Exception {
        return planner.plan(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)), "upload.csv");
    }

}
