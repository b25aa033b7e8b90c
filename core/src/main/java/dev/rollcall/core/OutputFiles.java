package dev.rollcall.core;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes files whole or not at all: reports, error files, saved plans. The content goes to a
 * temporary file in the target's folder, which is then moved into place (atomically where the
 * file system can), so a reader never sees a truncated file, and a failure while writing
 * leaves no partial file and the earlier file, if any, as it was. {@link #checkWritable}
 * checks, before any work is done, that a file could be written there at all.
 *
 * <p>Stateless and thread-safe.
 */
public final class OutputFiles {

    private static final FileAttribute<?>[] OWNER_ONLY = {
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))};

    private OutputFiles() {
    }

    /** What goes into a file. */
    @FunctionalInterface
    public interface Content {
        /**
         * @param out the file's stream; buffered, and closed by the caller
         * @throws IOException when writing fails: the file is then left as it was
         */
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Checks that {@code file} could be written: its folder exists and a file can be created
     * in it (tried: a temporary file is created there and deleted), and it is not a folder.
     *
     * @param file where a file will be written
     * @throws IOException saying why it cannot be, e.g. {@link NoSuchFileException} for a
     *                     missing folder, {@link java.nio.file.AccessDeniedException} for one
     *                     that may not be written
     */
    public static void checkWritable(Path file) throws IOException {
        Objects.requireNonNull(file, "file must not be null");
        Path folder = folder(file);
        if (Files.isDirectory(file)) {
            throw new FileAlreadyExistsException(file.toString(), null, "is a folder");
        }
        if (!Files.isDirectory(folder)) {
            throw Files.exists(folder) ? new NotDirectoryException(folder.toString())
                    : new NoSuchFileException(folder.toString(), null, "no such folder");
        }
        Files.delete(create(folder, file, false));
    }

    /**
     * Writes a file whole or not at all, with the permissions new files get by default.
     *
     * @param file    the file; replaced if it exists
     * @param content what to write
     * @throws IOException when the file cannot be written; it is then left as it was
     */
    public static void write(Path file, Content content) throws IOException {
        write(file, false, content);
    }

    /**
     * Writes a file whole or not at all, readable only by its owner where the file system has
     * POSIX permissions: for files holding personal data, such as saved plans.
     *
     * @param file    the file; replaced if it exists
     * @param content what to write
     * @throws IOException when the file cannot be written; it is then left as it was
     */
    public static void writeOwnerOnly(Path file, Content content) throws IOException {
        write(file, true, content);
    }

    private static void write(Path file, boolean ownerOnly, Content content) throws IOException {
        Objects.requireNonNull(file, "file must not be null");
        Objects.requireNonNull(content, "content must not be null");
        Path temp = create(folder(file), file, ownerOnly);
        try {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temp, StandardOpenOption.WRITE),
                    1 << 16)) {
                content.writeTo(out);
            }
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | RuntimeException | Error e) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    private static Path folder(Path file) {
        Path parent = file.toAbsolutePath().getParent();
        if (parent == null) {
            throw new IllegalArgumentException("not a file: " + file);
        }
        return parent;
    }

    /** Creates a new, empty, hidden temporary file beside {@code file}. */
    private static Path create(Path folder, Path file, boolean ownerOnly) throws IOException {
        boolean posix = ownerOnly && folder.getFileSystem().supportedFileAttributeViews().contains("posix");
        while (true) {
            Path temp = folder.resolve("." + file.getFileName() + "." + Long.toHexString(ThreadLocalRandom.current()
                    .nextLong() & Long.MAX_VALUE) + ".tmp");
            try {
                return Files.createFile(temp, posix ? OWNER_ONLY : new FileAttribute<?>[0]);
            } catch (FileAlreadyExistsException taken) {
                // another name, then
            }
        }
    }
}
