package dev.rollcall.jdbc;

import dev.rollcall.jdbc.internal.JsonObjects;
import dev.rollcall.jdbc.internal.UrlDataSource;
import dev.rollcall.spi.Codes;
import dev.rollcall.spi.PasswordChange;
import dev.rollcall.spi.RollcallException;
import dev.rollcall.spi.StandardFields;
import dev.rollcall.spi.UserChange;
import dev.rollcall.spi.UserQuery;
import dev.rollcall.spi.UserRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Custom fields in a JSON column: the small JSON reader and writer (escaping, Unicode, malformed
 * text refused with its position and without its content), and the mapped store over a column
 * whose objects the host also writes (its own members kept, its escapes read, a malformed value
 * refused naming the user).
 */
class JsonCustomFieldsTest {

    // ================================================================= the reader and writer

    @Test
    void write_escapesWhatJsonRequires_andKeepsUnicodeAsItIs() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("quote", "say \"hi\"");
        m.put("back\\slash", "C:\\temp\\");
        m.put("controls", "a\nb\rc\td\be\ff\u0001g\u001f");
        m.put("unicode", "Zoë Ødegård-Nguyễn 漢字 😀");
        m.put("slash", "</script>");
        assertEquals("{\"quote\":\"say \\\"hi\\\"\",\"back\\\\slash\":\"C:\\\\temp\\\\\","
                + "\"controls\":\"a\\nb\\rc\\td\\be\\ff\\u0001g\\u001f\",\"unicode\":\"Zoë Ødegård-Nguyễn 漢字 😀\","
                + "\"slash\":\"</script>\"}", JsonObjects.write(m));
        assertEquals(m, JsonObjects.parse(JsonObjects.write(m)));
    }

    @Test
    void write_escapesALoneSurrogate_soTheTextStaysValid() {
        String lone = "a\ud83db";
        String text = JsonObjects.write(Map.of("k", lone));
        assertEquals("{\"k\":\"a\\ud83db\"}", text);
        assertEquals(lone, JsonObjects.parse(text).get("k"));
    }

    @Test
    void parse_readsEscapes_surrogatePairs_andSpaces() {
        Map<String, Object> m = JsonObjects.parse(" {\n \"a\" : \"caf\\u00e9 \\ud83d\\ude00 \\/ \\\" \\\\\" ,\t\"b\":\"\" } ");
        assertEquals("café 😀 / \" \\", m.get("a"));
        assertEquals("", m.get("b"));
    }

    @Test
    void parse_keepsTheHostsOtherValues_asTheyWereWritten() {
        String host = "{\"floor\":-12.5e+3,\"on\":true,\"gone\":null,\"prefs\":{\"theme\":[1,\"x\",{}]},\"list\":[]}";
        Map<String, Object> m = JsonObjects.parse(host);
        assertEquals(new JsonObjects.Raw("-12.5e+3"), m.get("floor"));
        assertTrue(((JsonObjects.Raw) m.get("on")).isScalar());
        assertTrue(((JsonObjects.Raw) m.get("gone")).isNull());
        assertFalse(((JsonObjects.Raw) m.get("prefs")).isScalar());
        assertEquals(host, JsonObjects.write(m));
    }

    @Test
    void parse_blankText_isTheEmptyObject() {
        assertEquals(Map.of(), JsonObjects.parse(null));
        assertEquals(Map.of(), JsonObjects.parse("  "));
        assertEquals(Map.of(), JsonObjects.parse("{}"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "[\"secret\"]                 | expected '{' (the column must hold a JSON object) at character 1",
            "{\"a\":\"secret               | expected the closing '\"' of a string at character 13 (the end of the text)",
            "{\"a\":\"secret\"            | expected ',' or '}' at character 14 (the end of the text)",
            "{\"a\" \"secret\"}           | expected ':' after a key at character 6",
            "{\"a\":\"secret\",}          | expected a string in double quotes at character 15",
            "{\"a\":secret}               | expected a value (a string, a number, true, false, null, an object or an array) at character 6",
            "{\"a\":\"sec\\xret\"}        | expected one of \" \\ / b f n r t u after '\\' at character 11",
            "{\"a\":\"\\u12G4\"}          | expected four hexadecimal digits after \\u at character 11",
            "{\"a\":\"secret\"} trailing  | expected the end of the text after the object at character 16",
            "{\"a\":01}                   | expected ',' or '}' at character 7",
            "{\"a\":-}                    | expected a digit at character 7",
    })
    void parse_malformedText_isRefused_withItsPosition_neverItsContent(String text, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JsonObjects.parse(text));
        assertEquals("not a JSON object: " + message, e.getMessage());
        assertFalse(e.getMessage().contains("secret"));
    }

    @Test
    void parse_aRawControlCharacterInAString_isRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JsonObjects.parse("{\"a\":\"x\ny\"}"));
        assertEquals("not a JSON object: expected no control character inside a string (write it escaped) at character 8",
                e.getMessage());
    }

    // ================================================================= the mapped store

    private UrlDataSource db;
    private MappedUserRepository repo;

    @BeforeEach
    void moodle() {
        db = MoodleSchema.newH2();
        MoodleSchema.addJsonColumn(db, "VARCHAR(4000)");
        repo = new MappedUserRepository(db, MoodleSchema.jsonMapping());
    }

    @AfterEach
    void close() throws SQLException {
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute("SHUTDOWN");
        }
        db.close();
    }

    @Test
    void valuesWithQuotesBackslashesAndUnicode_roundTrip_andAreFoundByValue() throws SQLException {
        String tricky = "He said \"50% off_\"\\ Zoë 😀\ttab";
        String id = create("jdoe", "costCenter", tricky, "badge", "B-1");
        assertEquals(tricky, repo.findByIds(List.of(id)).get(id).field("costCenter").orElseThrow());
        assertEquals(List.of(id), repo.findBy("costCenter", List.of(tricky)).get(tricky).stream().map(UserRecord::id).toList());
        assertEquals("{\"badge\":\"B-1\",\"costCenter\":\"He said \\\"50% off_\\\"\\\\ Zoë 😀\\ttab\",\"rollcallfeed\":\"hr\"}",
                json(id));
    }

    @Test
    void theHostsOwnMembers_surviveAnUpdate_andAreNeverReadAsFields() throws SQLException {
        String id = create("jdoe", "costCenter", "CC-1");
        setJson(id, "{\"prefs\":{\"theme\":\"dark\"},\"costCenter\":\"CC-1\",\"rollcallfeed\":\"hr\",\"floor\":3,\"logins\":[1,2]}");
        UserRecord u = repo.findByIds(List.of(id)).get(id);
        assertEquals(Map.of(StandardFields.USERNAME, "jdoe", StandardFields.STATUS, "ACTIVE", "costCenter", "CC-1",
                "floor", "3", StandardFields.FEED, "hr"), u.fields(), "a number the host wrote under a field's key reads as its text");
        repo.write(List.of(new UserChange.Update(id, u.version(), Map.of("costCenter", "CC-2"), Set.of("floor"), Set.of(),
                Set.of(), PasswordChange.NONE)));
        assertEquals("{\"prefs\":{\"theme\":\"dark\"},\"costCenter\":\"CC-2\",\"rollcallfeed\":\"hr\",\"logins\":[1,2]}", json(id));
    }

    @Test
    void theHostsEscapes_areRead_andFound() throws SQLException {
        String id = create("jdoe");
        setJson(id, "{ \"costCenter\" : \"caf\\u00e9\\/1\", \"rollcallfeed\":\"hr\" }");
        assertEquals("café/1", repo.findByIds(List.of(id)).get(id).field("costCenter").orElseThrow());
        assertEquals(Set.of("café/1"), repo.findBy("costCenter", List.of("café/1", "cafe/1")).keySet());
        try (var s = repo.list(new UserQuery("hr", null))) {
            assertEquals(List.of(id), s.map(UserRecord::id).toList(), "the feed kept in the JSON column lists the user");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"costCenter\":\"secret-value\"", "\"secret-value\"", "{\"costCenter\":{\"secret\":\"value\"}}"})
    void aMalformedStoredValue_isRefused_namingTheUser_neverTheValue(String stored) throws SQLException {
        String id = create("jdoe");
        setJson(id, stored);
        RollcallException e = assertThrows(RollcallException.class, () -> repo.findByIds(List.of(id)));
        assertEquals(Codes.STORE_FAILED, e.code());
        assertTrue(e.getMessage().startsWith("the JSON column mdl_user.customjson of user " + id + " "), e.getMessage());
        assertFalse(e.getMessage().contains("secret"), e.getMessage());
        RollcallException lookUp = assertThrows(RollcallException.class, () -> repo.findBy("costCenter", List.of("x")));
        assertEquals(Codes.STORE_FAILED, lookUp.code(), "a look-up that reads every user's column meets it too");
    }

    @Test
    void anEmptyOrNullColumn_holdsNoValues() throws SQLException {
        String id = create("jdoe", "costCenter", "CC-1");
        setJson(id, "");
        assertEquals(Set.of(StandardFields.USERNAME, StandardFields.STATUS), repo.findByIds(List.of(id)).get(id).fields().keySet());
        setJson(id, null);
        assertEquals(Set.of(StandardFields.USERNAME, StandardFields.STATUS), repo.findByIds(List.of(id)).get(id).fields().keySet());
        UserRecord u = repo.findByIds(List.of(id)).get(id);
        repo.write(List.of(new UserChange.Update(id, u.version(), Map.of("badge", "B-9"), Set.of(), Set.of(), Set.of(),
                PasswordChange.NONE)));
        assertEquals("{\"badge\":\"B-9\"}", json(id));
    }

    @Test
    void aDeletedUser_losesItsValues_butTheHostsMembersStay() throws SQLException {
        String id = create("jdoe", "badge", "B-1");
        setJson(id, "{\"badge\":\"B-1\",\"rollcallfeed\":\"hr\",\"prefs\":{}}");
        UserRecord u = repo.findByIds(List.of(id)).get(id);
        repo.write(List.of(new UserChange.Delete(id, u.version())));
        assertEquals("{\"prefs\":{}}", json(id));
        assertEquals(Map.of(), repo.findBy("badge", List.of("B-1")));
    }

    @Test
    void theMappingFileKey_customJson_mapsTheColumn() {
        Properties p = new Properties();
        p.setProperty("table", "mdl_user");
        p.setProperty("id", "id");
        p.setProperty("version", "timemodified");
        p.setProperty("field.username", "username");
        p.setProperty("absent", "");
        p.setProperty("custom.json", "customjson");
        p.setProperty("custom.costCenter.key", "cc");
        MappedUserRepository fromFile = new MappedUserRepository(db, MappingFile.parse(p, getClass().getClassLoader()));
        String id = fromFile.write(List.of(new UserChange.Create(Map.of(StandardFields.USERNAME, "jdoe", "costCenter", "CC-7"),
                Set.of(), PasswordChange.NONE))).get(0);
        assertEquals("CC-7", fromFile.findByIds(List.of(id)).get(id).field("costCenter").orElseThrow());
        try {
            assertEquals("{\"cc\":\"CC-7\"}", json(id));
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aKeyValueTableAndAJsonColumn_together_areRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TableMapping.builder("t", "id")
                .versionColumn("v").field("username", "u").customJson("j").customValues("kv", "u", "k", "v").build());
        assertTrue(e.getMessage().contains("not both"), e.getMessage());
    }

    private String create(String username, String... kv) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put(StandardFields.USERNAME, username);
        f.put(StandardFields.FEED, "hr");
        for (int i = 0; i < kv.length; i += 2) {
            f.put(kv[i], kv[i + 1]);
        }
        return repo.write(List.of(new UserChange.Create(f, Set.of(), PasswordChange.NONE))).get(0);
    }

    private void setJson(String id, String text) throws SQLException {
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE mdl_user SET customjson = ? WHERE id = ?")) {
            ps.setString(1, text);
            ps.setLong(2, Long.parseLong(id));
            ps.executeUpdate();
        }
    }

    private String json(String id) throws SQLException {
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT customjson FROM mdl_user WHERE id = ?")) {
            ps.setLong(1, Long.parseLong(id));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }
}
