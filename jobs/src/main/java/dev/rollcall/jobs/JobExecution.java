package dev.rollcall.jobs;

import dev.rollcall.core.Action;
import dev.rollcall.core.DelegateChange;
import dev.rollcall.core.DelegatePlan;
import dev.rollcall.core.Formats;
import dev.rollcall.core.RowOutcome;
import dev.rollcall.core.UploadPlan;
import dev.rollcall.core.UploadPlanner;
import dev.rollcall.core.UploadResult;
import dev.rollcall.jobs.internal.DurableFileOps;
import dev.rollcall.jobs.internal.FileOps;
import dev.rollcall.jobs.internal.Inbox;
import dev.rollcall.jobs.internal.Observations;
import dev.rollcall.spi.Codes;
import dev.rollcall.spi.Decoder;
import dev.rollcall.spi.FileSource;
import dev.rollcall.spi.JobCompletion;
import dev.rollcall.spi.JobNotifier;
import dev.rollcall.spi.Notifier;
import dev.rollcall.spi.Problem;
import dev.rollcall.spi.RollcallException;
import dev.rollcall.spi.Severity;
import dev.rollcall.spi.SourceFile;
import dev.rollcall.spi.UploadCompletion;
import dev.rollcall.spi.UploadFormat;
import dev.rollcall.spi.UploadSummary;
import dev.rollcall.spi.UserRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * One job's runs: take files from the source into the inbox, process the inbox in order,
 * tell the notifier. Used by one run at a time (the runner sees to that).
 */
final class JobExecution {

    private static final Logger LOG = LoggerFactory.getLogger(JobExecution.class);

    /** Names that mark a file still being written, or not meant for us. */
    private static final List<String> TEMPORARY = List.of(".part", ".tmp", ".temp", ".filepart", ".partial",
            ".crdownload", ".swp", "~");

    /**
     * Checks, before each step that changes the inbox, that the run's claim still holds.
     * Throws {@link ClaimLost} when it does not: the run stops at once and leaves the inbox
     * to the runner that holds the claim now.
     */
    @FunctionalInterface
    interface Fence {
        void check(String step);

        Fence NONE = step -> { };
    }

    /** The run's claim was lost: another runner took the run over. */
    static final class ClaimLost extends RuntimeException {
        ClaimLost(String message) {
            super(message);
        }
    }

    /** How a run waits for a file to settle; a test may not wait. */
    @FunctionalInterface
    interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    private final Job job;
    private final UserRepository repository;
    private final Notifier notifier;
    private final Clock clock;
    private final Inbox inbox;
    private final Path errors;
    private final int keep;
    private final Sleeper sleeper;
    private final Observations observations = new Observations();

    JobExecution(Job job, UserRepository repository, Notifier notifier, Clock clock, Path folder, FileOps ops, int keep,
                 Sleeper sleeper) {
        this.job = job;
        this.repository = repository;
        this.notifier = notifier;
        this.clock = clock;
        this.inbox = new Inbox(folder.resolve("inbox"), ops, keep);
        this.errors = folder.resolve("errors");
        this.keep = keep;
        this.sleeper = sleeper;
    }

    Inbox inbox() {
        return inbox;
    }

    /** The planner settings of a job's user upload. */
    static UploadPlanner.Builder plannerBuilder(Job job, UserRepository repository, UploadFormat format) {
        UploadPlanner.Builder b = UploadPlan.builder()
                .repository(repository)
                .mode(job.mode())
                .emptyValues(job.emptyValues())
                .feed(job.feed())
                .fullUpload(job.fullUpload())
                .allowMassDeactivation(job.allowOverThreshold());
        if (format != null) {
            b.format(format);
        }
        job.maxDeactivationPercent().ifPresent(b::maxDeactivationPercent);
        job.matchOn().ifPresent(b::matchOn);
        job.site().ifPresent(b::site);
        job.decoders().forEach(b::decoder);
        job.plannerOptions().accept(b);
        return b;
    }

