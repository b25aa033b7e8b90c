package dev.rollcall.xml;

import dev.rollcall.core.Action;
import dev.rollcall.core.InMemoryUserRepository;
import dev.rollcall.core.PlannedChange;
import dev.rollcall.core.UploadMode;
import dev.rollcall.core.UploadPlan;
import dev.rollcall.spi.Codes;
import dev.rollcall.spi.ControlCharacters;
import dev.rollcall.spi.FieldDefinition;
import dev.rollcall.spi.FieldSchema;
import dev.rollcall.spi.Problem;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 14 point 3 for XML: a value holding a forbidden character, written as itself or as a
 * character reference, is rejected with its line, column and {@code CONTROL_CHARACTER}; the C0
 * controls XML 1.0 cannot carry at all refuse the whole file. Nothing reaches the store.
 */
class XmlControlCharacterTest {

    /** the elements of the first user: column a problem names → element, its clean value */
    private static final Map<String, String[]> ELEMENTS = new LinkedHashMap<>();

    static {
        ELEMENTS.put("username", new String[] {"<username>%s</username>", "jdoe"});
        ELEMENTS.put("email", new String[] {"<email>%s</email>", "j@example.com"});
        ELEMENTS.put("firstName", new String[] {"<firstName>%s</firstName>", "J"});
        ELEMENTS.put("lastName", new String[] {"<lastName>%s</lastName>", "Doe"});
        ELEMENTS.put("homepage", new String[] {"<homepage>%s</homepage>", "h"});
        ELEMENTS.put("cohort1", new String[] {"<memberships><cohort>%s</cohort></memberships>", "nurses"});
    }

    private static final List<String> PLACES = List.of("username", "firstName", "homepage", "cohort1");

    /** @return a file whose first user (line 3) has the value in the column, and a clean second user */
    private static String xml(String column, String value) {
        StringBuilder user = new StringBuilder();
        ELEMENTS.forEach((c, e) -> user.append(String.format(e[0], c.equals(column) ? value : e[1])));
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<users xmlns=\"https://rollcall.dev/xml/users/1\">\n"
                + "<user>" + user + "</user>\n"
                + "<user><username>clean</username><email>c@example.com</email><firstName>C</firstName>"
                + "<lastName>Lean</lastName></user>\n</users>\n";
    }

    @Test
    void everyForbiddenCharacter_asTextOrReference_inAnyElement_neverReachesTheStore() {
        for (char c = 0; c < 0x206A; c++) {
            if (!ControlCharacters.isForbidden(c)) {
                continue;
            }
            boolean xml10 = c >= 0x20 || c == '\n' || c == '\r';
            for (boolean reference : new boolean[] {true, false}) {
                String written = reference ? "&#x" + Integer.toHexString(c) + ";" : String.valueOf(c);
                for (String column : PLACES) {
                    for (boolean standardise : new boolean[] {true, false}) {
                        String where = ControlCharacters.codePoint(c) + (reference ? " as a reference" : "") + " in "
                                + column + (standardise ? "" : ", not standardised");
                        InMemoryUserRepository repo = new InMemoryUserRepository(FieldSchema.standard()
                                .with(FieldDefinition.builder("homepage").custom(true).build()));
                        repo.addTargets("cohort", "nurses");
                        String doc = xml(column, "a" + written + "b");
                        UploadPlan plan = UploadPlan.builder().repository(repo).mode(UploadMode.ADD_UPDATE)
                                .standardiseUsernames(standardise).format(new XmlFormat()).build()
                                .plan(new ByteArrayInputStream(doc.getBytes(StandardCharsets.UTF_8)), "users.xml");
                        if (!xml10) {
                            assertTrue(plan.isRefused(), where);
                            assertEquals(Codes.MALFORMED_FILE, plan.fileProblems().get(0).code(), where);
                            assertEquals(-1, ControlCharacters.indexOf(plan.fileProblems().get(0).message()), where);
                            continue;
                        }
                        assertEquals(List.of(), plan.fileProblems(), where);
                        PlannedChange rejected = plan.all().get(0);
                        assertEquals(Action.REJECT, rejected.action(), where);
                        Problem p = rejected.messages().stream().filter(m -> Codes.CONTROL_CHARACTER.equals(m.code()))
                                .findFirst().orElseThrow(() -> new AssertionError(where + ": " + rejected.messages()));
                        assertEquals(3, p.line(), where);
                        assertEquals(column, p.column(), where);
                        // XML turns a literal CR into a line feed; a reference keeps it
                        char named = c == '\r' && !reference ? '\n' : c;
                        assertTrue(p.message().contains(ControlCharacters.codePoint(named)), where + ": " + p.message());
                        for (Problem m : rejected.messages()) {
                            assertEquals(-1, ControlCharacters.indexOf(m.message()), where + ": " + m.code() + " prints it");
                        }
                        plan.apply();
                        assertEquals(List.of("clean"), repo.all().stream().map(u -> u.username()).toList(), where);
                    }
                }
            }
        }
    }
}
