package dev.rollcall.cli;

import dev.rollcall.core.OutputFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

/**
 * How every command writes its files (reports, error files, saved plans, {@code --out}):
 * each is checked before the command does anything, so an output that cannot be written
 * stops it before the store is touched; and each is written whole or not at all
 * ({@link OutputFiles}). Both failures end the command with {@link Main#CANT_CREATE}.
 */
final class Outputs {

    private Outputs() {
    }

    /**
     * Checks that each file could be written (its folder exists and takes a new file).
     *
     * @param files the command's output files; nulls (options not given) are skipped
     * @throws CommandFailure ({@link Main#CANT_CREATE}) naming the first that cannot be
     */
    static void check(Path... files) {
        for (Path file : files) {
            if (file != null) {
                try {
                    OutputFiles.checkWritable(file);
                } catch (IOException e) {
                    throw new CommandFailure(Main.CANT_CREATE, "cannot create " + file + " (" + reason(e)
                            + "); nothing was done", e);
                }
            }
        }
    }

    /**
     * Writes a file whole or not at all; a failure leaves no partial file and any earlier
     * file as it was.
     *
     * @param file    the file
     * @param what    what it is, for the message: "the report"
     * @param content what to write
     * @throws CommandFailure ({@link Main#CANT_CREATE}) when it cannot be written
     */
    static void write(Path file, String what, OutputFiles.Content content) {
        try {
            OutputFiles.write(file, content);
        } catch (IOException e) {
            throw failed(file, what, e);
        } catch (UncheckedIOException e) {
            throw failed(file, what, e.getCause());
        }
    }

    /** @return the failure to write {@code file}, {@code what} it is, because of {@code e} */
    static CommandFailure failed(Path file, String what, IOException e) {
        return new CommandFailure(Main.CANT_CREATE, "cannot write " + what + " " + file + " (" + reason(e)
                + "); the file is left as it was", e);
    }

    private static String reason(IOException e) {
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        if (e instanceof NoSuchFileException) {
            return "no such folder";
        }
        if (e instanceof NotDirectoryException n) {
            return n.getFile() + " is not a folder";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
