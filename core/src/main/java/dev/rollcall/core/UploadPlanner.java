package dev.rollcall.core;

import dev.rollcall.core.internal.FieldCatalog;
import dev.rollcall.core.internal.PlanData;
import dev.rollcall.core.internal.PlanRun;
import dev.rollcall.core.internal.Settings;
import dev.rollcall.spi.Codes;
import dev.rollcall.spi.RowReader;
import dev.rollcall.spi.UploadFileException;
import dev.rollcall.spi.UploadFormat;
import dev.rollcall.spi.UploadSummary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Plans uploads with fixed settings. Made by {@link UploadPlan#builder()}; immutable and
 * thread-safe, so one planner can plan many files, even at once.
 *
 * <p>Planning reads the file once, streaming, and looks users up in batches; it never
 * writes. The repository's schema is read afresh for every file, so custom fields added
 * since the planner was built are known.
 */
public final class UploadPlanner {

    private static final Logger LOG = LoggerFactory.getLogger(UploadPlanner.class);

    private final Settings settings;

    UploadPlanner(Settings settings) {
        this.settings = settings;
    }

    /**
     * Plans a file. The format is the configured one, or else the installed format that
     * reads the file's suffix.
     *
     * @param file the upload file
     * @return the plan; {@link UploadPlan#isRefused() refused} when the file is not acceptable
     * @throws UploadFileException ({@link Codes#UNREADABLE_FILE}) when the file cannot be read
     */
    public UploadPlan plan(Path file) {
        Objects.requireNonNull(file, "file must not be null");
        String name = file.getFileName().toString();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            return plan(in, name);
        } catch (IOException e) {
            throw unreadable(name, e);
        }
    }

    /**
     * Plans a file read from a stream.
     *
     * @param in     the file's bytes; read to the end, not closed
     * @param source the file's name, for choosing a format and for reports
     * @return the plan
     * @throws UploadFileException ({@link Codes#UNREADABLE_FILE}) when the stream fails
     */
    public UploadPlan plan(InputStream in, String source) {
        Objects.requireNonNull(in, "in must not be null");
        Objects.requireNonNull(source, "source must not be null");
        UploadFormat format = settings.format() != null ? settings.format() : Formats.forFile(source);
        FieldCatalog catalog = new FieldCatalog(settings.repository().schema());
        PlanData data;
        try (RowReader reader = format.open(new NonClosingInputStream(in), catalog.schema())) {
            data = new PlanRun(settings, catalog).run(reader);
        } catch (UploadFileException e) {
            data = new PlanData(List.of(), List.of(e.toProblem()), List.of(), java.util.Map.of(), null);
        } catch (IOException e) {
            throw unreadable(source, e);
        }
        UploadPlan plan = new UploadPlan(settings, source, data, format);
        if (plan.isRefused()) {
            LOG.info("refused {}: {}", source, plan.fileProblems().get(0).describe());
        } else if (plan.safetyStop().isPresent()) {
            LOG.warn("stopped {}: {}", source, plan.safetyStop().get().message());
        } else {
            UploadSummary s = plan.summary();
            LOG.info("planned {}: {}", source, s.describe());
        }
        return plan;
    }

    /**
     * Checks a file without planning it: the header, each row's values and directive
     * columns. Nothing is looked up in the store, so problems that depend on stored users
     * (a duplicate email, a user outside the site scope) are not found here.
     *
     * @param file the upload file
     * @return what was found
     * @throws UploadFileException ({@link Codes#UNREADABLE_FILE}) when the file cannot be read
     */
    public ValidationReport validate(Path file) {
        Objects.requireNonNull(file, "file must not be null");
        String name = file.getFileName().toString();
        UploadFormat format = settings.format() != null ? settings.format() : Formats.forFile(name);
        FieldCatalog catalog = new FieldCatalog(settings.repository().schema());
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
             RowReader reader = format.open(in, catalog.schema())) {
            PlanRun.Validation v = new PlanRun(settings, catalog).validate(reader);
            return new ValidationReport(name, v.rows(), v.fileProblems(), v.rowProblems());
        } catch (UploadFileException e) {
            return new ValidationReport(name, 0, List.of(e.toProblem()), List.of());
        } catch (IOException e) {
            throw unreadable(name, e);
        }
    }

    private static UploadFileException unreadable(String name, IOException e) {
        return new UploadFileException(Codes.UNREADABLE_FILE, 0, 0, "cannot read " + name + " ("
                + e.getClass().getSimpleName() + ")", e);
    }

    /** Keeps a format's reader from closing a stream the caller owns. */
    private static final class NonClosingInputStream extends java.io.FilterInputStream {
        NonClosingInputStream(InputStream in) {
            super(in);
        }

        @Override
        public void close() {
            // the caller closes its own stream
        }
    }
}
