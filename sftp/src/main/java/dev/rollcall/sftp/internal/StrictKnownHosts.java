package dev.rollcall.sftp.internal;

import org.apache.sshd.client.config.hosts.KnownHostEntry;
import org.apache.sshd.client.keyverifier.KnownHostsServerKeyVerifier;
import org.apache.sshd.client.keyverifier.RejectAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.KeyUtils;

import java.net.SocketAddress;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Checks a server's host key against a known hosts file (OpenSSH format: plain or hashed
 * host names, {@code [host]:port}, {@code @revoked}), and never trusts or records a key it
 * does not find there. Remembers why it refused, so the connection's failure can say so.
 * One per connection; thread-safe.
 */
public final class StrictKnownHosts extends KnownHostsServerKeyVerifier {

    /** Why a key was refused. */
    public enum Refusal { UNKNOWN, CHANGED, REVOKED }

    /**
     * @param refusal    why
     * @param keyType    the key's type, e.g. {@code ecdsa-sha2-nistp256}
     * @param fingerprint the key's SHA-256 fingerprint
     */
    public record Refused(Refusal refusal, String keyType, String fingerprint) {
    }

    private final AtomicReference<Refused> refused = new AtomicReference<>();

    /** @param knownHosts the known hosts file */
    public StrictKnownHosts(Path knownHosts) {
        super(RejectAllServerKeyVerifier.INSTANCE, knownHosts);
        setModifiedServerKeyAcceptor((session, remote, entry, expected, actual) -> {
            refuse(Refusal.CHANGED, actual);
            return false;
        });
    }

    /** @return why the key was refused, if it was */
    public Refused refused() {
        return refused.get();
    }

    @Override
    protected boolean acceptUnknownHostKey(ClientSession session, SocketAddress remote, PublicKey key) {
        refuse(Refusal.UNKNOWN, key);
        return false;
    }

    @Override
    public boolean acceptModifiedServerKey(ClientSession session, SocketAddress remote, KnownHostEntry entry,
                                           PublicKey expected, PublicKey actual) {
        refuse(Refusal.CHANGED, actual);
        return false;
    }

    @Override
    protected void handleRevokedKey(ClientSession session, SocketAddress remote, PublicKey key) {
        refuse(Refusal.REVOKED, key);
        super.handleRevokedKey(session, remote, key);
    }

    private void refuse(Refusal why, PublicKey key) {
        refused.compareAndSet(null, new Refused(why, KeyUtils.getKeyType(key), KeyUtils.getFingerPrint(key)));
    }
}
