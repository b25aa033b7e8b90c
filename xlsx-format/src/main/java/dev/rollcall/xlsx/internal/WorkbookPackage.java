package dev.rollcall.xlsx.internal;

import dev.rollcall.spi.Codes;
import dev.rollcall.spi.UploadFileException;

import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * The zip an {@code .xlsx} is, copied to a private temporary file (a zip's directory is at
 * its end, and Excel writes the shared strings after the sheets) and opened with
 * {@link ZipFile}. Every part is inflated through a counter that refuses a part larger than
 * the limit or inflating more than the allowed ratio of its compressed size. Deletes the
 * temporary file when closed. Not thread-safe.
 */
final class WorkbookPackage implements Closeable {

    private static final int MAX_ENTRIES = 10_000;

    private final Path file;
    private final ZipFile zip;
    private final Limits limits;

    private WorkbookPackage(Path file, ZipFile zip, Limits limits) {
        this.file = file;
        this.zip = zip;
        this.limits = limits;
    }

    /**
     * @param in     the upload's bytes; closed here
     * @param limits the limits
     * @return the opened package
     * @throws UploadFileException when the bytes are not a workbook, or too many
     * @throws IOException         when the stream or the temporary file fails
     */
    static WorkbookPackage open(InputStream in, Limits limits) throws IOException {
        Path file = Files.createTempFile("rollcall-xlsx-", ".zip");
        try {
            byte[] head = new byte[8];
            int headLength;
            try (in; OutputStream out = Files.newOutputStream(file)) {
                headLength = in.readNBytes(head, 0, head.length);
                out.write(head, 0, headLength);
                long total = headLength;
                byte[] buffer = new byte[1 << 16];
                for (int n; (n = in.read(buffer)) > 0; ) {
                    total += n;
                    if (total > limits.maxFileBytes()) {
                        throw unsafe("the workbook is larger than " + limits.maxFileBytes() + " bytes");
                    }
                    out.write(buffer, 0, n);
                }
            }
            if (headLength == 0) {
                throw new UploadFileException(Codes.EMPTY_FILE, 1, 0, "the file is empty: it has no header row");
            }
            if (headLength >= 4 && (head[0] & 0xFF) == 0xD0 && (head[1] & 0xFF) == 0xCF && (head[2] & 0xFF) == 0x11
                    && (head[3] & 0xFF) == 0xE0) {
                throw new UploadFileException(Codes.MALFORMED_FILE, 0, 0, "the file is a password-protected workbook "
                        + "or an old .xls file, not an .xlsx workbook; save it in Excel as \"Excel Workbook (.xlsx)\" "
                        + "without a password");
            }
            ZipFile zip;
            try {
                zip = new ZipFile(file.toFile());
            } catch (ZipException e) {
                throw notAWorkbook(e);
            }
            if (zip.size() > MAX_ENTRIES) {
                zip.close();
                throw unsafe("the workbook has more than " + MAX_ENTRIES + " parts");
            }
            return new WorkbookPackage(file, zip, limits);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
    }

    static UploadFileException notAWorkbook(Exception cause) {
        return new UploadFileException(Codes.MALFORMED_FILE, 0, 0,
                "the file is not an .xlsx workbook (its zip structure cannot be read); save it in Excel as "
                        + "\"Excel Workbook (.xlsx)\"", cause);
    }

    static UploadFileException unsafe(String what) {
        return new UploadFileException(Codes.UNSAFE_WORKBOOK, 0, 0, what + "; the workbook is refused as unsafe");
    }

    /** @return whether the package has the part */
    boolean has(String name) {
        return zip.getEntry(name) != null;
    }

    /**
     * @param name a part's name, without a leading slash
     * @return the part's inflated bytes, counted against the limits; null when absent
     */
    InputStream part(String name) throws IOException {
        ZipEntry e = zip.getEntry(name);
        if (e == null || e.isDirectory()) {
            return null;
        }
        if (e.getSize() > limits.maxPartBytes()) {
            throw unsafe("the part " + name + " inflates to more than " + limits.maxPartBytes() + " bytes");
        }
        long compressed = Math.max(e.getCompressedSize(), 1);
        long allowed = Math.min(limits.maxPartBytes(),
                Math.max(Limits.RATIO_FREE_BYTES, compressed * limits.maxCompressionRatio()));
        return new Counted(zip.getInputStream(e), name, allowed, allowed < limits.maxPartBytes());
    }

    @Override
    public void close() throws IOException {
        try {
            zip.close();
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** Refuses a part once it has inflated past what is allowed. */
    private final class Counted extends FilterInputStream {
        private final String name;
        private final long allowed;
        private final boolean byRatio;
        private long count;

        Counted(InputStream in, String name, long allowed, boolean byRatio) {
            super(in);
            this.name = name;
            this.allowed = allowed;
            this.byRatio = byRatio;
        }

        @Override
        public int read() throws IOException {
            int b = inflate(() -> super.read());
            if (b >= 0) {
                add(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = inflate(() -> super.read(b, off, len));
            if (n > 0) {
                add(n);
            }
            return n;
        }

        private int inflate(IoRead read) throws IOException {
            try {
                return read.run();
            } catch (ZipException e) {
                throw new UploadFileException(Codes.MALFORMED_FILE, 0, 0, "the part " + name
                        + " of the workbook is damaged; save the workbook again in Excel", e);
            }
        }

        private void add(int n) {
            count += n;
            if (count > allowed) {
                throw unsafe(byRatio ? "the part " + name + " inflates to more than " + limits.maxCompressionRatio()
                        + " times its compressed size (a zip bomb)" : "the part " + name + " inflates to more than "
                        + limits.maxPartBytes() + " bytes");
            }
        }
    }

    @FunctionalInterface
    private interface IoRead {
        int run() throws IOException;
    }
}
