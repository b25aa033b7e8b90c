package dev.rollcall.spi;

/**
 * A write was refused because the user changed (or disappeared) since the change was
 * planned: the stored version is not the one the change expected. Thrown by
 * {@link UserRepository#write}; re-plan to see the current state.
 */
public class StaleUserException extends RollcallException {

    private final String userId;

    /** @param userId the user whose stored version differs */
    public StaleUserException(String userId) {
        super(Codes.STALE_USER, "user " + userId + " changed since the plan was made; plan the file again");
        this.userId = userId;
    }

    /** @return the user whose stored version differs */
    public String userId() {
        return userId;
    }
}
