package dev.rollcall.csv;

import dev.rollcall.spi.FieldDefinition;
import dev.rollcall.spi.FieldSchema;
import dev.rollcall.spi.RowReader;
import dev.rollcall.spi.UploadRow;
import dev.rollcall.spi.UserChange;
import dev.rollcall.spi.UserQuery;
import dev.rollcall.spi.UserRecord;
import dev.rollcall.spi.UserRepository;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CsvTemplatesTest {

    private static final FieldSchema SCHEMA = FieldSchema.standard().with(
            FieldDefinition.builder("costCenter").custom(true).example("CC-100").build(),
            FieldDefinition.builder("cardNumber").custom(true).sensitive(true).fieldSet("card").example("4111").build());

    /** Lists the given users; nothing else is needed to extract. */
    record ListingRepository(List<UserRecord> users) implements UserRepository {
        @Override
        public FieldSchema schema() {
            return SCHEMA;
        }

        @Override
        public Map<String, List<UserRecord>> findBy(String field, Collection<String> keys) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Map<String, UserRecord> findByIds(Collection<String> ids) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Stream<UserRecord> list(UserQuery query) {
            return users.stream().filter(query::matches);
        }

        @Override
        public Set<String> existingTargets(String kind, Collection<String> names) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Map<String, Set<String>> findDelegates(Collection<String> userIds) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<String> write(List<UserChange> changes) {
            throw new UnsupportedOperationException();
        }
    }

    @Test
    void template_hasEveryFieldInOrder_customIncluded_withAnExampleRow() {
        StringWriter out = new StringWriter();
        CsvTemplates.template(SCHEMA, true, out);
        List<String> lines = out.toString().lines().toList();
        assertEquals(String.join(",", SCHEMA.fields().stream().map(FieldDefinition::name).toList()), lines.get(0));
        assertTrue(lines.get(0).endsWith(",costCenter,cardNumber"));
        assertTrue(lines.get(1).contains("jdoe@example.com"));
        assertTrue(lines.get(1).endsWith(",CC-100,"), "no example for a sensitive field: " + lines.get(1));
    }

    @Test
    void extract_leavesSecretsOut_neutralisesFormulas_andReadsBackExactly() throws IOException {
        UserRecord u = UserRecord.builder("1").username("jdoe").email("j@example.com").field("department", "=HYPERLINK(\"x\")")
                .field("city", "-5").field("cardNumber", "4111111111111111").field("site", "Canada/Ontario")
                .field("costCenter", "5555-5555-5555-4444").build();
        UserRecord other = UserRecord.builder("2").username("q").field("site", "Canada/Quebec").build();
        StringWriter out = new StringWriter();
        long n = CsvTemplates.extract(new ListingRepository(List.of(u, other)), new UserQuery(null, "Canada/Ontario"), out);
        assertEquals(1, n);
        String csv = out.toString();
        assertFalse(csv.contains("4111111111111111"), "a card number is never exported");
        assertFalse(csv.contains("5555-5555-5555-4444"), "nor one in a field not marked sensitive");
        assertTrue(csv.contains("'=HYPERLINK"), csv);

        try (RowReader r = CsvFormat.defaults().open(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)))) {
            List<String> columns = r.columns();
            UploadRow row = r.next();
            assertEquals("=HYPERLINK(\"x\")", row.value(columns.indexOf("department")));
            assertEquals("-5", row.value(columns.indexOf("city")));
            assertEquals(null, row.value(columns.indexOf("cardNumber")));
            assertEquals(null, row.value(columns.indexOf("costCenter")));
            assertEquals(null, row.value(columns.indexOf("password")));
        }
    }
}
