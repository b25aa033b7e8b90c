package dev.rollcall.core.internal;

import dev.rollcall.spi.RowReader;
import dev.rollcall.spi.UploadRow;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Reads a file's rows on a thread of its own, a chunk ahead of the planner, so parsing and
 * planning use two cores. Order is kept exactly: rows come out as the format read them, and
 * a failure of the format (an unclosed quote at line 90,000) comes out after every row read
 * before it, never earlier and never lost. At most {@value #CHUNKS} chunks of
 * {@value #CHUNK} rows wait, so memory stays small. Used by one consumer thread.
 */
public final class PrefetchingRowReader implements RowReader {

    static final int CHUNK = 1024;
    static final int CHUNKS = 4;

    /** A chunk of rows, or the end of the file, or the failure that ended reading. */
    private record Chunk(List<UploadRow> rows, Throwable failure, boolean end) {
    }

    private final RowReader source;
    private final BlockingQueue<Chunk> queue = new ArrayBlockingQueue<>(CHUNKS);
    private final Thread thread;
    private volatile boolean closed;
    private List<UploadRow> current = List.of();
    private int position;
    private boolean finished;
    /** the failure that ended reading: thrown once the rows read before it are consumed */
    private Throwable failure;

    /** @param source the format's reader; read only by the prefetching thread from now on */
    public PrefetchingRowReader(RowReader source) {
        this.source = source;
        this.thread = new Thread(this::readAll, "rollcall-reader");
        thread.setDaemon(true);
        thread.start();
    }

    private void readAll() {
        try {
            List<UploadRow> chunk = new ArrayList<>(CHUNK);
            UploadRow row;
            while (!closed && (row = source.next()) != null) {
                chunk.add(row);
                if (chunk.size() == CHUNK) {
                    put(new Chunk(chunk, null, false));
                    chunk = new ArrayList<>(CHUNK);
                }
            }
            put(new Chunk(chunk, null, true));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            try {
                put(new Chunk(List.of(), t, true));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void put(Chunk c) throws InterruptedException {
        while (!closed) {
            if (queue.offer(c, 100, TimeUnit.MILLISECONDS)) {
                return;
            }
        }
    }

    @Override
    public List<String> columns() {
        return source.columns();
    }

    @Override
    public long headerLine() {
        return source.headerLine();
    }

    @Override
    public UploadRow next() throws IOException {
        while (position == current.size()) {
            if (failure != null) {
                rethrow(failure);
            }
            if (finished) {
                return null;
            }
            Chunk c;
            try {
                c = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while reading the file");
            }
            current = c.rows();
            position = 0;
            finished = c.end();
            failure = c.failure();
        }
        return current.get(position++);
    }

    private static void rethrow(Throwable t) throws IOException {
        if (t instanceof IOException io) {
            throw io;
        }
        if (t instanceof RuntimeException re) {
            throw re;
        }
        if (t instanceof Error er) {
            throw er;
        }
        throw new UncheckedIOException(new IOException(t));
    }

    @Override
    public void close() throws IOException {
        closed = true;
        thread.interrupt();
        queue.clear();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        source.close();
    }
}
