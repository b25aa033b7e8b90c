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
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
        PgpDecoder decoder = decode.decoder().orElseThrow(() -> new IllegalArgumentException("decrypt needs --secret-key"));
        if (!Files.isRegularFile(file)) {
            spec.commandLine().getErr().println("rollcall: no such file: " + file);
            return Main.NO_INPUT;
        }
        Path partial = out.resolveSibling(out.getFileName() + ".part");
        try (InputStream plain = decoder.decode(Files.newInputStream(file));
             OutputStream w = Files.newOutputStream(partial)) {
            plain.transferTo(w);
        } catch (RuntimeException | IOException e) {
            Files.deleteIfExists(partial);
            throw e;
        }
        Files.move(partial, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        spec.commandLine().getOut().println("Decrypted " + file.getFileName() + " to " + out);
        return Main.OK;
    }
}
