package dev.rollcall.spi;

import java.util.Locale;

/** What a {@link Membership} is a membership of. */
public enum MembershipKind {
    /** A cohort: a site-wide group, department or institution. */
    COHORT,
    /** An enrolment in a course, with a role, a status and an optional period. */
    COURSE,
    /** An enrolment in a program. */
    PROGRAM,
    /** A group within a course; the target is written {@code course/group}. */
    GROUP,
    /** A system-wide role. */
    SYSTEM_ROLE;

    /** @return the name used for target look-ups and reports: {@code cohort}, {@code course}, {@code program}, {@code group}, {@code system_role} */
    public String targetKind() {
        return name().toLowerCase(Locale.ROOT);
    }
}
