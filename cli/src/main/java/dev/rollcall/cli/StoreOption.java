package dev.rollcall.cli;

import dev.rollcall.jdbc.JdbcUserRepository;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Opens the store named by the global {@code --store JDBC_URL} option. Default: the
 * environment variable {@code ROLLCALL_STORE}, else the embedded H2 database under
 * {@code ./rollcall-data/}.
 */
final class StoreOption {

    /** The default embedded store's folder. */
    static final Path DEFAULT_DIRECTORY = Path.of("rollcall-data");

    private StoreOption() {
    }

    /**
     * Opens the embedded store in a folder; the first time, when it creates the folder, says
     * where (on standard error, so an extract's standard output stays CSV).
     *
     * @param directory the store's folder
     * @param err       where to say it
     * @return the store, initialised; the caller closes it
     */
    static JdbcUserRepository embedded(Path directory, PrintWriter err) {
        boolean created = !Files.exists(directory);
        JdbcUserRepository repository = JdbcUserRepository.embedded(directory).initialize();
        if (created) {
            err.println("Created the embedded store in " + directory.toAbsolutePath().normalize()
                    + " (--store or ROLLCALL_STORE choose another)");
        }
        return repository;
    }

    /**
     * @param spec any command's spec; the option lives on the root command
     * @return the store, initialised; the caller closes it
     */
    static JdbcUserRepository open(CommandSpec spec) {
        String store = ((Main) spec.root().userObject()).store;
        String url = store != null ? store : System.getenv("ROLLCALL_STORE");
        if (url == null || url.isBlank()) {
            return embedded(DEFAULT_DIRECTORY, spec.commandLine().getErr());
        }
        if (!url.startsWith("jdbc:")) {
            throw new IllegalArgumentException("--store must be a JDBC URL (jdbc:…), not '" + url + "'");
        }
        return JdbcUserRepository.forUrl(url).initialize();
    }
}
