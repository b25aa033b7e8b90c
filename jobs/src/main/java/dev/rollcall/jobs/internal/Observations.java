package dev.rollcall.jobs.internal;

import dev.rollcall.spi.SourceFile;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the listings of a source showed, so that a file still being written is not taken: a
 * file is ready when an earlier listing, at least the settle time ago, showed it with the
 * same size and modification time. Elapsed time is measured with {@link System#nanoTime()},
 * not the job's clock. Thread-safe.
 */
public final class Observations {

    private record Seen(long size, Instant modified, long atNanos) {
    }

    private final Map<String, Seen> seen = new HashMap<>();

    /**
     * Records a listing.
     *
     * @param listing  the files listed now
     * @param nowNanos {@link System#nanoTime()} now
     * @param settle   how long a file must stay unchanged
     * @return the files of the listing that are ready, in the listing's order
     */
    public synchronized List<SourceFile> ready(List<SourceFile> listing, long nowNanos, Duration settle) {
        List<SourceFile> ready = new ArrayList<>();
        Set<String> listed = new HashSet<>();
        for (SourceFile f : listing) {
            listed.add(f.path());
            Seen before = seen.get(f.path());
            if (before != null && before.size() == f.size() && before.modified().equals(f.lastModified())) {
                if (nowNanos - before.atNanos() >= settle.toNanos()) {
                    ready.add(f);
                }
            } else {
                seen.put(f.path(), new Seen(f.size(), f.lastModified(), nowNanos));
            }
        }
        seen.keySet().retainAll(listed);
        return ready;
    }

    /** Forgets a file (it was taken). */
    public synchronized void forget(String path) {
        seen.remove(path);
    }
}
