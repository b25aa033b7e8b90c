package dev.rollcall.core;

import dev.rollcall.core.internal.FieldCatalog;
import dev.rollcall.core.internal.PlanData;
import dev.rollcall.core.internal.PlanRun;
import dev.rollcall.core.internal.Settings;
import dev.rollcall.spi.Codes;
import dev.rollcall.spi.Decoder;
import dev.rollcall.spi.RollcallException;
import dev.rollcall.spi.RowReader;
import dev.rollcall.spi.UploadFileException;
import dev.rollcall.spi.UploadFormat;
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
     * @throws RollcallException ({@link Codes#STORE_FAILED}) when the store cannot be read
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
     * @throws RollcallException ({@link Codes#STORE_FAILED}) when the store cannot be read
     */
    public UploadPlan plan(InputStream in, String source) {
        Objects.requireNonNull(in, "in must not be null");
        Objects.requireNonNull(source, "source must not be null");
        UploadPlan plan;
        try {
            plan = decoded(in, source, (plain, name) -> planPlain(plain, source, name));
        } catch (RollcallException e) {
            if (notAboutTheFile(e)) {
                throw e;
            }
            plan = new UploadPlan(settings, source, PlanData.refused(List.of(new dev.rollcall.spi.Problem(
                    dev.rollcall.spi.Severity.ERROR, e.code(), e instanceof UploadFileException u ? Math.max(u.line(), 1) : 1,
                    null, null, e.getMessage())), List.of()), null);
        }
        if (plan.isRefused()) {
            LOG.info("refused {}: {}", source, plan.fileProblems().get(0).describe());
        } else if (plan.safetyStop().isPresent()) {
            LOG.warn("stopped {}: {}", source, plan.safetyStop().get().message());
        } else {
            LOG.info("planned {}: {}", source, plan.summary().describe());
        }
        return plan;
    }

    private UploadPlan planPlain(InputStream plain, String source, String plainName) throws IOException {
        UploadFormat format = settings.format() != null ? settings.format() : Formats.forFile(plainName);
        FieldCatalog catalog = new FieldCatalog(settings.repository().schema());
        PlanData data;
        try (RowReader reader = new dev.rollcall.core.internal.PrefetchingRowReader(
                format.open(new NonClosingInputStream(plain), catalog.schema()))) {
            data = new PlanRun(settings, catalog).run(reader);
        } catch (UploadFileException e) {
            data = PlanData.refused(List.of(e.toProblem()), List.of());
        }
        return new UploadPlan(settings, source, data, format);
    }

    /** Reads a file's plain bytes: through the decoder that accepts it (a PGP file), or as they are. */
    private <T> T decoded(InputStream in, String source, Reading<T> reading) {
        BufferedInputStream buffered = in instanceof BufferedInputStream b ? b : new BufferedInputStream(in, 1 << 16);
        try {
            buffered.mark(64);
            byte[] head = buffered.readNBytes(64);
            buffered.reset();
            Decoder decoder = null;
            for (Decoder d : settings.decoders()) {
                if (d.accepts(source, head)) {
                    decoder = d;
                    break;
                }
            }
            if (decoder == null) {
                if (settings.decoders().stream().anyMatch(d -> d.takesName(source))) {
                    throw new RollcallException(Codes.NO_FORMAT, source + " is encrypted, but no decoder is configured: "
                            + "give the planner a PGP decoder with the host's secret key");
                }
                return reading.read(buffered, source);
            }
            LOG.debug("decoding {} with {}", source, decoder.name());
            try (InputStream plain = decoder.decode(new NonClosingInputStream(buffered))) {
                return reading.read(plain, decoder.decodedName(source));
            }
        } catch (IOException e) {
            throw unreadable(source, e);
        }
    }

    /** Reads plain bytes named {@code name}. */
    @FunctionalInterface
    private interface Reading<T> {
        T read(InputStream plain, String name) throws IOException;
    }

    /**
     * Reads a plan {@link UploadPlan#save saved} earlier, to review or apply it with this
     * planner's repository, batch size, notifier and failure policy. Applying it first checks,
     * in batches, that the store is as it was when the plan was made — every user it changes
     * has the planned version, no user it creates exists — and refuses the whole plan
     * ({@link Codes#STALE_PLAN}) otherwise.
     *
     * @param file a saved plan
     * @return the plan
     * @throws RollcallException ({@link Codes#PLAN_TAMPERED}) when the file was changed or cut
     *                           short since it was saved, or made for another store (its
     *                           signature does not match this store's key); ({@link
     *                           Codes#BAD_PLAN_FILE}) when it is not a readable plan
     * @throws IllegalStateException when neither the repository nor the builder gives a key
     *                               for saved plans
     */
    public UploadPlan load(Path file) {
        Objects.requireNonNull(file, "file must not be null");
        return UploadPlan.load(settings, file);
    }

    /**
     * Checks a file without planning it: the header, each row's values and directive
     * columns. Nothing is looked up in the store, so problems that depend on stored users
     * (a duplicate email, a user outside the site scope) are not found here.
     *
     * @param file the upload file
     * @return what was found
     * @throws UploadFileException ({@link Codes#UNREADABLE_FILE}) when the file cannot be read
     * @throws RollcallException ({@link Codes#STORE_FAILED}) when the store cannot be read
     */
    public ValidationReport validate(Path file) {
        Objects.requireNonNull(file, "file must not be null");
        String name = file.getFileName().toString();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            return decoded(in, name, (plain, plainName) -> {
                UploadFormat format = settings.format() != null ? settings.format() : Formats.forFile(plainName);
                FieldCatalog catalog = new FieldCatalog(settings.repository().schema());
                try (RowReader reader = format.open(new NonClosingInputStream(plain), catalog.schema())) {
                    PlanRun.Validation v = new PlanRun(settings, catalog).validate(reader);
                    return new ValidationReport(name, v.rows(), v.fileProblems(), v.rowProblems());
                } catch (UploadFileException e) {
                    return new ValidationReport(name, 0, List.of(e.toProblem()), List.of());
                }
            });
        } catch (RollcallException e) {
            if (notAboutTheFile(e)) {
                throw e;
            }
            return new ValidationReport(name, 0, List.of(new dev.rollcall.spi.Problem(dev.rollcall.spi.Severity.ERROR,
                    e.code(), 1, null, null, e.getMessage())), List.of());
        } catch (IOException e) {
            throw unreadable(name, e);
        }
    }

    /**
     * Whether a failure says nothing about the file, so it is thrown rather than reported as a
     * refused file: the file could not be read at all, or the store failed.
     */
    static boolean notAboutTheFile(RollcallException e) {
        return Codes.UNREADABLE_FILE.equals(e.code()) || Codes.STORE_FAILED.equals(e.code());
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
