package dev.rollcall.core.internal;

import dev.rollcall.spi.Codes;
import dev.rollcall.spi.Decoder;
import dev.rollcall.spi.RollcallException;
import dev.rollcall.spi.UploadFileException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * Reads an upload's plain bytes: through the decoder that accepts the file (a PGP file), or as
 * they are. A file whose name a decoder takes, but which none accepts, is refused rather than
 * read as plain bytes.
 */
public final class Decoding {

    private static final Logger LOG = LoggerFactory.getLogger(Decoding.class);

    private Decoding() {
    }

    /**
     * Reads plain bytes named {@code name}.
     *
     * @param <T> what the reading makes of them
     */
    @FunctionalInterface
    public interface Reading<T> {
        /**
         * @param plain the plain bytes; not to be closed
         * @param name  the plain file's name (an encoded file's, without the decoder's suffix)
         * @return what was read
         * @throws IOException when the bytes cannot be read
         */
        T read(InputStream plain, String name) throws IOException;
    }

    /**
     * @param decoders the decoders to try, in order
     * @param in       the file's bytes; not closed
     * @param source   the file's name
     * @param reading  reads the plain bytes
     * @param <T>      what the reading makes of them
     * @return what the reading made
     * @throws RollcallException   ({@link Codes#NO_FORMAT}) when a decoder takes the file's name
     *                             but none accepts the file
     * @throws UploadFileException ({@link Codes#UNREADABLE_FILE}) when the bytes cannot be read
     */
    public static <T> T read(List<Decoder> decoders, InputStream in, String source, Reading<T> reading) {
        BufferedInputStream buffered = in instanceof BufferedInputStream b ? b : new BufferedInputStream(in, 1 << 16);
        try {
            buffered.mark(64);
            byte[] head = buffered.readNBytes(64);
            buffered.reset();
            Decoder decoder = null;
            for (Decoder d : decoders) {
                if (d.accepts(source, head)) {
                    decoder = d;
                    break;
                }
            }
            if (decoder == null) {
                if (decoders.stream().anyMatch(d -> d.takesName(source))) {
                    throw new RollcallException(Codes.NO_FORMAT, source + " is encrypted, but no decoder is configured: "
                            + "give the planner a PGP decoder with the host's secret key");
                }
                return reading.read(buffered, source);
            }
            LOG.debug("decoding {} with {}", source, decoder.name());
            try (InputStream plain = decoder.decode(nonClosing(buffered))) {
                return reading.read(plain, decoder.decodedName(source));
            }
        } catch (IOException e) {
            throw unreadable(source, e);
        }
    }

    /**
     * @param name the file's name
     * @param e    why it cannot be read
     * @return the exception that says so ({@link Codes#UNREADABLE_FILE})
     */
    public static UploadFileException unreadable(String name, IOException e) {
        return new UploadFileException(Codes.UNREADABLE_FILE, 0, 0, "cannot read " + name + " ("
                + e.getClass().getSimpleName() + ")", e);
    }

    /**
     * @param in a stream the caller owns
     * @return the stream, kept from being closed by a format's reader
     */
    public static InputStream nonClosing(InputStream in) {
        return new FilterInputStream(in) {
            @Override
            public void close() {
                // the caller closes its own stream
            }
        };
    }
}
