package dev.rollcall.jobs;

import dev.rollcall.core.InMemoryUserRepository;
import dev.rollcall.jobs.internal.DurableFileOps;
import dev.rollcall.jobs.internal.FileOps;
import dev.rollcall.spi.FieldSchema;
import dev.rollcall.spi.FileSource;
import dev.rollcall.spi.JobCompletion;
import dev.rollcall.spi.Notifier;
import dev.rollcall.spi.SourceFile;
import dev.rollcall.spi.UploadCompletion;
import dev.rollcall.spi.UserChange;
import dev.rollcall.spi.UserQuery;
import dev.rollcall.spi.UserRecord;
import dev.rollcall.spi.UserRepository;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static dev.rollcall.jobs.Feeds.users;
import static dev.rollcall.jobs.Feeds.utc;
import static dev.rollcall.jobs.Feeds.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The inbox's promise: a crash between any two steps loses no file and applies none twice.
 * Every durable step of a run (each file-system operation of the inbox, the source's
 * delete, the store's write) is counted; the test crashes the process (an {@link Error}
 * nothing catches) before, after, or in the middle of step k, for every k, then starts a new
 * runner on the same folders and checks the invariants.
 */
class InboxCrashTest {

    @TempDir
    Path tmp;

    /** Where in a step the crash happens. */
    enum When { BEFORE, AFTER, DURING }

    /** The process dying: nothing in Rollcall catches an Error. */
    static final class Crash extends Error {
        Crash(String step) {
            super("crash at " + step);
        }
    }

    /** Counts steps and crashes at one of them. */
    static final class Steps {
        final AtomicInteger count = new AtomicInteger();
        final List<String> names = new ArrayList<>();
        volatile int crashAt = -1;
        volatile When when = When.BEFORE;

        void arm(int k, When w) {
            count.set(0);
            names.clear();
            crashAt = k;
            when = w;
        }

        void disarm() {
            crashAt = -1;
        }

        /** @return whether this step is the one to crash in the middle of */
        boolean before(String name) {
            int n = count.incrementAndGet();
            synchronized (names) {
                names.add(name);
            }
            if (n == crashAt && when == When.BEFORE) {
                throw new Crash(name);
            }
            return n == crashAt && when == When.DURING;
        }

        void after(String name) {
            if (count.get() == crashAt && when == When.AFTER) {
                throw new Crash(name + " (after)");
            }
        }
    }

    /** Real durable file operations, with the crash. */
    static final class CrashingOps implements FileOps {
        final Steps steps;

        CrashingOps(Steps steps) {
            this.steps = steps;
        }

        @Override
        public Copied copy(InputStream in, Path target) throws IOException {
            if (steps.before("copy " + target.getFileName())) {
                byte[] half = in.readNBytes(Math.max(1, in.available() / 2));
                Files.write(target, half);   // a torn copy, never synced
                throw new Crash("copy (during)");
            }
            Copied c = DurableFileOps.INSTANCE.copy(in, target);
            steps.after("copy");
            return c;
        }

        @Override
        public void write(Path target, byte[] content) throws IOException {
            if (steps.before("write " + target.getFileName())) {
                Files.write(target.resolveSibling(target.getFileName() + ".new"), content);
                throw new Crash("write (during)");
            }
            DurableFileOps.INSTANCE.write(target, content);
            steps.after("write");
        }

        @Override
        public void move(Path from, Path to) throws IOException {
            if (steps.before("move " + from.getParent().getFileName() + "/" + from.getFileName() + " -> "
                    + to.getParent().getFileName())) {
                throw new Crash("move");   // a rename is atomic: in the middle is before
            }
            DurableFileOps.INSTANCE.move(from, to);
            steps.after("move");
        }

        @Override
        public void delete(Path file) throws IOException {
            if (steps.before("delete " + file.getParent().getFileName() + "/" + file.getFileName())) {
                throw new Crash("delete");
            }
            DurableFileOps.INSTANCE.delete(file);
            steps.after("delete");
        }
    }

    /** A source whose deletes are steps. */
    static final class CrashingSource implements FileSource {
        final FileSource source;
        final Steps steps;

        CrashingSource(FileSource source, Steps steps) {
            this.source = source;
            this.steps = steps;
        }

        @Override
        public String describe() {
            return source.describe();
        }

        @Override
        public Disposition disposition() {
            return source.disposition();
        }

        @Override
        public String preview(LocalDate date) {
            return source.preview(date);
        }

