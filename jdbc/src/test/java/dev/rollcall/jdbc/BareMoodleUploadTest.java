package dev.rollcall.jdbc;

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
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Uploads into Moodle's tables mapped bare (no status flag, no password column): a file that
 * needs an account status or passwords is refused as a whole before a row is planned, each with
 * its message; without them, new users are created (active) and read back with plain SQL.
 */
class BareMoodleUploadTest {

    private UrlDataSource db;
    private MappedUserRepository moodle;

    @BeforeEach
    void moodle() {
        db = MoodleSchema.newH2();
        moodle = new MappedUserRepository(db, MoodleSchema.bareMapping());
    }

    @AfterEach
    void close() throws SQLException {
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute("SHUTDOWN");
        }
        db.close();
    }

    private UploadPlanner.Builder builder() {
        return UploadPlan.builder().repository(moodle).mode(UploadMode.ADD_UPDATE);
    }

    @Test
    void newUsers_areCreatedActive_withoutBeingAsked() throws Exception {
        UploadPlan plan = plan(builder().build(), """
                username,firstname,lastname,email,costCenter
                jdoe,John,Doe,jdoe@example.com,CC-1
                """);
        assertEquals(List.of(), plan.fileProblems());
        assertEquals(1, plan.apply().summary().created());
        assertEquals(List.of("jdoe|John|Doe|jdoe@example.com|0|0|"),
                MoodleSchema.rows(db, "SELECT username, firstname, lastname, email, suspended, deleted, password FROM mdl_user"));
        assertEquals(List.of("CC-1"), MoodleSchema.rows(db, "SELECT d.data FROM mdl_user_info_data d JOIN mdl_user_info_field f "
                + "ON f.id = d.fieldid WHERE f.shortname = 'costCenter'"));
        assertEquals(UserStatus.ACTIVE, moodle.findBy("username", List.of("jdoe")).get("jdoe").get(0).status());
    }

    @Test
    void aStatusColumn_isRefused_notUnknown() throws Exception {
        Problem p = refused(plan(builder().build(), "username,status\njdoe,INACTIVE\n"));
        assertEquals("column \"status\" cannot be applied: this store keeps no account status (every user is active; "
                + "docs/MAPPING.md); remove the column", p.message());
    }

    @Test
    void aSuspendedColumn_isRefused() throws Exception {
        Problem p = refused(plan(builder().build(), "username,suspended\njdoe,1\n"));
        assertEquals("suspended", p.column());
        assertTrue(p.message().contains("keeps no account status"), p.message());
    }

    @Test
    void aPasswordColumn_isRefused_notUnknown() throws Exception {
        Problem p = refused(plan(builder().build(), "username,password\njdoe,Corr3ct-Horse-Battery!\n"));
        assertEquals("column \"password\" cannot be applied: this store cannot take passwords (docs/MAPPING.md); "
                + "remove the column", p.message());
    }

    @Test
    void aFullUpload_isRefused() throws Exception {
        Problem p = refused(plan(builder().feed("hr").fullUpload(true).build(), "username\njdoe\n"));
        assertTrue(p.message().startsWith("a full upload deactivates the feed's users that the file leaves out, but this "
                + "store keeps no account status"), p.message());
    }

    @Test
    void newUsersAskedToBeInactive_areRefused() throws Exception {
        Problem p = refused(plan(builder().newUserStatus(UserStatus.INACTIVE).build(), "username\njdoe\n"));
        assertTrue(p.message().startsWith("new users are to be made inactive, but this store keeps no account status"),
                p.message());
    }

    @Test
    void anUnknownColumn_isStillUnknown() throws Exception {
        UploadPlan plan = plan(builder().build(), "username,shoeSize\njdoe,44\n");
        assertEquals(List.of(Codes.UNKNOWN_COLUMN), plan.fileProblems().stream().map(Problem::code).toList());
    }

    /** @return the one problem of a plan refused as a whole, after checking nothing was written */
    private Problem refused(UploadPlan plan) throws SQLException {
        assertTrue(plan.isRefused());
        assertEquals(List.of(Codes.UNSUPPORTED_COLUMN), plan.fileProblems().stream().map(Problem::code).toList(),
                plan.fileProblems()::toString);
        assertEquals(List.of(), plan.all());
        assertEquals(List.of(), MoodleSchema.rows(db, "SELECT username FROM mdl_user"));
        return plan.fileProblems().get(0);
    }

    private static UploadPlan plan(UploadPlanner planner, String csv) {
        return planner.plan(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)), "upload.csv");
    }

}
