package dev.rollcall.cli;

import dev.rollcall.jdbc.JdbcUserRepository;
import dev.rollcall.jdbc.MappedUserRepository;
import dev.rollcall.jdbc.MappingFile;
import dev.rollcall.jdbc.TableMapping;
import dev.rollcall.spi.UserRepository;
import picocli.CommandLine.Model.CommandSpec;

import javax.sql.DataSource;
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
        if (((RollcallCommand) spec.root().userObject()).storeMapping != null) {
            throw new IllegalArgumentException("--store-mapping works with validate, plan, apply and extract only; "
                    + "this command needs Rollcall's own tables");
        }
        String url = url(spec);
        return url == null ? embedded(DEFAULT_DIRECTORY, spec.commandLine().getErr())
                : JdbcUserRepository.forUrl(url).initialize();
    }

    /**
     * Opens the users to validate, plan, apply or extract: the host's own tables when
     * {@code --store-mapping FILE} maps them ({@link MappedUserRepository} over {@code --store}),
     * else {@link #open}.
     *
     * @param spec any command's spec
     * @return the users; the caller closes them
     */
    static Users openUsers(CommandSpec spec) {
        Path mapping = ((RollcallCommand) spec.root().userObject()).storeMapping;
        if (mapping == null) {
            JdbcUserRepository own = open(spec);
            return new Users(own, own, own.dataSource());
        }
        String url = url(spec);
        if (url == null) {
            throw new IllegalArgumentException("--store-mapping needs --store JDBC_URL (or $ROLLCALL_STORE): the host's database");
        }
        TableMapping tables;
        try {
            tables = MappingFile.read(mapping, StoreOption.class.getClassLoader());
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("cannot read the store mapping " + mapping + ": " + e.getMessage());
        }
        MappedUserRepository mapped = MappedUserRepository.forUrl(url, tables);
        return new Users(mapped, mapped, mapped.dataSource());
    }

    /**
     * Users to plan against, and what to close after.
     *
     * @param repository the users
     * @param closer     closes the store
     * @param database   the database they are in, where {@code apply} records the job history
     */
    record Users(UserRepository repository, AutoCloseable closer, DataSource database) implements AutoCloseable {
        @Override
        public void close() {
            try {
                closer.close();
            } catch (Exception e) {
                throw new IllegalStateException("closing the store failed", e);
            }
        }
    }

    private static String url(CommandSpec spec) {
        String store = ((RollcallCommand) spec.root().userObject()).store;
        String url = store != null ? store : System.getenv("ROLLCALL_STORE");
        if (url == null || url.isBlank()) {
            return null;
        }
        if (!url.startsWith("jdbc:")) {
            throw new IllegalArgumentException("--store must be a JDBC URL (jdbc:…), not '" + url + "'");
        }
        return url;
    }
}
