package dev.rollcall.jobs;

import dev.rollcall.jobs.internal.LocalFileSource;
import dev.rollcall.jobs.internal.LocalFolderSource;
import dev.rollcall.spi.FileNamePattern;
import dev.rollcall.spi.FileSource;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The local {@link FileSource}s (seed 000): a fixed file, read and kept, and a watched
 * folder, whose files are taken. SFTP sources are in {@code rollcall-sftp}.
 */
public final class FileSources {

    private FileSources() {
    }

    /**
     * A fixed file, processed when its content changed since it was last taken, and never
     * deleted. The name may hold date codes ({@link FileNamePattern}), resolved for each run's
     * date in the job's time zone: {@code data/acme_$yyyy$mm$dd.csv}.
     *
     * @param pattern the file's path, relative to the working folder or absolute
     * @return the source
     * @throws IllegalArgumentException when the pattern holds an unknown {@code $} code
     */
    public static FileSource file(String pattern) {
        return new LocalFileSource(FileNamePattern.of(Objects.requireNonNull(pattern, "pattern must not be null")));
    }

    /**
     * A fixed file with a plain name ({@code $} is not a date code here).
     *
     * @param file the file
     * @return the source
     */
    public static FileSource file(Path file) {
        Objects.requireNonNull(file, "file must not be null");
        return new LocalFileSource(FileNamePattern.of(file.toString().replace("$", "$$")));
    }

    /**
     * A watched folder: each new file (once its size and time stop changing) is copied into
     * the job's inbox and synced, then deleted here, then processed in name order.
     * Sub-folders, hidden files and names that mark a file still being written
     * ({@code .part}, {@code .tmp}, {@code .filepart}, …) are left alone.
     *
     * @param folder the folder; it must exist when the job runs
     * @return the source
     */
    public static FileSource folder(Path folder) {
        return new LocalFolderSource(Objects.requireNonNull(folder, "folder must not be null"));
    }
}
