package dev.rollcall.core.internal;

import dev.rollcall.core.Action;
import dev.rollcall.core.FieldChange;
import dev.rollcall.core.PlannedChange;
import dev.rollcall.spi.Membership;
import dev.rollcall.spi.MembershipKind;
import dev.rollcall.spi.PasswordChange;
import dev.rollcall.spi.Problem;
import dev.rollcall.spi.Secret;
import dev.rollcall.spi.Severity;

import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.ref.Cleaner;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;

/**
 * The entries of one plan, in order, with the raw values of its rejected rows (for error
 * files). While there are few they stay in memory; past a threshold they move to a
 * temporary file and stay there, so a plan of a million rows never holds a million objects.
 * The file is read back by position (an index of offsets, 8 bytes an entry) or streamed in
 * order.
 *
 * <p>Passwords and the values of sensitive fields are written encrypted (AES-GCM) under a
 * key that exists only in this process's memory; no secret reaches the disk in plain text.
 * A saved plan ({@link #writeTo}) encrypts them under a key of the store's instead. The
 * file is deleted when the store is closed, or when it becomes unreachable.
 *
 * <p>Appending is single-threaded; once {@link #seal() sealed}, reading is thread-safe.
 */
public final class EntryStore implements AutoCloseable {

    /**
     * How many entries stay in memory before the store moves to disk: 20,000, or the system
     * property {@code rollcall.plan.memoryLimit} (the build runs the planner's tests with 1 too,
     * so every plan goes to disk).
     */
    public static final int DEFAULT_MEMORY_LIMIT = Integer.getInteger("rollcall.plan.memoryLimit", 20_000);

    private static final Cleaner CLEANER = Cleaner.create();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final int memoryLimit;
    private final SecretKey key;
    private List<PlannedChange> memory = new ArrayList<>();
    private Map<Integer, List<String>> memoryRaw = new HashMap<>();
    private Path file;
    /** the temporary file, written in blocks from {@link #pending} */
    private OutputStream out;
    private long written;
    private long[] offsets = new long[0];
    private int appended;
    /** encoded entries not yet in the file: one write to it per {@link #BLOCK} bytes */
    private Bytes pending;
    private static final int BLOCK = 1 << 16;
    private int size;
    private boolean sealed;
    private FileChannel channel;
    private Cleaner.Cleanable cleanable;

    /** A store that moves to disk past {@link #DEFAULT_MEMORY_LIMIT} entries. */
    public EntryStore() {
        this(DEFAULT_MEMORY_LIMIT);
    }

    /** @param memoryLimit how many entries stay in memory before the store moves to disk */
    public EntryStore(int memoryLimit) {
        this.memoryLimit = memoryLimit;
        try {
            KeyGenerator g = KeyGenerator.getInstance("AES");
            g.init(128, RANDOM);
            this.key = g.generateKey();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES is not available", e);
        }
    }

    /**
     * @param entries entries to hold, in memory (small plans and tests)
     * @return a sealed store of them
     */
    public static EntryStore of(List<PlannedChange> entries) {
        EntryStore s = new EntryStore(Integer.MAX_VALUE);
        entries.forEach(e -> s.add(e, null));
        return s.seal();
    }

    /**
     * @param entry     the next entry
     * @param rawValues for a rejected row, its values exactly as read (null for a blank cell);
     *                  otherwise null
     */
    public void add(PlannedChange entry, List<String> rawValues) {
        if (sealed) {
            throw new IllegalStateException("the store is sealed");
        }
        try {
            if (file == null && size < memoryLimit) {
                memory.add(entry);
                if (rawValues != null) {
                    memoryRaw.put(size, rawValues);
                }
            } else {
                if (file == null) {
                    spill();
                }
                append(entry, rawValues);
            }
            size++;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the plan to its temporary file", e);
        }
    }

