package dev.rollcall.bench;

import dev.rollcall.core.InMemoryUserRepository;
import dev.rollcall.core.UploadMode;
import dev.rollcall.core.UploadPlan;
import dev.rollcall.core.UploadPlanner;
import dev.rollcall.spi.RowReader;
import dev.rollcall.xml.XmlFormat;
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
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** The XML stages against their floor: a bare StAX pass over every event of the same file. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
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

    @Benchmark
    public long plan() {
        try (UploadPlan plan = planner.plan(file)) {
            return plan.summary().rows();
        }
    }
}
