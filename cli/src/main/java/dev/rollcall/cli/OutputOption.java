package dev.rollcall.cli;

import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code --out FILE}: where a command writes its file; standard output when absent. */
final class OutputOption {

    @Option(names = "--out", paramLabel = "FILE", description = "write to this file instead of standard output")
    Path out;

    /** A writer the caller closes: the file's, or one over standard output that leaves it open. */
    Writer open(PrintWriter stdout) throws IOException {
        if (out == null) {
            return new java.io.FilterWriter(stdout) {
                @Override
                public void close() {
                    stdout.flush();
                }
            };
        }
        return new OutputStreamWriter(Files.newOutputStream(out), StandardCharsets.UTF_8);
    }
}
