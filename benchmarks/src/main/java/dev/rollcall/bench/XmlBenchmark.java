package dev.rollcall.bench;

import dev.rollcall.core.InMemoryUserRepository;
import dev.rollcall.core.UploadMode;
import dev.rollcall.core.UploadPlan;
import dev.rollcall.core.UploadPlanner;
import dev.rollcall.spi.RowReader;
import dev.rollcall.xml.XmlFormat;
import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBException;
import jakarta.xml.bind.Unmarshaller;
import jakarta.xml.bind.annotation.XmlAccessType;
import jakarta.xml.bind.annotation.XmlAccessorType;
import jakarta.xml.bind.annotation.XmlElement;
import jakarta.xml.bind.annotation.XmlRootElement;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** The XML stages against their floor: a bare StAX pass over every event of the same file. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 8)
@Fork(value = 1, jvmArgsAppend = {"-Xmx6g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
public class XmlBenchmark {

    @Param({"100000", "1000000"})
    public int users;

    private Path file;
    private UploadPlanner planner;

    @Setup
    public void setUp() {
        file = Data.xml(users);
        InMemoryUserRepository repository = Data.memoryStore(users);
        planner = UploadPlan.builder().repository(repository).mode(UploadMode.ADD_UPDATE).matchOn("externalId")
                .allowRenames(true).format(new XmlFormat()).build();
    }

    @Benchmark
    public long floor() throws IOException, XMLStreamException {
        XMLInputFactory f = XMLInputFactory.newDefaultFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        long n = 0;
        try (InputStream in = Files.newInputStream(file)) {
            XMLStreamReader r = f.createXMLStreamReader(in);
            while (r.hasNext()) {
                if (r.next() == XMLStreamReader.CHARACTERS) {
                    n += r.getTextLength();
                }
            }
            r.close();
        }
        return n;
    }

    @Benchmark
    public long parse() throws IOException {
        long n = 0;
        try (InputStream in = Files.newInputStream(file); RowReader r = new XmlFormat().open(in)) {
            while (r.next() != null) {
                n++;
            }
        }
        return n;
    }

    /**
     * The design xml-format did not take (issue 7 proposed it): JAXB unmarshalling each
     * {@code <user>} off a hardened StAX stream into a class of the file's fields, with no
     * checking at all. Measured here so the choice stays honest.
     */
    @Benchmark
    public long jaxb() throws IOException, XMLStreamException, JAXBException {
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
                if (u.unmarshal(r, JaxbUser.class).getValue().username != null) {
                    users++;
                }
                while (r.hasNext() && !r.isStartElement() && !r.isEndElement()) {
                    r.next();
                }
                if (r.isEndElement()) {
                    break;
                }
            }
            r.close();
        }
        if (users == 0) {
            throw new IllegalStateException("JAXB bound no user: the binding does not match the file");
        }
        return users;
    }

    private static final JAXBContext JAXB;

    static {
        try {
            JAXB = JAXBContext.newInstance(JaxbUser.class);
        } catch (JAXBException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The generated file's fields ({@link Generator#COLUMNS}), bound by JAXB. */
    @XmlRootElement(name = "user", namespace = XmlFormat.NAMESPACE)
    @XmlAccessorType(XmlAccessType.FIELD)
    static final class JaxbUser {
        @XmlElement(namespace = XmlFormat.NAMESPACE)
        String externalId;
        @XmlElement(namespace = XmlFormat.NAMESPACE)
        String username;
        @XmlElement(namespace = XmlFormat.NAMESPACE)
        String email;
        @XmlElement(namespace = XmlFormat.NAMESPACE)
        String firstName;
        @XmlElement(namespace = XmlFormat.NAMESPACE)
        String lastName;
        @XmlElement(namespace = XmlFormat.NAMESPACE)
        String employeeId;
        @XmlElement(namespace = XmlFormat.NAMESPACE)
        String department;
        @XmlElement(namespace = XmlFormat.NAMESPACE)
        String jobTitle;
        @XmlElement(namespace = XmlFormat.NAMESPACE)
        String country;
        @XmlElement(namespace = XmlFormat.NAMESPACE)
        String status;
    }

    @Benchmark
    public long plan() {
        try (UploadPlan plan = planner.plan(file)) {
            return plan.summary().rows();
        }
    }
}
