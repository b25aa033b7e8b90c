package dev.rollcall.jobs.internal;

import dev.rollcall.spi.FileSource;
import dev.rollcall.spi.SourceFile;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/** A local folder whose files are taken. Immutable and thread-safe. */
public final class LocalFolderSource implements FileSource {

    private final Path folder;

    /** @param folder the watched folder */
    public LocalFolderSource(Path folder) {
        this.folder = Objects.requireNonNull(folder, "folder must not be null");
    }

    @Override
    public String describe() {
        return "folder " + folder;
    }

    @Override
    public Disposition disposition() {
        return Disposition.TAKE;
    }

    @Override
    public String preview(LocalDate date) {
        return folder.toString();
    }

    @Override
    public Connection connect() {
        return new Connection() {
            @Override
            public List<SourceFile> list(LocalDate date) throws IOException {
                List<SourceFile> files = new ArrayList<>();
                try (Stream<Path> s = Files.list(folder)) {
                    for (Path p : (Iterable<Path>) s::iterator) {
                        BasicFileAttributes a;
                        try {
                            a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                        } catch (java.nio.file.NoSuchFileException gone) {
                            continue;
                        }
                        if (a.isRegularFile()) {
                            files.add(new SourceFile(p.getFileName().toString(), a.size(), a.lastModifiedTime().toInstant()));
                        }
                    }
                }
                return files;
            }

            @Override
            public InputStream open(SourceFile file) throws IOException {
                return Files.newInputStream(resolve(file));
            }

            @Override
            public void delete(SourceFile file) throws IOException {
                Files.deleteIfExists(resolve(file));
            }

            private Path resolve(SourceFile file) {
                String name = file.path();
                if (name.contains("/") || name.contains("\\") || name.equals("..") || name.equals(".")) {
                    throw new IllegalArgumentException("not a file of " + folder + ": " + name);
                }
                return folder.resolve(name);
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
