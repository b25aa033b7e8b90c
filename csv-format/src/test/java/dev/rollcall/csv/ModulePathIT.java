package dev.rollcall.csv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.univocity.parsers.csv.CsvParser;
import dev.rollcall.spi.UploadFormat;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.module.Configuration;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The packaged jar on the module path: the automatic module {@code dev.rollcall.csv} (named by
 * its manifest, not by its file name), found by {@link ServiceLoader} as an {@link UploadFormat},
 * reading through univocity-parsers, which it does not require by any module name.
 */
class ModulePathIT {

    @Test
    void theJarIsTheAutomaticModuleDevRollcallCsvAndReadsFilesOnTheModulePath() throws Exception {
        ModuleFinder finder = ModuleFinder.of(packagedJar(), codeSource(UploadFormat.class), codeSource(CsvParser.class));
        ModuleReference csv = finder.find("dev.rollcall.csv").orElseThrow();
        assertTrue(csv.descriptor().isAutomatic(), "an automatic module: no module-info requires univocity");

        Configuration configuration = ModuleLayer.boot().configuration()
                .resolveAndBind(finder, ModuleFinder.of(), Set.of("dev.rollcall.csv", "dev.rollcall.spi"));
        ModuleLayer layer = ModuleLayer.boot().defineModulesWithOneLoader(configuration,
                ClassLoader.getPlatformClassLoader());
        ClassLoader loader = layer.findLoader("dev.rollcall.spi");
        Class<?> formatType = loader.loadClass("dev.rollcall.spi.UploadFormat");
        Object format = ServiceLoader.load(layer, formatType).findFirst().orElseThrow();
        assertEquals("dev.rollcall.csv", format.getClass().getModule().getName());

        InputStream file = new ByteArrayInputStream("Username,Email\njdoe,j@example.com\n".getBytes(StandardCharsets.UTF_8));
        Object reader = formatType.getMethod("open", InputStream.class).invoke(format, file);
        Object columns = loader.loadClass("dev.rollcall.spi.RowReader").getMethod("columns").invoke(reader);
        assertEquals(List.of("Username", "Email"), columns);
    }

    private static Path packagedJar() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            return files.filter(f -> f.getFileName().toString().matches("rollcall-csv-.*(?<!-sources|-javadoc)\\.jar"))
                    .findFirst().orElseThrow(() -> new IllegalStateException("rollcall-csv jar not built"));
        }
    }

    private static Path codeSource(Class<?> type) throws URISyntaxException {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    }
}