    /**
     * Runs the job once.
     *
     * @param scheduled the scheduled run (or the moment a run was asked for)
     * @param fence     checked before each step that changes the inbox
     * @return what happened
     * @throws ClaimLost when the fence says the run's claim was lost; the run stopped
     */
    RunRecord run(Instant scheduled, Fence fence) {
        Instant started = clock.instant();
        fence.check("recover the inbox");
        LocalDate date = LocalDate.ofInstant(scheduled, job.zone());
        List<FileResult> results = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        try {
            for (String entry : inbox.recover()) {
                results.add(interrupted(entry));
            }
        } catch (IOException | UncheckedIOException e) {
            problems.add(Problem.error(Codes.JOB_FAILED, "the inbox " + inbox.root() + " cannot be repaired ("
                    + e.getClass().getSimpleName() + ": " + e.getMessage() + ")"));
            LOG.error("job {}: the inbox {} cannot be repaired", job.name(), inbox.root(), e);
            problems.addAll(notify(failed(problems)));
            return new RunRecord(job.name(), scheduled, started, clock.instant(), RunRecord.Outcome.FAILED, results, problems);
        }

        Intake intake = Intake.NOTHING;
        FileSource source = job.source();
        try (FileSource.Connection connection = source.connect()) {
            intake = intake(connection, date, fence);
        } catch (ClaimLost e) {
            throw e;
        } catch (RollcallException e) {
            problems.add(Problem.error(e.code(), e.getMessage()));
            LOG.warn("job {}: {} [{}]", job.name(), e.getMessage(), e.code());
        } catch (IOException | UncheckedIOException e) {
            problems.add(Problem.error(Codes.SOURCE_FAILED, "cannot read " + source.describe() + " ("
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")"));
            LOG.warn("job {}: cannot read {}", job.name(), source.describe(), e);
        } catch (RuntimeException e) {
            problems.add(Problem.error(Codes.SOURCE_FAILED, "cannot read " + source.describe() + " ("
                    + e.getClass().getSimpleName() + ")"));
            LOG.warn("job {}: cannot read {}", job.name(), source.describe(), e);
        }
        boolean sourceFailed = !problems.isEmpty();

        try {
            for (String entry : inbox.ready()) {
                fence.check("process " + entry);
                results.add(process(entry, fence));
            }
        } catch (IOException e) {
            problems.add(Problem.error(Codes.JOB_FAILED, "the inbox " + inbox.root() + " cannot be read ("
                    + e.getClass().getSimpleName() + ")"));
        }
        if (sourceFailed) {
            problems.addAll(notify(failed(problems)));
        }
        RunRecord.Outcome outcome = !results.isEmpty() ? RunRecord.Outcome.PROCESSED
                : sourceFailed ? RunRecord.Outcome.FAILED
                : intake == Intake.UNCHANGED ? RunRecord.Outcome.UNCHANGED : RunRecord.Outcome.NOTHING_NEW;
        RunRecord record = new RunRecord(job.name(), scheduled, started, clock.instant(), outcome, results, problems);
        LOG.debug("job run: {}", record.describe());
        return record;
    }

    // ---- taking files from the source ----

    private enum Intake { NOTHING, UNCHANGED, TAKEN }

