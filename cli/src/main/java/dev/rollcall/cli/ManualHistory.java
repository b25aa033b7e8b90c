package dev.rollcall.cli;

import dev.rollcall.core.UploadResult;
import dev.rollcall.jobs.FileResult;
import dev.rollcall.jobs.JdbcJobStore;
import dev.rollcall.jobs.RunRecord;
import dev.rollcall.spi.JobCompletion;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Records an upload applied by hand ({@code rollcall apply}) in the job history, with who
 * applied it, so that {@code rollcall jobs history} answers "what changed these accounts, and
 * when" for feeds and people alike.
 */
final class ManualHistory {

    /** The label of such entries in the history. */
    static final String LABEL = "rollcall apply";

    private ManualHistory() {
    }

    /** @return who applies by default: the operating system's user name */
    static String defaultUser() {
        return System.getProperty("user.name", "unknown");
    }

    /**
     * Records the applied upload; a failure to record is reported, never more (the upload is applied).
     *
     * @param database   the database of the store it was applied to (Rollcall's own, or the host's
     *                   with {@code --store-mapping}); the history's tables are made there on first use
     * @param file       the upload (or saved plan) file
     * @param result     what was applied
     * @param errorFile  the error file written, if any
     * @param by         who applied it
     * @param started    when applying started
     * @param err        where a failure to record is reported
     */
    static void record(DataSource database, Path file, UploadResult result, Optional<Path> errorFile, String by,
                       Instant started, PrintWriter err) {
        try {
            long size = -1;
            String sha256 = "";
            try (InputStream in = Files.newInputStream(file)) {
                MessageDigest md = MessageDigest.getInstance("SHA-256");
                byte[] buffer = new byte[1 << 16];
                size = 0;
                for (int n; (n = in.read(buffer)) >= 0; size += n) {
                    md.update(buffer, 0, n);
                }
                sha256 = HexFormat.of().formatHex(md.digest());
            } catch (IOException | NoSuchAlgorithmException e) {
                size = -1;
            }
            Instant now = Instant.now();
            FileResult f = new FileResult(file.getFileName().toString(), size, sha256, JobCompletion.Status.APPLIED,
                    result.summary(), result.summary().describe(), List.of(), errorFile, now);
            JdbcJobStore.create(database).recordManual(new RunRecord(LABEL, started, started, now,
                    RunRecord.Outcome.PROCESSED, List.of(f), List.of()), by);
        } catch (RuntimeException e) {
            err.println("rollcall: the upload was applied, but it could not be recorded in the job history ("
                    + e.getMessage() + ")");
        }
    }
}
