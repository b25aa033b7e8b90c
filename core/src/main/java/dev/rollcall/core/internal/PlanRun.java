package dev.rollcall.core.internal;

import dev.rollcall.core.Action;
import dev.rollcall.core.PlannedChange;
import dev.rollcall.core.Progress;
import dev.rollcall.spi.Codes;
import dev.rollcall.spi.Problem;
import dev.rollcall.spi.RowReader;
import dev.rollcall.spi.Severity;
import dev.rollcall.spi.UploadFileException;
import dev.rollcall.spi.UploadRow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Plans one file: reads its rows in batches, looks up each batch's users with one query
 * per key field, and turns every row into one {@link PlannedChange}. Rows flow through;
 * what is remembered across batches is only what earlier rows claimed (a user, a
 * username, a unique value), so a later row can be told it collides.
 *
 * <p>The stages, in the order a row meets them: {@link HeaderChecks} (once, for the file),
 * {@link RowChecks}, {@link Lookups} and the {@link Matcher} (a batch at a time), then the
 * {@link CreatePlanner} or the {@link UpdatePlanner}, all keeping {@link RowClaims} for later
 * rows; last, for a full upload, {@link FullUpload}. They share one {@link RunContext}.
 *
 * <p>Not thread-safe: one run plans one file.
 */
public final class PlanRun {

    private static final Logger LOG = LoggerFactory.getLogger(PlanRun.class);

    private final Settings settings;
    private final FieldCatalog catalog;
    private final EntryStore entries;
    private final Summaries.Counter counter = new Summaries.Counter();
    private final List<Problem> fileProblems = new ArrayList<>();

    private HeaderMapping header;
    private RunContext run;
    private RowChecks rowChecks;

    /**
     * @param settings the planner's configuration
     * @param catalog  the header catalog of the repository's schema
     */
    public PlanRun(Settings settings, FieldCatalog catalog) {
        this(settings, catalog, new EntryStore());
    }

    /**
     * @param settings the planner's configuration
     * @param catalog  the header catalog of the repository's schema
     * @param store    where the entries go
     */
    public PlanRun(Settings settings, FieldCatalog catalog, EntryStore store) {
        this.entries = store;
        this.settings = settings;
        this.catalog = catalog;
    }

    /**
     * Plans every row the reader yields. A file-level problem (in the header, or a file
     * that stops being readable half-way) refuses the whole file: the result then carries
     * the problem and no entries.
     *
     * @param reader an open reader; not closed here
     * @return the planned entries and file problems
     */
    public PlanData run(RowReader reader) {
        readHeader(reader);
        if (!fileProblems.isEmpty()) {
            return refused();
        }
        Matcher matcher = new Matcher(run);
        CreatePlanner creates = new CreatePlanner(run);
        UpdatePlanner updates = new UpdatePlanner(run);
        List<UploadRow> batch = new ArrayList<>(settings.batchSize());
        long rows = 0;
        try {
            UploadRow row;
            while ((row = reader.next()) != null) {
                if (tooMany(++rows, row)) {
                    return refused();
                }
                batch.add(row);
                if (batch.size() == settings.batchSize()) {
                    planBatch(batch, matcher, creates, updates);
                    batch.clear();
                }
            }
            planBatch(batch, matcher, creates, updates);
        } catch (UploadFileException e) {
            fileProblems.add(e.toProblem());
            return refused();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        LOG.debug("planned {} rows", entries.size());
        Problem safetyStop = settings.fullUpload() ? new FullUpload(run).planLeftOut(rows, c -> add(c, null)) : null;
        return new PlanData(entries.seal(), counter.summary(), fileProblems, header.columns(), safetyStop);
    }

    /**
     * Checks the file and each row on their own, without looking anything up: the header,
     * the values, the directive columns.
     *
     * @param reader an open reader; not closed here
     * @return the file's problems and the rows' problems, and the number of rows
     */
    public Validation validate(RowReader reader) {
        readHeader(reader);
        if (!fileProblems.isEmpty()) {
            return new Validation(0, fileProblems, List.of());
        }
        List<Problem> rowProblems = new ArrayList<>();
        long rows = 0;
        try {
            UploadRow row;
            while ((row = reader.next()) != null) {
                rows++;
                if (tooMany(rows, row)) {
                    break;
                }
                rowProblems.addAll(rowChecks.prepare(row).problems);
                if (settings.progress() != null && rows % settings.batchSize() == 0) {
                    settings.progress().update(Progress.Stage.PLANNING, rows, -1);
                }
            }
        } catch (UploadFileException e) {
            fileProblems.add(e.toProblem());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Validation(rows, fileProblems, rowProblems);
    }

    /**
     * What {@link #validate} found.
     *
     * @param rows         rows read
     * @param fileProblems problems refusing the file
     * @param rowProblems  problems of single rows
     */
    public record Validation(long rows, List<Problem> fileProblems, List<Problem> rowProblems) {
    }

    private void readHeader(RowReader reader) {
        header = HeaderChecks.check(reader.columns(), reader.headerLine(), settings, catalog, fileProblems);
        run = new RunContext(settings, catalog.schema(), header);
        rowChecks = new RowChecks(run);
    }

    private boolean tooMany(long rows, UploadRow row) {
        if (settings.maxRows() > 0 && rows > settings.maxRows()) {
            fileProblems.add(new Problem(Severity.ERROR, Codes.TOO_MANY_ROWS, row.line(), null, null,
                    "the file has more than " + settings.maxRows() + " rows, the most an upload may have; split it"));
            return true;
        }
        return false;
    }

    private PlanData refused() {
        entries.close();
        return PlanData.refused(fileProblems, header == null ? List.of() : header.columns());
    }

    private void add(PlannedChange c, List<String> raw) {
        entries.add(c, raw);
        counter.plan(c);
    }

    /** Prepares a batch's rows, looks up what they refer to, and plans each in order. */
    private void planBatch(List<UploadRow> rows, Matcher matcher, CreatePlanner creates, UpdatePlanner updates) {
        if (rows.isEmpty()) {
            return;
        }
        List<PreparedRow> prepared = new ArrayList<>(rows.size());
        for (UploadRow row : rows) {
            prepared.add(rowChecks.prepare(row));
        }
        Lookups lookups = Lookups.find(run, prepared);
        for (PreparedRow p : prepared) {
            Matcher.Match m = matcher.match(p, lookups);
            PlannedChange c = m.decided() != null ? m.decided()
                    : m.user() == null ? creates.plan(p, lookups) : updates.plan(p, m.user(), m.renameTo(), lookups);
            add(c, c.action() == Action.REJECT ? rowChecks.kept(p.row) : null);
        }
        if (settings.progress() != null) {
            settings.progress().update(Progress.Stage.PLANNING, entries.size(), -1);
        }
    }
}
