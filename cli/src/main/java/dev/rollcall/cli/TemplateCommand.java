package dev.rollcall.cli;

import dev.rollcall.csv.CsvTemplates;
import dev.rollcall.jdbc.JdbcUserRepository;
import dev.rollcall.xlsx.XlsxTemplates;
import dev.rollcall.xml.XmlTemplates;
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
        description = "Write an upload template: every field of the store in order, custom fields included; "
                + "or the XML template and XSD, or the Excel template with instructions.")
final class TemplateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    OutputOption output;

    @Option(names = "--example", description = "add an example row (CSV, xlsx)")
    boolean example;

    @Option(names = "--format", paramLabel = "csv|xml|xsd|xlsx", defaultValue = "csv",
            description = "csv (default), xml (an example file), xsd (the XML schema, custom fields included) or xlsx "
                    + "(an Excel workbook with instructions; needs --out)")
    String format;

    @Option(names = "--delegates", description = "the template of a delegate upload instead")
    boolean delegates;

    @Override
    public Integer call() throws IOException {
        output.check();
        boolean xlsx = format.equalsIgnoreCase("xlsx");
        if (xlsx && output.out == null) {
            throw new IllegalArgumentException("--format xlsx writes a workbook, not text: name its file with --out, "
                    + "e.g. --out template.xlsx");
        }
        try (JdbcUserRepository repository = StoreOption.open(spec)) {
            if (xlsx) {
                Outputs.write(output.out, "the template", out -> {
                    if (delegates) {
                        XlsxTemplates.delegateTemplate(out);
                    } else {
                        XlsxTemplates.template(repository.schema(), example, out);
                    }
                });
                return Main.OK;
            }
            output.write(spec.commandLine().getOut(), w -> write(repository, w));
        }
        return Main.OK;
    }

    private void write(JdbcUserRepository repository, Writer w) throws IOException {
        switch (format.toLowerCase(java.util.Locale.ROOT)) {
            case "csv" -> {
                if (delegates) {
                    w.write("externalId,delegate1,delegate2,delegate3\r\n");
                } else {
                    CsvTemplates.template(repository.schema(), example, w);
                }
            }
            case "xml" -> w.write(delegates ? XmlTemplates.delegateTemplate() : XmlTemplates.template(repository.schema()));
            case "xsd" -> w.write(delegates ? XmlTemplates.delegateXsd() : XmlTemplates.xsd(repository.schema()));
            default -> throw new IllegalArgumentException("--format must be csv, xml, xsd or xlsx, not '" + format + "'");
        }
    }
}
