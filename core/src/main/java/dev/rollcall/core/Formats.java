package dev.rollcall.core;

import dev.rollcall.spi.Codes;
import dev.rollcall.spi.Decoder;
import dev.rollcall.spi.RollcallException;
import dev.rollcall.spi.UploadFormat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * Finds the {@link UploadFormat}s and {@link Decoder}s installed on the class path or
 * module path ({@link ServiceLoader}). A provider that cannot be loaded is reported
 * clearly rather than skipped silently.
 */
public final class Formats {

    private Formats() {
    }

    /**
     * @return every installed format
     * @throws RollcallException when a provider is broken
     */
    public static List<UploadFormat> installed() {
        return load(UploadFormat.class);
    }

    /** @return every installed decoder */
    public static List<Decoder> decoders() {
        return load(Decoder.class);
    }

    /**
     * @param fileName a file name, possibly encoded ({@code users.csv.pgp})
     * @return the name it has once decoded by the installed decoder that takes its name
     *         ({@code users.csv}), or the name itself when no decoder does
     */
    public static String decodedName(String fileName) {
        for (Decoder d : decoders()) {
            if (d.takesName(fileName)) {
                return d.decodedName(fileName);
            }
        }
        return fileName;
    }

    /**
     * @param fileName a file name (a decoder's suffix should already be removed)
     * @return the installed format that reads it, by suffix
     * @throws RollcallException when none or several formats claim the name
     */
    public static UploadFormat forFile(String fileName) {
        List<UploadFormat> matching = installed().stream().filter(f -> f.accepts(fileName)).toList();
        if (matching.isEmpty()) {
            throw new RollcallException(Codes.NO_FORMAT, "no installed format reads \"" + fileName + "\" (installed: "
                    + installed().stream().map(UploadFormat::name).toList()
                    + "); choose the format explicitly or add its module, e.g. rollcall-csv");
        }
        if (matching.size() > 1) {
            throw new RollcallException(Codes.NO_FORMAT, "several formats read \"" + fileName + "\": "
                    + matching.stream().map(UploadFormat::name).toList() + "; choose one explicitly");
        }
        return matching.get(0);
    }

    /**
     * @param name a format name such as {@code csv}
     * @return the installed format of that name
     */
    public static Optional<UploadFormat> named(String name) {
        return installed().stream().filter(f -> f.name().equalsIgnoreCase(name)).findFirst();
    }

    private static <T> List<T> load(Class<T> type) {
        List<T> out = new ArrayList<>();
        try {
            for (T t : ServiceLoader.load(type, Formats.class.getClassLoader())) {
                out.add(t);
            }
        } catch (ServiceConfigurationError e) {
            throw new RollcallException(Codes.BROKEN_PROVIDER, "an installed " + type.getSimpleName()
                    + " could not be loaded: " + e.getMessage(), e);
        }
        return out;
    }
}
