/**
 * PGP-encrypted upload files. {@link dev.rollcall.pgp.PgpDecoder} decrypts them (binary or
 * ASCII-armoured, through compressed packets), checks their integrity and, when the host asks,
 * their signature, and hands on the plaintext only once every check has passed.
 * {@link dev.rollcall.pgp.PgpEncryptor} encrypts (and optionally signs) files for senders.
 *
 * <p>Bouncy Castle does the cryptography; no public signature exposes it. The decoder is not
 * registered with {@link java.util.ServiceLoader}: it cannot work without the host's secret key
 * and passphrase, so the host builds it and hands it in. Only the names of PGP files are
 * registered (a decoder that takes their suffixes and accepts no file), so that a planner
 * without the host's decoder refuses an encrypted file rather than reading it as plain bytes.
 */
module dev.rollcall.pgp {
    requires transitive dev.rollcall.spi;
    requires org.bouncycastle.pg;
    requires org.bouncycastle.provider;

    exports dev.rollcall.pgp;

    provides dev.rollcall.spi.Decoder with dev.rollcall.pgp.internal.PgpFileNames;
}