        @Override
        public Connection connect() throws IOException {
            Connection c = source.connect();
            return new Connection() {
                @Override
                public List<SourceFile> list(LocalDate date) throws IOException {
                    return c.list(date);
                }

                @Override
                public InputStream open(SourceFile file) throws IOException {
                    return c.open(file);
                }

                @Override
                public void delete(SourceFile file) throws IOException {
                    if (steps.before("source delete " + file.name())) {
                        throw new Crash("source delete");
                    }
                    c.delete(file);
                    steps.after("source delete");
                }

                @Override
                public void close() throws IOException {
                    c.close();
                }
            };
        }
    }

    /** The in-memory store, whose writes are steps. */
    static final class CrashingRepository implements UserRepository {
        final InMemoryUserRepository store = new InMemoryUserRepository();
        final Steps steps;

        CrashingRepository(Steps steps) {
            this.steps = steps;
        }

        @Override
        public FieldSchema schema() {
            return store.schema();
        }

        @Override
        public Map<String, List<UserRecord>> findBy(String field, Collection<String> keys) {
            return store.findBy(field, keys);
        }

        @Override
        public Map<String, UserRecord> findByIds(Collection<String> ids) {
            return store.findByIds(ids);
        }

        @Override
        public Stream<UserRecord> list(UserQuery query) {
            return store.list(query);
        }

        @Override
        public Set<String> existingTargets(String kind, Collection<String> names) {
            return store.existingTargets(kind, names);
        }

        @Override
        public Map<String, Set<String>> findDelegates(Collection<String> userIds) {
            return store.findDelegates(userIds);
        }

        @Override
        public List<String> write(List<UserChange> changes) {
            if (steps.before("store write")) {
                // half a batch written, then the process dies
                store.write(changes.subList(0, changes.size() / 2));
                throw new Crash("store write (during)");
            }
            List<String> ids = store.write(changes);
            steps.after("store write");
            return ids;
        }
    }

    /** Counts applies per file: the planner tells its notifier when apply() completes. */
    static final class Applies implements Notifier {
        final Map<String, AtomicInteger> byFile = new ConcurrentHashMap<>();

        @Override
        public void uploadCompleted(UploadCompletion completion) {
            byFile.computeIfAbsent(completion.source(), f -> new AtomicInteger()).incrementAndGet();
        }

        int of(String file) {
            AtomicInteger n = byFile.get(file);
            return n == null ? 0 : n.get();
        }
    }

    enum Source { FOLDER, FIXED_FILE }

    @ParameterizedTest
    @EnumSource(Source.class)
    void crashAtAnyStep_losesNoFile_appliesNoneTwice(Source kind) throws Exception {
        int scenarios = 0;
        List<String> clean = null;
        for (When when : When.values()) {
            for (int k = 1; ; k++) {
                Path dir = Files.createDirectories(tmp.resolve(kind + "-" + when + "-" + k));
                List<String> steps = scenario(kind, dir, k, when);
                if (steps != null) {
                    clean = steps;
                    break;
                }
                scenarios++;
            }
        }
        // every kind of step was crashed at, in every way
        for (String step : kind == Source.FOLDER
                ? List.of("copy", "write", "move ready/", "move processing/", "delete", "source delete", "store write")
                : List.of("copy", "write", "move ready/", "move processing/", "delete", "store write")) {
            assertTrue(clean.stream().anyMatch(n -> n.startsWith(step)), step + " in " + clean);
        }
        assertEquals(3 * clean.size(), scenarios, "crashed before, after and during each of " + clean);
    }

