package dev.rollcall.jdbc;

import dev.rollcall.jdbc.internal.UrlDataSource;
import dev.rollcall.spi.Membership;
import dev.rollcall.spi.MembershipKind;
import dev.rollcall.spi.PasswordChange;
import dev.rollcall.spi.Secret;
import dev.rollcall.spi.StandardFields;
import dev.rollcall.spi.StoreFeatures;
import dev.rollcall.spi.UserChange;
import dev.rollcall.spi.UserRecord;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command line's mapping file: Moodle's example (docs/MAPPING.md) and the refusals of bad files. */
class MappingFileTest {

    @Test
    void moodlesExampleFile_mapsOntoMoodlesTables() throws Exception {
        TableMapping mapping = MappingFile.parse(moodleFile(), getClass().getClassLoader());
        assertEquals(new StoreFeatures(Set.of(MembershipKind.COHORT), false, false, true), mapping.features());
        assertTrue(mapping.schema().field("badge").orElseThrow().unique());
        UrlDataSource db = MoodleSchema.newH2();
        try {
            MoodleSchema.addCohorts(db, "nurses");
            MappedUserRepository repo = new MappedUserRepository(db, mapping);
            String id = repo.write(List.of(new UserChange.Create(Map.of(StandardFields.USERNAME, "jdoe",
                    StandardFields.EMAIL, "jdoe@example.com", "hired", "2026-09-01", StandardFields.FEED, "hr"),
                    Set.of(Membership.of(MembershipKind.COHORT, "nurses")),
                    new PasswordChange(Secret.of("Corr3ct-Horse"), false, false, false)))).get(0);
            UserRecord jdoe = repo.findByIds(List.of(id)).get(id);
            assertEquals(Map.of(StandardFields.USERNAME, "jdoe", StandardFields.EMAIL, "jdoe@example.com",
                    "hired", "2026-09-01", StandardFields.FEED, "hr", StandardFields.STATUS, "ACTIVE"), jdoe.fields());
            assertEquals(Set.of(Membership.of(MembershipKind.COHORT, "nurses")), jdoe.memberships());
            try (Connection c = db.getConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT u.auth, u.password, d.data FROM mdl_user u JOIN mdl_user_info_data d "
                         + "ON d.userid = u.id JOIN mdl_user_info_field f ON f.id = d.fieldid AND f.shortname = 'hired'")) {
                assertTrue(rs.next());
                assertEquals("manual", rs.getString(1));
                assertEquals(MoodleSchema.hostHash("Corr3ct-Horse".toCharArray()), rs.getString(2));
                assertEquals("2026-09-01", rs.getString(3));
            }
        } finally {
            db.close();
        }
    }

    @Test
    void anUnknownKey_isRefused_namingIt() throws IOException {
        Properties p = moodleFile();
        p.setProperty("feild.city", "city");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MappingFile.parse(p, getClass().getClassLoader()));
        assertTrue(e.getMessage().contains("feild.city"), e.getMessage());
    }

    @Test
    void aPasswordColumnWithoutTheHostsHasher_isRefused() throws IOException {
        Properties p = moodleFile();
        p.remove("password.hasher");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MappingFile.parse(p, getClass().getClassLoader()));
        assertTrue(e.getMessage().contains("password.hasher"), e.getMessage());
    }

    @Test
    void aMappingWithoutUsername_isRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MappingFile.parse(
                properties("table = users\nid = id\nversion = v\n"), getClass().getClassLoader()));
        assertTrue(e.getMessage().contains("username"), e.getMessage());
    }

    private static Properties moodleFile() throws IOException {
        Properties p = new Properties();
        try (InputStream in = MappingFileTest.class.getResourceAsStream("moodle/moodle.properties")) {
            p.load(in);
        }
        return p;
    }

    private static Properties properties(String text) {
        Properties p = new Properties();
        try {
            p.load(new StringReader(text));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return p;
    }
}
