package dev.rollcall.sftp;

import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyEncryptionContext;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.List;

/** A real SFTP server in this process, serving a folder, with a password user and a key user. */
final class SftpServerFixture implements AutoCloseable {

    static final String USER = "feed";
    static final String PASSWORD = "sftp-Pa55-Zq9!";

    final Path root;
    final KeyPair hostKey;
    final KeyPair clientKey;
    private final SshServer server;

    SftpServerFixture(Path root) throws IOException, GeneralSecurityException {
        this.root = Files.createDirectories(root);
        this.hostKey = ecKey();
        this.clientKey = ecKey();
        server = SshServer.setUpDefaultServer();
        server.setHost("localhost");
        server.setPort(0);
        server.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
        server.setPasswordAuthenticator((user, password, session) -> USER.equals(user) && PASSWORD.equals(password));
        server.setPublickeyAuthenticator((user, key, session) -> USER.equals(user)
                && KeyUtils.compareKeys(key, clientKey.getPublic()));
        server.setSubsystemFactories(List.of(new SftpSubsystemFactory()));
        server.setFileSystemFactory(new VirtualFileSystemFactory(this.root));
        server.start();
    }

    static KeyPair ecKey() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(256);
        return g.generateKeyPair();
    }

    int port() {
        return server.getPort();
    }

    /** @return a known hosts line for this server with {@code key} */
    String knownHostsLine(KeyPair key) {
        return "[localhost]:" + port() + " " + PublicKeyEntry.toString(key.getPublic()) + "\n";
    }

    Path knownHosts(Path dir) throws IOException {
        return Files.writeString(dir.resolve("known_hosts"), knownHostsLine(hostKey));
    }

    /** Writes the client's private key in OpenSSH's format, encrypted when a passphrase is given. */
    Path privateKey(Path dir, String passphrase) throws IOException, GeneralSecurityException {
        Path file = dir.resolve("id_ecdsa");
        OpenSSHKeyEncryptionContext ctx = null;
        if (passphrase != null) {
            ctx = new OpenSSHKeyEncryptionContext();
            ctx.setPassword(passphrase);
            ctx.setCipherName("AES");
            ctx.setCipherType("256");
            ctx.setCipherMode("CTR");
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(clientKey, "rollcall test", ctx, out);
        }
        return file;
    }

    SftpFileSource.Builder source(Path knownHosts) {
        return SftpFileSource.builder().host("localhost").port(port()).username(USER).knownHosts(knownHosts)
                .timeout(java.time.Duration.ofSeconds(10));
    }

    @Override
    public void close() throws IOException {
        server.stop(true);
    }
}
