package dev.rollcall.cli;

import dev.rollcall.csv.CsvTemplates;
import dev.rollcall.jdbc.JdbcUserRepository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.Writer;
import java.util.concurrent.Callable;

/** {@code rollcall template}: the upload template for the store's fields. */
@Command(name = "template", mixinStandardHelpOptions = true,
        description = "Write an upload template: every field of the store in order, custom fields included.")
final class TemplateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    OutputOption output;

    @Option(names = "--example", description = "add an example row")
    boolean example;

    @Override
    public Integer call() throws IOException {
        try (JdbcUserRepository repository = StoreOption.open(spec); Writer w = output.open(spec.commandLine().getOut())) {
            CsvTemplates.template(repository.schema(), example, w);
        }
        return Main.OK;
    }
}
