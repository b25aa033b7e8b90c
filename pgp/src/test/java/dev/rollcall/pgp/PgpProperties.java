package dev.rollcall.pgp;

import dev.rollcall.spi.Codes;
import dev.rollcall.spi.RollcallException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

class PgpProperties {

    /**
     * What a damaged message may be refused as: never a wrong plaintext, never anything else.
     * A flipped byte can turn a packet into compressed data inside compressed data, which the
     * decompression-bomb guard refuses (as too large) before the integrity check at the end of
     * the stream is reached.
     */
    private static final Set<String> DAMAGE = Set.of(Codes.PGP_TAMPERED, Codes.PGP_NOT_ENCRYPTED,
            Codes.PGP_WRONG_KEY, Codes.PGP_NO_INTEGRITY, Codes.PGP_TOO_LARGE);

    private static Path temp;
    private static PgpDecoder decoder;
    private static PgpEncryptor encryptor;
    private static PgpEncryptor armouredSigning;
    private static byte[] signedPlain;
    private static byte[] signedMessage;

    @BeforeContainer
    static void setUp() throws IOException {
        temp = Files.createTempDirectory("rollcall-pgp-properties");
        decoder = PgpDecoder.builder().secretKeys(Fixtures.path("rsa-secret.asc"))
                .secretKeys(Fixtures.path("cv25519-secret.gpg")).passphrase(Fixtures.passphrase())
                .tempDirectory(temp).build();
        encryptor = PgpEncryptor.builder().recipients(Fixtures.path("cv25519-public.gpg")).build();
        armouredSigning = PgpEncryptor.builder().recipients(Fixtures.path("cv25519-public.gpg")).armor(true)
                .signWith(Fixtures.path("sender-secret.asc"), Fixtures.passphrase()).build();
        StringBuilder csv = new StringBuilder("username,email\n");
        for (int i = 0; i < 200; i++) {
            csv.append("user").append(i).append(",user").append(i).append("@acme.example\n");
        }
        signedPlain = csv.toString().getBytes(StandardCharsets.UTF_8);
        signedMessage = Fixtures.encrypt(armouredSigning, signedPlain);
    }

    @AfterContainer
    static void tearDown() throws IOException {
        try (Stream<Path> files = Files.walk(temp)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Property(tries = 100)
    void encryptThenDecrypt_returnsTheSameBytes(@ForAll @Size(max = 20_000) byte[] plain, @ForAll boolean armour)
            throws IOException {
        PgpEncryptor chosen = armour ? armouredSigning : encryptor;
        assertArrayEquals(plain, Fixtures.decode(decoder, Fixtures.encrypt(chosen, plain)));
        Fixtures.assertNoTempFiles(temp);
    }

    @Property(tries = 400)
    void corruptedGnupgMessage_decryptsToTheOriginalOrIsRefused(@ForAll("rsaPositions") int position,
                                                                @ForAll @IntRange(min = 1, max = 255) int xor)
            throws IOException {
        checkCorruption(Fixtures.bytes("users.csv.rsa.pgp"), Fixtures.usersCsv(), position, xor);
    }

    @Property(tries = 400)
    void corruptedArmouredSignedMessage_decryptsToTheOriginalOrIsRefused(@ForAll("signedPositions") int position,
                                                                         @ForAll @IntRange(min = 1, max = 255) int xor)
            throws IOException {
        checkCorruption(signedMessage, signedPlain, position, xor);
    }

    @Property(tries = 300)
    void arbitraryBytes_areRefused_neverDecoded(@ForAll @Size(max = 2_000) byte[] bytes) throws IOException {
        try {
            Fixtures.decode(decoder, bytes);
            fail("arbitrary bytes decoded");
        } catch (RollcallException e) {
            assertTrue(DAMAGE.contains(e.code()), e.code() + ": " + e.getMessage());
        }
        Fixtures.assertNoTempFiles(temp);
    }

    static void checkCorruption(byte[] message, byte[] original, int position, int xor) throws IOException {
        byte[] damaged = message.clone();
        damaged[position] ^= (byte) xor;
        try {
            byte[] plain = Fixtures.decode(decoder, damaged);
            // a change the format ignores (an armour header, say) may still decrypt: to the original only
            assertArrayEquals(original, plain, "wrong plaintext returned for byte " + position + " ^ " + xor);
        } catch (RollcallException e) {
            assertTrue(DAMAGE.contains(e.code()), "byte " + position + " ^ " + xor + ": " + e.code() + ": "
                    + e.getMessage());
        }
        Fixtures.assertNoTempFiles(temp);
    }

    @Provide
    Arbitrary<Integer> rsaPositions() {
        return Arbitraries.integers().between(0, Fixtures.bytes("users.csv.rsa.pgp").length - 1);
    }

    @Provide
    Arbitrary<Integer> signedPositions() {
        return Arbitraries.integers().between(0, signedMessage.length - 1);
    }
}
