package dev.rollcall.jobs.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * The file-system steps an {@link Inbox} takes, each durable when it returns. An interface
 * so that tests can stop the world between any two steps and check that nothing is lost or
 * done twice. Implementations are thread-safe.
 */
public interface FileOps {

    /**
     * Copies a stream into a new file and syncs its content to the disk.
     *
     * @param in     the bytes; read to the end, not closed
     * @param target a file that does not exist yet
     * @return the number of bytes and their SHA-256
     * @throws IOException when reading or writing fails
     */
    Copied copy(InputStream in, Path target) throws IOException;

    /**
     * Replaces (or creates) a small file atomically: written beside it, synced, renamed over
     * it, and the folder synced.
     *
     * @param target  the file
     * @param content its new content
     * @throws IOException when writing fails
     */
    void write(Path target, byte[] content) throws IOException;

    /**
     * Renames a file atomically, then syncs both folders.
     *
     * @param from an existing file
     * @param to   a path in the same file system that does not exist
     * @throws IOException when the rename fails
     */
    void move(Path from, Path to) throws IOException;

    /**
     * Deletes a file if it exists, and syncs its folder.
     *
     * @param file the file
     * @throws IOException when it cannot be deleted
     */
    void delete(Path file) throws IOException;

    /**
     * @param size   bytes copied
     * @param sha256 their SHA-256, lower-case hex
     */
    record Copied(long size, String sha256) {
    }
}
