package dev.rollcall.pgp.internal;

import java.io.BufferedOutputStream;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Temporary plaintext files, made so that no plaintext outlives the process: each is encrypted
 * under a key only this process holds ({@link EphemeralCipher}), owner-only, deleted when the
 * reader closes it, on failure and when the JVM exits; and copies that crashed or killed runs
 * left behind (garbage anyway: their key is gone) are deleted at the next decryption.
 */
final class TempFiles {

    static final String PREFIX = "rollcall-pgp-";
    /** A copy left this long untouched is stale, whoever made it: a live one is written, then opened, within moments. */
    static final Duration STALE_AFTER = Duration.ofHours(1);
    /** {@code rollcall-pgp-<pid>-<random>.tmp}: the process that made it, for telling leftovers of dead ones. */
    private static final Pattern NAME = Pattern.compile(Pattern.quote(PREFIX) + "(\\d{1,18})-\\d+\\.tmp");
    /** The copies open in this process, for the exit hook and so that the sweep leaves them alone. */
    private static final Set<Path> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(TempFiles::delete), "rollcall-pgp-cleanup"));
    }

    private TempFiles() {
    }

    /**
     * Deletes stale copies in {@code directory}, then makes a new one.
     *
     * @return a new empty file only its owner can read and write (where the file system has
     *         POSIX permissions), deleted at the latest when the JVM exits
     */
    static Sealed create(Path directory) throws IOException {
        sweep(directory);
        String prefix = PREFIX + ProcessHandle.current().pid() + "-";
        try {
            Path file;
            if (directory.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                file = Files.createTempFile(directory, prefix, ".tmp", PosixFilePermissions.asFileAttribute(
                        EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE)));
            } else {
                // elsewhere (Windows) the JDK's default ACL for new files in the user's temp folder applies
                file = Files.createTempFile(directory, prefix, ".tmp");
            }
            LIVE.add(file);
            return new Sealed(file, new EphemeralCipher());
        } catch (IOException e) {
            throw new TempWriteException(e);
        }
    }

    /**
     * Deletes the copies in {@code directory} that no live run uses: those made by a process that
     * is gone, and those untouched for {@link #STALE_AFTER} (made elsewhere, or by a process
     * whose id was reused, or by an earlier version of Rollcall, which left plaintext).
     * Best effort: a file that cannot be deleted is left.
     */
    static void sweep(Path directory) {
        Instant staleBefore = Instant.now().minus(STALE_AFTER);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, PREFIX + "*")) {
            for (Path file : files) {
                if (LIVE.contains(file)) {
                    continue;
                }
                try {
                    Matcher m = NAME.matcher(file.getFileName().toString());
                    boolean ownerGone = m.matches() && ProcessHandle.of(Long.parseLong(m.group(1)))
                            .map(p -> !p.isAlive()).orElse(true);
                    if (ownerGone || Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS).toInstant().isBefore(staleBefore)) {
                        Files.deleteIfExists(file);
                    }
                } catch (IOException | SecurityException e) {
                    // another user's file, or gone already: not ours to worry about
                }
            }
        } catch (IOException | SecurityException e) {
            // an unreadable directory: creating the new file reports it
        }
    }

    static void deleteQuietly(Sealed file) {
        if (file != null) {
            delete(file.path);
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
            LIVE.remove(file);
        } catch (IOException e) {
            // best effort: the file is owner-only and encrypted under a key that dies with the process
        }
    }

    /** One temporary copy: its file and the key it is encrypted under. */
    static final class Sealed {
        private final Path path;
        private final EphemeralCipher cipher;

        private Sealed(Path path, EphemeralCipher cipher) {
            this.path = path;
            this.cipher = cipher;
        }

        /** @return an encrypting output stream over the file whose failures are marked as {@link TempWriteException} */
        OutputStream write() throws IOException {
            try {
                return new GuardedOutputStream(cipher.encrypt(new BufferedOutputStream(Files.newOutputStream(path), 1 << 16)));
            } catch (IOException e) {
                throw new TempWriteException(e);
            }
        }

        /** @return a decrypting stream over the file that deletes it when closed */
        InputStream readThenDelete() throws IOException {
            try {
                return new DeletingInputStream(cipher.decrypt(Files.newInputStream(path)), path);
            } catch (IOException e) {
                throw new TempWriteException(e);
            }
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
                LIVE.remove(file);
            }
        }

        @Override
        public String toString() {
            return "decrypted upload (deleted on close)";
        }
    }
}
