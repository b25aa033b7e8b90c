package dev.rollcall.cli;

import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** {@code --out FILE}: where a command writes its file; standard output when absent. */
final class OutputOption {

    @Option(names = "--out", paramLabel = "FILE", description = "write to this file instead of standard output")
    Path out;

    /** What a command writes. */
    @FunctionalInterface
    interface Body {
        void writeTo(Writer w) throws IOException;
    }

    /** Checks, before the command does anything, that {@code --out} could be written. */
    void check() {
        Outputs.check(out);
    }

    /** Writes to the file, whole or not at all, or to standard output (left open). */
    void write(PrintWriter stdout, Body body) throws IOException {
        if (out == null) {
            body.writeTo(stdout);
            stdout.flush();
            return;
        }
        Outputs.write(out, "the file", stream -> {
            Writer w = new OutputStreamWriter(stream, StandardCharsets.UTF_8);
            body.writeTo(w);
            w.flush();
        });
    }
}
