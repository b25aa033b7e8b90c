package dev.rollcall.core.internal;

import dev.rollcall.spi.Codes;
import dev.rollcall.spi.Membership;
import dev.rollcall.spi.MembershipKind;
import dev.rollcall.spi.Problem;
import dev.rollcall.spi.Severity;
import dev.rollcall.spi.UploadColumns;
import dev.rollcall.spi.UploadRow;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads a row's membership columns ({@code cohort1}, {@code course1} with {@code role1},
 * {@code group1}, {@code enrolStatus1}, {@code enrolStart1}, {@code enrolEnd1},
 * {@code program1}, {@code sysrole1}) and works out the change to a user's memberships.
 *
 * <p>Memberships in a file are added; a file never removes a membership by leaving it out.
 * A system role written with a leading {@code -} is removed. A membership the user already
 * has with other details (a new role, a suspended status, another period) is replaced;
 * details the file leaves blank keep their stored values. Stateless.
 */
public final class MembershipColumns {

    private MembershipColumns() {
    }

    /**
     * What a row asks for.
     *
     * @param add                memberships to have
     * @param removeSystemRoles  system roles to lose
     */
    public record Intent(List<Membership> add, List<String> removeSystemRoles) {
        /** Nothing asked. */
        public static final Intent NONE = new Intent(List.of(), List.of());

        /** @return whether the row names no membership at all */
        public boolean isEmpty() {
            return add.isEmpty() && removeSystemRoles.isEmpty();
        }
    }

    /**
     * The change to make.
     *
     * @param add    memberships to add
     * @param remove memberships to remove
     */
    public record Diff(Set<Membership> add, Set<Membership> remove) {
        /** Nothing changes. */
        public static final Diff NONE = new Diff(Set.of(), Set.of());

        /** @return whether nothing changes */
        public boolean isEmpty() {
            return add.isEmpty() && remove.isEmpty();
        }
    }

    /**
     * @param header   the file's columns
     * @param row      the row
     * @param problems where the row's problems go
     * @return what the row asks for
     */
    public static Intent parse(HeaderMapping header, UploadRow row, List<Problem> problems) {
        int[] numbers = header.membershipNumbers();
        if (numbers.length == 0 || blank(row, header.membershipColumns())) {
            return Intent.NONE;
        }
        List<Membership> add = new ArrayList<>();
        List<String> remove = new ArrayList<>();
        for (int n : numbers) {
            String cohort = value(header, row, UploadColumns.COHORT, n);
            if (cohort != null) {
                add.add(Membership.of(MembershipKind.COHORT, cohort));
            }
            String program = value(header, row, UploadColumns.PROGRAM, n);
            if (program != null) {
                add.add(Membership.of(MembershipKind.PROGRAM, program));
            }
            String sysrole = value(header, row, UploadColumns.SYSTEM_ROLE, n);
            if (sysrole != null) {
                if (sysrole.startsWith("-") && sysrole.length() > 1) {
                    remove.add(sysrole.substring(1).strip());
                } else {
                    add.add(Membership.of(MembershipKind.SYSTEM_ROLE, sysrole));
                }
            }
            course(header, row, n, add, problems);
        }
        return new Intent(add, remove);
    }

    private static boolean blank(UploadRow row, int[] columns) {
        for (int c : columns) {
            String v = row.value(c);
            if (v != null && !v.isEmpty()) {
                return false;
            }
        }
        return true;
    }

