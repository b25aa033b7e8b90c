package dev.rollcall.core;

import dev.rollcall.spi.FieldDefinition;
import dev.rollcall.spi.FieldSchema;
import dev.rollcall.spi.FieldType;
import dev.rollcall.spi.Membership;
import dev.rollcall.spi.Problem;
import dev.rollcall.spi.RollcallException;
import dev.rollcall.spi.UploadSummary;
import dev.rollcall.spi.UserRecord;
import dev.rollcall.spi.UserStatus;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.opentest4j.AssertionFailedError;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Planning cases as data, in {@code src/test/resources/planning}: each folder holding an
 * {@code upload.csv} is one case. It is planned against an {@link InMemoryUserRepository}
 * and the plan, rendered canonically, must equal the folder's {@code expected.json}. The
 * files of a case and how to regenerate the expected files are described in
 * {@code src/test/resources/planning/README.md}.
 */
class PlanningSpecTest {

    /** Set to {@code true} to write each case's {@code expected.json} instead of comparing. */
    static final String UPDATE_PROPERTY = "rollcall.spec.update";

    /** Where the fixtures live in the source tree; the update mode writes there. */
    private static final Path SOURCE_DIR = Path.of("src", "test", "resources", "planning");

    @TestFactory
    Stream<DynamicTest> cases() throws IOException, URISyntaxException {
        Path root = Path.of(PlanningSpecTest.class.getResource("/planning").toURI());
        List<Path> cases;
        try (Stream<Path> files = Files.walk(root)) {
            cases = files.filter(p -> p.getFileName().toString().equals("upload.csv")).map(Path::getParent).sorted().toList();
        }
        assertTrue(cases.size() >= 15, "planning fixtures missing under " + root);
        return cases.stream().map(dir -> {
            String name = root.relativize(dir).toString().replace('\\', '/');
            return DynamicTest.dynamicTest(name, dir.toUri(), () -> check(name, dir));
        });
    }

    private static void check(String name, Path dir) throws IOException {
        assertTrue(Files.isRegularFile(dir.resolve("case.md")), name + ": every case says what it shows in case.md");
        Properties options = properties(dir.resolve("options.properties"));
        InMemoryUserRepository repo = store(dir);
        UploadPlanner planner = planner(repo, options);
        boolean apply = Boolean.parseBoolean(options.getProperty("apply", "false"));
        String actual = render(planner, repo, dir.resolve("upload.csv"), apply);

        if (Boolean.getBoolean(UPDATE_PROPERTY)) {
            Path target = SOURCE_DIR.resolve(name).resolve("expected.json");
            assertTrue(Files.isDirectory(target.getParent()), "run the update from the core module: no " + target.getParent());
            Files.writeString(target, actual, StandardCharsets.UTF_8);
            return;
        }
        Path expectedFile = dir.resolve("expected.json");
        assertTrue(Files.isRegularFile(expectedFile),
                name + ": no expected.json; write it with -D" + UPDATE_PROPERTY + "=true and review it");
        String expected = Files.readString(expectedFile, StandardCharsets.UTF_8).replace("\r\n", "\n");
        if (!expected.equals(actual)) {
            throw new AssertionFailedError(name + ": the plan differs from expected.json (- expected, + actual):\n"
                    + LineDiff.diff(expected, actual), expected, actual);
        }
    }

    // ---------------------------------------------------------------- the case's inputs

