package dev.rollcall.pgp;

import dev.rollcall.core.Formats;
import dev.rollcall.spi.Decoder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pgp module names the suffixes of PGP files; core knows none of them. */
class PgpFileNamesTest {

    @Test
    void installed_takesThePgpSuffixes_butAcceptsNoFile() {
        List<Decoder> installed = Formats.decoders();
        assertEquals(1, installed.size());
        Decoder names = installed.get(0);
        assertEquals("pgp", names.name());
        for (String name : List.of("users.csv.pgp", "users.csv.GPG", "users.csv.asc")) {
            assertTrue(names.takesName(name), name);
            assertFalse(names.accepts(name, "-----BEGIN PGP MESSAGE-----".getBytes()), name);
        }
        assertFalse(names.takesName("users.csv"));
        assertEquals("users.csv", names.decodedName("users.csv.pgp"));
    }

    @Test
    void theDecoder_takesTheSameNames(@TempDir Path temp) {
        assertEquals(Set.of(".pgp", ".gpg", ".asc"), Fixtures.rsa(temp).build().fileSuffixes());
    }
}