    private void spill() throws IOException {
        file = Files.createTempFile("rollcall-plan-", ".bin");
        Path toDelete = file;
        cleanable = CLEANER.register(this, () -> {
            try {
                Files.deleteIfExists(toDelete);
            } catch (IOException ignored) {
                // a temporary file; the OS cleans its temporary folder
            }
        });
        toDelete.toFile().deleteOnExit();
        out = Files.newOutputStream(file);
        pending = new Bytes(BLOCK + 4096);
        for (int i = 0; i < memory.size(); i++) {
            append(memory.get(i), memoryRaw.get(i));
        }
        memory = null;
        memoryRaw = null;
    }

    private void append(PlannedChange e, List<String> raw) throws IOException {
        if (appended == offsets.length) {
            offsets = Arrays.copyOf(offsets, Math.max(1024, offsets.length * 2));
        }
        offsets[appended++] = written;
        int before = pending.size();
        write(pending, e, raw, key);
        written += pending.size() - before;
        if (pending.size() >= BLOCK) {
            flushPending();
        }
    }

    private void flushPending() throws IOException {
        pending.writeTo(out);
        pending.reset();
    }

    /**
     * Ends appending.
     *
     * @return this store
     */
    public EntryStore seal() {
        if (sealed) {
            return this;
        }
        sealed = true;
        if (file != null) {
            try {
                flushPending();
                out.close();
                channel = FileChannel.open(file, StandardOpenOption.READ);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the plan's temporary file", e);
            }
        }
        return this;
    }

    /** @return the number of entries */
    public int size() {
        return size;
    }

    /** @return the temporary file, once the entries are on disk */
    public java.util.Optional<Path> file() {
        return java.util.Optional.ofNullable(file);
    }

    /** @return whether the entries are on disk */
    public boolean onDisk() {
        return file != null;
    }

    /**
     * @param index an entry's position
     * @return the entry
     */
    public PlannedChange get(int index) {
        Objects.checkIndex(index, size);
        if (file == null) {
            return memory.get(index);
        }
        return readAt(index).entry;
    }

    /**
     * @param index an entry's position
     * @return the raw values of a rejected row, or null
     */
    public List<String> rawValues(int index) {
        Objects.checkIndex(index, size);
        if (file == null) {
            return memoryRaw.get(index);
        }
        return readAt(index).raw;
    }

    private record Read(PlannedChange entry, List<String> raw) {
    }

    private Read readAt(int index) {
        requireSealed();
        long start = offsets[index];
        long end = index + 1 < size ? offsets[index + 1] : written;
        ByteBuffer buffer = ByteBuffer.allocate((int) (end - start));
        try {
            while (buffer.hasRemaining()) {
                if (channel.read(buffer, start + buffer.position()) < 0) {
                    throw new EOFException("the plan's temporary file ends early");
                }
            }
            DataInputStream d = new DataInputStream(new ByteArrayInputStream(buffer.array()));
            return read(d, key);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the plan's temporary file", e);
        }
    }

    /** @return the entries in order, streamed from disk when they are there */
    public Iterator<PlannedChange> iterator() {
        if (file == null) {
            return memory.iterator();
        }
        requireSealed();
        DataInputStream d = new DataInputStream(new BufferedInputStream(stream(), 1 << 16));
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                if (next >= size) {
                    close(d);
                    return false;
                }
                return true;
            }

