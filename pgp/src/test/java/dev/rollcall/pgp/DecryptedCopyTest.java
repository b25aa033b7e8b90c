package dev.rollcall.pgp;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static dev.rollcall.pgp.Fixtures.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The temporary copy a decryption writes never holds plaintext: it is encrypted under a key
 * only the decoding process holds, so a killed run leaves nothing readable, and the next
 * decryption deletes what killed runs left.
 */
class DecryptedCopyTest {

    @TempDir
    Path temp;

    @Test
    void temporaryCopy_ofAGnupgMessage_holdsNoPlaintext_whileTheStreamIsOpen() throws Exception {
        PgpDecoder decoder = Fixtures.rsa(temp).build();
        try (InputStream plain = decoder.decode(new ByteArrayInputStream(bytes("users.csv.rsa.pgp")))) {
            Path copy = onlyTempFile();
            if (temp.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(copy)));
            }
            byte[] stored = Files.readAllBytes(copy);
            for (String line : new String(Fixtures.usersCsv(), StandardCharsets.UTF_8).split("\n")) {
                for (String value : line.split(",")) {
                    if (value.length() >= 4) {
                        assertFalse(contains(stored, value.getBytes(StandardCharsets.UTF_8)),
                                "the temporary copy holds the plaintext " + value);
                    }
                }
            }
            assertArrayEquals(Fixtures.usersCsv(), plain.readAllBytes());
        }
        Fixtures.assertNoTempFiles(temp);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 65535, 65536, 65537, 131072, 200_000})
    void everySize_aroundTheChunks_readsBackExactly(int size) throws Exception {
        byte[] plain = new byte[size];
        new Random(size).nextBytes(plain);
        byte[] message = Fixtures.encrypt(Fixtures.toRsa().build(), plain);
        assertArrayEquals(plain, Fixtures.decode(Fixtures.rsa(temp).build(), message));
        Fixtures.assertNoTempFiles(temp);
    }

    @Test
    void temporaryCopy_changedWhileInUse_isAnIOException_notWrongData() throws Exception {
        try (InputStream plain = Fixtures.rsa(temp).build().decode(new ByteArrayInputStream(bytes("users.csv.rsa.pgp")))) {
            Path copy = onlyTempFile();
            byte[] stored = Files.readAllBytes(copy);
            stored[5] ^= 1;
            Files.write(copy, stored);
            assertThrows(IOException.class, plain::readAllBytes);
        }
        Fixtures.assertNoTempFiles(temp);
    }

    @Test
    void temporaryCopy_cutShortWhileInUse_isAnIOException() throws Exception {
        try (InputStream plain = Fixtures.rsa(temp).build().decode(new ByteArrayInputStream(bytes("users.csv.rsa.pgp")))) {
            Path copy = onlyTempFile();
            byte[] stored = Files.readAllBytes(copy);
            Files.write(copy, java.util.Arrays.copyOf(stored, stored.length - 1));
            assertThrows(IOException.class, plain::readAllBytes);
        }
    }

    @Test
    void leftoversOfKilledRuns_areDeleted_atTheNextDecryption_liveOnesAndOthersKept() throws Exception {
        long ourPid = ProcessHandle.current().pid();
        Instant twoHoursAgo = Instant.now().minus(Duration.ofHours(2));
        Path deadOwner = copyLeftBy(deadPid(), "1234", null);
        Path oldVersionPlaintext = Files.write(temp.resolve("rollcall-pgp-5678.tmp"), Fixtures.usersCsv());
        Files.setLastModifiedTime(oldVersionPlaintext, FileTime.from(twoHoursAgo));
        Path untouchedForHours = copyLeftBy(ourPid, "99", twoHoursAgo);
        Path liveRun = copyLeftBy(ourPid, "42", null);
        Path unrelated = Files.writeString(temp.resolve("other.tmp"), "not ours");

        assertArrayEquals(Fixtures.usersCsv(), Fixtures.decode(Fixtures.rsa(temp).build(), bytes("users.csv.rsa.pgp")));

        assertFalse(Files.exists(deadOwner), "its process is gone");
        assertFalse(Files.exists(oldVersionPlaintext), "untouched for hours");
        assertFalse(Files.exists(untouchedForHours), "untouched for hours, whatever its process");
        assertTrue(Files.exists(liveRun), "a run of a live process may be using it");
        assertTrue(Files.exists(unrelated));
    }

    @Test
    void killedProcess_leavesNoReadablePlaintext_andTheNextDecryptionDeletesItsCopy() throws Exception {
        Process child = new ProcessBuilder(java(), "-cp", System.getProperty("java.class.path"),
                HoldsDecryptedStream.class.getName(), temp.toString()).redirectErrorStream(true).start();
        try {
            java.io.BufferedReader out = new java.io.BufferedReader(
                    new java.io.InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = out.readLine()) != null && !line.equals(HoldsDecryptedStream.OPEN)) {
                // the child's start-up chatter, if any
            }
            assertEquals(HoldsDecryptedStream.OPEN, line, "the child decrypted and holds the stream open");
        } finally {
            child.destroyForcibly();
            child.waitFor();
        }
        Path left = onlyTempFile();
        byte[] stored = Files.readAllBytes(left);
        assertFalse(contains(stored, "jane.doe@acme.example".getBytes(StandardCharsets.UTF_8)), "plaintext left behind");

        Fixtures.decode(Fixtures.rsa(temp).build(), bytes("users.csv.rsa.pgp"));
        Fixtures.assertNoTempFiles(temp);
    }

    /** Run in a child JVM: decrypts a fixture into {@code args[0]}, says so, and waits to be killed. */
    static final class HoldsDecryptedStream {
        static final String OPEN = "stream open";

        public static void main(String[] args) throws Exception {
            InputStream plain = Fixtures.rsa(Path.of(args[0])).build()
                    .decode(new ByteArrayInputStream(bytes("users.csv.rsa.pgp")));
            System.out.println(OPEN);
            System.out.flush();
            System.in.read(); // killed here, the stream still open
            plain.close();
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private Path copyLeftBy(long pid, String random, Instant modified) throws IOException {
        Path file = Files.write(temp.resolve("rollcall-pgp-" + pid + "-" + random + ".tmp"), new byte[] {1, 2, 3});
        if (modified != null) {
            Files.setLastModifiedTime(file, FileTime.from(modified));
        }
        return file;
    }

    /** @return the id of a process that has ended */
    private static long deadPid() throws Exception {
        Process p = new ProcessBuilder(java(), "-version")
                .redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        p.waitFor();
        assertFalse(p.toHandle().isAlive());
        return p.pid();
    }

    private Path onlyTempFile() throws IOException {
        try (Stream<Path> files = Files.list(temp)) {
            List<Path> copies = files.filter(f -> f.getFileName().toString().startsWith("rollcall-pgp-")).toList();
            assertEquals(1, copies.size(), copies::toString);
            return copies.get(0);
        }
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
