package dev.rollcall.cli;

import dev.rollcall.csv.CsvTemplates;
import dev.rollcall.spi.Sites;
import dev.rollcall.spi.UserQuery;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.util.concurrent.Callable;

/** {@code rollcall extract}: current users as CSV, ready to edit and upload again. */
@Command(name = "extract", mixinStandardHelpOptions = true,
        description = "Write current users as CSV in template column order. Passwords and sensitive fields are never "
                + "exported; cells a spreadsheet would run as formulas are neutralised.")
final class ExtractCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    OutputOption output;

    @Option(names = "--site", paramLabel = "PATH", description = "only users of this site and the sites below it")
    String site;

    @Override
    public Integer call() throws IOException {
        UserQuery query = site == null ? UserQuery.ALL : new UserQuery(null, Sites.normalize(site));
        output.check();
        long[] n = {0};
        try (StoreOption.Users users = StoreOption.openUsers(spec)) {
            output.write(spec.commandLine().getOut(), w -> n[0] = CsvTemplates.extract(users.repository(), query, w));
        }
        if (n[0] == 0) {
            spec.commandLine().getErr().println("The store has no users" + (site == null ? "" : " in " + Sites.normalize(site))
                    + "; the extract holds only the header");
        } else if (output.out != null) {
            spec.commandLine().getOut().println("Extracted " + n[0] + " users to " + output.out);
        }
        return Main.OK;
    }
}
