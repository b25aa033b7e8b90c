package dev.rollcall.cli;

import dev.rollcall.jdbc.JdbcUserRepository;
import dev.rollcall.spi.ControlCharacters;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.List;

/** {@code rollcall targets add|list KIND}: what memberships and references may name. */
@Command(name = "targets", mixinStandardHelpOptions = true,
        description = "Manage what uploads may name: cohort, course, program, group (course/group), system_role, theme, "
                + "or any kind a custom field references (e.g. office).",
        subcommands = {TargetsCommand.Add.class, TargetsCommand.ListTargets.class})
final class TargetsCommand {

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Add targets of a kind.")
    static final class Add implements Runnable {
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", paramLabel = "KIND")
        String kind;
        @Parameters(index = "1..*", arity = "1..*", paramLabel = "NAME")
        List<String> names;

        @Override
        public void run() {
            try (JdbcUserRepository repository = StoreOption.open(spec)) {
                for (String n : names) {
                    repository.addTarget(kind, n);
                    spec.commandLine().getOut().println(kind + " " + n);
                }
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the targets of a kind.")
    static final class ListTargets implements Runnable {
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", paramLabel = "KIND")
        String kind;

        @Override
        public void run() {
            try (JdbcUserRepository repository = StoreOption.open(spec)) {
                repository.targets(kind).stream().map(ControlCharacters::escape)
                        .forEach(spec.commandLine().getOut()::println);
            }
        }
    }
}
