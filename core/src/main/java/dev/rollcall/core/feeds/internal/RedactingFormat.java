package dev.rollcall.core.feeds.internal;

import dev.rollcall.spi.FieldDefinition;
import dev.rollcall.spi.FieldSchema;
import dev.rollcall.spi.RowReader;
import dev.rollcall.spi.RowWriter;
import dev.rollcall.spi.StandardFields;
import dev.rollcall.spi.UploadColumns;
import dev.rollcall.spi.UploadFormat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A format that reads as the one it wraps, and writes files with the sensitive columns
 * (passwords, and every field the schema marks sensitive) emptied. Jobs plan with it, so the
 * error files they keep on disk and attach to completion emails never hold a password.
 * Immutable and thread-safe.
 */
public final class RedactingFormat implements UploadFormat {

    private final UploadFormat format;
    private final Set<String> sensitive;

    /**
     * @param format the format files are in
     * @param schema the host's fields, which say which are sensitive
     */
    public RedactingFormat(UploadFormat format, FieldSchema schema) {
        this.format = format;
        Set<String> names = new HashSet<>();
        names.add(UploadColumns.normalize(StandardFields.PASSWORD));
        for (FieldDefinition f : schema.fields()) {
            if (f.sensitive()) {
                names.add(UploadColumns.normalize(f.name()));
                f.aliases().forEach(a -> names.add(UploadColumns.normalize(a)));
            }
        }
        this.sensitive = Set.copyOf(names);
    }

    /** @return the wrapped format */
    public UploadFormat wrapped() {
        return format;
    }

    @Override
    public String name() {
        return format.name();
    }

    @Override
    public Set<String> fileSuffixes() {
        return format.fileSuffixes();
    }

    @Override
    public boolean accepts(String fileName) {
        return format.accepts(fileName);
    }

    @Override
    public RowReader open(InputStream in) throws IOException {
        return format.open(in);
    }

    @Override
    public RowReader open(InputStream in, FieldSchema schema) throws IOException {
        return format.open(in, schema);
    }

    @Override
    public RowWriter writer(OutputStream out, List<String> columns) throws IOException {
        RowWriter w = format.writer(out, columns);
        List<Integer> blank = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            if (sensitive.contains(UploadColumns.normalize(columns.get(i)))) {
                blank.add(i);
            }
        }
        if (blank.isEmpty()) {
            return w;
        }
        return new RowWriter() {
            @Override
            public void write(List<String> values) throws IOException {
                List<String> copy = new ArrayList<>(values);
                for (int i : blank) {
                    if (i < copy.size()) {
                        copy.set(i, null);
                    }
                }
                w.write(copy);
            }

            @Override
            public void close() throws IOException {
                w.close();
            }
        };
    }

    @Override
    public String toString() {
        return format.toString();
    }
}
