package dev.rollcall.bench;

import dev.rollcall.csv.CsvWriter;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Makes realistic stores and upload files of any size, the same for a given seed: users with
 * accented, hyphenated and apostrophed names, quoted values with commas, zero-padded ids. An
 * upload matches the store by external id and holds a chosen mix of rows: unchanged,
 * changed, new, renamed and rejected.
 */
public final class Generator {

    /** The upload's columns: ten, as in the 107 MB floor measurement. */
    public static final List<String> COLUMNS = List.of("externalId", "username", "email", "firstName", "lastName",
            "employeeId", "department", "jobTitle", "country", "status");

    private static final String[] FIRST = {"John", "Anna", "Zoë", "José", "Jean-Luc", "Mary-Kate", "Ève", "Søren", "Ling",
            "Ahmed", "Olga", "Priya", "Kwame", "Fiona", "Łukasz", "Noël"};
    private static final String[] LAST = {"Doe", "Smith", "Müller", "García", "O'Neil", "Nguyen", "Kowalski", "Dubois",
            "Ødegaard", "van der Berg", "Okafor", "Rossi", "Çelik", "Kim", "Brown-Wilson", "Sánchez"};
    private static final String[] DEPARTMENTS = {"Finance", "Sales", "Engineering", "Research, Development", "Support",
            "Legal", "Sales \"EMEA\"", "Operations"};
    private static final String[] TITLES = {"Accountant", "Manager", "Developer", "Nurse", "Analyst", "Director"};
    private static final String[] COUNTRIES = {"CAN", "USA", "DEU", "FRA", "GBR", "JPN", "BRA", "IND"};

    /** The share of each kind of row in an upload, in percent of the store's users. */
    public record Mix(int changed, int created, int renamed, int rejected) {
        /** 12% changed, 5% new, 1% renamed, 2% rejected; the rest unchanged. */
        public static final Mix DEFAULT = new Mix(12, 5, 1, 2);
    }

    private Generator() {
    }

    /**
     * Writes {@code DIR/store-N.csv} (the users a store starts with) and
     * {@code DIR/upload-N.csv} (an upload against it, with the default mix).
     *
     * @param args N (default 1,000,000) and DIR (default the temporary folder)
     */
    public static void main(String[] args) throws IOException {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        Path dir = Path.of(args.length > 1 ? args[1] : System.getProperty("java.io.tmpdir"));
        Path store = dir.resolve("store-" + n + ".csv");
        try (BufferedWriter w = Files.newBufferedWriter(store, StandardCharsets.UTF_8)) {
            CsvWriter csv = CsvWriter.of(w);
            csv.writeRow(COLUMNS);
            store(n, csv::writeRow);
            csv.flush();
        }
        Path upload = dir.resolve("upload-" + n + ".csv");
        long rows = upload(n, Mix.DEFAULT, upload);
        System.out.println(store + " (" + n + " users), " + upload + " (" + rows + " rows)");
    }

    /** @return the stored values of user {@code i} (a map in {@link #COLUMNS} order, status ACTIVE) */
    public static List<String> user(int i) {
        SplittableRandom r = new SplittableRandom(i * 0x9E3779B97F4A7C15L);
        String first = FIRST[r.nextInt(FIRST.length)];
        String last = LAST[r.nextInt(LAST.length)];
        String ascii = (first.charAt(0) + last).toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "");
        return List.of(String.format("HR-%08d", i), ascii + i, ascii + "." + i + "@example.com", first, last,
                String.format("%07d", i), DEPARTMENTS[r.nextInt(DEPARTMENTS.length)], TITLES[r.nextInt(TITLES.length)],
                COUNTRIES[r.nextInt(COUNTRIES.length)], "ACTIVE");
    }

    /**
     * @param users how many users the store holds
     * @param each  told each user's values, in {@link #COLUMNS} order
     */
    public static void store(int users, Consumer<List<String>> each) {
        for (int i = 0; i < users; i++) {
            each.accept(user(i));
        }
    }

    /**
     * Writes an upload of one row per stored user (plus the new ones), with the mix applied.
     *
     * @param users the store's size
     * @param mix   the kinds of rows
     * @param out   where to write
     * @return the number of data rows
     */
    public static long upload(int users, Mix mix, Writer out) {
        CsvWriter w = CsvWriter.of(out);
        w.writeRow(COLUMNS);
        int created = users * mix.created() / 100;
        long rows = rows(0, users + created, users, mix, w::writeRow);
        try {
            w.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }

    /** Writes the upload's rows {@code from} (inclusive) to {@code to} (exclusive). */
    private static long rows(int from, int to, int users, Mix mix, Consumer<List<String>> w) {
        long rows = 0;
        for (int i = from; i < to; i++) {
            List<String> row = new ArrayList<>(i < users ? user(i) : user(i));
            int kind = Math.floorMod(i * 31 + 7, 100);
            if (i >= users) {
                // a new user: values of a user the store does not hold
            } else if (kind < mix.changed()) {
                row.set(6, DEPARTMENTS[(kind + 3) % DEPARTMENTS.length] + " Dept");
                row.set(7, TITLES[(kind + 1) % TITLES.length]);
            } else if (kind < mix.changed() + mix.renamed()) {
                row.set(1, row.get(1) + "x");
            } else if (kind < mix.changed() + mix.renamed() + mix.rejected()) {
                row.set(2, "not-an-email");
            }
            w.accept(row);
            rows++;
        }
        return rows;
    }

    /**
     * Writes the same upload as XML.
     *
     * @param users the store's size
     * @param mix   the kinds of rows
     * @param file  where to write
     * @return the number of users written
     */
    public static long uploadXml(int users, Mix mix, Path file) {
        try (java.io.OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
             dev.rollcall.xml.XmlUserWriter w = dev.rollcall.xml.XmlUserWriter.of(out, COLUMNS)) {
            return rows(0, users + users * mix.created() / 100, users, mix, w::writeRow);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param users the store's size
     * @param file  where to write the upload
     * @return the number of data rows
     */
    public static long upload(int users, Mix mix, Path file) {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            return upload(users, mix, w);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
