package dev.rollcall.pgp.internal;

import dev.rollcall.spi.Codes;
import dev.rollcall.spi.Decoder;
import dev.rollcall.spi.RollcallException;

import java.io.InputStream;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The names of PGP files, installed with {@link java.util.ServiceLoader}: it takes the
 * {@link #SUFFIXES suffixes} but accepts no file, since it holds no key. A planner that has no
 * {@link dev.rollcall.pgp.PgpDecoder} thus refuses {@code users.csv.pgp} as encrypted instead
 * of reading it as plain bytes. Immutable and thread-safe.
 */
public final class PgpFileNames implements Decoder {

    /** The suffixes of PGP files, lower case: {@code .pgp}, {@code .gpg}, {@code .asc}. */
    public static final Set<String> SUFFIXES = Set.of(".pgp", ".gpg", ".asc");

    /** For {@link java.util.ServiceLoader}. */
    public PgpFileNames() {
    }

    /**
     * @param fileName a file name
     * @return its PGP suffix, if it has one and something before it
     */
    public static Optional<String> suffix(String fileName) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        return SUFFIXES.stream().filter(s -> lower.endsWith(s) && lower.length() > s.length()).findFirst();
    }

    /** @return {@code pgp} */
    @Override
    public String name() {
        return "pgp";
    }

    /** @return false: without a key no file can be decoded */
    @Override
    public boolean accepts(String fileName, byte[] head) {
        return false;
    }

    @Override
    public Set<String> fileSuffixes() {
        return SUFFIXES;
    }

    @Override
    public String decodedName(String fileName) {
        return suffix(fileName).map(s -> fileName.substring(0, fileName.length() - s.length())).orElse(fileName);
    }

    /** @throws RollcallException always ({@link Codes#NO_FORMAT}): there is no key to decode with */
    @Override
    public InputStream decode(InputStream encoded) {
        throw new RollcallException(Codes.NO_FORMAT, "no PGP decoder is configured: give one with the host's secret key");
    }
}
