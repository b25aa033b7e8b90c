package dev.rollcall.core;

import dev.rollcall.spi.RollcallException;
import dev.rollcall.spi.UploadFileException;
import dev.rollcall.spi.UserChange;
import dev.rollcall.spi.UserRepository;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static dev.rollcall.core.TestUploads.plan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A password read from a file never shows up anywhere: toString, tables, results, messages, logs. */
class SecretsTest {

    private static final String PASSWORD = "Tr0ub4dor&3-unique-marker";

    @Test
    void password_neverAppears_inPlansResultsOrLogs() {
        PrintStream originalErr = System.err;
        ByteArrayOutputStream logs = new ByteArrayOutputStream();
        List<String> seen = new ArrayList<>();
        try {
            System.setErr(new PrintStream(logs, true, StandardCharsets.UTF_8));
            InMemoryUserRepository inner = new InMemoryUserRepository();
            UserRepository repo = new ApplyTest.RefusingRepository(inner, "u2");
            UploadPlan plan = plan(UploadPlan.builder().repository(repo).build(), """
                    username,email,firstName,lastName,password
                    u1,u1@example.com,U,One,%s
                    u2,u2@example.com,U,Two,%s
                    u3,,U,Three,%s
                    """.formatted(PASSWORD, PASSWORD, PASSWORD));
            seen.add(plan.toString());
            seen.add(PlanTable.render(plan));
            for (PlannedChange c : plan.all()) {
                seen.add(c.toString());
                seen.add(c.password().toString());
                seen.add(c.messages().toString());
                if (c.action().writes()) {
                    seen.add(dev.rollcall.core.internal.Applier.toUserChange(c).toString());
                }
            }
            UploadResult result = plan.apply();
            seen.add(result.toString());
            seen.add(PlanTable.render(result));
            seen.add(inner.all().toString());
            RollcallException again = assertThrows(RollcallException.class, plan::apply);
            seen.add(again.getMessage());

            assertTrue(plan.atLine(2).orElseThrow().change("password").isPresent(), "the plan shows that a password is set");
            assertEquals("***", plan.atLine(2).orElseThrow().change("password").orElseThrow().shownTo());
            assertTrue(plan.atLine(2).orElseThrow().password().newPassword() != null);
        } finally {
            System.setErr(originalErr);
        }
        String log = logs.toString(StandardCharsets.UTF_8);
        assertFalse(log.isEmpty(), "debug logging was on, something was logged");
        seen.add(log);
        for (String s : seen) {
            assertFalse(s.contains(PASSWORD), "password leaked into: " + s);
        }
    }

    @Test
    void userChangeToString_hidesValues() {
        UserChange.Create c = new UserChange.Create(java.util.Map.of("username", "jdoe", "email", "private@example.com"),
                java.util.Set.of(), new dev.rollcall.spi.PasswordChange(dev.rollcall.spi.Secret.of(PASSWORD), false, false, false));
        assertFalse(c.toString().contains(PASSWORD));
        assertFalse(c.toString().contains("private@example.com"));
    }

    @Test
    void fileErrors_doNotQuoteContent() {
        UploadFileException e = new UploadFileException("UNCLOSED_QUOTE", 3, 1, "the quote opened at line 3 is never closed");
        assertFalse(e.toProblem().toString().contains(PASSWORD));
    }
}
