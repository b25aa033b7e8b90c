package dev.rollcall.cli;

import dev.rollcall.spi.ControlCharacters;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code rollcall} command. Exit status: 0 done with no rejected rows; 1 done but some
 * rows rejected (or failed); 2 file refused, nothing written; 3 stopped by a safety
 * threshold, nothing written; 64 usage error; 66 input file missing or unreadable; 70 any
 * other failure; 73 an output file cannot be written (checked before anything is done).
 * Its options and exit status list are {@link RollcallCommand}'s; this class adds the
 * commands.
 */
@Command(subcommands = {PlanCommand.class, ApplyCommand.class, ValidateCommand.class, TemplateCommand.class,
        ExtractCommand.class, DelegatesCommand.class, DecryptCommand.class, SitesCommand.class, TargetsCommand.class,
        FieldsCommand.class, JobsCommand.class, ServeCommand.class,
        CommandLine.HelpCommand.class})
public final class Main extends RollcallCommand {

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

    /**
     * The commands of the annotation above, by name, in its order. Picocli reads every
     * command it is given when a command line is built (options, mixins, their own
     * subcommands and the types they name): for all of them, about a third of a second of a
     * 10-row plan. So a command line that names a command ({@link #chosen}) gets a root with
     * that command alone; help, and a command line that names none, get them all.
     */
    static final Map<String, Class<?>> COMMANDS = commands();

    private static Map<String, Class<?>> commands() {
        Map<String, Class<?>> m = new LinkedHashMap<>();
        m.put("plan", PlanCommand.class);
        m.put("apply", ApplyCommand.class);
        m.put("validate", ValidateCommand.class);
        m.put("template", TemplateCommand.class);
        m.put("extract", ExtractCommand.class);
        m.put("delegates", DelegatesCommand.class);
        m.put("decrypt", DecryptCommand.class);
        m.put("sites", SitesCommand.class);
        m.put("targets", TargetsCommand.class);
        m.put("fields", FieldsCommand.class);
        m.put("jobs", JobsCommand.class);
        m.put("serve", ServeCommand.class);
        m.put("help", CommandLine.HelpCommand.class);
        return Collections.unmodifiableMap(m);
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
        String chosen = chosen(args);
        CommandLine cl = chosen == null ? new CommandLine(new Main())
                : new CommandLine(new RollcallCommand()).addSubcommand(chosen, COMMANDS.get(chosen));
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

    /**
     * @param args a command line
     * @return the command it names (its first argument that is neither an option of
     *         {@code rollcall} itself nor such an option's value), or null when that is no
     *         command's name, is {@code help}, or there is none: then every command is built
     */
    static String chosen(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--store") || a.equals("--store-mapping")) {
                i++;
            } else if (a.equals("--")) {
                return null;
            } else if (!a.startsWith("-")) {
                return COMMANDS.containsKey(a) && !a.equals("help") ? a : null;
            }
        }
        return null;
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
