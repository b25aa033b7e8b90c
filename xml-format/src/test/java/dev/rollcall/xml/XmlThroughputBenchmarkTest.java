package dev.rollcall.xml;

import dev.rollcall.core.InMemoryUserRepository;
import dev.rollcall.core.UploadMode;
import dev.rollcall.core.UploadPlan;
import dev.rollcall.core.UploadPlanner;
import dev.rollcall.spi.FieldSchema;
import dev.rollcall.spi.RowReader;
import dev.rollcall.spi.UploadFormat;
import dev.rollcall.spi.UploadRow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Issue 10's yardstick: reading (and planning) a 100,000-user XML file against a bare StAX
 * loop over the same file. Off by default (it takes a while and needs a quiet machine); run it
 * with
 * <pre>
 * mvn -B -pl xml-format -am verify -Drollcall.bench=true -Dtest=XmlThroughputBenchmarkTest -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 * Each round runs every variant once, interleaved, so a noisy neighbour hurts them alike; the
 * report gives the fastest and the median round of each.
 *
 * <p>Planning today goes through a projection of the rows onto the schema's fields, because
 * the planner does not accept the directive and membership columns yet; the generated users
 * have memberships, which the bare loop and the reader still parse.
 */
@EnabledIfSystemProperty(named = "rollcall.bench", matches = "true")
class XmlThroughputBenchmarkTest {

    private static final int USERS = Integer.getInteger("rollcall.bench.users", 100_000);
    private static final int ROUNDS = Integer.getInteger("rollcall.bench.rounds", 9);

    @Test
    void readAndPlan_100kUsers_againstABareStaxLoop(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("users.xml");
        try (InputStream in = new XmlFormatTest.GeneratedUsers(USERS)) {
            Files.copy(in, file);
        }
        long bytes = Files.size(file);
        List<Long> bare = new ArrayList<>();
        List<Long> read = new ArrayList<>();
        List<Long> plan = new ArrayList<>();
        for (int round = -3; round < ROUNDS; round++) {
            long t0 = System.nanoTime();
            long events = bareLoop(file);
            long t1 = System.nanoTime();
            long rows = readAll(file);
            long t2 = System.nanoTime();
            int planned = planAll(file);
            long t3 = System.nanoTime();
            assertEquals(USERS, rows);
            assertEquals(USERS, planned);
            assertFalse(events == 0);
            if (round >= 0) {
                bare.add(t1 - t0);
                read.add(t2 - t1);
                plan.add(t3 - t2);
            }
        }
        System.out.printf("%n%,d users, %,d bytes, %d rounds (fastest / median ms)%n", USERS, bytes, ROUNDS);
        report("bare StAX loop", bare, bare);
        report("XmlFormat reader", read, bare);
        report("XmlFormat reader + plan", plan, bare);
    }

    private static void report(String what, List<Long> times, List<Long> base) {
        long[] t = times.stream().mapToLong(Long::longValue).sorted().toArray();
        long[] b = base.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf("  %-26s %6d / %6d   ratio %.2f / %.2f%n", what, t[0] / 1_000_000, t[t.length / 2] / 1_000_000,
                (double) t[0] / b[0], (double) t[t.length / 2] / b[b.length / 2]);
    }

    /** The yardstick: the JDK's StAX parser walking every event, nothing else. */
    private static long bareLoop(Path file) throws IOException, XMLStreamException {
        XMLInputFactory f = XMLInputFactory.newDefaultFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        long events = 0;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            XMLStreamReader r = f.createXMLStreamReader(in);
            while (r.hasNext()) {
                r.next();
                events++;
            }
            r.close();
        }
        return events;
    }

    private static long readAll(Path file) throws IOException {
        long rows = 0;
        try (RowReader r = XmlFormat.defaults().open(new BufferedInputStream(Files.newInputStream(file), 1 << 16),
                FieldSchema.standard())) {
            UploadRow row;
            while ((row = r.next()) != null) {
                if (row.hasErrors()) {
                    throw new AssertionError(row.problems().toString());
                }
                rows++;
            }
        }
        return rows;
    }

    private static int planAll(Path file) {
        UploadPlanner planner = UploadPlan.builder()
                .repository(new InMemoryUserRepository())
                .format(new FieldsOnly(XmlFormat.defaults()))
                .mode(UploadMode.ADD_UPDATE)
                .build();
        UploadPlan plan = planner.plan(file);
        if (plan.isRefused()) {
            throw new AssertionError(plan.fileProblems().toString());
        }
        return plan.creates().size();
    }

    /** Shows the planner only the schema's field columns, until it accepts the directive columns. */
    private static final class FieldsOnly implements UploadFormat {
        private final UploadFormat xml;

        FieldsOnly(UploadFormat xml) {
            this.xml = xml;
        }

        @Override
        public String name() {
            return "xml-fields-only";
        }

        @Override
        public Set<String> fileSuffixes() {
            return Set.of(".xml");
        }

        @Override
        public RowReader open(InputStream in) throws IOException {
            return open(in, FieldSchema.standard());
        }

        @Override
        public RowReader open(InputStream in, FieldSchema schema) throws IOException {
            RowReader r = xml.open(in, schema);
            int width = schema.fields().size();
            return new RowReader() {
                @Override
                public List<String> columns() {
                    return r.columns().subList(0, width);
                }

                @Override
                public long headerLine() {
                    return r.headerLine();
                }

                @Override
                public UploadRow next() throws IOException {
                    UploadRow row = r.next();
                    return row == null ? null
                            : new UploadRow(row.line(), Arrays.copyOf(row.values(), width), row.problems());
                }

                @Override
                public void close() throws IOException {
                    r.close();
                }
            };
        }
    }
}
