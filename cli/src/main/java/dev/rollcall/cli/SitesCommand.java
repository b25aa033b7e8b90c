package dev.rollcall.cli;

import dev.rollcall.jdbc.JdbcUserRepository;
import dev.rollcall.spi.ControlCharacters;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.List;

/** {@code rollcall sites add|list}: the store's site tree. */
@Command(name = "sites", mixinStandardHelpOptions = true, description = "Manage the site tree (multi-site hosts).",
        subcommands = {SitesCommand.Add.class, SitesCommand.ListSites.class})
final class SitesCommand {

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Add sites by path, e.g. \"Canada/Ontario/Hospital A\"; parents are added too.")
    static final class Add implements Runnable {
        @Spec
        CommandSpec spec;
        @Parameters(arity = "1..*", paramLabel = "PATH")
        List<String> paths;

        @Override
        public void run() {
            try (JdbcUserRepository repository = StoreOption.open(spec)) {
                for (String p : paths) {
                    spec.commandLine().getOut().println("site " + repository.addSite(p));
                }
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the sites.")
    static final class ListSites implements Runnable {
        @Spec
        CommandSpec spec;

        @Override
        public void run() {
            try (JdbcUserRepository repository = StoreOption.open(spec)) {
                repository.sites().stream().map(ControlCharacters::escape).forEach(spec.commandLine().getOut()::println);
            }
        }
    }
}
