package dev.rollcall.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Issue 14 point 6: output files are written whole or not at all, and checked before any work. */
class OutputFilesTest {

    @TempDir
    Path dir;

    private List<String> names() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void write_replacesTheFile_andLeavesNothingElse() throws IOException {
        Path file = dir.resolve("report.json");
        Files.writeString(file, "old");
        OutputFiles.write(file, out -> out.write("new".getBytes(StandardCharsets.UTF_8)));
        assertEquals("new", Files.readString(file));
        assertEquals(List.of("report.json"), names());
    }

    @Test
    void aFailureWhileWriting_leavesNoPartialFile_andTheOldFileIntact() throws IOException {
        Path file = dir.resolve("report.json");
        Files.writeString(file, "old");
        IOException full = new IOException("No space left on device");
        IOException e = assertThrows(IOException.class, () -> OutputFiles.write(file, out -> {
            out.write(new byte[200_000]);   // past the buffer: bytes reach the disk
            throw full;
        }));
        assertSame(full, e);
        assertEquals("old", Files.readString(file));
        assertEquals(List.of("report.json"), names());
    }

    @Test
    void aFailureWhileWriting_aNewFile_leavesNoFileAtAll() throws IOException {
        Path file = dir.resolve("errors.csv");
        assertThrows(IllegalStateException.class, () -> OutputFiles.write(file, out -> {
            out.write(new byte[200_000]);
            throw new IllegalStateException("the plan sets passwords");
        }));
        assertEquals(List.of(), names());
    }

    @Test
    void writeOwnerOnly_isReadableByItsOwnerOnly() throws IOException {
        assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"));
        Path file = dir.resolve("plan.rcp");
        OutputFiles.writeOwnerOnly(file, out -> out.write(1));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    /** Root ignores permission bits, so the folders that cannot be written are missing ones and files. */
    @Test
    void checkWritable_refusesAMissingFolder_aFileForAFolder_andAFolder() throws IOException {
        assertThrows(NoSuchFileException.class, () -> OutputFiles.checkWritable(dir.resolve("missing/report.json")));
        Files.writeString(dir.resolve("plain"), "x");
        assertThrows(IOException.class, () -> OutputFiles.checkWritable(dir.resolve("plain/report.json")));
        assertThrows(IOException.class, () -> OutputFiles.checkWritable(dir));
        assertEquals(List.of("plain"), names());
    }

    @Test
    void checkWritable_acceptsAWritableFolder_andLeavesNothingThere() throws IOException {
        OutputFiles.checkWritable(dir.resolve("report.json"));
        assertEquals(List.of(), names());
        assertFalse(Files.exists(dir.resolve("report.json")));
        assertTrue(Files.isDirectory(dir));
    }
}
