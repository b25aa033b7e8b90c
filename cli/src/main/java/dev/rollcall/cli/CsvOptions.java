package dev.rollcall.cli;

import dev.rollcall.csv.CsvFormat;
import picocli.CommandLine.Option;

import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;

/** {@code --delimiter} and {@code --encoding}: how a CSV file is read. */
final class CsvOptions {

    @Option(names = "--delimiter", paramLabel = "CHAR", defaultValue = ",", description = "the CSV delimiter: , ; | or tab")
    String delimiter;

    @Option(names = "--encoding", paramLabel = "NAME", defaultValue = "UTF-8", description = "the file's encoding (default UTF-8)")
    String encoding;

    /** @return the CSV format these options describe */
    CsvFormat format() {
        char d = switch (delimiter) {
            case "tab", "\\t", "\t" -> '\t';
            default -> {
                if (delimiter.length() != 1) {
                    throw new IllegalArgumentException("--delimiter must be one character (or 'tab'), not '" + delimiter + "'");
                }
                yield delimiter.charAt(0);
            }
        };
        Charset charset;
        try {
            charset = Charset.forName(encoding);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            throw new IllegalArgumentException("--encoding: unknown encoding '" + encoding + "'");
        }
        return CsvFormat.builder().delimiter(d).encoding(charset).build();
    }
}
