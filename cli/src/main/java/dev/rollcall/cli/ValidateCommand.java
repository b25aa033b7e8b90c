package dev.rollcall.cli;

import dev.rollcall.core.ValidationReport;
import dev.rollcall.spi.Codes;
import dev.rollcall.spi.ControlCharacters;
import dev.rollcall.spi.Problem;
import dev.rollcall.spi.UploadFileException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code rollcall validate FILE}: the file's and the rows' own problems, without matching users. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Check a file against the store's fields (header, values, directive columns) without matching users.")
final class ValidateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "the upload file")
    Path file;

    @Mixin
    FileOptions options;

    @Override
    public Integer call() {
        if (!Files.isRegularFile(file)) {
            throw new UploadFileException(Codes.UNREADABLE_FILE, 0, 0, "no such file: " + file);
        }
        PrintWriter out = spec.commandLine().getOut();
        String name = ControlCharacters.escape(file.getFileName().toString());
        try (StoreOption.Users users = StoreOption.openUsers(spec)) {
            ValidationReport report = options.builder(users.repository(), file).build().validate(file);
            if (report.isRefused()) {
                out.println(name + ": the file is refused; nothing would be written");
                report.fileProblems().forEach(p -> out.println("  " + p.describe()));
                return Main.FILE_REFUSED;
            }
            out.println(name + ": " + report.rows() + " rows, " + report.rejectedRows()
                    + " with errors");
            for (Problem p : report.rowProblems()) {
                out.println("  " + p.severity().label() + ": " + p.describe());
            }
            return report.isValid() ? Main.OK : Main.ROWS_REJECTED;
        }
    }
}
