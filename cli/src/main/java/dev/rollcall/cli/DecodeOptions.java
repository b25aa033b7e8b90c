package dev.rollcall.cli;

import dev.rollcall.pgp.PgpDecoder;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** {@code --secret-key}, {@code --passphrase-env}, {@code --verify-with}: decrypting PGP files on the way in. */
final class DecodeOptions {

    @Option(names = "--secret-key", paramLabel = "FILE",
            description = "the secret key ring that decrypts .pgp/.gpg/.asc files (armoured or binary)")
    Path secretKey;

    @Option(names = "--passphrase-env", paramLabel = "VAR",
            description = "the environment variable holding the secret key's passphrase (never given on the command line)")
    String passphraseEnv;

    @Option(names = "--verify-with", paramLabel = "FILE",
            description = "require the file to be signed by one of these trusted public keys")
    Path trustedKeys;

    /** @return the decoder these options describe, if a secret key was given */
    Optional<PgpDecoder> decoder() {
        if (secretKey == null) {
            if (passphraseEnv != null || trustedKeys != null) {
                throw new IllegalArgumentException("--passphrase-env and --verify-with need --secret-key");
            }
            return Optional.empty();
        }
        PgpDecoder.Builder b = PgpDecoder.builder().secretKeys(readable("--secret-key", secretKey));
        if (passphraseEnv != null) {
            String passphrase = System.getenv(passphraseEnv);
            if (passphrase == null) {
                throw new IllegalArgumentException("--passphrase-env: the environment variable " + passphraseEnv + " is not set");
            }
            b.passphrase(passphrase.toCharArray());
        }
        if (trustedKeys != null) {
            b.trustedKeys(readable("--verify-with", trustedKeys)).requireSignature(true);
        }
        return Optional.of(b.build());
    }

    /**
     * @return the key file, if it is one
     * @throws CommandFailure ({@link Main#NO_INPUT}) when it is missing or unreadable
     */
    private static Path readable(String option, Path file) {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new CommandFailure(Main.NO_INPUT, option + ": no such file, or not readable: " + file, null);
        }
        return file;
    }
}
