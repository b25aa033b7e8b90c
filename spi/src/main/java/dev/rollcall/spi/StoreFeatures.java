package dev.rollcall.spi;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * What a {@link UserRepository} can hold beyond users' fields. Many hosts keep no delegates,
 * enrol users in cohorts but keep no role or period with it, have no table of targets, keep no
 * account status (every user is active) or take no password from an upload; a repository says
 * so here, and Rollcall refuses a file that needs what the store lacks as a whole (a file-level
 * problem naming the column) instead of failing its rows half-applied.
 *
 * <p>Immutable and thread-safe.
 *
 * @param membershipKinds   the kinds of membership the store keeps; empty when it keeps none
 * @param membershipDetails whether memberships keep a role, a status and a period
 *                          ({@code role1}, {@code enrolStatus1}, {@code enrolStart1}, {@code enrolEnd1})
 * @param delegates         whether the store keeps delegates ({@link UserChange.Delegates})
 * @param targets           whether {@link UserRepository#existingTargets} looks targets up; when
 *                          not, no target exists and every name a file gives is unknown
 * @param status            whether the store keeps an account status: without it every user is
 *                          {@link UserStatus#ACTIVE ACTIVE}, and a file with a status column, a
 *                          full upload (which deactivates the users a file leaves out) and new
 *                          users asked to be {@code INACTIVE} are refused
 * @param passwords         whether the store takes a password given in a file (hashed by the
 *                          store or the host); without it a file with a {@code password}
 *                          column is refused. Requests to generate, reset or force a change of
 *                          a password are the host's to act on either way
 */
public record StoreFeatures(Set<MembershipKind> membershipKinds, boolean membershipDetails, boolean delegates,
                            boolean targets, boolean status, boolean passwords) {

    /** Everything: what {@code InMemoryUserRepository} and {@code JdbcUserRepository} hold. */
    public static final StoreFeatures ALL = new StoreFeatures(EnumSet.allOf(MembershipKind.class), true, true, true,
            true, true);

    /** Users and their fields only: no memberships, no delegates, no targets, no status, no passwords. */
    public static final StoreFeatures FIELDS_ONLY = new StoreFeatures(Set.of(), false, false, false, false, false);

    /** Copies the set. */
    public StoreFeatures {
        membershipKinds = Set.copyOf(membershipKinds);
    }

    /**
     * Features of a store that keeps an account status and takes passwords, as every store did
     * before those two could be declared absent.
     *
     * @param membershipKinds   the kinds of membership the store keeps
     * @param membershipDetails whether memberships keep a role, a status and a period
     * @param delegates         whether the store keeps delegates
     * @param targets           whether {@link UserRepository#existingTargets} looks targets up
     */
    public StoreFeatures(Set<MembershipKind> membershipKinds, boolean membershipDetails, boolean delegates,
                         boolean targets) {
        this(membershipKinds, membershipDetails, delegates, targets, true, true);
    }

    /**
     * @param keeps whether the store keeps an account status
     * @return these features with {@link #status()} as given
     */
    public StoreFeatures withStatus(boolean keeps) {
        return new StoreFeatures(membershipKinds, membershipDetails, delegates, targets, keeps, passwords);
    }

    /**
     * @param takes whether the store takes passwords
     * @return these features with {@link #passwords()} as given
     */
    public StoreFeatures withPasswords(boolean takes) {
        return new StoreFeatures(membershipKinds, membershipDetails, delegates, targets, status, takes);
    }

    /**
     * @param kind a membership kind
     * @return whether the store keeps memberships of that kind
     */
    public boolean keeps(MembershipKind kind) {
        return membershipKinds.contains(kind);
    }

    /**
     * Refuses a change the store cannot hold, for an adapter's {@link UserRepository#write}
     * to call on every change of a batch before writing any.
     *
     * @param change a change
     * @throws RollcallException ({@link Codes#UNSUPPORTED_COLUMN}) when the change needs what the store lacks:
     *                           a membership it cannot hold, delegates, an {@code INACTIVE} status
     *                           without {@link #status()}, a given password without {@link #passwords()}
     */
    public void check(UserChange change) {
        Set<Membership> added = change instanceof UserChange.Create c ? c.memberships()
                : change instanceof UserChange.Update u ? u.addMemberships() : Set.of();
        Map<String, String> set = change instanceof UserChange.Create c ? c.fields()
                : change instanceof UserChange.Update u ? u.set() : Map.of();
        PasswordChange password = change instanceof UserChange.Create c ? c.password()
                : change instanceof UserChange.Update u ? u.password() : PasswordChange.NONE;
        String why = change instanceof UserChange.Delegates && !delegates ? "this store keeps no delegates" : null;
        if (why == null && !status && UserStatus.INACTIVE.name().equalsIgnoreCase(set.get(StandardFields.STATUS))) {
            why = "this store keeps no account status (every user is active)";
        }
        if (why == null && !passwords && password.newPassword() != null) {
            why = "this store cannot take passwords";
        }
        for (Membership m : added) {
            why = why != null ? why : whyNot(m);
        }
        if (why != null) {
            throw new RollcallException(Codes.UNSUPPORTED_COLUMN, why + "; nothing of the batch was written");
        }
    }

    /**
     * @param m a membership
     * @return why the store cannot hold it, or {@code null} when it can
     */
    public String whyNot(Membership m) {
        if (!keeps(m.kind())) {
            return "this store keeps no " + m.kind().targetKind() + " memberships";
        }
        if (!membershipDetails && (m.role() != null || m.status() != null || m.start() != null || m.end() != null)) {
            return "this store keeps no role, status or period with a membership";
        }
        return null;
    }
}
