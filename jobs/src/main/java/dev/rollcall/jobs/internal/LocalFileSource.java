package dev.rollcall.jobs.internal;

import dev.rollcall.spi.FileNamePattern;
import dev.rollcall.spi.FileSource;
import dev.rollcall.spi.SourceFile;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/** One fixed local file, possibly with a dated name: read, never deleted. Immutable and thread-safe. */
public final class LocalFileSource implements FileSource {

    private final FileNamePattern pattern;

    /** @param pattern the file's path, possibly with date codes */
    public LocalFileSource(FileNamePattern pattern) {
        this.pattern = Objects.requireNonNull(pattern, "pattern must not be null");
    }

    @Override
    public String describe() {
        return "file " + pattern;
    }

    @Override
    public Disposition disposition() {
        return Disposition.KEEP;
    }

    @Override
    public String preview(LocalDate date) {
        return pattern.resolve(date);
    }

    @Override
    public Connection connect() {
        return new Connection() {
            @Override
            public List<SourceFile> list(LocalDate date) throws IOException {
                Path file = Path.of(pattern.resolve(date));
                if (!Files.isRegularFile(file)) {
                    if (file.getParent() != null && !Files.isDirectory(file.getParent())) {
                        throw new java.nio.file.NoSuchFileException(file.getParent().toString(), null, "no such folder");
                    }
                    return List.of();
                }
                BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
                return List.of(new SourceFile(file.toString().replace('\\', '/'), a.size(), a.lastModifiedTime().toInstant()));
            }

            @Override
            public InputStream open(SourceFile file) throws IOException {
                return Files.newInputStream(Path.of(file.path()));
            }

            @Override
            public void close() {
                // nothing to release
            }
        };
    }

    @Override
    public String toString() {
        return describe();
    }
}
