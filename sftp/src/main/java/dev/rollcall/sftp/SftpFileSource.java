package dev.rollcall.sftp;

import dev.rollcall.sftp.internal.StrictKnownHosts;
import dev.rollcall.spi.Codes;
import dev.rollcall.spi.FileNamePattern;
import dev.rollcall.spi.FileSource;
import dev.rollcall.spi.RollcallException;
import dev.rollcall.spi.Secret;
import dev.rollcall.spi.SourceFile;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.config.hosts.HostConfigEntryResolver;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.FilePasswordProvider;
import org.apache.sshd.common.keyprovider.KeyIdentityProvider;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClientFactory;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A {@link FileSource} on an SFTP server (seed 002's "Upload from Sftp server"): a fixed
 * file, possibly with a dated name ({@code data/acme_$yyyy$mm$dd.csv}), read and never
 * deleted; or a folder ({@code data/}) whose files are taken. Rollcall's job runner gives
 * both the same guarantees as local sources: a folder's file is in the local inbox, synced,
 * before it is deleted on the server; a fixed file is processed only when its content changed.
 *
 * <pre>{@code
 * FileSource hr = SftpFileSource.builder()
 *         .host("sftp.hr.example.com").username("rollcall")
 *         .privateKey(Path.of("/etc/rollcall/id_ed25519"))
 *         .knownHosts(Path.of("/etc/rollcall/known_hosts"))
 *         .folder("outgoing/")
 *         .build();
 * }</pre>
 *
 * <h2>Host keys</h2>
 * The server's key must be in the {@link Builder#knownHosts known hosts file} (OpenSSH's
 * format; {@code ssh-keyscan -p PORT HOST} prints the lines, to be checked against the
 * fingerprint the server's administrator gives). An unknown key ({@link Codes#HOST_KEY_UNKNOWN})
 * or a changed one ({@link Codes#HOST_KEY_CHANGED}) is refused with its fingerprint, never
 * trusted and never added to the file.
 *
 * <h2>Credentials</h2>
 * A password, a private key (OpenSSH or PEM, possibly with a passphrase), or both. They are
 * kept as {@link Secret}s and never appear in {@link #describe()}, {@code toString()}, logs or
 * messages. (MINA SSHD's API takes the password and passphrase as strings; they are made
 * only for the login.)
 *
 * <p>Immutable and thread-safe; each {@link #connect()} opens its own SSH session.
 */
public final class SftpFileSource implements FileSource {

    private static final Logger LOG = LoggerFactory.getLogger(SftpFileSource.class);

    private final String host;
    private final int port;
    private final String username;
    private final Secret password;
    private final Path privateKey;
    private final Secret keyPassphrase;
    private final Path knownHosts;
    private final FileNamePattern file;
    private final String folder;
    private final Duration timeout;

    private SftpFileSource(Builder b) {
        this.host = b.host;
        this.port = b.port == null ? 22 : b.port;
        this.username = b.username;
        this.password = b.password;
        this.privateKey = b.privateKey;
        this.keyPassphrase = b.keyPassphrase;
        this.knownHosts = b.knownHosts;
        this.file = b.file;
        this.folder = b.folder;
        this.timeout = b.timeout == null ? Duration.ofSeconds(30) : b.timeout;
    }

    /** @return a builder */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String describe() {
        return "sftp://" + username + "@" + host + (port == 22 ? "" : ":" + port) + "/"
                + (file != null ? file.pattern() : folder + "/");
    }

    @Override
    public Disposition disposition() {
        return file != null ? Disposition.KEEP : Disposition.TAKE;
    }

    @Override
    public String preview(LocalDate date) {
        return file != null ? file.resolve(date) : folder + "/";
    }

    @Override
    public Connection connect() throws IOException {
        if (!Files.isRegularFile(knownHosts)) {
            throw new RollcallException(Codes.HOST_KEY_UNKNOWN, "the known hosts file " + knownHosts + " does not exist: "
                    + "without it no SFTP server is trusted (create it with the server's checked key, e.g. with ssh-keyscan)");
        }
        SshClient client = SshClient.setUpDefaultClient();
        StrictKnownHosts verifier = new StrictKnownHosts(knownHosts);
        client.setServerKeyVerifier(verifier);
        client.setHostConfigEntryResolver(HostConfigEntryResolver.EMPTY);   // never ~/.ssh/config
        client.setKeyIdentityProvider(KeyIdentityProvider.EMPTY_KEYS_PROVIDER); // never ~/.ssh/id_*
        client.start();
        ClientSession session = null;
        try {
            try {
                session = client.connect(username, host, port).verify(timeout).getSession();
                addIdentities(session);
                session.auth().verify(timeout);
            } catch (IOException e) {
                StrictKnownHosts.Refused r = verifier.refused();
                if (r != null) {
                    throw hostKeyRefused(r);
                }
                if (session != null && session.isOpen() && !session.isAuthenticated()) {
                    throw new RollcallException(Codes.AUTHENTICATION_FAILED, "the SFTP server " + host + ":" + port
                            + " refused the credentials of " + username + " (" + e.getClass().getSimpleName() + ")");
                }
                throw e;
            }
            SftpClient sftp = SftpClientFactory.instance().createSftpClient(session);
            LOG.debug("connected to {}", describe());
            return new SftpConnection(client, session, sftp);
        } catch (IOException | RuntimeException e) {
            closeQuietly(session);
            client.stop();
            throw e;
        }
    }

    private RollcallException hostKeyRefused(StrictKnownHosts.Refused r) {
        String server = "the SFTP server " + host + ":" + port;
        String key = r.keyType() + " key " + r.fingerprint();
        switch (r.refusal()) {
            case UNKNOWN:
                return new RollcallException(Codes.HOST_KEY_UNKNOWN, server + " presented the " + key + ", which is not in "
                        + knownHosts + "; not connecting. If its administrator confirms this fingerprint, add the key to "
                        + "the known hosts file");
            case CHANGED:
                return new RollcallException(Codes.HOST_KEY_CHANGED, server + " presented the " + key + ", not the key "
                        + knownHosts + " holds for it; not connecting. The server was replaced, or someone is in between: "
                        + "ask its administrator before changing the known hosts file");
            default:
                return new RollcallException(Codes.HOST_KEY_CHANGED, server + " presented the " + key + ", which "
                        + knownHosts + " marks as revoked; not connecting");
        }
    }

    private void addIdentities(ClientSession session) throws IOException {
        if (privateKey != null) {
            if (!Files.isReadable(privateKey)) {
                throw new RollcallException(Codes.AUTHENTICATION_FAILED, "the private key file " + privateKey
                        + " does not exist or cannot be read");
            }
            FilePasswordProvider passphrase = keyPassphrase == null ? FilePasswordProvider.EMPTY
                    : FilePasswordProvider.of(new String(keyPassphrase.reveal()));
            try (InputStream in = Files.newInputStream(privateKey)) {
                Iterable<KeyPair> keys = SecurityUtils.loadKeyPairIdentities(session, NamedResource.ofName(privateKey.toString()),
                        in, passphrase);
                if (keys == null) {
                    throw new RollcallException(Codes.AUTHENTICATION_FAILED, "the private key file " + privateKey
                            + " holds no key");
                }
                for (KeyPair k : keys) {
                    session.addPublicKeyIdentity(k);
                }
            } catch (GeneralSecurityException | IOException e) {
                throw new RollcallException(Codes.AUTHENTICATION_FAILED, "the private key " + privateKey
                        + " cannot be read (a wrong passphrase?): " + e.getClass().getSimpleName());
            }
        }
        if (password != null) {
            char[] chars = password.reveal();
            try {
                session.addPasswordIdentity(new String(chars));
            } finally {
                java.util.Arrays.fill(chars, '\0');
            }
        }
    }

    private static void closeQuietly(ClientSession session) {
        if (session != null) {
            try {
                session.close();
            } catch (IOException e) {
                LOG.debug("closing an SSH session failed", e);
            }
        }
    }

    @Override
    public String toString() {
        return "SftpFileSource[" + describe() + "]";
    }

    /** One SSH session and its SFTP channel. */
    private final class SftpConnection implements Connection {
        private final SshClient client;
        private final ClientSession session;
        private final SftpClient sftp;

        SftpConnection(SshClient client, ClientSession session, SftpClient sftp) {
            this.client = client;
            this.session = session;
            this.sftp = sftp;
        }

        @Override
        public List<SourceFile> list(LocalDate date) throws IOException {
            if (file != null) {
                String path = file.resolve(date);
                SftpClient.Attributes a;
                try {
                    a = sftp.stat(path);
                } catch (SftpException e) {
                    if (e.getStatus() == SftpConstants.SSH_FX_NO_SUCH_FILE) {
                        return List.of();
                    }
                    throw e;
                }
                return a.isRegularFile() ? List.of(new SourceFile(path, a.getSize(), modified(a))) : List.of();
            }
            List<SourceFile> files = new ArrayList<>();
            try {
                for (SftpClient.DirEntry e : sftp.readDir(folder.isEmpty() ? "." : folder)) {
                    SftpClient.Attributes a = e.getAttributes();
                    if (a.isRegularFile() && !e.getFilename().equals(".") && !e.getFilename().equals("..")) {
                        files.add(new SourceFile(e.getFilename(), a.getSize(), modified(a)));
                    }
                }
            } catch (java.io.UncheckedIOException e) {
                throw e.getCause();   // the listing's iterator wraps the SFTP error
            }
            return files;
        }

        private Instant modified(SftpClient.Attributes a) {
            return a.getModifyTime() == null ? Instant.EPOCH : a.getModifyTime().toInstant();
        }

        private String path(SourceFile f) {
            if (file != null) {
                return f.path();
            }
            if (f.path().contains("/")) {
                throw new IllegalArgumentException("not a file of " + folder + ": " + f.path());
            }
            return folder.isEmpty() ? f.path() : folder + "/" + f.path();
        }

        @Override
        public InputStream open(SourceFile f) throws IOException {
            return sftp.read(path(f));
        }

        @Override
        public void delete(SourceFile f) throws IOException {
            if (file != null) {
                throw new UnsupportedOperationException("this source keeps its file: " + f.path() + " is never deleted");
            }
            try {
                sftp.remove(path(f));
            } catch (SftpException e) {
                if (e.getStatus() != SftpConstants.SSH_FX_NO_SUCH_FILE) {
                    throw e;
                }
            }
        }

        @Override
        public void close() throws IOException {
            try {
                sftp.close();
            } finally {
                try {
                    session.close();
                } finally {
                    client.stop();
                }
            }
        }
    }

    /**
     * Configures an {@link SftpFileSource}. Each setting may be given once. Not thread-safe.
     */
    public static final class Builder {
        private String host;
        private Integer port;
        private String username;
        private Secret password;
        private Path privateKey;
        private Secret keyPassphrase;
        private Path knownHosts;
        private FileNamePattern file;
        private String folder;
        private Duration timeout;

        private Builder() {
        }

        private static void once(Object current, String setting) {
            if (current != null) {
                throw new IllegalStateException(setting + " was already set");
            }
        }

        /** The server's host name or address (required). */
        public Builder host(String value) {
            Objects.requireNonNull(value, "host must not be null");
            once(host, "host");
            if (value.isBlank()) {
                throw new IllegalArgumentException("host must not be blank");
            }
            this.host = value.strip();
            return this;
        }

        /** The server's port (default 22). */
        public Builder port(int value) {
            once(port, "port");
            if (value < 1 || value > 65535) {
                throw new IllegalArgumentException("port must be between 1 and 65535: " + value);
            }
            this.port = value;
            return this;
        }

        /** The login (required). */
        public Builder username(String value) {
            Objects.requireNonNull(value, "username must not be null");
            once(username, "username");
            if (value.isBlank()) {
                throw new IllegalArgumentException("username must not be blank");
            }
            this.username = value;
            return this;
        }

        /** Password authentication. */
        public Builder password(Secret value) {
            Objects.requireNonNull(value, "password must not be null");
            once(password, "password");
            this.password = value;
            return this;
        }

        /** Password authentication; the characters are copied, so the caller may clear its array. */
        public Builder password(char[] value) {
            Objects.requireNonNull(value, "password must not be null");
            return password(Secret.of(value));
        }

        /** Key authentication: a private key file (OpenSSH or PEM). */
        public Builder privateKey(Path value) {
            Objects.requireNonNull(value, "privateKey must not be null");
            once(privateKey, "privateKey");
            this.privateKey = value;
            return this;
        }

        /** The private key's passphrase, if it has one. */
        public Builder keyPassphrase(Secret value) {
            Objects.requireNonNull(value, "keyPassphrase must not be null");
            once(keyPassphrase, "keyPassphrase");
            this.keyPassphrase = value;
            return this;
        }

        /** The known hosts file the server's key is checked against (required). */
        public Builder knownHosts(Path value) {
            Objects.requireNonNull(value, "knownHosts must not be null");
            once(knownHosts, "knownHosts");
            this.knownHosts = value;
            return this;
        }

        /**
         * A fixed file, read and never deleted, relative to the login folder or absolute; it
         * may hold date codes: {@code data/acme_$yyyy$mm$dd.csv}.
         */
        public Builder file(String pattern) {
            Objects.requireNonNull(pattern, "file must not be null");
            once(file, "file");
            FileNamePattern p = FileNamePattern.of(pattern);
            if (pattern.endsWith("/")) {
                throw new IllegalArgumentException("file must name a file, not a folder: '" + pattern + "' (use folder)");
            }
            this.file = p;
            return this;
        }

        /** A folder whose files are taken, relative to the login folder or absolute: {@code data/}. */
        public Builder folder(String path) {
            Objects.requireNonNull(path, "folder must not be null");
            once(folder, "folder");
            String f = path.strip();
            while (f.length() > 1 && f.endsWith("/")) {
                f = f.substring(0, f.length() - 1);
            }
            this.folder = f.equals(".") ? "" : f;
            return this;
        }

        /** How long connecting and logging in may take (default 30 seconds). */
        public Builder timeout(Duration value) {
            Objects.requireNonNull(value, "timeout must not be null");
            once(timeout, "timeout");
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException("timeout must be positive: " + value);
            }
            this.timeout = value;
            return this;
        }

        /**
         * @return the source
         * @throws IllegalStateException when host, username, known hosts or credentials are
         *                               missing, a passphrase has no key, or both or neither of
         *                               file and folder are set
         */
        public SftpFileSource build() {
            if (host == null) {
                throw new IllegalStateException("host must be set");
            }
            if (username == null) {
                throw new IllegalStateException("username must be set");
            }
            if (knownHosts == null) {
                throw new IllegalStateException("knownHosts must be set: an SFTP server's key is always checked");
            }
            if (password == null && privateKey == null) {
                throw new IllegalStateException("a password or a privateKey must be set");
            }
            if (keyPassphrase != null && privateKey == null) {
                throw new IllegalStateException("keyPassphrase needs a privateKey");
            }
            if (file != null && folder != null) {
                throw new IllegalStateException("file and folder conflict: a source reads one fixed file or takes a folder's files");
            }
            if (file == null && folder == null) {
                throw new IllegalStateException("file or folder must be set");
            }
            return new SftpFileSource(this);
        }
    }
}
