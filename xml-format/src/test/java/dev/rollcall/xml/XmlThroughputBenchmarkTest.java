package dev.rollcall.xml;

import dev.rollcall.core.InMemoryUserRepository;
import dev.rollcall.core.UploadMode;
import dev.rollcall.core.UploadPlan;
import dev.rollcall.core.UploadPlanner;
import dev.rollcall.spi.FieldSchema;
import dev.rollcall.spi.RowReader;
import dev.rollcall.spi.UploadFormat;
import dev.rollcall.spi.UploadRow;
import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBException;
import jakarta.xml.bind.Unmarshaller;
import jakarta.xml.bind.annotation.XmlAccessType;
import jakarta.xml.bind.annotation.XmlAccessorType;
import jakarta.xml.bind.annotation.XmlAttribute;
import jakarta.xml.bind.annotation.XmlElement;
import jakarta.xml.bind.annotation.XmlRootElement;
import jakarta.xml.bind.annotation.XmlValue;
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
 * <p>It also times the design the module did not take: JAXB unmarshalling each {@code <user>}
 * off the same StAX stream into a class of the standard fields (no validation, no custom
 * fields), which alone costs about four bare StAX loops.
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
        List<Long> jaxb = new ArrayList<>();
        for (int round = -3; round < ROUNDS; round++) {
            long t0 = System.nanoTime();
            long events = bareLoop(file);
            long t1 = System.nanoTime();
            long rows = readAll(file);
            long t2 = System.nanoTime();
            int planned = planAll(file);
            long t3 = System.nanoTime();
            long unmarshalled = jaxbPerUser(file);
            long t4 = System.nanoTime();
            assertEquals(USERS, unmarshalled);
            assertEquals(USERS, rows);
            assertEquals(USERS, planned);
            assertFalse(events == 0);
            if (round >= 0) {
                bare.add(t1 - t0);
                read.add(t2 - t1);
                plan.add(t3 - t2);
                jaxb.add(t4 - t3);
            }
        }
        System.out.printf("%n%,d users, %,d bytes, %d rounds (fastest / median ms)%n", USERS, bytes, ROUNDS);
        report("bare StAX loop", bare, bare);
        report("XmlFormat reader", read, bare);
        report("XmlFormat reader + plan", plan, bare);
        report("JAXB per <user>", jaxb, bare);
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

    private static final JAXBContext JAXB = jaxbContext();

    private static JAXBContext jaxbContext() {
        try {
            return JAXBContext.newInstance(JaxbUser.class);
        } catch (JAXBException e) {
            throw new AssertionError(e);
        }
    }

    /** The road not taken: JAXB unmarshals each user off the (hardened) StAX stream. */
    private static long jaxbPerUser(Path file) throws Exception {
        XMLInputFactory f = XMLInputFactory.newDefaultFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        Unmarshaller u = JAXB.createUnmarshaller();
        long users = 0;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            XMLStreamReader r = f.createXMLStreamReader(in);
            r.nextTag(); // <users>
            r.nextTag(); // the first <user>
            while (r.isStartElement()) {
                JaxbUser user = u.unmarshal(r, JaxbUser.class).getValue();
                if (user.username == null) {
                    throw new AssertionError("no username");
                }
                users++;
                while (r.hasNext() && !r.isStartElement() && !r.isEndElement()) {
                    r.next();
                }
                if (r.isEndElement()) {
                    break;
                }
            }
            r.close();
        }
        return users;
    }

    /** The standard fields and memberships of the generated file, bound by JAXB. */
    @XmlRootElement(name = "user", namespace = XmlFormat.NAMESPACE)
    @XmlAccessorType(XmlAccessType.FIELD)
    static final class JaxbUser {
        @XmlElement(namespace = XmlFormat.NAMESPACE)
        String username;
        @XmlElement(namespace = XmlFormat.NAMESPACE)
        String email;
        @XmlElement(namespace = XmlFormat.NAMESPACE)
        String firstName;
        @XmlElement(namespace = XmlFormat.NAMESPACE)
        String lastName;
        @XmlElement(namespace = XmlFormat.NAMESPACE)
        String externalId;
        @XmlElement(namespace = XmlFormat.NAMESPACE)
        String employeeId;
        @XmlElement(namespace = XmlFormat.NAMESPACE)
        String department;
        @XmlElement(namespace = XmlFormat.NAMESPACE)
        String jobTitle;
        @XmlElement(namespace = XmlFormat.NAMESPACE)
        String phone;
        @XmlElement(namespace = XmlFormat.NAMESPACE)
        String country;
        @XmlElement(namespace = XmlFormat.NAMESPACE)
        String city;
        @XmlElement(namespace = XmlFormat.NAMESPACE)
        JaxbMemberships memberships;
    }

    @XmlAccessorType(XmlAccessType.FIELD)
    static final class JaxbMemberships {
        @XmlElement(name = "cohort", namespace = XmlFormat.NAMESPACE)
        List<String> cohort;
        @XmlElement(name = "course", namespace = XmlFormat.NAMESPACE)
        List<JaxbCourse> course;
    }

    @XmlAccessorType(XmlAccessType.FIELD)
    static final class JaxbCourse {
        @XmlValue
        String name;
        @XmlAttribute
        String role;
        @XmlAttribute
        String enrolStart;
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
