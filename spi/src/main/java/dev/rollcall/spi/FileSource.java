package dev.rollcall.spi;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDate;
import java.util.List;

/**
 * Where a scheduled upload finds its files (seeds 000 and 002): one fixed file that is read
 * and kept, or a folder whose files are taken. Rollcall's core provides local sources, the
 * {@code rollcall-sftp} module SFTP ones; a host may write its own (object storage, say).
 *
 * <p>A source only lists, reads and deletes. Everything that makes feeds safe is Rollcall's
 * job, the same for every source: a taken file is first copied into a durable inbox and
 * synced, and only then {@link Connection#delete deleted} here; a file whose size or
 * modification time still changes between two listings is left alone; a kept file is read
 * again only when its content changed. So an implementation needs no state of its own.
 *
 * <p>Implementations are immutable and thread-safe; each {@link #connect()} returns an
 * independent connection, used by one run at a time.
 */
public interface FileSource {

    /** What happens to a file at the source once Rollcall has it safely. */
    enum Disposition {
        /**
         * A fixed file: read at every run, processed only when its content changed, and never
         * deleted (seed 000: "the system will not delete the CSV file after processing it").
         */
        KEEP,
        /**
         * A watched folder: each new file is copied into the inbox and then deleted here
         * (seed 000: "delete the file once it is queued for processing").
         */
        TAKE
    }

    /** @return a description for logs, reports and emails, e.g. {@code sftp://feeds.example.com/data/}; never credentials */
    String describe();

    /** @return whether files are kept (a fixed file) or taken (a folder) */
    Disposition disposition();

    /**
     * The file or folder a run on {@code date} reads, with any {@link FileNamePattern} resolved:
     * {@code data/acme_20150914.csv} for {@code data/acme_$yyyy$mm$dd.csv} on 14 September 2015
     * (seed 002's preview below the file name field).
     *
     * @param date the run's date, in the job's time zone
     * @return the resolved name
     */
    String preview(LocalDate date);

    /**
     * Opens a connection for one run (a session on a remote server; nothing for a local
     * folder).
     *
     * @return a connection; the caller closes it
     * @throws IOException       when the source cannot be reached
     * @throws RollcallException with a stable code when it refuses to connect: an unknown or
     *                           changed SFTP host key ({@link Codes#HOST_KEY_UNKNOWN},
     *                           {@link Codes#HOST_KEY_CHANGED}), credentials the server
     *                           refuses ({@link Codes#AUTHENTICATION_FAILED})
     */
    Connection connect() throws IOException;

    /**
     * One run's access to a source. Not thread-safe.
     */
    interface Connection extends Closeable {

        /**
         * Lists the files a run on {@code date} may read. For a {@link Disposition#KEEP KEEP}
         * source: the fixed file, if it exists now (at most one entry). For a
         * {@link Disposition#TAKE TAKE} source: the regular files of the folder (not
         * sub-folders), in any order; Rollcall itself leaves out hidden files and names that
         * mark a file still being written ({@code .part}, {@code .tmp}, …).
         *
         * @param date the run's date, in the job's time zone, for dated file names
         * @return the files; never null
         * @throws IOException when listing fails (a missing folder, a lost connection)
         */
        List<SourceFile> list(LocalDate date) throws IOException;

        /**
         * @param file a file {@link #list} returned
         * @return its bytes; the caller closes the stream
         * @throws IOException when it cannot be read
         */
        InputStream open(SourceFile file) throws IOException;

        /**
         * Deletes a file of a {@link Disposition#TAKE TAKE} source. Rollcall calls it only after
         * the file is durably in its inbox. Deleting a file that is already gone is not an
         * error.
         *
         * @param file a file {@link #list} returned
         * @throws IOException                   when it cannot be deleted
         * @throws UnsupportedOperationException for a {@link Disposition#KEEP KEEP} source,
         *                                       whose files are never deleted (the default)
         */
        default void delete(SourceFile file) throws IOException {
            throw new UnsupportedOperationException("this source keeps its files: " + file.path() + " is never deleted");
        }
    }
}
