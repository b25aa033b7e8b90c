package dev.rollcall.examples;

import dev.rollcall.core.InMemoryUserRepository;
import dev.rollcall.core.PlanTable;
import dev.rollcall.core.UploadMode;
import dev.rollcall.core.UploadPlan;
import dev.rollcall.core.UploadPlanner;
import dev.rollcall.csv.CsvFormat;
import dev.rollcall.csv.CsvTemplates;
import dev.rollcall.csv.CsvWriter;
import dev.rollcall.spi.RowReader;
import dev.rollcall.spi.UploadRow;
import dev.rollcall.spi.UserQuery;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Seed 004's "Changing Profiles Due to a Company Name Change": OldCo becomes NewCo, and
 * usernames are email addresses. Step 1 extracts the users and uploads new usernames,
 * matched by external id, update only. Step 2 extracts again and uploads the new email
 * addresses. Changing the email never changes the username, which is why there are two steps.
 */
public final class CompanyNameChange {

    private CompanyNameChange() {
    }

    /** @param args ignored */
    public static void main(String[] args) {
        run(System.out);
    }

    /**
     * @param out where to print
     * @return the store after both steps
     */
    public static InMemoryUserRepository run(PrintStream out) {
        InMemoryUserRepository repository = new InMemoryUserRepository();
        ExampleData.load(repository, ExampleData.file("oldco-users.csv"));

        UploadPlanner updateOnlyByExternalId = UploadPlan.builder()
                .repository(repository)
                .mode(UploadMode.UPDATE_ONLY)
                .matchOn("externalId")
                .allowRenames(true)
                .build();

        out.println("Step 1: new usernames, matched by external id");
        String step1 = edit(extract(repository), "username", v -> v.replace("@oldco.com", "@newco.com"));
        UploadPlan renames = updateOnlyByExternalId.plan(new ByteArrayInputStream(step1.getBytes(StandardCharsets.UTF_8)),
                "acmeus_20140215.csv");
        out.println(PlanTable.render(renames));
        out.println(PlanTable.render(renames.apply()));

        out.println("Step 2: new email addresses, from a fresh extract");
        String step2 = edit(extract(repository), "email", v -> v.replace("@oldco.com", "@newco.com"));
        UploadPlan emails = updateOnlyByExternalId.plan(new ByteArrayInputStream(step2.getBytes(StandardCharsets.UTF_8)),
                "acmeus_20140216.csv");
        out.println(PlanTable.render(emails));
        out.println(PlanTable.render(emails.apply()));
        return repository;
    }

    private static String extract(InMemoryUserRepository repository) {
        StringWriter w = new StringWriter();
        CsvTemplates.extract(repository, UserQuery.ALL, w);
        return w.toString();
    }

    /** Rewrites one column of a CSV file, as an administrator would in a text editor. */
    private static String edit(String csv, String column, UnaryOperator<String> change) {
        StringWriter out = new StringWriter();
        CsvWriter writer = CsvWriter.of(out);
        try (RowReader reader = CsvFormat.defaults().open(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)))) {
            List<String> columns = reader.columns();
            int c = columns.indexOf(column);
            writer.writeRow(columns);
            UploadRow row;
            while ((row = reader.next()) != null) {
                List<String> values = new ArrayList<>(java.util.Arrays.asList(row.values()));
                if (values.get(c) != null) {
                    values.set(c, change.apply(values.get(c)));
                }
                writer.writeRow(values);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