    private Intake intake(FileSource.Connection c, LocalDate date, Fence fence) throws IOException {
        FileSource.Disposition disposition = job.source().disposition();
        // finish takings a crash (or a failed delete) left half done
        List<Inbox.Pending> pending = inbox.pending();
        if (!pending.isEmpty()) {
            List<SourceFile> all = c.list(date);
            for (Inbox.Pending p : pending) {
                Optional<SourceFile> same = all.stream().filter(p::sameAs).findFirst();
                if (same.isPresent() && p.disposition() == FileSource.Disposition.TAKE
                        && disposition == FileSource.Disposition.TAKE && sameContent(c, same.get(), p.sha256())) {
                    c.delete(same.get());
                    LOG.info("job {}: deleted {} at the source, taken earlier as {}", job.name(), p.path(), p.entry());
                }
                inbox.complete(p);
            }
        }
        List<SourceFile> listing = listing(c, date);
        List<SourceFile> ready = observations.ready(listing, System.nanoTime(), job.settle());
        if (ready.size() < listing.size()) {
            try {
                sleeper.sleep(job.settle());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            listing = listing(c, date);
            ready = observations.ready(listing, System.nanoTime(), job.settle());
        }
        List<SourceFile> sorted = new ArrayList<>(ready);
        sorted.sort(Comparator.comparing(SourceFile::name).thenComparing(SourceFile::path));
        Intake result = Intake.NOTHING;
        for (SourceFile f : sorted) {
            fence.check("take " + f.path());
            Inbox.Staged staged;
            try (InputStream in = c.open(f)) {
                staged = inbox.stage(f, in);
            }
            if (staged.copied().size() != f.size()) {
                LOG.info("job {}: {} changed while it was copied; it is taken once it settles", job.name(), f.path());
                inbox.discard(staged);
                observations.forget(f.path());
                continue;
            }
            if (disposition == FileSource.Disposition.KEEP) {
                if (job.skipUnchanged() && inbox.lastTakenHash().equals(Optional.of(staged.copied().sha256()))) {
                    inbox.discard(staged);
                    LOG.debug("job {}: {} has not changed", job.name(), f.path());
                    result = result == Intake.NOTHING ? Intake.UNCHANGED : result;
                    continue;
                }
                inbox.complete(inbox.commit(staged, f, disposition));
            } else {
                Inbox.Pending p = inbox.commit(staged, f, disposition);
                c.delete(f);
                inbox.complete(p);
                observations.forget(f.path());
            }
            LOG.info("job {}: took {} as {}", job.name(), f.path(), staged.entry());
            result = Intake.TAKEN;
        }
        return result;
    }

    private List<SourceFile> listing(FileSource.Connection c, LocalDate date) throws IOException {
        List<SourceFile> all = c.list(date);
        if (job.source().disposition() == FileSource.Disposition.KEEP) {
            return all;
        }
        List<Inbox.Pending> pending = inbox.pending();
        return all.stream()
                .filter(f -> !temporary(f.name()))
                .filter(f -> pending.stream().noneMatch(p -> p.sameAs(f)))
                .toList();
    }

    static boolean temporary(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.startsWith(".") || TEMPORARY.stream().anyMatch(lower::endsWith);
    }

    private static boolean sameContent(FileSource.Connection c, SourceFile f, String sha256) throws IOException {
        try (InputStream in = c.open(f)) {
            return DurableFileOps.digest(in).sha256().equals(sha256);
        }
    }

    // ---- processing the inbox ----

    /** What processing a file came to, before the notifier hears of it. */
    private record Processed(JobCompletion.Status status, UploadSummary summary, String description,
                             List<Problem> problems, Optional<Path> errorFile) {
    }

    private FileResult process(String entry, Fence fence) throws IOException {
        String name = Inbox.originalName(entry);
        Path file = inbox.claim(entry);
        FileOps.Copied facts = facts(file);
        boolean[] applying = {false};
        Processed p;
        try {
            p = job.loadType() == LoadType.DELEGATES ? delegates(entry, file, name, applying, fence)
                    : users(entry, file, name, applying, fence);
        } catch (ClaimLost e) {
            throw e;    // the claim's new holder finds the file in processing/ and takes it from there
        } catch (RuntimeException | IOException e) {
            LOG.error("job {}: processing {} failed", job.name(), name, e);
            Problem problem;
            if (applying[0]) {
                inbox.interrupt(entry);
                problem = Problem.error(Codes.RUN_INTERRUPTED, "applying " + name + " failed part way ("
                        + e.getClass().getSimpleName() + "); the file is kept in " + inbox.root().resolve("interrupted")
                        + " and is not applied again by itself");
            } else {
                inbox.release(entry);
                problem = Problem.error(Codes.JOB_FAILED, "processing " + name + " failed (" + e.getClass().getSimpleName()
                        + "); nothing was written, and the file is processed again at the next run");
            }
            return finished(name, facts, new Processed(applying[0] ? JobCompletion.Status.INTERRUPTED : JobCompletion.Status.FAILED,
                    UploadSummary.EMPTY, "not processed", List.of(problem), Optional.empty()));
        }
        inbox.finish(entry);
        return finished(name, facts, p);
    }

    private Processed users(String entry, Path file, String name, boolean[] applying, Fence fence) throws IOException {
        UploadFormat format = formatFor(name);
        UploadPlanner planner = plannerBuilder(job, repository, format).build();
        UploadPlan plan;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            plan = planner.plan(in, name);
        }
        if (plan.isRefused()) {
            return new Processed(JobCompletion.Status.REFUSED, plan.summary(), "refused", plan.fileProblems(),
                    Optional.empty());
        }
        Optional<Path> errorFile = plan.summary().rejected() > 0 ? writeErrors(entry, plan, format) : Optional.empty();
        if (plan.safetyStop().isPresent()) {
            return new Processed(JobCompletion.Status.STOPPED, plan.summary(), "stopped: " + plan.summary().describe(),
                    List.of(plan.safetyStop().get()), errorFile);
        }
        fence.check("apply " + entry);
        inbox.markApplying(entry);
        applying[0] = true;
        UploadResult result = plan.apply();
        return new Processed(JobCompletion.Status.APPLIED, result.summary(), result.summary().describe(),
                result.problems(), errorFile);
    }

