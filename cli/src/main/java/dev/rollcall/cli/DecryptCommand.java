package dev.rollcall.cli;

import dev.rollcall.pgp.PgpDecoder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code rollcall decrypt FILE --secret-key KEY --passphrase-env VAR --out FILE}. */
@Command(name = "decrypt", mixinStandardHelpOptions = true,
        description = "Decrypt (and check) a PGP-encrypted upload file. Nothing is written unless the whole file "
                + "passes its integrity check (and, with --verify-with, its signature check).")
final class DecryptCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE")
    Path file;

    @Mixin
    DecodeOptions decode;

    @Option(names = "--out", paramLabel = "FILE", required = true, description = "where to write the decrypted file")
    Path out;

    @Override
    public Integer call() throws IOException {
        Outputs.check(out);
        PgpDecoder decoder = decode.decoder().orElseThrow(() -> new IllegalArgumentException("decrypt needs --secret-key"));
        if (!Files.isRegularFile(file)) {
            spec.commandLine().getErr().println("rollcall: no such file: " + file);
            return Main.NO_INPUT;
        }
        // decode() checks the whole file before it returns; a refusal (PGP_*) is exit 2, see Failures
        try (InputStream encoded = Files.newInputStream(file); InputStream plain = decoder.decode(encoded)) {
            Outputs.write(out, "the decrypted file", plain::transferTo);
        }
        spec.commandLine().getOut().println("Decrypted " + file.getFileName() + " to " + out);
        return Main.OK;
    }
}