    private static Properties properties(Path file) throws IOException {
        Properties p = new Properties();
        if (Files.isRegularFile(file)) {
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(r);
            }
        }
        return p;
    }

    /** The store before: custom fields from schema.properties, targets, then the users of store.csv. */
    private static InMemoryUserRepository store(Path dir) throws IOException {
        FieldSchema schema = FieldSchema.standard();
        Properties fields = properties(dir.resolve("schema.properties"));
        for (String field : new TreeMap<>(fields).keySet().stream().map(Object::toString).toList()) {
            schema = schema.with(field(field, fields.getProperty(field)));
        }
        InMemoryUserRepository repo = new InMemoryUserRepository(schema);
        Properties targets = properties(dir.resolve("targets.properties"));
        for (String kind : targets.stringPropertyNames()) {
            repo.addTargets(kind, list(targets.getProperty(kind)));
        }
        Path users = dir.resolve("store.csv");
        if (Files.isRegularFile(users)) {
            TestUploads.load(repo, Files.readString(users, StandardCharsets.UTF_8));
        }
        return repo;
    }

    /** A custom field: {@code name = type=DATE; updatable=false; alias=Cost Centre} (all parts optional). */
    private static FieldDefinition field(String name, String spec) {
        FieldDefinition.Builder b = FieldDefinition.builder(name).custom(true);
        for (String part : spec.split(";")) {
            if (part.isBlank()) {
                continue;
            }
            String[] kv = part.split("=", 2);
            String key = kv[0].trim();
            String value = kv.length > 1 ? kv[1].trim() : "";
            switch (key) {
                case "type" -> b.type(FieldType.valueOf(value.toUpperCase(Locale.ROOT)));
                case "alias" -> b.alias(list(value));
                case "updatable" -> b.updatable(bool(key, value));
                case "unique" -> b.unique(bool(key, value));
                case "uniqueWithinSite" -> b.uniqueWithinSite(bool(key, value));
                case "sensitive" -> b.sensitive(bool(key, value));
                case "maxLength" -> b.maxLength(Integer.parseInt(value));
                case "fixedLength" -> b.fixedLength(Integer.parseInt(value));
                case "allowedValues" -> b.allowedValues(list(value));
                case "fieldSet" -> b.fieldSet(value);
                case "references" -> b.references(value);
                default -> throw new IllegalArgumentException("unknown field attribute \"" + key + "\" of " + name);
            }
        }
        return b.build();
    }

    /** Maps each option onto its builder method; an option the runner does not know fails the case. */
    private static UploadPlanner planner(InMemoryUserRepository repo, Properties options) {
        UploadPlanner.Builder b = UploadPlan.builder().repository(repo);
        for (String key : new TreeMap<>(options).keySet().stream().map(Object::toString).toList()) {
            String v = options.getProperty(key).trim();
            if (key.startsWith("defaultValue.")) {
                b.defaultValue(key.substring("defaultValue.".length()), v);
                continue;
            }
            switch (key) {
                case "apply" -> bool(key, v); // read by the runner, not the builder
                case "mode" -> b.mode(UploadMode.parse(v));
                case "matchOn" -> b.matchOn(v);
                case "fallbackToUsername" -> b.fallbackToUsername(bool(key, v));
                case "emptyValues" -> b.emptyValues(constant(EmptyValues.class, v));
                case "standardiseUsernames" -> b.standardiseUsernames(bool(key, v));
                case "newUserStatus" -> b.newUserStatus(constant(UserStatus.class, v));
                case "updateType" -> b.updateType(UpdateType.parse(v));
                case "usernameTemplate" -> b.usernameTemplate(v);
                case "extendedUsernameChars" -> b.extendedUsernameChars(bool(key, v));
                case "duplicateUsernames" -> b.duplicateUsernames(constant(DuplicateUsernames.class, v));
                case "singleSignOn" -> b.singleSignOn(bool(key, v));
                case "updatePasswords" -> b.updatePasswords(bool(key, v));
                case "forcePasswordChange" -> b.forcePasswordChange(ForcePasswordChange.parse(v));
                case "preventEmailDuplicates" -> b.preventEmailDuplicates(bool(key, v));
                case "site" -> b.site(v);
                case "allowRenames" -> b.allowRenames(bool(key, v));
                case "allowDeletes" -> b.allowDeletes(bool(key, v));
                case "allowSuspends" -> b.allowSuspends(bool(key, v));
                case "maxRows" -> b.maxRows(Integer.parseInt(v));
                case "strictTemplate" -> b.strictTemplate(bool(key, v));
                case "rejectExcelDamage" -> b.rejectExcelDamage(bool(key, v));
                case "feed" -> b.feed(v);
                case "fullUpload" -> b.fullUpload(bool(key, v));
                case "maxDeactivationPercent" -> b.maxDeactivationPercent(Double.parseDouble(v));
                case "allowMassDeactivation" -> b.allowMassDeactivation(bool(key, v));
                case "deactivateAllOnEmptyFile" -> b.deactivateAllOnEmptyFile(bool(key, v));
                default -> throw new IllegalArgumentException("unknown option \"" + key + "\" in options.properties");
            }
        }
        return b.build();
    }

    private static boolean bool(String key, String value) {
        if (!value.equals("true") && !value.equals("false")) {
            throw new IllegalArgumentException(key + " must be true or false, not \"" + value + "\"");
        }
        return Boolean.parseBoolean(value);
    }

    private static <E extends Enum<E>> E constant(Class<E> type, String value) {
        return Enum.valueOf(type, value.toUpperCase(Locale.ROOT).replace('-', '_'));
    }

    private static String[] list(String value) {
        return Stream.of(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toArray(String[]::new);
    }

    // ---------------------------------------------------------------- the canonical rendering

    private static String render(UploadPlanner planner, InMemoryUserRepository repo, Path upload, boolean apply)
            throws IOException {
        UploadPlan plan;
        try (InputStream in = Files.newInputStream(upload)) {
            plan = planner.plan(in, "upload.csv");
        }
        Out o = new Out();
        o.line("{");
        o.line("  \"refused\": " + plan.isRefused() + ",");
        o.array("  ", "fileProblems", plan.fileProblems().stream().map(PlanningSpecTest::fileProblem).toList(), ",");
        o.line("  \"safetyStop\": " + plan.safetyStop().map(PlanningSpecTest::fileProblem).orElse("null") + ",");
        o.line("  \"summary\": " + summary(plan.summary()) + ",");
        List<String> entries = new ArrayList<>();
        for (PlannedChange c : plan.all()) {
            entries.add(entry(c));
        }
        o.line("  \"entries\": [" + (entries.isEmpty() ? "]" + (apply ? "," : "") : ""));
        for (int i = 0; i < entries.size(); i++) {
            o.line(entries.get(i) + (i < entries.size() - 1 ? "," : ""));
        }
        if (!entries.isEmpty()) {
            o.line("  ]" + (apply ? "," : ""));
        }
        if (apply) {
            applied(o, plan, planner, repo, upload);
        }
        o.line("}");
        return o.toString();
    }

    /**
     * Applies the plan: whether apply refused it, the store after it, and what planning the
     * file again would do (a file that was applied plans as unchanged).
     */
    private static void applied(Out o, UploadPlan plan, UploadPlanner planner, InMemoryUserRepository repo, Path upload)
            throws IOException {
        String refused = null;
        try {
            plan.apply();
        } catch (RollcallException e) {
            refused = e.code();
        }
        o.line("  \"applyRefused\": " + str(refused) + ",");
        List<String> users = repo.all().stream().sorted(Comparator.comparing(UserRecord::username))
                .map(u -> user(repo, u)).toList();
        if (refused != null) {
            o.array("  ", "storeAfter", users, "");
            return;
        }
        o.array("  ", "storeAfter", users, ",");
        UploadPlan again;
        try (InputStream in = Files.newInputStream(upload)) {
            again = planner.plan(in, "upload.csv");
        }
        o.line("  \"replanSummary\": " + summary(again.summary()));
    }

    private static String user(InMemoryUserRepository repo, UserRecord u) {
        StringBuilder sb = new StringBuilder("{\"id\": ").append(str(u.id()));
        sb.append(", \"username\": ").append(str(u.username()));
        sb.append(", \"status\": ").append(str(u.status().name()));
        repo.passwordState(u.id()).ifPresent(p -> sb.append(", \"password\": ").append(str(p.name())));
        sb.append(", \"fields\": {");
        String sep = "";
        for (Map.Entry<String, String> f : new TreeMap<>(u.fields()).entrySet()) {
            if (f.getKey().equals("username") || f.getKey().equals("status")) {
                continue;
            }
            sb.append(sep).append(str(f.getKey())).append(": ").append(str(f.getValue()));
            sep = ", ";
        }
        sb.append('}');
        if (!u.memberships().isEmpty()) {
            sb.append(", \"memberships\": ").append(memberships(u.memberships()));
        }
        return sb.append('}').toString();
    }

    private static String entry(PlannedChange c) {
        Out o = new Out();
        o.line("    {");
        List<String> head = new ArrayList<>();
        head.add("\"line\": " + (c.hasLine() ? String.valueOf(c.line()) : "null"));
        head.add("\"action\": " + str(c.action().label()));
        head.add("\"username\": " + str(c.username()));
        head.add("\"userId\": " + str(c.userId()));
        if (!c.password().isNone()) {
            head.add("\"password\": {\"set\": " + (c.password().newPassword() != null) + ", \"generated\": "
                    + c.password().generate() + ", \"reset\": " + c.password().reset() + ", \"forceChange\": "
                    + c.password().forceChange() + "}");
        }
        if (c.weakPassword()) {
            head.add("\"weakPassword\": true");
        }
        if (c.welcome()) {
            head.add("\"welcome\": true");
        }
        List<String> parts = new ArrayList<>();
        parts.add("      " + String.join(", ", head));
        if (!c.changes().isEmpty()) {
            parts.add(block("changes", c.changes().stream().map(f -> "{\"field\": " + str(f.field()) + ", \"from\": "
                    + str(f.shownFrom()) + ", \"to\": " + str(f.shownTo()) + "}").toList()));
        }
        if (!c.addMemberships().isEmpty()) {
            parts.add("      \"addMemberships\": " + memberships(c.addMemberships()));
        }
        if (!c.removeMemberships().isEmpty()) {
            parts.add("      \"removeMemberships\": " + memberships(c.removeMemberships()));
        }
        if (!c.messages().isEmpty()) {
            parts.add(block("problems", c.messages().stream().map(PlanningSpecTest::problem).toList()));
        }
        for (int i = 0; i < parts.size(); i++) {
            o.line(parts.get(i) + (i < parts.size() - 1 ? "," : ""));
        }
        o.text.append("    }");
        return o.text.toString();
    }

    private static String block(String name, List<String> items) {
        Out o = new Out();
        o.array("      ", name, items, "");
        String s = o.toString();
        return s.substring(0, s.length() - 1);
    }

    /** Memberships in a stable order: sets iterate differently from one JVM to the next. */
    private static String memberships(Set<Membership> set) {
        return "[" + String.join(", ", set.stream().map(Membership::describe).sorted().map(PlanningSpecTest::str).toList())
                + "]";
    }

    private static String problem(Problem p) {
        return "{\"severity\": " + str(p.severity().label()) + ", \"code\": " + str(p.code()) + ", \"field\": "
                + str(p.field()) + ", \"column\": " + str(p.column()) + ", \"message\": " + str(p.message()) + "}";
    }

    private static String fileProblem(Problem p) {
        return "{\"code\": " + str(p.code()) + ", \"line\": " + p.line() + ", \"column\": " + str(p.column())
                + ", \"message\": " + str(p.message()) + "}";
    }

    private static String summary(UploadSummary s) {
        return "{\"rows\": " + s.rows() + ", \"created\": " + s.created() + ", \"updated\": " + s.updated()
                + ", \"renamed\": " + s.renamed() + ", \"activated\": " + s.activated() + ", \"deactivated\": "
                + s.deactivated() + ", \"deleted\": " + s.deleted() + ", \"unchanged\": " + s.unchanged()
                + ", \"skipped\": " + s.skipped() + ", \"rejected\": " + s.rejected() + ", \"weakPasswords\": "
                + s.weakPasswords() + "}";
    }

    /** A JSON string, or {@code null}; characters outside printable ASCII escaped, so the files stay plain. */
    private static String str(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    /** Lines of text, with arrays of one-line items. */
    private static final class Out {
        final StringBuilder text = new StringBuilder();

        void line(String s) {
            text.append(s).append('\n');
        }

        void array(String indent, String name, List<String> items, String after) {
            if (items.isEmpty()) {
                line(indent + str(name) + ": []" + after);
                return;
            }
            line(indent + str(name) + ": [");
            for (int i = 0; i < items.size(); i++) {
                String item = items.get(i);
                line((item.startsWith(" ") ? item : indent + "  " + item) + (i < items.size() - 1 ? "," : ""));
            }
            line(indent + "]" + after);
        }

        @Override
        public String toString() {
            return text.toString();
        }
    }

    /** A line diff for the failure message: the longest common subsequence, the rest marked. */
    static final class LineDiff {
        private LineDiff() {
        }

        static String diff(String expected, String actual) {
            String[] a = expected.split("\n", -1);
            String[] b = actual.split("\n", -1);
            int[][] lcs = new int[a.length + 1][b.length + 1];
            for (int i = a.length - 1; i >= 0; i--) {
                for (int j = b.length - 1; j >= 0; j--) {
                    lcs[i][j] = a[i].equals(b[j]) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
                }
            }
            StringBuilder out = new StringBuilder();
            int i = 0;
            int j = 0;
            while (i < a.length || j < b.length) {
                if (i < a.length && j < b.length && a[i].equals(b[j])) {
                    i++;
                    j++;
                } else if (i < a.length && (j == b.length || lcs[i + 1][j] >= lcs[i][j + 1])) {
                    out.append("- line ").append(i + 1).append(": ").append(a[i++]).append('\n');
                } else {
                    out.append("+ line ").append(j + 1).append(": ").append(b[j++]).append('\n');
                }
            }
            return out.toString();
        }
    }
}
