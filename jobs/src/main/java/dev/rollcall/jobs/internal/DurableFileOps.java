package dev.rollcall.jobs.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * {@link FileOps} on the local disk: file content forced to the device before a rename
 * makes it visible, renames atomic, folders synced after each change (where the platform
 * allows opening a folder; Windows does not, and its renames are durable on NTFS).
 * Stateless and thread-safe.
 */
public final class DurableFileOps implements FileOps {

    /** The one instance. */
    public static final DurableFileOps INSTANCE = new DurableFileOps();

    private DurableFileOps() {
    }

    @Override
    public Copied copy(InputStream in, Path target) throws IOException {
        MessageDigest sha = sha256();
        long size = 0;
        try (FileChannel ch = FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
             OutputStream out = Channels.newOutputStream(ch)) {
            byte[] buffer = new byte[1 << 16];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                sha.update(buffer, 0, n);
                size += n;
            }
            out.flush();
            ch.force(true);
        }
        syncFolder(target.getParent());
        return new Copied(size, HexFormat.of().formatHex(sha.digest()));
    }

    /**
     * @param in bytes, read to the end and not closed
     * @return their number and SHA-256
     * @throws IOException when reading fails
     */
    public static Copied digest(InputStream in) throws IOException {
        MessageDigest sha = sha256();
        long size = 0;
        byte[] buffer = new byte[1 << 16];
        int n;
        while ((n = in.read(buffer)) >= 0) {
            sha.update(buffer, 0, n);
            size += n;
        }
        return new Copied(size, HexFormat.of().formatHex(sha.digest()));
    }

    @Override
    public void write(Path target, byte[] content) throws IOException {
        Path temp = target.resolveSibling(target.getFileName() + ".new");
        try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(java.nio.ByteBuffer.wrap(content));
            ch.force(true);
        }
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
        syncFolder(target.getParent());
    }

    @Override
    public void move(Path from, Path to) throws IOException {
        Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        syncFolder(to.getParent());
        if (!from.getParent().equals(to.getParent())) {
            syncFolder(from.getParent());
        }
    }

    @Override
    public void delete(Path file) throws IOException {
        if (Files.deleteIfExists(file)) {
            syncFolder(file.getParent());
        }
    }

    /** Forces a folder's entries to the device; a platform that cannot open folders is skipped. */
    static void syncFolder(Path folder) throws IOException {
        try (FileChannel ch = FileChannel.open(folder, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            if (Files.isDirectory(folder) && System.getProperty("os.name", "").startsWith("Windows")) {
                return;
            }
            throw e;
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
