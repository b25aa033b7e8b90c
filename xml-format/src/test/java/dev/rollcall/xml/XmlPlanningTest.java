package dev.rollcall.xml;

import dev.rollcall.core.EmptyValues;
import dev.rollcall.core.InMemoryUserRepository;
import dev.rollcall.core.UploadMode;
import dev.rollcall.core.UploadPlan;
import dev.rollcall.csv.CsvFormat;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An XML file plans exactly as its CSV twin: an absent element is a blank cell, an empty one is "". */
class XmlPlanningTest {

    private static InMemoryUserRepository store() {
        InMemoryUserRepository repo = new InMemoryUserRepository();
        repo.insert(Map.of("username", "jdoe", "email", "john.doe@example.com", "firstName", "John", "lastName", "Doe",
                "department", "Finance", "city", "Paris"));
        repo.insert(Map.of("username", "asmith", "email", "anna@example.com", "firstName", "Anna", "lastName", "Smith",
                "department", "Sales", "city", "Rome"));
        return repo;
    }

    private static ByteArrayInputStream bytes(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    private static final String CSV = """
            username,email,firstName,lastName,department,city,status,cohort1
            jdoe,,,,Legal,"",INACTIVE,nurses
            asmith,,,,,,,
            bwong,ben@example.com,Ben,Wong,Ops,,,
            """;

    private static final String XML = """
            <?xml version="1.0" encoding="UTF-8"?>
            <users xmlns="https://rollcall.dev/xml/users/1">
              <user>
                <username>jdoe</username>
                <department>Legal</department>
                <city/>
                <status>INACTIVE</status>
                <memberships><cohort>nurses</cohort></memberships>
              </user>
              <user><username>asmith</username></user>
              <user>
                <username>bwong</username><email>ben@example.com</email><firstName>Ben</firstName>
                <lastName>Wong</lastName><department>Ops</department>
              </user>
            </users>
            """;

    private static List<String> describe(UploadPlan plan) {
        return plan.all().stream().map(c -> c.action() + " " + c.username() + " " + c.changes() + " " + c.addMemberships()
                + " " + c.messages().stream().map(p -> p.code()).toList()).toList();
    }

    @Test
    void xmlAndCsv_planTheSame_forBothEmptyValueSettings() {
        for (EmptyValues empty : EmptyValues.values()) {
            InMemoryUserRepository csvStore = store().addTargets("cohort", "nurses");
            InMemoryUserRepository xmlStore = store().addTargets("cohort", "nurses");
            UploadPlan csv = UploadPlan.builder().repository(csvStore).mode(UploadMode.ADD_UPDATE).emptyValues(empty)
                    .format(new CsvFormat()).build()
                    .plan(bytes(CSV), "users.csv");
            UploadPlan xml = UploadPlan.builder().repository(xmlStore).mode(UploadMode.ADD_UPDATE).emptyValues(empty)
                    .format(new XmlFormat()).build().plan(bytes(XML), "users.xml");
            assertFalse(xml.isRefused(), xml.fileProblems().toString());
            assertEquals(describe(csv), describe(xml), empty.name());
        }
    }

    @Test
    void xmlRejectedRows_comeBackAsAnXmlErrorFile() {
        InMemoryUserRepository repo = store().addTargets("cohort", "nurses");
        UploadPlan xml = UploadPlan.builder().repository(repo).mode(UploadMode.ADD_UPDATE).format(new XmlFormat()).build()
                .plan(bytes(XML.replace("<email>ben@example.com</email>", "")), "users.xml");
        assertEquals(1, xml.rejected().size());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(1, xml.writeErrorFile(out));
        String errors = out.toString(StandardCharsets.UTF_8);
        assertTrue(errors.contains("<username>bwong</username>"), errors);
        assertTrue(errors.contains("<errors>"), errors);
        UploadPlan again = UploadPlan.builder().repository(repo).mode(UploadMode.ADD_UPDATE).format(new XmlFormat()).build()
                .plan(bytes(errors), "errors.xml");
        assertFalse(again.isRefused(), again.fileProblems().toString());
    }
}
