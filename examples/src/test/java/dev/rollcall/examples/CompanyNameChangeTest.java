package dev.rollcall.examples;

import dev.rollcall.core.InMemoryUserRepository;
import dev.rollcall.spi.UserRecord;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CompanyNameChangeTest {

    @Test
    void twoSteps_changeUsernamesThenEmails_keepingEveryoneElse() {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        InMemoryUserRepository repo = CompanyNameChange.run(new PrintStream(printed, true, StandardCharsets.UTF_8));
        String out = printed.toString(StandardCharsets.UTF_8);

        assertEquals(3, repo.size());
        for (UserRecord u : repo.all()) {
            assertTrue(u.username().endsWith("@newco.com"), u.username());
            assertTrue(u.email().orElseThrow().endsWith("@newco.com"));
        }
        UserRecord john = repo.byUsername("john.doe@newco.com").orElseThrow();
        assertEquals("E100", john.externalId().orElseThrow());
        assertEquals("Finance", john.field("department").orElseThrow());
        assertTrue(out.contains("Applied acmeus_20140215.csv: 3 rows, 3 renamed"), out);
        assertTrue(out.contains("Applied acmeus_20140216.csv: 3 rows, 3 updated"), out);
    }
}
