package dev.rollcall.cli;

import dev.rollcall.spi.ControlCharacters;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/**
 * The {@code rollcall} command. Exit status: 0 done with no rejected rows; 1 done but some
 * rows rejected (or failed); 2 file refused, nothing written; 3 stopped by a safety
 * threshold, nothing written; 64 usage error; 66 input file missing or unreadable; 70 any
 * other failure; 73 an output file cannot be written (checked before anything is done).
 */
@Command(name = "rollcall", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Plans and applies bulk user uploads against a Rollcall store.",
        subcommands = {PlanCommand.class, ApplyCommand.class, ValidateCommand.class, TemplateCommand.class,
                ExtractCommand.class, DelegatesCommand.class, DecryptCommand.class, SitesCommand.class, TargetsCommand.class, FieldsCommand.class,
                JobsCommand.class, ServeCommand.class,
                CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {
                "0:done, no rows rejected",
                "1:done, some rows rejected or failed",
                "2:file refused, nothing written",
                "3:stopped by a safety threshold, nothing written",
                "64:usage error",
                "66:input file missing or unreadable",
                "70:other failure",
                "73:an output file cannot be written"})
public final class Main implements Runnable {

    /** Done, no row rejected. */
    public static final int OK = 0;
    /** Done, but some rows were rejected or failed. */
    public static final int ROWS_REJECTED = 1;
    /** The file was refused; nothing was written. */
    public static final int FILE_REFUSED = 2;
    /** A safety threshold stopped the upload; nothing was written. */
    public static final int THRESHOLD = 3;
    /** The command line was wrong. */
    public static final int USAGE = 64;
    /** The input file is missing or unreadable. */
    public static final int NO_INPUT = 66;
    /** Anything else went wrong. */
    public static final int FAILURE = 70;
    /**
     * An output file (a report, an error file, a saved plan, {@code --out}) cannot be written
     * (sysexits' EX_CANTCREAT). Outputs are checked before anything is done, so when the check
     * fails nothing was written to the store.
     */
    public static final int CANT_CREATE = 73;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(names = "--store", paramLabel = "JDBC_URL", scope = CommandLine.ScopeType.INHERIT,
            description = "the store: a JDBC URL (default: $ROLLCALL_STORE, else the embedded H2 database in ./rollcall-data)")
    String store;

    @CommandLine.Option(names = "--store-mapping", paramLabel = "FILE", scope = CommandLine.ScopeType.INHERIT,
            description = "validate, plan, apply and extract against the host's own user tables at --store, mapped by "
                    + "this properties file (docs/MAPPING.md)")
    java.nio.file.Path storeMapping;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a command, e.g. rollcall plan users.csv");
    }

    /** @param args the command line */
    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /**
     * Runs the command in this process, for tests and embedding. What it prints is escaped
     * for a terminal ({@link TerminalOutput}): no control character reaches either writer
     * but the line breaks and tabs of its own layout.
     *
     * @param args the command line
     * @param out  standard output
     * @param err  standard error
     * @return the exit status
     */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new Main());
        // colours would be escape sequences, and escaped
        cl.setColorScheme(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
        cl.setOut(new TerminalOutput(out));
        cl.setErr(new TerminalOutput(err));
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setParameterExceptionHandler((e, a) -> {
            CommandLine c = e.getCommandLine();
            c.getErr().println("rollcall: " + ControlCharacters.escape(e.getMessage()));
            c.getErr().println("Try '" + c.getCommandSpec().qualifiedName() + " --help' for more information.");
            return USAGE;
        });
        cl.setExecutionExceptionHandler((e, c, parsed) -> Failures.report(e, c.getErr()));
        int code = cl.execute(args);
        cl.getOut().flush();
        cl.getErr().flush();
        return code;
    }

    /** Reads the version the build wrote into {@code version.properties}, else the jar's manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"rollcall " + version()};
        }

        static String version() {
            try (java.io.InputStream in = Main.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    java.util.Properties p = new java.util.Properties();
                    p.load(in);
                    String v = p.getProperty("version");
                    if (v != null && !v.isBlank() && !v.startsWith("${")) {
                        return v;
                    }
                }
            } catch (java.io.IOException e) {
                // the manifest, then
            }
            String v = Main.class.getPackage().getImplementationVersion();
            return v == null ? "(development build)" : v;
        }
    }
}
