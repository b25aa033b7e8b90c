/**
 * PGP-encrypted upload files: {@link dev.rollcall.pgp.PgpDecoder} (a
 * {@link dev.rollcall.spi.Decoder} for {@code .pgp}, {@code .gpg} and {@code .asc} files) and
 * {@link dev.rollcall.pgp.PgpEncryptor} for senders. See {@code docs/PGP.md}.
 */
package dev.rollcall.pgp;
