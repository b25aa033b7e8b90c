package dev.rollcall.jdbc;

/**
 * Hashes a password the host's way, for a {@link MappedUserRepository} that writes into the
 * host's own password column: Rollcall never puts its own format into a host's table. Moodle,
 * say, keeps bcrypt hashes ({@code password_hash(..., PASSWORD_DEFAULT)}); its hasher must
 * produce the same.
 */
@FunctionalInterface
public interface PasswordHasher {

    /**
     * @param password the plaintext; the caller wipes it afterwards, so do not keep it
     * @return the value to store in the host's password column
     */
    String hash(char[] password);
}
