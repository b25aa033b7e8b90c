package dev.rollcall.core;

import dev.rollcall.spi.FieldDefinition;
import dev.rollcall.spi.FieldSchema;
import dev.rollcall.spi.FieldType;
import dev.rollcall.spi.Problem;
import dev.rollcall.spi.Severity;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One small file per validation rule, in {@code src/test/resources/validation}: each
 * {@code name.csv} is planned against a store with custom fields of every type, and its
 * errors and warnings must be exactly those of {@code name.expected}.
 *
 * <p>The expected file: {@code # options: mode=add-update maxRows=2 strictTemplate …}, then
 * one line per problem, {@code LINE SEVERITY CODE FIELD} (the canonical field, else the
 * column as written, else {@code -}), optionally followed by {@code ~"text"} (the message
 * contains it) or {@code !~"text"} (it does not).
 */
class ValidationSpecTest {

    static final FieldSchema SCHEMA = FieldSchema.standard().with(
            FieldDefinition.builder("costCenter").custom(true).maxLength(10).build(),
            FieldDefinition.builder("staffNumber").custom(true).type(FieldType.IDENTIFIER).fixedLength(6).unique(true).build(),
            FieldDefinition.builder("hireDate").custom(true).type(FieldType.DATE).build(),
            FieldDefinition.builder("salary").custom(true).type(FieldType.DECIMAL).build(),
            FieldDefinition.builder("grade").custom(true).type(FieldType.INTEGER).build(),
            FieldDefinition.builder("remote").custom(true).type(FieldType.BOOLEAN).build(),
            FieldDefinition.builder("shift").custom(true).allowedValues("Day", "Night").build(),
            FieldDefinition.builder("office").custom(true).references("office").build(),
            FieldDefinition.builder("cardNumber").custom(true).type(FieldType.IDENTIFIER).fixedLength(16).sensitive(true)
                    .fieldSet("payment card").build(),
            FieldDefinition.builder("cardExpiry").custom(true).type(FieldType.DATE).fieldSet("payment card").build(),
            FieldDefinition.builder("cardHolder").custom(true).fieldSet("payment card").build());

    static InMemoryUserRepository store() {
        InMemoryUserRepository repo = new InMemoryUserRepository(SCHEMA);
        repo.addTargets("office", "Toronto HQ");
        repo.insert(Map.of("username", "jdoe", "email", "john.doe@example.com", "firstName", "John", "lastName", "Doe"));
        repo.insert(Map.of("username", "asmith", "email", "anna@example.com", "firstName", "Anna", "lastName", "Smith"));
        repo.insert(Map.of("username", "bwong", "email", "ben@example.com", "firstName", "Ben", "lastName", "Wong"));
        return repo;
    }

    @TestFactory
    Stream<DynamicTest> rules() throws IOException, URISyntaxException {
        Path dir = Path.of(ValidationSpecTest.class.getResource("/validation").toURI());
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".csv")).sorted().toList();
        }
        assertTrue(files.size() >= 25, "fixtures missing");
        return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> check(f)));
    }

    private static final Pattern CHECK = Pattern.compile("\\s+(!?)~\"((?:[^\"\\\\]|\\\\.)*)\"");

    private static void check(Path csv) throws IOException {
        List<String> expectedLines = new ArrayList<>();
        UploadPlanner.Builder b = UploadPlan.builder().repository(store());
        for (String line : Files.readAllLines(Path.of(csv.toString().replaceFirst("\\.csv$", ".expected")))) {
            if (line.startsWith("# options:")) {
                for (String opt : line.substring("# options:".length()).trim().split("\\s+")) {
                    String[] kv = opt.split("=", 2);
                    switch (kv[0]) {
                        case "mode" -> b.mode(UploadMode.parse(kv[1]));
                        case "matchOn" -> b.matchOn(kv[1]);
                        case "maxRows" -> b.maxRows(Integer.parseInt(kv[1]));
                        case "strictTemplate" -> b.strictTemplate(true);
                        case "rejectExcelDamage" -> b.rejectExcelDamage(true);
                        default -> throw new IllegalArgumentException("unknown option " + opt);
                    }
                }
            } else if (!line.isBlank() && !line.startsWith("#")) {
                expectedLines.add(line);
            }
        }
        UploadPlan plan;
        try (InputStream in = Files.newInputStream(csv)) {
            plan = b.build().plan(in, csv.getFileName().toString());
        }
        List<Problem> problems = new ArrayList<>(plan.fileProblems());
        plan.all().forEach(c -> c.messages().stream().filter(p -> p.severity() != Severity.INFO).forEach(problems::add));

        List<String> actual = problems.stream().map(p -> p.line() + " " + p.severity().label() + " " + p.code() + " "
                + (p.field() != null ? p.field() : p.column() != null ? p.column() : "-")).toList();
        List<String> expected = new ArrayList<>();
        for (String e : expectedLines) {
            Matcher m = CHECK.matcher(e);
            expected.add(m.find() ? e.substring(0, m.start()) : e);
        }
        assertEquals(expected, actual, () -> csv.getFileName() + ": " + problems);
        for (int i = 0; i < expectedLines.size(); i++) {
            Matcher m = CHECK.matcher(expectedLines.get(i));
            while (m.find()) {
                String text = m.group(2).replace("\\\"", "\"");
                String message = problems.get(i).message();
                if (m.group(1).isEmpty()) {
                    assertTrue(message.contains(text), "message of " + expected.get(i) + " lacks " + text + ": " + message);
                } else {
                    assertFalse(message.contains(text), "message of " + expected.get(i) + " has " + text + ": " + message);
                }
            }
        }
        for (Problem p : problems) {
            assertTrue(p.line() > 0, "every problem carries a line: " + p);
        }
    }
}
