package dev.rollcall.pgp;

import dev.rollcall.spi.Codes;
import dev.rollcall.spi.RollcallException;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every byte of a GnuPG message, changed: the decoder returns the original plaintext or refuses
 * the file as damaged; it never returns anything else. Exhaustive over positions, for three
 * kinds of change.
 */
class CorruptionTest {

    private static final Set<String> DAMAGE = Set.of(Codes.PGP_TAMPERED, Codes.PGP_NOT_ENCRYPTED,
            Codes.PGP_WRONG_KEY, Codes.PGP_NO_INTEGRITY);

    @TempDir
    Path temp;

    @ParameterizedTest
    @ValueSource(ints = {0x01, 0x80, 0xFF})
    void everyBytePosition_changed_neverYieldsWrongPlaintext(int xor) throws Exception {
        PgpDecoder decoder = Fixtures.cv25519(temp).build();
        byte[] message = Fixtures.bytes("users.csv.cv25519.pgp");
        Map<String, Integer> codes = new TreeMap<>();
        for (int position = 0; position < message.length; position++) {
            byte[] damaged = message.clone();
            damaged[position] ^= (byte) xor;
            try {
                byte[] plain = Fixtures.decode(decoder, damaged);
                assertArrayEquals(Fixtures.usersCsv(), plain, "wrong plaintext for byte " + position);
                codes.merge("decrypted", 1, Integer::sum);
            } catch (RollcallException e) {
                assertTrue(DAMAGE.contains(e.code()), "byte " + position + ": " + e.code() + ": " + e.getMessage());
                codes.merge(e.code(), 1, Integer::sum);
            }
        }
        Fixtures.assertNoTempFiles(temp);
        assertTrue(codes.getOrDefault(Codes.PGP_TAMPERED, 0) > message.length / 2, codes::toString);
    }
}
