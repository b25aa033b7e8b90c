package dev.rollcall.spi;

/**
 * What a write asks the repository to do with a user's password. Rollcall never stores
 * passwords itself; the repository hashes what it is given (or asks the host to generate
 * one) and never stores plaintext.
 *
 * <p>Immutable and thread-safe; its {@code toString} never shows the password.
 *
 * @param newPassword the new password, or {@code null} to leave it as it is
 * @param generate    the host should generate a password (a new user without one)
 * @param forceChange the user must change the password at next sign-in
 * @param reset       the host should reset the password and tell the user
 */
public record PasswordChange(Secret newPassword, boolean generate, boolean forceChange, boolean reset) {

    /** Leave the password as it is. */
    public static final PasswordChange NONE = new PasswordChange(null, false, false, false);

    /** Checks the arguments. */
    public PasswordChange {
        if (newPassword != null && generate) {
            throw new IllegalArgumentException("a password cannot be both given and generated");
        }
    }

    /** @return whether this asks for anything at all */
    public boolean isNone() {
        return newPassword == null && !generate && !forceChange && !reset;
    }
}
