package dev.rollcall.csv;

import dev.rollcall.spi.FieldDefinition;
import dev.rollcall.spi.FieldSchema;
import dev.rollcall.spi.PaymentCards;
import dev.rollcall.spi.StandardFields;
import dev.rollcall.spi.UserQuery;
import dev.rollcall.spi.UserRecord;
import dev.rollcall.spi.UserRepository;

import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * CSV files made from a host's schema: the upload template (seed 002's "Download CSV
 * template") and the extract of current users (seed 004's "Extracting the Profile Database
 * First"), both with every column in template order, custom fields included, so an extract
 * can be edited and uploaded again.
 */
public final class CsvTemplates {

    private CsvTemplates() {
    }

    /**
     * @param schema the host's fields
     * @return the template's columns: every field in schema order
     */
    public static List<String> columns(FieldSchema schema) {
        return schema.fields().stream().map(FieldDefinition::name).toList();
    }

    /**
     * Writes the upload template: the header, and with {@code example} one example row from
     * each field's {@link FieldDefinition#example() example}. Cells a spreadsheet would run as
     * formulas are neutralised ({@link CsvWriter#neutralise}), as in every CSV Rollcall writes.
     *
     * @param schema  the host's fields
     * @param example whether to add the example row
     * @param out     where to write; flushed, not closed
     */
    public static void template(FieldSchema schema, boolean example, Writer out) {
        CsvWriter w = CsvWriter.of(out);
        w.writeRow(columns(schema));
        if (example) {
            List<String> row = new ArrayList<>();
            for (FieldDefinition f : schema.fields()) {
                row.add(f.sensitive() ? null : f.example());
            }
            w.writeRow(row);
        }
        flush(w);
    }

    /**
     * Writes current users in template column order. Passwords are never exported; every
     * sensitive field (a payment card number), and the rest of its field set, is left empty, and
     * so is any value that looks like a card number ({@link PaymentCards}); cells a spreadsheet would run as
     * formulas are neutralised ({@link CsvWriter#neutralise}), and {@link CsvFormat} reads
     * them back as they were.
     *
     * @param repository the store
     * @param query      which users (all, or a site scope)
     * @param out        where to write; flushed, not closed
     * @return the number of users written
     */
    public static long extract(UserRepository repository, UserQuery query, Writer out) {
        FieldSchema schema = repository.schema();
        List<FieldDefinition> fields = schema.fields();
        // a set with a secret in it (a payment card) is left out whole: half a set would not upload again
        java.util.Set<String> secretSets = new java.util.HashSet<>();
        for (FieldDefinition f : fields) {
            if (f.sensitive() && f.fieldSet() != null) {
                secretSets.add(f.fieldSet());
            }
        }
        CsvWriter w = CsvWriter.of(out);
        w.writeRow(columns(schema));
        long n = 0;
        try (Stream<UserRecord> users = repository.list(query)) {
            for (UserRecord u : (Iterable<UserRecord>) users::iterator) {
                List<String> row = new ArrayList<>(fields.size());
                for (FieldDefinition f : fields) {
                    boolean secret = f.sensitive() || f.name().equals(StandardFields.PASSWORD)
                            || (f.fieldSet() != null && secretSets.contains(f.fieldSet()));
                    String v = u.fields().get(f.name());
                    // a card number in a field the host forgot to mark sensitive is left out too;
                    // a blank cell changes nothing when the extract is uploaded again
                    row.add(secret || PaymentCards.looksLikeCardNumber(v) ? null : v);
                }
                w.writeRow(row);
                n++;
            }
        }
        flush(w);
        return n;
    }

    private static void flush(CsvWriter w) {
        try {
            w.flush();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
