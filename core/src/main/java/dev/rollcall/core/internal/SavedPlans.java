package dev.rollcall.core.internal;

import dev.rollcall.core.UploadMode;
import dev.rollcall.spi.Problem;
import dev.rollcall.spi.Severity;
import dev.rollcall.spi.UploadFormat;
import dev.rollcall.spi.UploadSummary;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a saved plan file holds, inside the signed container of {@link PlanFile}: the file's
 * name, the upload mode, the format's name, the header, the file's problems and a safety stop,
 * the counters, and the entries.
 */
public final class SavedPlans {

    private SavedPlans() {
    }

    /**
     * A saved plan, read back.
     *
     * @param source     the planned file's name
     * @param mode       the upload mode it was planned with
     * @param formatName the format's name, "" when it had none
     * @param data       the entries, counters and problems
     */
    public record Contents(String source, UploadMode mode, String formatName, PlanData data) implements AutoCloseable {

        /** Deletes the temporary file the entries may be kept in. */
        @Override
        public void close() {
            data.store().close();
        }
    }

    /**
     * @param settings the planner's settings
     * @return the key saved plans are signed under: the builder's, else the repository's
     * @throws IllegalStateException when neither gives one
     */
    public static byte[] key(Settings settings) {
        if (settings.planKey() != null) {
            return settings.planKey();
        }
        return settings.repository().planKey().orElseThrow(() -> new IllegalStateException("the repository keeps "
                + "no key for saved plans (UserRepository.planKey()); give one with UploadPlan.builder().planKey(..)"));
    }

    /**
     * Saves a plan, signed under {@code key}.
     *
     * @throws java.io.UncheckedIOException when writing fails
     */
    public static void write(Path file, byte[] key, String source, UploadMode mode, UploadFormat format, PlanData data) {
        PlanFile.write(file, key, (out, cipher) -> {
            out.writeUTF(source);
            out.writeUTF(mode.name());
            out.writeUTF(format == null ? "" : format.name());
            out.writeInt(data.columns().size());
            for (String c : data.columns()) {
                out.writeUTF(c);
            }
            out.writeInt(data.fileProblems().size());
            for (Problem p : data.fileProblems()) {
                writeProblem(out, p);
            }
            out.writeBoolean(data.safetyStop() != null);
            if (data.safetyStop() != null) {
                writeProblem(out, data.safetyStop());
            }
            UploadSummary s = data.summary();
            for (long v : new long[] {s.rows(), s.created(), s.updated(), s.renamed(), s.activated(), s.deactivated(),
                    s.deleted(), s.unchanged(), s.skipped(), s.rejected(), s.failed(), s.notAttempted(), s.weakPasswords()}) {
                out.writeLong(v);
            }
            data.store().writeTo(out, cipher);
        });
    }

    /**
     * Reads a plan saved by {@link #write}, once its signature shows it is as it was saved,
     * under {@code key}.
     *
     * @throws dev.rollcall.spi.RollcallException see {@link PlanFile#read}
     */
    public static Contents read(Path file, byte[] key) {
        return PlanFile.read(file, key, (in, cipher) -> {
            String source = in.readUTF();
            UploadMode mode = UploadMode.valueOf(in.readUTF());
            String formatName = in.readUTF();
            List<String> columns = new ArrayList<>();
            for (int i = in.readInt(); i > 0; i--) {
                columns.add(in.readUTF());
            }
            List<Problem> problems = new ArrayList<>();
            for (int i = in.readInt(); i > 0; i--) {
                problems.add(readProblem(in));
            }
            Problem stop = in.readBoolean() ? readProblem(in) : null;
            long[] v = new long[13];
            for (int i = 0; i < v.length; i++) {
                v[i] = in.readLong();
            }
            UploadSummary summary = new UploadSummary(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10],
                    v[11], v[12]);
            EntryStore store = EntryStore.readFrom(in, cipher);
            return new Contents(source, mode, formatName, new PlanData(store, summary, problems, columns, stop));
        });
    }

    private static void writeProblem(DataOutputStream out, Problem p) throws IOException {
        out.writeByte(p.severity().ordinal());
        out.writeUTF(p.code());
        out.writeLong(p.line());
        out.writeUTF(p.column() == null ? "\u0000" : p.column());
        out.writeUTF(p.field() == null ? "\u0000" : p.field());
        out.writeUTF(p.message());
    }

    private static Problem readProblem(DataInputStream in) throws IOException {
        Severity severity = Severity.values()[in.readByte()];
        String code = in.readUTF();
        long line = in.readLong();
        String column = in.readUTF();
        String field = in.readUTF();
        return new Problem(severity, code, line, column.equals("\u0000") ? null : column,
                field.equals("\u0000") ? null : field, in.readUTF());
    }
}
