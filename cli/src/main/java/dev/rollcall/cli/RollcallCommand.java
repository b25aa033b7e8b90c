package dev.rollcall.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The root {@code rollcall} command without its commands: its options, its exit status list,
 * and what it says when no command is named. {@link Main} adds every command; a command line
 * that names one gets this root with that command alone ({@link Main#chosen}), so that
 * picocli does not read the others.
 */
@Command(name = "rollcall", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Plans and applies bulk user uploads against a Rollcall store.",
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
class RollcallCommand implements Runnable {

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
}
