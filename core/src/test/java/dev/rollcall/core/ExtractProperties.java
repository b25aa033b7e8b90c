package dev.rollcall.core;

import dev.rollcall.csv.CsvTemplates;
import dev.rollcall.spi.FieldDefinition;
import dev.rollcall.spi.FieldSchema;
import dev.rollcall.spi.FieldType;
import dev.rollcall.spi.UserQuery;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Seed 004's "Extracting the Profile Database First": an extract uploads back unchanged. */
class ExtractProperties {

    static final FieldSchema SCHEMA = FieldSchema.standard().with(
            FieldDefinition.builder("costCenter").custom(true).build(),
            FieldDefinition.builder("staffNumber").custom(true).type(FieldType.IDENTIFIER).unique(true).build(),
            FieldDefinition.builder("cardNumber").custom(true).sensitive(true).fieldSet("card").build(),
            FieldDefinition.builder("cardHolder").custom(true).fieldSet("card").build());

    @Property(tries = 200)
    void extract_thenUploadInAddUpdate_isAllUnchanged(@ForAll("stores") List<Map<String, String>> users,
                                                      @ForAll EmptyValues emptyValues) {
        InMemoryUserRepository repo = new InMemoryUserRepository(SCHEMA);
        users.forEach(repo::insert);
        StringWriter extract = new StringWriter();
        CsvTemplates.extract(repo, UserQuery.ALL, extract);

        UploadPlan plan = TestUploads.plan(UploadPlan.builder().repository(repo).mode(UploadMode.ADD_UPDATE)
                .emptyValues(emptyValues).build(), extract.toString());
        assertFalse(plan.isRefused(), () -> plan.fileProblems() + "\n" + extract);
        assertEquals(users.size(), plan.unchanged().size(), () -> PlanTable.render(plan) + "\n" + extract);
        assertFalse(extract.toString().contains("4111"), "card numbers are never exported");
    }

    @Provide
    Arbitrary<List<Map<String, String>>> stores() {
        // no line breaks: a value holding one is rejected on upload (CONTROL_CHARACTER), so a store
        // holding one does not come back unchanged
        Arbitrary<String> text = Arbitraries.oneOf(
                Arbitraries.of("Ops", "R&D, Europe", "=SUM(A1)", "-5", "+1", "@home", "'quoted", "Sales \"EMEA\"",
                        "two;lines", "000451", "Müller", "漢字", "1.23E+5"),
                Arbitraries.strings().withChars("ab ,\"'=-+@;").ofMinLength(1).ofMaxLength(8).map(String::strip)
                        .filter(s -> !s.isEmpty()));
        Arbitrary<Map<String, String>> user = Combinators.combine(
                Arbitraries.integers().between(0, 30), Arbitraries.of("jdoe", "JDoe", "a.b-c_d", "x@y"),
                text.injectNull(0.3), text.injectNull(0.3), Arbitraries.of("ACTIVE", "INACTIVE"),
                Arbitraries.of(true, false), Arbitraries.of("1", "2").injectNull(0.5))
                .as((n, name, last, cost, status, card, profile) -> {
                    Map<String, String> m = new LinkedHashMap<>();
                    m.put("username", name + n);
                    m.put("email", "u" + n + "@example.com");
                    m.put("firstName", "F" + n);
                    if (last != null) {
                        m.put("lastName", last);
                    }
                    if (cost != null) {
                        m.put("costCenter", cost);
                    }
                    m.put("staffNumber", String.format("%06d", n));
                    m.put("status", status);
                    if (card) {
                        m.put("cardNumber", "4111111111111111");
                        m.put("cardHolder", "F" + n);
                    }
                    if (profile != null) {
                        m.put("profileType", profile);
                    }
                    return m;
                });
        return user.list().ofMaxSize(8).uniqueElements(m -> m.get("email"))
                .filter(l -> l.stream().map(m -> m.get("username").toLowerCase(java.util.Locale.ROOT)).distinct().count() == l.size());
    }
}
