package dev.rollcall.spi;

import java.time.LocalDate;
import java.util.Objects;

/**
 * A user's membership of something the host knows: a cohort, a course or program
 * enrolment, a group within a course, a system role. Two memberships are the same when
 * every component is equal; changing a role is removing one membership and adding another.
 *
 * <p>Immutable and thread-safe.
 *
 * @param kind   what the target is
 * @param target the target's name as the host knows it (for {@link MembershipKind#GROUP},
 *               {@code course/group})
 * @param role   the role in the target (e.g. {@code student}), or {@code null}
 * @param status the enrolment status (e.g. {@code active}, {@code suspended}), or {@code null}
 * @param start  the first day of the enrolment period, or {@code null}
 * @param end    the last day of the enrolment period, or {@code null}
 */
public record Membership(MembershipKind kind, String target, String role, String status,
                         LocalDate start, LocalDate end) {

    /** Checks the arguments. */
    public Membership {
        Objects.requireNonNull(kind, "kind must not be null");
        Objects.requireNonNull(target, "target must not be null");
        if (target.isBlank()) {
            throw new IllegalArgumentException("target must not be blank");
        }
        if (start != null && end != null && end.isBefore(start)) {
            throw new IllegalArgumentException("end " + end + " is before start " + start);
        }
    }

    /** @return a membership with only a kind and a target */
    public static Membership of(MembershipKind kind, String target) {
        return new Membership(kind, target, null, null, null, null);
    }

    /** @return {@code course:math101 (student)} style text for plans and reports */
    public String describe() {
        StringBuilder sb = new StringBuilder(kind.targetKind()).append(':').append(target);
        if (role != null) {
            sb.append(" (").append(role).append(')');
        }
        if (status != null) {
            sb.append(" [").append(status).append(']');
        }
        if (start != null || end != null) {
            sb.append(' ').append(start == null ? "" : start).append("..").append(end == null ? "" : end);
        }
        return sb.toString();
    }
}
