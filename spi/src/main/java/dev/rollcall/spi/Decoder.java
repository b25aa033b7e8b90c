package dev.rollcall.spi;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Set;

/**
 * Turns an encoded upload file (PGP-encrypted, say) into the plain bytes an
 * {@link UploadFormat} reads. Decoders are found with {@link java.util.ServiceLoader} or
 * handed in directly.
 *
 * <p>A decoder must not hand on a single byte of plaintext that it has not verified: if
 * the encoding carries an integrity check, the check passes before {@link #decode}
 * returns. Implementations are immutable and thread-safe.
 */
public interface Decoder {

    /** @return a short lower-case name, e.g. {@code pgp} */
    String name();

    /**
     * @param fileName the file's name, possibly with a path
     * @param head     up to the first 64 bytes of the file (fewer for a short file)
     * @return whether this decoder recognises the file by its name or its content
     */
    boolean accepts(String fileName, byte[] head);

    /**
     * The suffixes of the files this decoder takes, such as {@code .pgp}. A file so named is
     * encoded, whatever its content: when no decoder {@link #accepts accepts} it, the planner
     * refuses it ({@code NO_FORMAT}, "encrypted, but no decoder is configured") rather than read
     * its bytes as plain ones. A decoder that cannot decode without the host's configuration
     * (a secret key) may be installed with {@link java.util.ServiceLoader} to name its suffixes
     * only, accepting no file. Default: none, so the name says nothing.
     *
     * @return the suffixes, lower case with the dot
     */
    default Set<String> fileSuffixes() {
        return Set.of();
    }

    /**
     * @param fileName a file name, possibly with a path
     * @return whether the name ends with one of {@link #fileSuffixes()}, ignoring case
     */
    default boolean takesName(String fileName) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        for (String suffix : fileSuffixes()) {
            if (lower.endsWith(suffix)) {
                return true;
            }
        }
        return false;
    }

    /**
     * @param fileName an encoded file's name
     * @return the name of the decoded file, e.g. {@code acmeus_20140215.csv} for
     *         {@code acmeus_20140215.csv.pgp}
     */
    String decodedName(String fileName);

    /**
     * Decodes a whole file.
     *
     * @param encoded the encoded bytes; closed by this method
     * @return the verified plain bytes; the caller closes it
     * @throws RollcallException with a stable code when the file cannot be decoded (wrong
     *                           key, tampered content, not this encoding)
     * @throws IOException       when the stream fails
     */
    InputStream decode(InputStream encoded) throws IOException;
}
