package dev.rollcall.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * A file a {@link FileSource} offers: where it is, how big, and when it last changed. Two
 * listings that agree on size and modification time tell Rollcall the file is no longer
 * being written. Immutable and thread-safe.
 *
 * @param path         the file's path as the source knows it: a name in the folder, or the
 *                     fixed file's (resolved) path, with {@code /} between folders
 * @param size         its size in bytes
 * @param lastModified when it last changed, as the source reports it
 */
public record SourceFile(String path, long size, Instant lastModified) {

    /** Checks the arguments. */
    public SourceFile {
        Objects.requireNonNull(path, "path must not be null");
        Objects.requireNonNull(lastModified, "lastModified must not be null");
        if (path.isBlank() || path.endsWith("/")) {
            throw new IllegalArgumentException("path must name a file: '" + path + "'");
        }
        if (size < 0) {
            throw new IllegalArgumentException("size must not be negative: " + size);
        }
    }

    /** @return the file's name: the last part of its path, e.g. {@code acme_20150914.csv} */
    public String name() {
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