    private UploadFormat formatFor(String name) {
        UploadFormat format = job.format().orElse(null);
        if (format == null) {
            try {
                format = Formats.forFile(Formats.decodedName(name));
            } catch (RollcallException e) {
                return null;    // the planner refuses the file, saying why
            }
        }
        return format;
    }

    private Optional<Path> writeErrors(String entry, UploadPlan plan, UploadFormat format) {
        if (format == null) {
            return Optional.empty();
        }
        String base = Formats.decodedName(entry).replaceFirst("\\.[^.]*$", "");
        Path target = errors.resolve(base + "-errors." + format.name());
        try {
            Files.createDirectories(errors);
            try (OutputStream out = Files.newOutputStream(target)) {
                plan.writeErrorFile(out);
            }
            prune(errors);
            return Optional.of(target);
        } catch (IOException | UncheckedIOException | UnsupportedOperationException e) {
            LOG.warn("job {}: cannot write the error file {} ({})", job.name(), target, e.getClass().getSimpleName());
            return Optional.empty();
        }
    }

    private void prune(Path folder) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(folder)) {
            files = s.sorted().toList();
        }
        for (int i = 0; i < files.size() - keep; i++) {
            Files.deleteIfExists(files.get(i));
        }
    }

    private Processed delegates(String entry, Path file, String name, boolean[] applying, Fence fence)
            throws IOException {
        DelegatePlan.Builder b = DelegatePlan.builder().repository(repository).allowMassRemoval(job.allowOverThreshold());
        job.format().ifPresent(b::format);
        job.site().ifPresent(b::site);
        job.maxDeactivationPercent().ifPresent(b::maxRemovalPercent);
        DelegatePlan plan;
        try (BufferedInputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            raw.mark(64);
            byte[] head = raw.readNBytes(64);
            raw.reset();
            Decoder decoder = job.decoders().stream().filter(d -> d.accepts(name, head)).findFirst().orElse(null);
            if (decoder == null) {
                if (Stream.concat(job.decoders().stream(), Formats.decoders().stream()).anyMatch(d -> d.takesName(name))) {
                    return refused(Problem.error(Codes.NO_FORMAT, name + " is encrypted, but the job has no decoder"));
                }
                plan = b.build().plan(raw, name);
            } else {
                try (InputStream plain = decoder.decode(raw)) {
                    plan = b.build().plan(plain, decoder.decodedName(name));
                }
            }
        } catch (RollcallException e) {
            if (Codes.UNREADABLE_FILE.equals(e.code()) || Codes.STORE_FAILED.equals(e.code())) {
                throw e;    // not the file's fault: processed again at the next run
            }
            return refused(Problem.error(e.code(), e.getMessage()));
        }
        List<Problem> rowProblems = new ArrayList<>();
        plan.rejected().stream().flatMap(c -> c.messages().stream()).limit(200).forEach(rowProblems::add);
        if (plan.isRefused()) {
            return new Processed(JobCompletion.Status.REFUSED, UploadSummary.EMPTY, "refused", plan.fileProblems(),
                    Optional.empty());
        }
        if (plan.safetyStop().isPresent()) {
            List<Problem> problems = new ArrayList<>(List.of(plan.safetyStop().get()));
            problems.addAll(rowProblems);
            return new Processed(JobCompletion.Status.STOPPED, delegateSummary(plan.changes(), null),
                    "stopped: " + plan.describe(), problems, Optional.empty());
        }
        fence.check("apply " + entry);
        inbox.markApplying(entry);
        applying[0] = true;
        List<RowOutcome.State> states = plan.apply();
        return new Processed(JobCompletion.Status.APPLIED, delegateSummary(plan.changes(), states), plan.describe(),
                rowProblems, Optional.empty());
    }

    private static Processed refused(Problem problem) {
        return new Processed(JobCompletion.Status.REFUSED, UploadSummary.EMPTY, "refused", List.of(problem),
                Optional.empty());
    }

    /** A delegate upload's counters: each user whose delegates change counts as updated. */
    private static UploadSummary delegateSummary(List<DelegateChange> changes, List<RowOutcome.State> states) {
        long rows = 0;
        long updated = 0;
        long unchanged = 0;
        long rejected = 0;
        long failed = 0;
        long notAttempted = 0;
        for (int i = 0; i < changes.size(); i++) {
            DelegateChange c = changes.get(i);
            rows += c.line() > 0 ? 1 : 0;
            RowOutcome.State state = states == null ? null : states.get(i);
            if (c.action() == Action.UPDATE) {
                if (state == null || state == RowOutcome.State.APPLIED) {
                    updated++;
                } else if (state == RowOutcome.State.FAILED) {
                    failed++;
                } else {
                    notAttempted++;
                }
            } else if (c.action() == Action.UNCHANGED) {
                unchanged++;
            } else if (c.action() == Action.REJECT) {
                rejected++;
            }
        }
        return new UploadSummary(rows, 0, updated, 0, 0, 0, 0, unchanged, 0, rejected, failed, notAttempted, 0);
    }

    // ---- results and notices ----

    /** A file's size and SHA-256, for the history; {@code -1} and empty when it cannot be read. */
    static FileOps.Copied facts(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return DurableFileOps.digest(in);
        } catch (IOException | UncheckedIOException e) {
            return new FileOps.Copied(-1, "");
        }
    }

    private FileResult finished(String name, FileOps.Copied facts, Processed p) {
        Instant now = clock.instant();
        List<Problem> fileProblems = p.status() == JobCompletion.Status.APPLIED ? List.of() : p.problems();
        UploadCompletion upload = new UploadCompletion(name, p.status() == JobCompletion.Status.APPLIED, p.summary(),
                fileProblems, p.errorFile(), now);
        List<Problem> problems = new ArrayList<>(p.problems());
        problems.addAll(notify(new JobCompletion(job.name(), job.description(), job.completionEmail(), p.status(),
                Optional.of(name), upload)));
        LOG.info("job {}: {} {}, {}", job.name(), name, p.status().name().toLowerCase(Locale.ROOT), p.description());
        return new FileResult(name, facts.size(), facts.sha256(), p.status(), p.summary(), p.description(), problems,
                p.errorFile(), now);
    }

    private FileResult interrupted(String entry) {
        String name = Inbox.originalName(entry);
        Problem problem = Problem.error(Codes.RUN_INTERRUPTED, "the process stopped while " + name + " was being applied; "
                + "the file is kept in " + inbox.root().resolve("interrupted").resolve(entry)
                + " and is not applied again by itself");
        LOG.warn("job {}: {}", job.name(), problem.message());
        return finished(name, facts(inbox.root().resolve("interrupted").resolve(entry)),
                new Processed(JobCompletion.Status.INTERRUPTED, UploadSummary.EMPTY, "interrupted",
                List.of(problem), Optional.empty()));
    }

    private JobCompletion failed(List<Problem> problems) {
        return new JobCompletion(job.name(), job.description(), job.completionEmail(), JobCompletion.Status.FAILED,
                Optional.empty(), new UploadCompletion(job.source().describe(), false, UploadSummary.EMPTY, problems,
                Optional.empty(), clock.instant()));
    }

    /** Tells the notifier; a notifier that throws is logged and recorded, never more. */
    private List<Problem> notify(JobCompletion completion) {
        try {
            if (notifier instanceof JobNotifier n) {
                n.jobCompleted(completion);
            } else {
                notifier.uploadCompleted(completion.upload());
            }
            return List.of();
        } catch (RuntimeException e) {
            LOG.warn("job {}: the notifier failed ({})", job.name(), e.getClass().getSimpleName(), e);
            return List.of(new Problem(Severity.WARNING, Codes.NOTIFIER_FAILED, 0, null, null,
                    "the completion notice failed (" + e.getClass().getSimpleName()
                            + (e.getMessage() == null ? "" : ": " + e.getMessage()) + "); the upload itself is not affected"));
        }
    }
}