    private static void course(HeaderMapping header, UploadRow row, int n, List<Membership> add, List<Problem> problems) {
        String course = value(header, row, UploadColumns.COURSE, n);
        String role = value(header, row, UploadColumns.ROLE, n);
        String group = value(header, row, UploadColumns.GROUP, n);
        String status = value(header, row, UploadColumns.ENROL_STATUS, n);
        String start = value(header, row, UploadColumns.ENROL_START, n);
        String end = value(header, row, UploadColumns.ENROL_END, n);
        if (course == null) {
            for (String[] detail : new String[][] {{UploadColumns.ROLE, role}, {UploadColumns.GROUP, group},
                    {UploadColumns.ENROL_STATUS, status}, {UploadColumns.ENROL_START, start},
                    {UploadColumns.ENROL_END, end}}) {
                if (detail[1] != null) {
                    problems.add(problem(header, row, detail[0] + n, Codes.INVALID_VALUE,
                            detail[0] + n + " needs " + UploadColumns.COURSE + n + " to say which course it is about"));
                }
            }
            return;
        }
        if (status != null) {
            status = status.toLowerCase(Locale.ROOT);
            if (!status.equals("active") && !status.equals("suspended")) {
                problems.add(problem(header, row, UploadColumns.ENROL_STATUS + n, Codes.INVALID_VALUE,
                        "the enrolment status must be active or suspended"));
                return;
            }
        }
        LocalDate from = date(header, row, UploadColumns.ENROL_START + n, start, problems);
        LocalDate to = date(header, row, UploadColumns.ENROL_END + n, end, problems);
        if ((start != null && from == null) || (end != null && to == null)) {
            return;
        }
        if (from != null && to != null && to.isBefore(from)) {
            problems.add(problem(header, row, UploadColumns.ENROL_END + n, Codes.INVALID_VALUE,
                    "the enrolment ends (" + to + ") before it starts (" + from + ")"));
            return;
        }
        add.add(new Membership(MembershipKind.COURSE, course, role, status, from, to));
        if (group != null) {
            add.add(Membership.of(MembershipKind.GROUP, course + "/" + group));
        }
    }

    /**
     * @param header the file's columns
     * @param row    the row
     * @param m      a membership the row asks for
     * @return the canonical name of the column that names its target ({@code course2}; a
     *         group's {@code group2}), or null when none does
     */
    static String column(HeaderMapping header, UploadRow row, Membership m) {
        String prefix = switch (m.kind()) {
            case COHORT -> UploadColumns.COHORT;
            case COURSE -> UploadColumns.COURSE;
            case GROUP -> UploadColumns.GROUP;
            case PROGRAM -> UploadColumns.PROGRAM;
            case SYSTEM_ROLE -> UploadColumns.SYSTEM_ROLE;
        };
        for (int n : header.membershipNumbers()) {
            String v = value(header, row, prefix, n);
            String target = m.kind() == MembershipKind.GROUP ? value(header, row, UploadColumns.COURSE, n) + "/" + v : v;
            if (v != null && target.equals(m.target())) {
                return prefix + n;
            }
        }
        return null;
    }

    private static LocalDate date(HeaderMapping header, UploadRow row, String column, String value, List<Problem> problems) {
        if (value == null) {
            return null;
        }
        try {
            if (value.length() != 10) {
                throw new DateTimeParseException("not YYYY-MM-DD", value, 0);
            }
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            problems.add(problem(header, row, column, Codes.INVALID_VALUE,
                    "\"" + value + "\" is not a date written YYYY-MM-DD"));
            return null;
        }
    }

    private static String value(HeaderMapping header, UploadRow row, String prefix, int n) {
        int c = header.column(prefix + n);
        if (c < 0) {
            return null;
        }
        String v = row.value(c);
        return v == null || v.isEmpty() ? null : v;
    }

    private static Problem problem(HeaderMapping header, UploadRow row, String column, String code, String message) {
        return new Problem(Severity.ERROR, code, row.line(), header.header(column), column, message);
    }

    /**
     * @param current the user's memberships (empty for a new user)
     * @param intent  what the row asks for
     * @return the memberships to add and to remove
     */
    public static Diff diff(Set<Membership> current, Intent intent) {
        if (intent.isEmpty()) {
            return Diff.NONE;
        }
        Set<Membership> add = new LinkedHashSet<>();
        Set<Membership> remove = new LinkedHashSet<>();
        for (Membership wanted : intent.add()) {
            Membership existing = null;
            for (Membership m : current) {
                if (m.kind() == wanted.kind() && m.target().equals(wanted.target())) {
                    existing = m;
                    break;
                }
            }
            if (existing == null) {
                add.add(wanted);
                continue;
            }
            Membership merged = new Membership(wanted.kind(), wanted.target(),
                    wanted.role() != null ? wanted.role() : existing.role(),
                    wanted.status() != null ? wanted.status() : existing.status(),
                    wanted.start() != null ? wanted.start() : existing.start(),
                    wanted.end() != null ? wanted.end() : existing.end());
            if (!merged.equals(existing)) {
                remove.add(existing);
                add.add(merged);
            }
        }
        for (String role : intent.removeSystemRoles()) {
            for (Membership m : current) {
                if (m.kind() == MembershipKind.SYSTEM_ROLE && m.target().equals(role)) {
                    remove.add(m);
                }
            }
        }
        return new Diff(add, remove);
    }
}