            @Override
            public PlannedChange next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                try {
                    next++;
                    return read(d, key).entry;
                } catch (IOException e) {
                    close(d);
                    throw new UncheckedIOException("cannot read the plan's temporary file", e);
                }
            }
        };
    }

    private InputStream stream() {
        try {
            return Channels.newInputStream(FileChannel.open(file, StandardOpenOption.READ));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the plan's temporary file", e);
        }
    }

    private static void close(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // reading is over
        }
    }

    private void requireSealed() {
        if (!sealed) {
            throw new IllegalStateException("the store is still being written");
        }
    }

    @Override
    public void close() {
        try {
            if (out != null) {
                out.close();
            }
            if (channel != null) {
                channel.close();
            }
        } catch (IOException ignored) {
            // closing a temporary file
        }
        if (cleanable != null) {
            cleanable.clean();
        }
    }

    // ---------------------------------------------------------------- plan files

    /**
     * Writes the entries, in order, with their raw values, for a saved plan file. Passwords
     * and the values of sensitive fields are encrypted under {@code cipher}.
     *
     * @param out    where to write
     * @param cipher the AES key of the plan file
     */
    public void writeTo(DataOutputStream out, SecretKey cipher) throws IOException {
        requireSealed();
        out.writeInt(size);
        Iterator<PlannedChange> it = iterator();
        Bytes entry = new Bytes(256);
        for (int i = 0; i < size; i++) {
            entry.reset();
            write(entry, it.next(), rawValues(i), cipher);
            entry.writeTo(out);
        }
    }

    /**
     * Reads entries written by {@link #writeTo}.
     *
     * @param in     where to read
     * @param cipher the AES key they were written with
     * @return a sealed store of them
     */
    public static EntryStore readFrom(DataInputStream in, SecretKey cipher) throws IOException {
        EntryStore store = new EntryStore();
        try {
            int n = in.readInt();
            for (int i = 0; i < n; i++) {
                Read r = read(in, cipher);
                store.add(r.entry, r.raw);
            }
        } catch (IOException | RuntimeException e) {
            store.close();
            throw e;
        }
        return store.seal();
    }

    // ---------------------------------------------------------------- the encoding

    private static void write(Bytes d, PlannedChange e, List<String> raw, SecretKey key) {
        d.writeLong(e.line());
        d.writeByte(e.action().ordinal());
        string(d, e.userId());
        string(d, e.username());
        d.writeLong(e.expectedVersion());
        d.writeInt(e.changes().size());
        for (FieldChange c : e.changes()) {
            string(d, c.field());
            d.writeBoolean(c.sensitive());
            if (c.sensitive()) {
                sealed(d, c.from(), key);
                sealed(d, c.to(), key);
            } else {
                string(d, c.from());
                string(d, c.to());
            }
        }
        memberships(d, e.addMemberships());
        memberships(d, e.removeMemberships());
        d.writeInt(e.messages().size());
        for (Problem p : e.messages()) {
            d.writeByte(p.severity().ordinal());
            string(d, p.code());
            d.writeLong(p.line());
            string(d, p.column());
            string(d, p.field());
            string(d, p.message());
        }
        PasswordChange pw = e.password();
        d.writeByte((pw.newPassword() != null ? 1 : 0) | (pw.generate() ? 2 : 0) | (pw.forceChange() ? 4 : 0)
                | (pw.reset() ? 8 : 0));
        if (pw.newPassword() != null) {
            char[] chars = pw.newPassword().reveal();
            byte[] plain = new String(chars).getBytes(StandardCharsets.UTF_8);
            Arrays.fill(chars, '\0');
            try {
                byte[] sealedSecret = encrypt(plain, key);
                d.writeInt(sealedSecret.length);
                d.write(sealedSecret);
            } finally {
                Arrays.fill(plain, (byte) 0);
            }
        }
        d.writeBoolean(e.welcome());
        d.writeBoolean(e.weakPassword());
        if (raw == null) {
            d.writeInt(-1);
        } else {
            d.writeInt(raw.size());
            for (String v : raw) {
                string(d, v);
            }
        }
    }

    private static Read read(DataInputStream d, SecretKey key) throws IOException {
        long line = d.readLong();
        Action action = Action.values()[d.readByte()];
        String userId = string(d);
        String username = string(d);
        long version = d.readLong();
        int n = d.readInt();
        List<FieldChange> changes = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String field = string(d);
            boolean sensitive = d.readBoolean();
            changes.add(sensitive ? new FieldChange(field, sealed(d, key), sealed(d, key), true)
                    : new FieldChange(field, string(d), string(d), false));
        }
        Set<Membership> add = memberships(d);
        Set<Membership> remove = memberships(d);
        n = d.readInt();
        List<Problem> messages = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            messages.add(new Problem(Severity.values()[d.readByte()], string(d), d.readLong(), string(d), string(d),
                    string(d)));
        }
        int flags = d.readByte();
        Secret secret = null;
        if ((flags & 1) != 0) {
            byte[] sealedSecret = new byte[d.readInt()];
            d.readFully(sealedSecret);
            byte[] plain = decrypt(sealedSecret, key);
            secret = Secret.of(new String(plain, StandardCharsets.UTF_8));
            Arrays.fill(plain, (byte) 0);
        }
        PasswordChange pw = secret == null && flags == 0 ? PasswordChange.NONE
                : new PasswordChange(secret, (flags & 2) != 0, (flags & 4) != 0, (flags & 8) != 0);
        boolean welcome = d.readBoolean();
        boolean weak = d.readBoolean();
        n = d.readInt();
        List<String> raw = null;
        if (n >= 0) {
            raw = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                raw.add(string(d));
            }
            raw = java.util.Collections.unmodifiableList(raw);
        }
        return new Read(new PlannedChange(line, action, userId, username, version, changes, add, remove, messages, pw,
                welcome, weak), raw);
    }

    private static void memberships(Bytes d, Set<Membership> set) {
        d.writeInt(set.size());
        for (Membership m : set) {
            d.writeByte(m.kind().ordinal());
            string(d, m.target());
            string(d, m.role());
            string(d, m.status());
            string(d, m.start() == null ? null : m.start().toString());
            string(d, m.end() == null ? null : m.end().toString());
        }
    }

    private static Set<Membership> memberships(DataInputStream d) throws IOException {
        int n = d.readInt();
        if (n == 0) {
            return Set.of();
        }
        Membership[] out = new Membership[n];
        for (int i = 0; i < n; i++) {
            MembershipKind kind = MembershipKind.values()[d.readByte()];
            String target = string(d);
            String role = string(d);
            String status = string(d);
            String start = string(d);
            String end = string(d);
            out[i] = new Membership(kind, target, role, status, start == null ? null : LocalDate.parse(start),
                    end == null ? null : LocalDate.parse(end));
        }
        return Set.of(out);
    }

    private static void string(Bytes d, String s) {
        d.writeString(s);
    }

    private static String string(DataInputStream d) throws IOException {
        int n = d.readInt();
        if (n < 0) {
            return null;
        }
        byte[] b = new byte[n];
        d.readFully(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    /** Writes a value encrypted: its length and {@link #encrypt} of it, or -1 for null. */
    private static void sealed(Bytes d, String value, SecretKey key) {
        if (value == null) {
            d.writeInt(-1);
            return;
        }
        byte[] sealedValue = encrypt(value.getBytes(StandardCharsets.UTF_8), key);
        d.writeInt(sealedValue.length);
        d.write(sealedValue);
    }

    private static String sealed(DataInputStream d, SecretKey key) throws IOException {
        int n = d.readInt();
        if (n < 0) {
            return null;
        }
        byte[] sealedValue = new byte[n];
        d.readFully(sealedValue);
        return new String(decrypt(sealedValue, key), StandardCharsets.UTF_8);
    }

    /** @return a fresh 12-byte IV, then the AES-GCM ciphertext and tag */
    private static byte[] encrypt(byte[] plain, SecretKey key) {
        try {
            byte[] iv = new byte[12];
            RANDOM.nextBytes(iv);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
            byte[] ct = c.doFinal(plain);
            byte[] out = new byte[iv.length + ct.length];
            System.arraycopy(iv, 0, out, 0, iv.length);
            System.arraycopy(ct, 0, out, iv.length, ct.length);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encrypt a secret of the plan", e);
        }
    }

    private static byte[] decrypt(byte[] sealedValue, SecretKey key) {
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, sealedValue, 0, 12));
            return c.doFinal(sealedValue, 12, sealedValue.length - 12);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("a secret of the plan does not decrypt", e);
        }
    }
}
