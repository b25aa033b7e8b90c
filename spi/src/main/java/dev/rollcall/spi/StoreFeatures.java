package dev.rollcall.spi;

import java.util.EnumSet;
import java.util.Set;

/**
 * What a {@link UserRepository} can hold beyond users' fields. Many hosts keep no delegates,
 * enrol users in cohorts but keep no role or period with it, or have no table of targets;
 * a repository says so here, and Rollcall refuses a file that needs what the store lacks as a
 * whole (a file-level problem naming the column) instead of failing its rows half-applied.
 *
 * @param membershipKinds   the kinds of membership the store keeps; empty when it keeps none
 * @param membershipDetails whether memberships keep a role, a status and a period
 *                          ({@code role1}, {@code enrolStatus1}, {@code enrolStart1}, {@code enrolEnd1})
 * @param delegates         whether the store keeps delegates ({@link UserChange.Delegates})
 * @param targets           whether {@link UserRepository#existingTargets} looks targets up; when
 *                          not, no target exists and every name a file gives is unknown
 */
public record StoreFeatures(Set<MembershipKind> membershipKinds, boolean membershipDetails, boolean delegates,
                            boolean targets) {

    /** Everything: what {@code InMemoryUserRepository} and {@code JdbcUserRepository} hold. */
    public static final StoreFeatures ALL = new StoreFeatures(EnumSet.allOf(MembershipKind.class), true, true, true);

    /** Users and their fields only: no memberships, no delegates, no targets. */
    public static final StoreFeatures FIELDS_ONLY = new StoreFeatures(Set.of(), false, false, false);

    /** Copies the set. */
    public StoreFeatures {
        membershipKinds = Set.copyOf(membershipKinds);
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
     * @throws RollcallException ({@link Codes#UNSUPPORTED_COLUMN}) when the change needs what the store lacks
     */
    public void check(UserChange change) {
        Set<Membership> added = change instanceof UserChange.Create c ? c.memberships()
                : change instanceof UserChange.Update u ? u.addMemberships() : Set.of();
        String why = change instanceof UserChange.Delegates && !delegates ? "this store keeps no delegates" : null;
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
