package dev.rollcall.testkit;

import dev.rollcall.core.InMemoryUserRepository;
import dev.rollcall.core.PlannedChange;
import dev.rollcall.core.UploadMode;
import dev.rollcall.core.UploadPlan;
import dev.rollcall.csv.CsvFormat;
import dev.rollcall.spi.Codes;
import dev.rollcall.spi.FieldDefinition;
import dev.rollcall.spi.FieldSchema;
import dev.rollcall.spi.Problem;
import dev.rollcall.spi.RowReader;
import dev.rollcall.spi.UploadRow;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The arbitraries make what they promise. */
class RollcallArbitrariesProperties {

    @Property(tries = 200)
    void uploads_readBackExactlyAsGenerated(@ForAll("files") UploadFile file) throws IOException {
        try (RowReader r = CsvFormat.defaults().open(file.open())) {
            assertEquals(file.header(), r.columns());
            List<List<String>> read = new ArrayList<>();
            UploadRow row;
            while ((row = r.next()) != null) {
                read.add(Arrays.asList(row.values()));
            }
            List<List<String>> expected = new ArrayList<>();
            for (List<String> cells : file.rows()) {
                List<String> trimmed = new ArrayList<>();
                for (String c : cells) {
                    trimmed.add(c == null ? null : c.strip());
                }
                expected.add(trimmed);
            }
            assertEquals(expected, read);
        }
    }

    @Property(tries = 200)
    void stores_haveDistinctUsernamesAndUniqueValues(@ForAll("stores") List<Map<String, String>> users) {
        InMemoryUserRepository repo = new InMemoryUserRepository(InMemoryUserRepositoryContractTest.SCHEMA);
        users.forEach(repo::insert);
        assertEquals(users.size(), repo.size());
    }

    @Property(tries = 200)
    void values_areValidForTheirField(@ForAll("customFields") FieldDefinition field) {
        String value = RollcallArbitraries.values(field).sample();
        InMemoryUserRepository repo = new InMemoryUserRepository(FieldSchema.standard().with(field));
        String csv = "username,email,firstName,lastName," + field.name() + "\njdoe,j@x.com,J,Doe,\"" + value.replace("\"", "\"\"") + "\"\n";
        PlannedChange row = UploadPlan.builder().repository(repo).mode(UploadMode.ADD_NEW).format(CsvFormat.defaults()).build()
                .plan(new java.io.ByteArrayInputStream(csv.getBytes(java.nio.charset.StandardCharsets.UTF_8)), "u.csv")
                .atLine(2).orElseThrow();
        Set<String> codes = new HashSet<>();
        row.messages().stream().map(Problem::code).forEach(codes::add);
        assertFalse(codes.contains(Codes.INVALID_VALUE), () -> field + " " + value + " " + row.messages());
    }

    @Provide
    Arbitrary<UploadFile> files() {
        return RollcallArbitraries.schemas().flatMap(RollcallArbitraries::uploads);
    }

    @Provide
    Arbitrary<List<Map<String, String>>> stores() {
        return RollcallArbitraries.stores(InMemoryUserRepositoryContractTest.SCHEMA);
    }

    @Provide
    Arbitrary<FieldDefinition> customFields() {
        return RollcallArbitraries.customFields();
    }
}
