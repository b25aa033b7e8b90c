package dev.rollcall.xlsx.internal;

import dev.rollcall.spi.Codes;
import dev.rollcall.spi.UploadFileException;

import javax.xml.stream.XMLStreamConstants;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The workbook's shared strings table, read once before the sheet. Kept in memory up to a
 * budget of characters; past it every string is spilled to a temporary file (UTF-16, with a
 * second file of offsets) and read back through small windows, so memory stays bounded
 * whatever the table's size. Not thread-safe.
 */
final class SharedStrings implements Closeable {

    private static final int WINDOW = 1 << 16;

    private final List<String> memory = new ArrayList<>();
    private long memoryChars;
    private Path dataFile;
    private Path indexFile;
    private DataOutputStream data;
    private DataOutputStream index;
    private long written;
    private int count;
    private Window dataWindow;
    private Window indexWindow;

    private SharedStrings() {
    }

    /** @return an empty table, for a workbook without one */
    static SharedStrings none() {
        return new SharedStrings();
    }

    /**
     * @param part   the shared strings part, or null
     * @param limits the limits
     * @return the table
     */
    static SharedStrings read(XmlPart part, Limits limits) throws IOException {
        SharedStrings table = new SharedStrings();
        if (part == null) {
            return table;
        }
        try {
            StringBuilder sb = new StringBuilder();
            int depthInPhonetic = 0;
            boolean inText = false;
            boolean inItem = false;
            while (part.hasNext()) {
                int event = part.next();
                if (event == XMLStreamConstants.START_ELEMENT) {
                    String local = part.local();
                    if (local.equals("si")) {
                        sb.setLength(0);
                        inItem = true;
                    } else if (local.equals("rPh")) {
                        depthInPhonetic++;
                    } else if (local.equals("t") && inItem && depthInPhonetic == 0) {
                        inText = true;
                    }
                } else if (event == XMLStreamConstants.END_ELEMENT) {
                    String local = part.local();
                    if (local.equals("si")) {
                        table.add(XString.decode(sb.toString()), limits);
                        inItem = false;
                    } else if (local.equals("rPh")) {
                        depthInPhonetic--;
                    } else if (local.equals("t")) {
                        inText = false;
                    }
                } else if (inText && (event == XMLStreamConstants.CHARACTERS || event == XMLStreamConstants.CDATA
                        || event == XMLStreamConstants.SPACE)) {
                    part.appendText(sb, limits.maxValueLength());
                }
            }
            table.finish();
            return table;
        } catch (IOException | RuntimeException e) {
            table.close();
            throw e;
        } finally {
            part.close();
        }
    }

    private void add(String s, Limits limits) throws IOException {
        if (data == null && memoryChars + s.length() > limits.sharedStringsInMemory()) {
            spill();
        }
        if (data == null) {
            memory.add(s);
            memoryChars += s.length();
        } else {
            write(s);
        }
        count++;
    }

    private void spill() throws IOException {
        dataFile = Files.createTempFile("rollcall-xlsx-strings-", ".bin");
        indexFile = Files.createTempFile("rollcall-xlsx-index-", ".bin");
        data = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(dataFile), WINDOW));
        index = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(indexFile), WINDOW));
        for (String s : memory) {
            write(s);
        }
        memory.clear();
        memoryChars = 0;
    }

    private void write(String s) throws IOException {
        index.writeLong(written);
        data.writeChars(s);
        written += 2L * s.length();
    }

    private void finish() throws IOException {
        if (data != null) {
            index.writeLong(written);
            data.close();
            index.close();
            dataWindow = new Window(FileChannel.open(dataFile, StandardOpenOption.READ));
            indexWindow = new Window(FileChannel.open(indexFile, StandardOpenOption.READ));
        }
    }

    /** @return how many strings the table has */
    int size() {
        return count;
    }

    /** @return whether the table was spilled to disk */
    boolean spilled() {
        return dataFile != null;
    }

    /**
     * @param i an index as a cell holds it
     * @return the string
     * @throws UploadFileException when the index is outside the table
     */
    String get(int i) throws IOException {
        if (i < 0 || i >= count) {
            throw new UploadFileException(Codes.MALFORMED_FILE, 0, 0, "a cell names shared string " + i
                    + " but the workbook has " + count + "; save the workbook again in Excel");
        }
        if (dataWindow == null) {
            return memory.get(i);
        }
        long start = indexWindow.at(8L * i, 16).getLong();
        long end = indexWindow.buffer().getLong();
        int chars = (int) ((end - start) / 2);
        if (2L * chars <= WINDOW) {
            return dataWindow.at(start, 2 * chars).asCharBuffer().limit(chars).toString();
        }
        ByteBuffer big = ByteBuffer.allocate(2 * chars);
        dataWindow.channel.read(big, start);
        big.flip();
        return big.asCharBuffer().toString();
    }

    @Override
    public void close() throws IOException {
        try {
            if (data != null) {
                data.close();
                index.close();
            }
            if (dataWindow != null) {
                dataWindow.channel.close();
                indexWindow.channel.close();
            }
        } finally {
            if (dataFile != null) {
                Files.deleteIfExists(dataFile);
                Files.deleteIfExists(indexFile);
            }
        }
    }

    /** A read-ahead window over a file: most look-ups fall in the window the last one read. */
    private static final class Window {
        final FileChannel channel;
        private final ByteBuffer buffer = ByteBuffer.allocate(WINDOW);
        private long start = -1;

        Window(FileChannel channel) {
            this.channel = channel;
            buffer.limit(0);
        }

        /** @return the buffer positioned at {@code position}, with at least {@code length} bytes after it */
        ByteBuffer at(long position, int length) throws IOException {
            if (start < 0 || position < start || position + length > start + buffer.limit()) {
                buffer.clear();
                start = position;
                while (buffer.position() < length && channel.read(buffer, start + buffer.position()) > 0) {
                    // fill at least what is needed; the rest of the window is read ahead
                }
                buffer.flip();
            }
            buffer.position((int) (position - start));
            return buffer;
        }

        ByteBuffer buffer() {
            return buffer;
        }
    }
}
