package dev.rollcall.jobs.internal;

import dev.rollcall.spi.FileSource.Disposition;
import dev.rollcall.spi.SourceFile;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * A job's durable inbox: where a file waits, safe on the local disk, from the moment it is
 * taken from its source until it is processed. Every file is in exactly one state, and every
 * step from one state to the next is a single durable operation (see {@link FileOps}), so a
 * crash between any two steps leaves a state that {@link #recover()} understands.
 *
 * <pre>
 * incoming/E.part         a copy being made; the source still has the file
 * incoming/E.source       the taking record: which source file E is (path, size, time, SHA-256)
 * ready/E                 durable, waiting to be processed, in name order
 * processing/E            claimed by a run; planning (which writes nothing)
 * applying/E              (a marker) the run started writing to the store
 * done/E                  processed (applied, refused or stopped); the last few are kept
 * interrupted/E           the process stopped while applying E: kept aside, never applied again by itself
 * last-taken              a kept (fixed) source's last taken SHA-256, for "skip files that have not changed"
 * </pre>
 *
 * Entry names {@code E} are {@code 0000000042_name.csv}: a sequence number, so entries sort
 * in the order they were taken (and, within one listing, by source name), then the source
 * file's name.
 *
 * <p>Not thread-safe: one run of a job at a time uses its inbox.
 */
public final class Inbox {

    private static final String PART = ".part";
    private static final String RECORD = ".source";

    private final Path root;
    private final FileOps ops;
    private final int keepDone;
    private final Path incoming;
    private final Path ready;
    private final Path processing;
    private final Path applying;
    private final Path done;
    private final Path interrupted;
    private final Path lastTaken;

    /**
     * Opens (creating if need be) an inbox.
     *
     * @param root     its folder
     * @param ops      how files are written
     * @param keepDone how many processed files to keep in {@code done/}
     */
    public Inbox(Path root, FileOps ops, int keepDone) {
        this.root = root;
        this.ops = ops;
        this.keepDone = keepDone;
        this.incoming = root.resolve("incoming");
        this.ready = root.resolve("ready");
        this.processing = root.resolve("processing");
        this.applying = root.resolve("applying");
        this.done = root.resolve("done");
        this.interrupted = root.resolve("interrupted");
        this.lastTaken = root.resolve("last-taken");
        try {
            for (Path p : List.of(incoming, ready, processing, applying, done, interrupted)) {
                Files.createDirectories(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the inbox " + root, e);
        }
    }

    /** @return the inbox's folder */
    public Path root() {
        return root;
    }

    /**
     * A taken file whose taking is not finished: it is safely in the inbox, and the source
     * must still delete it ({@link Disposition#TAKE}) or the last-taken hash be recorded
     * ({@link Disposition#KEEP}).
     *
     * @param entry       the inbox entry
     * @param path        the source file's path
     * @param size        its size when taken
     * @param modified    its modification time when taken
     * @param sha256      its content's SHA-256
     * @param disposition the source's disposition
     */
    public record Pending(String entry, String path, long size, Instant modified, String sha256,
                          Disposition disposition) {

        /** @return whether {@code f} is the file this record took (same path, size and time) */
        public boolean sameAs(SourceFile f) {
            return f.path().equals(path) && f.size() == size && f.lastModified().equals(modified);
        }
    }

    /** A copy made in {@code incoming/}, not yet committed. */
    public record Staged(String entry, Path part, FileOps.Copied copied) {
    }

    // ---- recovery ----

    /**
     * Brings the inbox back to a consistent state after a crash, at the start of every run:
     * uncommitted copies are dropped (their source still has them); a file claimed but not
     * yet being applied goes back to {@code ready/}; a file whose applying started goes to
     * {@code interrupted/}; kept sources' records are finished.
     *
     * @return the entries just moved to {@code interrupted/}, to be reported once
     * @throws IOException when the inbox cannot be repaired
     */
    public List<String> recover() throws IOException {
        List<String> nowInterrupted = new ArrayList<>();
        for (String entry : names(processing)) {
            if (Files.exists(applying.resolve(entry))) {
                ops.move(processing.resolve(entry), interrupted.resolve(entry));
                ops.delete(applying.resolve(entry));
                nowInterrupted.add(entry);
            } else {
                ops.move(processing.resolve(entry), ready.resolve(entry));
            }
        }
        for (String marker : names(applying)) {
            ops.delete(applying.resolve(marker));   // its entry moved on already
        }
        for (String name : names(incoming)) {
            if (name.endsWith(PART)) {
                String entry = name.substring(0, name.length() - PART.length());
                ops.delete(incoming.resolve(entry + RECORD));   // never committed: drop the record first
                ops.delete(incoming.resolve(name));
            } else if (name.endsWith(".new")) {
                ops.delete(incoming.resolve(name));            // a record half-written
            }
        }
        for (Pending p : pending()) {
            if (p.disposition() == Disposition.KEEP) {
                completeKeep(p);
            }
        }
        return nowInterrupted;
    }

    /**
     * @return committed takings whose source file may still need deleting
     * @throws IOException when a record cannot be read
     */
    public List<Pending> pending() throws IOException {
        List<Pending> out = new ArrayList<>();
        for (String name : names(incoming)) {
            if (name.endsWith(RECORD) && !Files.exists(incoming.resolve(name.substring(0, name.length() - RECORD.length()) + PART))) {
                out.add(readRecord(name.substring(0, name.length() - RECORD.length())));
            }
        }
        return out;
    }

    // ---- taking ----

    /**
     * Step 1: copies a source file into {@code incoming/} and syncs it.
     *
     * @param file the source file
     * @param in   its bytes; read to the end, not closed
     * @return the staged copy
     * @throws IOException when copying fails (the partial copy is removed)
     */
    public Staged stage(SourceFile file, InputStream in) throws IOException {
        String entry = String.format("%010d_%s", nextSequence(), safeName(file.name()));
        Path part = incoming.resolve(entry + PART);
        try {
            return new Staged(entry, part, ops.copy(in, part));
        } catch (IOException | RuntimeException e) {
            try {
                ops.delete(part);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /**
     * Drops a staged copy (the file changed while it was copied, or a kept file did not change).
     *
     * @param staged the copy
     * @throws IOException when it cannot be deleted
     */
    public void discard(Staged staged) throws IOException {
        ops.delete(staged.part());
    }

    /**
     * Steps 2 and 3: writes the taking record, then moves the copy into {@code ready/}. Once
     * this returns the file is safe here, and the source may delete it.
     *
     * @param staged      the copy
     * @param file        the source file it is a copy of
     * @param disposition the source's disposition
     * @return the record, to {@link #complete} once the source has done its part
     * @throws IOException when a step fails (the copy is still only staged)
     */
    public Pending commit(Staged staged, SourceFile file, Disposition disposition) throws IOException {
        Pending p = new Pending(staged.entry(), file.path(), file.size(), file.lastModified(), staged.copied().sha256(),
                disposition);
        Properties props = new Properties();
        props.setProperty("path", p.path());
        props.setProperty("size", Long.toString(p.size()));
        props.setProperty("modified", p.modified().toString());
        props.setProperty("sha256", p.sha256());
        props.setProperty("disposition", p.disposition().name());
        java.io.StringWriter w = new java.io.StringWriter();
        props.store(w, null);
        ops.write(incoming.resolve(staged.entry() + RECORD), w.toString().getBytes(StandardCharsets.UTF_8));
        ops.move(staged.part(), ready.resolve(staged.entry()));
        return p;
    }

    /**
     * The last step of taking: for a kept source, records the content's hash; then deletes
     * the record. A taken source's file must be deleted at the source before this.
     *
     * @param p the record
     * @throws IOException when a step fails
     */
    public void complete(Pending p) throws IOException {
        if (p.disposition() == Disposition.KEEP) {
            completeKeep(p);
        } else {
            ops.delete(incoming.resolve(p.entry() + RECORD));
        }
    }

    private void completeKeep(Pending p) throws IOException {
        if (!lastTakenHash().equals(Optional.of(p.sha256()))) {
            ops.write(lastTaken, (p.sha256() + " " + p.path() + "\n").getBytes(StandardCharsets.UTF_8));
        }
        ops.delete(incoming.resolve(p.entry() + RECORD));
    }

    /**
     * @return the SHA-256 of the last file a kept source gave, if any
     * @throws IOException when it cannot be read
     */
    public Optional<String> lastTakenHash() throws IOException {
        if (!Files.exists(lastTaken)) {
            return Optional.empty();
        }
        String s = Files.readString(lastTaken, StandardCharsets.UTF_8).strip();
        int space = s.indexOf(' ');
        return Optional.of(space < 0 ? s : s.substring(0, space));
    }

    // ---- processing ----

    /** @return the entries waiting in {@code ready/}, in name order */
    public List<String> ready() throws IOException {
        return names(ready);
    }

    /** @return the entries kept in {@code interrupted/}, in name order */
    public List<String> interrupted() throws IOException {
        return names(interrupted);
    }

    /** @return the entries kept in {@code done/}, in name order */
    public List<String> done() throws IOException {
        return names(done);
    }

    /**
     * Claims a ready entry for processing.
     *
     * @param entry a ready entry
     * @return its file, now in {@code processing/}
     * @throws IOException when the rename fails
     */
    public Path claim(String entry) throws IOException {
        ops.move(ready.resolve(entry), processing.resolve(entry));
        return processing.resolve(entry);
    }

    /**
     * Marks that applying the claimed entry starts: from now on a crash sends it to
     * {@code interrupted/} instead of back to {@code ready/}.
     *
     * @param entry a claimed entry
     * @throws IOException when the marker cannot be written
     */
    public void markApplying(String entry) throws IOException {
        ops.write(applying.resolve(entry), new byte[0]);
    }

    /**
     * The claimed entry is processed: moved to {@code done/}; older done entries beyond the
     * number to keep are deleted.
     *
     * @param entry a claimed entry
     * @throws IOException when a step fails
     */
    public void finish(String entry) throws IOException {
        ops.move(processing.resolve(entry), done.resolve(entry));
        ops.delete(applying.resolve(entry));
        List<String> all = names(done);
        for (int i = 0; i < all.size() - keepDone; i++) {
            ops.delete(done.resolve(all.get(i)));
        }
    }

    /**
     * Processing the claimed entry failed before anything was written: back to {@code ready/}
     * for the next run.
     *
     * @param entry a claimed entry
     * @throws IOException when the rename fails
     */
    public void release(String entry) throws IOException {
        ops.move(processing.resolve(entry), ready.resolve(entry));
    }

    /**
     * Applying the claimed entry failed in a way that may have written part of it: kept aside.
     *
     * @param entry a claimed entry
     * @throws IOException when a step fails
     */
    public void interrupt(String entry) throws IOException {
        ops.move(processing.resolve(entry), interrupted.resolve(entry));
        ops.delete(applying.resolve(entry));
    }

    /**
     * An operator's decision: process an interrupted (or done) entry again at the next run.
     *
     * @param entry an entry in {@code interrupted/} or {@code done/}
     * @throws IOException              when the rename fails
     * @throws IllegalArgumentException when there is no such entry
     */
    public void requeue(String entry) throws IOException {
        if (!entry.equals(safeName(entry)) || entry.startsWith(".")) {
            throw new IllegalArgumentException("not an inbox entry: " + entry);
        }
        for (Path from : List.of(interrupted, done)) {
            if (Files.exists(from.resolve(entry))) {
                ops.move(from.resolve(entry), ready.resolve(entry));
                return;
            }
        }
        throw new IllegalArgumentException("no interrupted or done file " + entry + " in " + root);
    }

    /**
     * @param entry an entry name
     * @return the source file's name it was taken from (the entry without its number)
     */
    public static String originalName(String entry) {
        int underscore = entry.indexOf('_');
        return underscore < 0 ? entry : entry.substring(underscore + 1);
    }

    // ---- helpers ----

    private Pending readRecord(String entry) throws IOException {
        Properties props = new Properties();
        props.load(new StringReader(Files.readString(incoming.resolve(entry + RECORD), StandardCharsets.UTF_8)));
        return new Pending(entry, props.getProperty("path"), Long.parseLong(props.getProperty("size")),
                Instant.parse(props.getProperty("modified")), props.getProperty("sha256"),
                Disposition.valueOf(props.getProperty("disposition")));
    }

    private long nextSequence() throws IOException {
        long max = 0;
        for (Path folder : List.of(incoming, ready, processing, done, interrupted)) {
            for (String name : names(folder)) {
                int underscore = name.indexOf('_');
                if (underscore > 0) {
                    try {
                        max = Math.max(max, Long.parseLong(name.substring(0, underscore)));
                    } catch (NumberFormatException e) {
                        // not ours
                    }
                }
            }
        }
        return max + 1;
    }

    /** Letters, digits, dot, hyphen and underscore; anything else becomes an underscore. */
    static String safeName(String name) {
        String s = name.replaceAll("[^A-Za-z0-9._-]", "_");
        return s.length() > 200 ? s.substring(s.length() - 200) : s;
    }

    private static List<String> names(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList();
        }
    }
}