    /** @return null when the run crashed; the steps of the run when k is past the last step */
    private List<String> scenario(Source kind, Path dir, int k, When when) throws Exception {
        Steps steps = new Steps();
        CrashingRepository repository = new CrashingRepository(steps);
        Applies applies = new Applies();
        Path in = dir.resolve("in");
        List<String> files;
        FileSource plain;
        if (kind == Source.FOLDER) {
            write(in.resolve("a.csv"), users("alice"));
            write(in.resolve("b.csv"), users("bob"));
            files = List.of("a.csv", "b.csv");
            plain = FileSources.folder(in);
        } else {
            write(in.resolve("users.csv"), users("alice", "bob"));
            files = List.of("users.csv");
            plain = FileSources.file(in.resolve("users.csv"));
        }
        Job job = Feeds.job("hr", new CrashingSource(plain, steps), Feeds.everyMinute())
                .plannerOptions(b -> b.notifier(applies)).build();
        Feeds.MutableClock clock = new Feeds.MutableClock(utc("2026-11-20T10:00"));

        boolean crashed = false;
        JobRunner first = Feeds.runner(repository, dir.resolve("work"), clock, new Feeds.RecordingNotifier())
                .fileOps(new CrashingOps(steps)).build();
        try {
            first.add(job);
            steps.arm(k, when);
            first.runNow("hr");
        } catch (Crash c) {
            crashed = true;
        } finally {
            steps.disarm();
            first.close();
        }
        String where = kind + ", crash " + when + " step " + k + " of " + steps.names;

        // the process starts again
        Feeds.RecordingNotifier notifier = new Feeds.RecordingNotifier();
        List<RunRecord> later = new ArrayList<>();
        try (JobRunner second = Feeds.runner(repository, dir.resolve("work"), clock, notifier).build()) {
            second.add(job);
            later.add(second.runNow("hr").orElseThrow());
            later.add(second.runNow("hr").orElseThrow());
            later.add(second.runNow("hr").orElseThrow());
        }

        Path inbox = dir.resolve("work/hr/inbox");
        for (String state : List.of("incoming", "ready", "processing", "applying")) {
            assertEquals(List.of(), names(inbox.resolve(state)), where + ": " + state + "/ is empty");
        }
        if (kind == Source.FOLDER) {
            assertEquals(List.of(), names(in), where + ": every file was taken from the source");
        } else {
            assertTrue(Files.exists(in.resolve("users.csv")), where + ": a fixed file is never deleted");
        }
        List<String> interrupted = names(inbox.resolve("interrupted"));
        List<String> done = names(inbox.resolve("done"));
        for (String f : files) {
            boolean kept = interrupted.stream().anyMatch(e -> e.endsWith("_" + f));
            assertTrue(applies.of(f) <= 1, where + ": " + f + " applied " + applies.of(f) + " times");
            assertTrue(applies.of(f) == 1 || kept, where + ": " + f + " neither applied nor kept");
            assertTrue(kept || done.stream().anyMatch(e -> e.endsWith("_" + f)), where + ": " + f + " is in done/");
            if (kept) {
                assertEquals(1, later.get(0).files().stream()
                        .filter(r -> r.file().equals(f) && r.status() == JobCompletion.Status.INTERRUPTED).count(),
                        where + ": the interrupted " + f + " is reported once");
                assertTrue(later.get(0).files().stream().anyMatch(r -> r.problems().stream()
                        .anyMatch(p -> p.code().equals("RUN_INTERRUPTED"))), where);
            }
        }
        for (RunRecord r : later.subList(1, later.size())) {
            assertTrue(r.files().stream().noneMatch(f -> f.status() == JobCompletion.Status.INTERRUPTED),
                    where + ": reported once only");
        }
        if (interrupted.isEmpty()) {
            assertTrue(repository.store.byUsername("alice").isPresent() && repository.store.byUsername("bob").isPresent(),
                    where + ": both users were created");
        }
        if (!crashed && when != When.DURING) {
            // one clean pass: nothing was left for later
            assertTrue(later.stream().allMatch(r -> r.files().isEmpty()), where);
        }
        return crashed ? null : steps.names;
    }

    private static List<String> names(Path folder) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @org.junit.jupiter.api.Test
    void interruptedFile_isKept_andCanBeRequeued() throws Exception {
        Steps steps = new Steps();
        CrashingRepository repository = new CrashingRepository(steps);
        Path in = tmp.resolve("in");
        write(in.resolve("a.csv"), users("alice"));
        Job job = Feeds.job("hr", FileSources.folder(in), Feeds.everyMinute()).build();
        Feeds.MutableClock clock = new Feeds.MutableClock(utc("2026-11-20T10:00"));
        JobRunner first = Feeds.runner(repository, tmp.resolve("work"), clock, new Feeds.RecordingNotifier()).build();
        first.add(job);
        steps.arm(1, When.BEFORE);   // the first step of this run that the store sees is its write
        try {
            first.runNow("hr");
            fail("the store write crashes");
        } catch (Crash expected) {
            // the process died while applying
        } finally {
            steps.disarm();
            first.close();
        }
        try (JobRunner second = Feeds.runner(repository, tmp.resolve("work"), clock, new Feeds.RecordingNotifier()).build()) {
            second.add(job);
            RunRecord recovered = second.runNow("hr").orElseThrow();
            assertEquals(JobCompletion.Status.INTERRUPTED, recovered.files().get(0).status());
            List<String> kept = second.interruptedFiles("hr");
            assertEquals(List.of("0000000001_a.csv"), kept);
            second.requeue("hr", kept.get(0));
            RunRecord again = second.runNow("hr").orElseThrow();
            assertEquals(JobCompletion.Status.APPLIED, again.files().get(0).status());
            assertTrue(repository.store.byUsername("alice").isPresent());
            assertEquals(List.of(), second.interruptedFiles("hr"));
        } catch (Crash c) {
            fail("no crash armed: " + c.getMessage());
        }
    }
}
