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

    private static final String CARD = "4111 1111 1111 1111";

    @Test
    void aCardNumberInAFieldNotMarkedSensitive_isMaskedEverywhere_andWarnedAbout() throws Exception {
        InMemoryUserRepository repo = new InMemoryUserRepository(dev.rollcall.spi.FieldSchema.standard()
                .with(dev.rollcall.spi.FieldDefinition.builder("notes").custom(true).build()));
        repo.insert(java.util.Map.of("username", "old", "email", "old@example.com", "notes", "5555555555554444"));
        UploadPlan plan = plan(UploadPlan.builder().repository(repo).mode(UploadMode.ADD_UPDATE).build(), """
                username,email,firstName,lastName,notes
                ann,ann@example.com,Ann,Lee,%s
                bad,,Bad,Row,%s
                old,old@example.com,Old,User,see desk
                """.formatted(CARD, CARD));
        PlannedChange ann = plan.atLine(2).orElseThrow();
        assertEquals(Action.CREATE, ann.action(), "the value is stored as given");
        assertEquals(List.of(dev.rollcall.spi.Codes.CARD_NUMBER),
                ann.messages().stream().map(dev.rollcall.spi.Problem::code).toList());
        assertEquals("***", ann.change("notes").orElseThrow().shownTo());
        assertEquals("***", plan.atLine(4).orElseThrow().change("notes").orElseThrow().shownFrom(),
                "a stored card number is masked too");

        java.io.StringWriter json = new java.io.StringWriter();
        java.io.StringWriter csv = new java.io.StringWriter();
        java.io.StringWriter html = new java.io.StringWriter();
        Reports.json(plan, json);
        Reports.csv(plan, null, csv);
        Reports.html(plan, null, html);
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        plan.writeErrorFile(errors);
        for (String written : List.of(PlanTable.render(plan), json.toString(), csv.toString(), html.toString(),
                errors.toString(StandardCharsets.UTF_8), plan.all().toString())) {
            assertFalse(written.contains(CARD) || written.contains("4111111111111111") || written.contains("5555555555554444"),
                    written);
        }
        assertTrue(errors.toString(StandardCharsets.UTF_8).contains("bad,,Bad,Row,"), "the rest of the row is kept");
    }
}
