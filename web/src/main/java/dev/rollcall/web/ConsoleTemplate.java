package dev.rollcall.web;

import dev.rollcall.spi.FieldSchema;

import java.io.IOException;
import java.io.Writer;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A file the Templates page offers for download: a CSV or XML template, an XSD, made from the
 * store's field schema (custom fields included).
 *
 * <pre>{@code
 * new ConsoleTemplate("users.csv", "text/csv", (schema, out) -> CsvTemplates.template(schema, true, out))
 * }</pre>
 *
 * @param fileName  the name it is downloaded as (letters, digits, {@code . _ -})
 * @param mediaType its media type, e.g. {@code text/csv}
 * @param writer    writes it
 */
public record ConsoleTemplate(String fileName, String mediaType, Writer writer) {

    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    /** Checks the arguments. */
    public ConsoleTemplate {
        Objects.requireNonNull(fileName, "fileName must not be null");
        if (!FILE_NAME.matcher(fileName).matches()) {
            throw new IllegalArgumentException("fileName must be letters, digits, '.', '_' and '-': " + fileName);
        }
        Objects.requireNonNull(mediaType, "mediaType must not be null");
        Objects.requireNonNull(writer, "writer must not be null");
    }

    /** Writes a template. */
    @FunctionalInterface
    public interface Writer {
        /**
         * @param schema the store's fields
         * @param out    where to write; not closed
         * @throws IOException when writing fails
         */
        void write(FieldSchema schema, java.io.Writer out) throws IOException;
    }
}
