package dev.rollcall.pgp.internal;

import java.io.BufferedOutputStream;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;

/** Temporary plaintext files: owner-only, deleted when the reader closes them or on failure. */
final class TempFiles {

    static final String PREFIX = "rollcall-pgp-";

    private TempFiles() {
    }

    /** @return a new empty file only its owner can read and write (where the file system has POSIX permissions) */
    static Path create(Path directory) throws IOException {
        try {
            if (directory.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                return Files.createTempFile(directory, PREFIX, ".tmp", PosixFilePermissions.asFileAttribute(
                        EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE)));
            }
            // elsewhere (Windows) the JDK's default ACL for new files in the user's temp folder applies
            return Files.createTempFile(directory, PREFIX, ".tmp");
        } catch (IOException e) {
            throw new TempWriteException(e);
        }
    }

    /** @return an output stream over {@code file} whose failures are marked as {@link TempWriteException} */
    static OutputStream write(Path file) throws IOException {
        try {
            return new GuardedOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16));
        } catch (IOException e) {
            throw new TempWriteException(e);
        }
    }

    /** @return a stream over {@code file} that deletes it when closed */
    static InputStream readThenDelete(Path file) throws IOException {
        try {
            return new DeletingInputStream(Files.newInputStream(file), file);
        } catch (IOException e) {
            throw new TempWriteException(e);
        }
    }

    static void deleteQuietly(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // best effort: nothing more to do; the file is owner-only
        }
    }

    /** A failure of the temporary file (a full disk, say), as opposed to a damaged message. */
    static final class TempWriteException extends IOException {
        TempWriteException(IOException cause) {
            super(cause.getMessage(), cause);
        }

        IOException original() {
            return (IOException) getCause();
        }
    }

    private static final class GuardedOutputStream extends FilterOutputStream {
        GuardedOutputStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            try {
                out.write(b);
            } catch (IOException e) {
                throw new TempWriteException(e);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            try {
                out.write(b, off, len);
            } catch (IOException e) {
                throw new TempWriteException(e);
            }
        }

        @Override
        public void flush() throws IOException {
            try {
                out.flush();
            } catch (IOException e) {
                throw new TempWriteException(e);
            }
        }

        @Override
        public void close() throws IOException {
            try {
                out.close();
            } catch (IOException e) {
                throw new TempWriteException(e);
            }
        }
    }

    private static final class DeletingInputStream extends FilterInputStream {
        private final Path file;
        private boolean closed;

        DeletingInputStream(InputStream in, Path file) {
            super(in);
            this.file = file;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return in.read(b, off, len);
        }

        @Override
        public void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            try {
                super.close();
            } finally {
                Files.deleteIfExists(file);
            }
        }

        @Override
        public String toString() {
            return "decrypted upload (deleted on close)";
        }
    }
}
