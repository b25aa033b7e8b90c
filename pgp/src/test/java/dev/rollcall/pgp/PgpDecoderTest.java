package dev.rollcall.pgp;

import dev.rollcall.spi.Codes;
import dev.rollcall.spi.Decoder;
import dev.rollcall.spi.RollcallException;
import org.bouncycastle.bcpg.AEADAlgorithmTags;
import org.bouncycastle.openpgp.PGPEncryptedData;
import org.bouncycastle.openpgp.PGPEncryptedDataList;
import org.bouncycastle.openpgp.bc.BcPGPObjectFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static dev.rollcall.pgp.Fixtures.bytes;
import static dev.rollcall.pgp.Fixtures.decode;
import static dev.rollcall.pgp.Fixtures.keyId;
import static dev.rollcall.pgp.Fixtures.refused;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PgpDecoderTest {

    /** About 3 MB of CSV with random values: over 1 MB even after ZLIB. */
    private static byte[] bigCsv;
    private static byte[] bigMessage;

    @TempDir
    Path temp;

    @BeforeAll
    static void makeBigMessage() throws IOException {
        Random random = new Random(42);
        StringBuilder csv = new StringBuilder("username,email,employeeId\n");
        while (csv.length() < 3_000_000) {
            String user = Long.toHexString(random.nextLong());
            csv.append(user).append(',').append(user).append("@acme.example,")
                    .append(Long.toHexString(random.nextLong())).append('\n');
        }
        bigCsv = csv.toString().getBytes(StandardCharsets.UTF_8);
        bigMessage = Fixtures.encrypt(Fixtures.toRsa().build(), bigCsv);
        assertTrue(bigMessage.length > 1_100_000, "message size " + bigMessage.length);
    }

    // ---- GnuPG fixtures decrypt ----

    @ParameterizedTest
    @ValueSource(strings = {"users.csv.rsa.pgp", "users.csv.rsa.asc", "users.csv.both.pgp",
            "users.csv.rsa.signed-by-sender.pgp", "users.csv.rsa.signed-by-stranger.asc"})
    void gnupgFixture_rsa_decryptsToPlaintext(String fixture) throws Exception {
        assertArrayEquals(Fixtures.usersCsv(), decode(Fixtures.rsa(temp).build(), bytes(fixture)));
        Fixtures.assertNoTempFiles(temp);
    }

    @ParameterizedTest
    @ValueSource(strings = {"users.csv.cv25519.pgp", "users.csv.cv25519.asc", "users.csv.both.pgp",
            "users.csv.cv25519.signed-by-sender.asc"})
    void gnupgFixture_cv25519_decryptsToPlaintext(String fixture) throws Exception {
        assertArrayEquals(Fixtures.usersCsv(), decode(Fixtures.cv25519(temp).build(), bytes(fixture)));
        Fixtures.assertNoTempFiles(temp);
    }

    @Test
    void armour_withByteOrderMarkAndLeadingBlankLines_decrypts() throws Exception {
        byte[] armour = bytes("users.csv.rsa.asc");
        byte[] prefix = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '\r', '\n', '\r', '\n'};
        byte[] message = new byte[prefix.length + armour.length];
        System.arraycopy(prefix, 0, message, 0, prefix.length);
        System.arraycopy(armour, 0, message, prefix.length, armour.length);
        assertTrue(Fixtures.rsa(temp).build().accepts("upload", java.util.Arrays.copyOf(message, 64)));
        assertArrayEquals(Fixtures.usersCsv(), decode(Fixtures.rsa(temp).build(), message));
    }

    @Test
    void armour_withCrlfLineEndings_decrypts() throws Exception {
        String armour = new String(bytes("users.csv.cv25519.asc"), StandardCharsets.US_ASCII);
        byte[] message = armour.replace("\n", "\r\n").getBytes(StandardCharsets.US_ASCII);
        assertArrayEquals(Fixtures.usersCsv(), decode(Fixtures.cv25519(temp).build(), message));
    }

    @Test
    void keyRingWithBothKeys_decryptsForEither() throws Exception {
        PgpDecoder decoder = Fixtures.rsa(temp).secretKeys(Fixtures.path("cv25519-secret.gpg")).build();
        assertArrayEquals(Fixtures.usersCsv(), decode(decoder, bytes("users.csv.rsa.pgp")));
        assertArrayEquals(Fixtures.usersCsv(), decode(decoder, bytes("users.csv.cv25519.asc")));
    }

    @Test
    void secretKeysFromStream_decrypts() throws Exception {
        PgpDecoder decoder = PgpDecoder.builder()
                .secretKeys(new ByteArrayInputStream(bytes("cv25519-secret.gpg")))
                .passphrase(Fixtures.passphrase()).tempDirectory(temp).build();
        assertArrayEquals(Fixtures.usersCsv(), decode(decoder, bytes("users.csv.cv25519.pgp")));
    }

    @Test
    void unprotectedSecretKey_needsNoPassphrase() throws Exception {
        PgpDecoder decoder = PgpDecoder.builder().secretKeys(Fixtures.path("unprotected-secret.asc"))
                .tempDirectory(temp).build();
        assertArrayEquals(Fixtures.usersCsv(), decode(decoder, bytes("users.csv.unprotected.pgp")));
    }

    @Test
    void hiddenRecipient_triesEveryDecryptionKey() throws Exception {
        byte[] message = TestMessages.encrypt(Fixtures.usersCsv(), TestMessages.aes256().setWithIntegrityPacket(true),
                true);
        PgpDecoder decoder = Fixtures.cv25519(temp).secretKeys(Fixtures.path("rsa-secret.asc")).build();
        assertArrayEquals(Fixtures.usersCsv(), decode(decoder, message));
    }

    @Test
    void bigCompressedMessage_decryptsWhole() throws Exception {
        assertArrayEquals(bigCsv, decode(Fixtures.rsa(temp).build(), bigMessage));
        Fixtures.assertNoTempFiles(temp);
    }

    // ---- the plaintext stream and its temporary file ----

    @Test
    void plaintext_isAnOwnerOnlyTempFile_deletedOnClose() throws Exception {
        PgpDecoder decoder = Fixtures.rsa(temp).build();
        try (InputStream plain = decoder.decode(new ByteArrayInputStream(bytes("users.csv.rsa.pgp")))) {
            List<Path> files;
            try (Stream<Path> list = Files.list(temp)) {
                files = list.toList();
            }
            assertEquals(1, files.size());
            if (temp.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(files.get(0))));
            }
            assertArrayEquals(Fixtures.usersCsv(), plain.readAllBytes());
        }
        Fixtures.assertNoTempFiles(temp);
    }

    @Test
    void decode_closesTheEncodedStream() throws Exception {
        boolean[] closed = {false};
        InputStream encoded = new FilterInputStream(new ByteArrayInputStream(bytes("users.csv.rsa.pgp"))) {
            @Override
            public void close() throws IOException {
                closed[0] = true;
                super.close();
            }
        };
        Fixtures.rsa(temp).build().decode(encoded).close();
        assertTrue(closed[0]);
    }

    @Test
    void failingEncodedStream_isAnIOException_notARefusal() throws Exception {
        byte[] message = bigMessage;
        InputStream failing = new FilterInputStream(new ByteArrayInputStream(message)) {
            private int read;

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (read > message.length / 2) {
                    throw new IOException("connection reset");
                }
                int n = super.read(b, off, len);
                read += Math.max(n, 0);
                return n;
            }
        };
        IOException e = assertThrows(IOException.class, () -> Fixtures.rsa(temp).build().decode(failing));
        assertEquals("connection reset", e.getMessage());
        Fixtures.assertNoTempFiles(temp);
    }

    @Test
    void unusableTempDirectory_isAnIOException_notARefusal() throws Exception {
        Path gone = Files.createDirectory(temp.resolve("gone"));
        PgpDecoder decoder = Fixtures.rsa(gone).build();
        Files.delete(gone);
        assertThrows(java.nio.file.NoSuchFileException.class,
                () -> decoder.decode(new ByteArrayInputStream(bytes("users.csv.rsa.pgp"))));
    }

    @Test
    void oneDecoder_decodesConcurrently() throws Exception {
        PgpDecoder decoder = Fixtures.rsa(temp).secretKeys(Fixtures.path("cv25519-secret.gpg")).build();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<byte[]>> results = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                String fixture = i % 2 == 0 ? "users.csv.rsa.asc" : "users.csv.cv25519.pgp";
                results.add(pool.submit(() -> decode(decoder, bytes(fixture))));
            }
            for (Future<byte[]> result : results) {
                assertArrayEquals(Fixtures.usersCsv(), result.get());
            }
        } finally {
            pool.shutdownNow();
        }
        Fixtures.assertNoTempFiles(temp);
    }

    // ---- accepts / decodedName / name ----

    @ParameterizedTest
    @ValueSource(strings = {"acmeus_20140215.csv.pgp", "ACMEUS_20140215.CSV.PGP", "in/acmeus_20140215.xml.gpg",
            "acmeus_20140215.csv.asc"})
    void accepts_bySuffix(String name) {
        assertTrue(Fixtures.rsa(temp).build().accepts(name, new byte[0]));
    }

    @ParameterizedTest
    @ValueSource(strings = {"users.csv.rsa.pgp", "users.csv.rsa.asc", "users.csv.cv25519.pgp", "users.csv.symmetric.pgp",
            "users.csv.rsa.no-integrity.pgp"})
    void accepts_byContent_whateverTheName(String fixture) {
        byte[] head = java.util.Arrays.copyOf(bytes(fixture), 64);
        assertTrue(Fixtures.rsa(temp).build().accepts("upload.bin", head));
    }

    @Test
    void accepts_notAPlainCsv() {
        byte[] head = java.util.Arrays.copyOf(Fixtures.usersCsv(), 64);
        assertFalse(Fixtures.rsa(temp).build().accepts("acmeus_20140215.csv", head));
    }

    @Test
    void accepts_notAPublicKeyBlock_withoutSuffix() {
        byte[] head = java.util.Arrays.copyOf(bytes("rsa-public.asc"), 64);
        assertFalse(Fixtures.rsa(temp).build().accepts("key.txt", head));
    }

    @Test
    void decodedName_dropsTheSuffix() {
        Decoder decoder = Fixtures.rsa(temp).build();
        assertEquals("acmeus_20140215.csv", decoder.decodedName("acmeus_20140215.csv.pgp"));
        assertEquals("acmeus_20140215.xml", decoder.decodedName("acmeus_20140215.xml.GPG"));
        assertEquals("in/acmeus_20140215.csv", decoder.decodedName("in/acmeus_20140215.csv.asc"));
        assertEquals("upload.bin", decoder.decodedName("upload.bin"));
        assertEquals("pgp", decoder.name());
    }

    // ---- refusals ----

    @Test
    void wrongKey_namesBothKeys() throws Exception {
        RollcallException e = refused(Fixtures.rsa(temp).build(), bytes("users.csv.cv25519.pgp"), Codes.PGP_WRONG_KEY);
        String expected = "encrypted for key " + keyId("cv25519@rollcall.test", "sub") + "; the key ring holds "
                + keyId("rsa@rollcall.test", "sub") + " (subkey of " + keyId("rsa@rollcall.test", "pub") + ")";
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void passphraseOnlyMessage_isWrongKey() throws Exception {
        RollcallException e = refused(Fixtures.rsa(temp).build(), bytes("users.csv.symmetric.pgp"), Codes.PGP_WRONG_KEY);
        assertTrue(e.getMessage().contains("encrypted with a passphrase only"), e.getMessage());
    }

    @Test
    void wrongPassphrase_isBadPassphrase() throws Exception {
        PgpDecoder decoder = PgpDecoder.builder().secretKeys(Fixtures.path("rsa-secret.asc"))
                .passphrase("not the passphrase".toCharArray()).tempDirectory(temp).build();
        RollcallException e = refused(decoder, bytes("users.csv.rsa.pgp"), Codes.PGP_BAD_PASSPHRASE);
        assertTrue(e.getMessage().startsWith("the passphrase does not unlock secret key "
                + keyId("rsa@rollcall.test", "sub")), e.getMessage());
    }

    @Test
    void plainCsv_isNotEncrypted() throws Exception {
        RollcallException e = refused(Fixtures.rsa(temp).build(), Fixtures.usersCsv(), Codes.PGP_NOT_ENCRYPTED);
        assertTrue(e.getMessage().contains("plain text, not an OpenPGP message"), e.getMessage());
        assertFalse(e.getMessage().contains("jdoe"), "no file content in the message");
    }

    @Test
    void emptyFile_isNotEncrypted() throws Exception {
        RollcallException e = refused(Fixtures.rsa(temp).build(), new byte[0], Codes.PGP_NOT_ENCRYPTED);
        assertEquals("the file is empty", e.getMessage());
    }

    @Test
    void publicKeyFile_isNotEncrypted() throws Exception {
        RollcallException e = refused(Fixtures.rsa(temp).build(), bytes("rsa-public.asc"), Codes.PGP_NOT_ENCRYPTED);
        assertEquals("the file holds an ASCII-armoured OpenPGP PUBLIC KEY BLOCK, not an encrypted message",
                e.getMessage());
    }

    @Test
    void signedButNotEncrypted_isNotEncrypted() throws Exception {
        RollcallException e = refused(Fixtures.rsa(temp).build(), bytes("users.csv.signed-only.pgp"),
                Codes.PGP_NOT_ENCRYPTED);
        assertTrue(e.getMessage().startsWith("the file is an OpenPGP message, but it is not encrypted"),
                e.getMessage());
    }

    @Test
    void binaryGarbage_isNotEncrypted() throws Exception {
        byte[] garbage = new byte[4096];
        new Random(7).nextBytes(garbage);
        garbage[0] = (byte) 0xFF;
        refused(Fixtures.rsa(temp).build(), garbage, Codes.PGP_NOT_ENCRYPTED);
    }

    @Test
    void gnupgRfc2440Message_withoutIntegrity_isRefused() throws Exception {
        RollcallException e = refused(Fixtures.rsa(temp).build(), bytes("users.csv.rsa.no-integrity.pgp"),
                Codes.PGP_NO_INTEGRITY);
        assertTrue(e.getMessage().contains("without integrity protection"), e.getMessage());
    }

    @Test
    void bouncyCastleMessage_withoutIntegrityPacket_isRefused() throws Exception {
        byte[] message = TestMessages.encrypt(Fixtures.usersCsv(), TestMessages.aes256().setWithIntegrityPacket(false));
        refused(Fixtures.rsa(temp).build(), message, Codes.PGP_NO_INTEGRITY);
    }

    @Test
    void messageWithoutIntegrity_isDecrypted_whenAllowed() throws Exception {
        PgpDecoder decoder = Fixtures.rsa(temp).allowUnprotected(true).build();
        assertArrayEquals(Fixtures.usersCsv(), decode(decoder, bytes("users.csv.rsa.no-integrity.pgp")));
        byte[] message = TestMessages.encrypt(Fixtures.usersCsv(), TestMessages.aes256().setWithIntegrityPacket(false));
        assertArrayEquals(Fixtures.usersCsv(), decode(decoder, message));
    }

    // ---- AEAD ----

    /** GnuPG 2.4's form: an OCB Encrypted Data packet (LibrePGP v5); BC reports isAEAD, not isIntegrityProtected. */
    @Test
    void aeadOcbMessage_likeGnupg24_isAccepted() throws Exception {
        byte[] message = TestMessages.encrypt(bigCsv, TestMessages.aes256().setWithAEAD(AEADAlgorithmTags.OCB, 10)
                .setUseV5AEAD());
        PGPEncryptedData data = encryptedData(message);
        assertTrue(data.isAEAD() && !data.isIntegrityProtected(), "BC 1.86 reports OCB data as AEAD, unprotected");
        assertArrayEquals(bigCsv, decode(Fixtures.rsa(temp).build(), message));
    }

    @Test
    void aeadSeipdV2Message_isAccepted() throws Exception {
        byte[] message = TestMessages.encrypt(Fixtures.usersCsv(), TestMessages.aes256()
                .setWithAEAD(AEADAlgorithmTags.OCB, 6).setUseV6AEAD());
        PGPEncryptedData data = encryptedData(message);
        assertTrue(data.isAEAD() && data.isIntegrityProtected(), "SEIPD v2");
        assertArrayEquals(Fixtures.usersCsv(), decode(Fixtures.rsa(temp).build(), message));
    }

    @Test
    void aeadOcbMessage_tamperedInTheMiddle_isRefused() throws Exception {
        byte[] message = TestMessages.encrypt(bigCsv, TestMessages.aes256().setWithAEAD(AEADAlgorithmTags.OCB, 10)
                .setUseV5AEAD());
        message[message.length / 2] ^= 0x01;
        refused(Fixtures.rsa(temp).build(), message, Codes.PGP_TAMPERED);
    }

    @Test
    void aeadOcbMessage_tamperedInTheLastTag_isRefused() throws Exception {
        byte[] message = TestMessages.encrypt(bigCsv, TestMessages.aes256().setWithAEAD(AEADAlgorithmTags.OCB, 10)
                .setUseV5AEAD());
        message[message.length - 3] ^= 0x01;
        refused(Fixtures.rsa(temp).build(), message, Codes.PGP_TAMPERED);
    }

    /** @return the message's encrypted data as Bouncy Castle sees it */
    private static PGPEncryptedData encryptedData(byte[] message) throws IOException {
        PGPEncryptedDataList list = (PGPEncryptedDataList) new BcPGPObjectFactory(message).nextObject();
        return list.get(0);
    }

    // ---- tampering ----

    @Test
    void tamperedNearTheEnd_isRefused_andNothingIsLeft() throws Exception {
        byte[] message = bigMessage.clone();
        message[message.length - 10] ^= 0x20; // inside the modification detection code
        RollcallException e = refused(Fixtures.rsa(temp).build(), message, Codes.PGP_TAMPERED);
        assertTrue(e.getMessage().startsWith("the file failed its integrity check"), e.getMessage());
    }

    @Test
    void tamperedJustBeforeTheMdc_isRefused() throws Exception {
        byte[] message = bigMessage.clone();
        message[message.length - 100] ^= 0x20; // the end of the compressed data
        refused(Fixtures.rsa(temp).build(), message, Codes.PGP_TAMPERED);
    }

    /** DEPENDENCIES.md: here ZLIB fails only after about 1 MB of plaintext was read; none may reach the caller. */
    @Test
    void tamperedInTheMiddle_isRefused_andNothingIsLeft() throws Exception {
        byte[] message = bigMessage.clone();
        message[message.length / 2] ^= 0x20;
        refused(Fixtures.rsa(temp).build(), message, Codes.PGP_TAMPERED);
    }

    @Test
    void truncated_isRefused() throws Exception {
        byte[] message = java.util.Arrays.copyOf(bigMessage, bigMessage.length - 500);
        refused(Fixtures.rsa(temp).build(), message, Codes.PGP_TAMPERED);
    }

    @Test
    void tamperedArmour_isRefused() throws Exception {
        byte[] message = bytes("users.csv.rsa.asc").clone();
        int i = message.length / 2;
        message[i] = (byte) (message[i] == 'A' ? 'B' : 'A');
        refused(Fixtures.rsa(temp).build(), message, Codes.PGP_TAMPERED);
    }

    // ---- decompression limits ----

    /** 200 MB of zeros compress to about 200 KB: refused at once, long before 200 MB are written. */
    @Test
    void decompressionBomb_isTooLarge_quickly() throws Exception {
        long size = 200L << 20;
        byte[] bomb = encryptZeros(size);
        assertTrue(bomb.length < 1 << 20, "bomb size " + bomb.length);

        long start = System.nanoTime();
        RollcallException e = refused(Fixtures.rsa(temp).build(), bomb, Codes.PGP_TOO_LARGE);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(millis < 5_000, "took " + millis + " ms");
        Matcher written = Pattern.compile("\\((\\d+) bytes from the first (\\d+) bytes read\\)").matcher(e.getMessage());
        assertTrue(written.find(), e.getMessage());
        long decoded = Long.parseLong(written.group(1));
        assertTrue(decoded < 2L << 20, "refused only after " + decoded + " bytes");
        assertTrue(e.getMessage().contains("raise maxExpansionRatio"), e.getMessage());
    }

    @Test
    void maxDecodedBytes_refusesALargerFile() throws Exception {
        PgpDecoder decoder = Fixtures.rsa(temp).maxDecodedBytes(1_000_000).build();
        RollcallException e = refused(decoder, bigMessage, Codes.PGP_TOO_LARGE);
        assertTrue(e.getMessage().startsWith("the file decrypts to more than 1000000 bytes"), e.getMessage());
    }

    @Test
    void maxDecodedBytes_acceptsAFileOfExactlyThatSize() throws Exception {
        PgpDecoder decoder = Fixtures.rsa(temp).maxDecodedBytes(bigCsv.length).build();
        assertArrayEquals(bigCsv, decode(decoder, bigMessage));
    }

    @Test
    void maxExpansionRatio_appliesOnlyPastTheFirstMegabyte() throws Exception {
        byte[] zeros = encryptZeros(RATIO_FREE);
        PgpDecoder strict = Fixtures.rsa(temp).maxExpansionRatio(1).build();
        assertEquals(RATIO_FREE, decode(strict, zeros).length);
        refused(strict, encryptZeros(RATIO_FREE + 1), Codes.PGP_TOO_LARGE);
    }

    @Test
    void maxExpansionRatio_canBeRaisedForGenuinelyRepetitiveFiles() throws Exception {
        byte[] zeros = encryptZeros(20L << 20);
        refused(Fixtures.rsa(temp).build(), zeros, Codes.PGP_TOO_LARGE);
        assertEquals(20L << 20, decode(Fixtures.rsa(temp).maxExpansionRatio(5_000).build(), zeros).length);
    }

    @Test
    void compressedInsideCompressed_isTooLarge() throws Exception {
        RollcallException e = refused(Fixtures.rsa(temp).build(), TestMessages.doublyCompressed(Fixtures.usersCsv()),
                Codes.PGP_TOO_LARGE);
        assertTrue(e.getMessage().startsWith("the file holds compressed data inside compressed data"), e.getMessage());
    }

    private static final long RATIO_FREE = PgpDecoder.RATIO_FREE_BYTES;

    static byte[] encryptZeros(long size) throws IOException {
        InputStream zeros = new InputStream() {
            private long left = size;

            @Override
            public int read() {
                return left-- > 0 ? 0 : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left <= 0) {
                    return -1;
                }
                int n = (int) Math.min(len, left);
                java.util.Arrays.fill(b, off, off + n, (byte) 0);
                left -= n;
                return n;
            }
        };
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        Fixtures.toRsa().build().encrypt(zeros, out);
        return out.toByteArray();
    }
}
