package dev.rollcall.spi;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The columns of an upload file that steer the upload rather than naming a stored field:
 * renames, status words from other products, password requests and memberships. Every
 * format uses these names (a CSV header, an XML element), so a file can move between
 * formats. Field columns are the canonical names of {@link StandardFields} and the host's
 * custom fields.
 *
 * <p>Numbered columns come in groups: {@code course1}, {@code role1}, {@code group1},
 * {@code enrolStatus1}, {@code enrolStart1}, {@code enrolEnd1} describe one course
 * enrolment; {@code course2} … the next. Numbers start at 1 and need not be contiguous.
 */
public final class UploadColumns {

    private UploadColumns() {
    }

    /** The user's current username, when the row renames it to the {@code username} column's value. */
    public static final String OLD_USERNAME = "oldUsername";
    /** {@code 1}/{@code yes}/{@code true}: ask the host to reset the user's password. */
    public static final String RESET_PASSWORD = "resetPassword";
    /** Seed 003: {@code 1} deactivates, {@code 0} activates. */
    public static final String SUSPENDED = "suspended";
    /** Seed 003: {@code 1} deletes the user. */
    public static final String DELETED = "deleted";
    /** Seed 004: {@code A} activates, {@code D} deactivates (ignored on single sign-on sites). */
    public static final String EMPLOYEE_STATUS = "employeeStatus";
    /** Seed 004: on single sign-on sites, {@code A} activates. */
    public static final String ACCOUNT_STATUS = "accountStatus";

    /** A cohort the user belongs to: {@code cohort1}, {@code cohort2}, … */
    public static final String COHORT = "cohort";
    /** A course the user is enrolled in: {@code course1}, … */
    public static final String COURSE = "course";
    /** The user's role in the course of the same number (e.g. {@code student}). */
    public static final String ROLE = "role";
    /** A group within the course of the same number. */
    public static final String GROUP = "group";
    /** The enrolment status in the course of the same number: {@code active} or {@code suspended}. */
    public static final String ENROL_STATUS = "enrolStatus";
    /** The first day ({@code YYYY-MM-DD}) of the enrolment in the course of the same number. */
    public static final String ENROL_START = "enrolStart";
    /** The last day ({@code YYYY-MM-DD}) of the enrolment in the course of the same number. */
    public static final String ENROL_END = "enrolEnd";
    /** A program the user is enrolled in: {@code program1}, … */
    public static final String PROGRAM = "program";
    /** A system role: {@code sysrole1}, …; a leading {@code -} removes the role. */
    public static final String SYSTEM_ROLE = "sysrole";

    /**
     * The errors Rollcall wrote into an error file; ignored on upload, so an error file can be
     * fixed and uploaded again as it is.
     */
    public static final String ERRORS = "errors";

    /** The single (unnumbered) directive columns. */
    public static final List<String> SINGLE = List.of(OLD_USERNAME, RESET_PASSWORD, SUSPENDED, DELETED,
            EMPLOYEE_STATUS, ACCOUNT_STATUS, ERRORS);

    /** The prefixes of the numbered directive columns. */
    public static final List<String> NUMBERED = List.of(COHORT, COURSE, ROLE, GROUP, ENROL_STATUS, ENROL_START,
            ENROL_END, PROGRAM, SYSTEM_ROLE);

    /**
     * A numbered column split into its prefix and number.
     *
     * @param prefix one of {@link #NUMBERED}
     * @param number 1 or more
     */
    public record Numbered(String prefix, int number) {
        /** @return the canonical column name, e.g. {@code course2} */
        public String column() {
            return prefix + number;
        }
    }

    /**
     * @param header a header name; compared without regard to case, spaces, dots, hyphens
     *               and underscores ({@code Course 2} and {@code course_2} are {@code course2})
     * @return the numbered column it names, if any
     */
    public static Optional<Numbered> numbered(String header) {
        String h = normalize(header);
        int digits = h.length();
        while (digits > 0 && Character.isDigit(h.charAt(digits - 1))) {
            digits--;
        }
        if (digits == h.length() || digits == 0 || h.length() - digits > 4) {
            return Optional.empty();
        }
        String prefix = h.substring(0, digits);
        int number = Integer.parseInt(h.substring(digits));
        if (number < 1) {
            return Optional.empty();
        }
        for (String p : NUMBERED) {
            if (p.toLowerCase(Locale.ROOT).equals(prefix)) {
                return Optional.of(new Numbered(p, number));
            }
        }
        return Optional.empty();
    }

    /**
     * @param header a header name
     * @return the single directive column it names, if any
     */
    public static Optional<String> single(String header) {
        String h = normalize(header);
        for (String s : SINGLE) {
            if (s.toLowerCase(Locale.ROOT).equals(h)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /**
     * @param header a header name as written
     * @return the name in lower case without spaces, dots, hyphens and underscores: the form
     *         in which header names are compared
     */
    public static String normalize(String header) {
        StringBuilder sb = new StringBuilder(header.length());
        for (int i = 0; i < header.length(); i++) {
            char c = header.charAt(i);
            if (c != ' ' && c != '.' && c != '_' && c != '-' && c != '\t' && c != '\u00A0') {
                sb.append(c);
            }
        }
        return sb.toString().toLowerCase(Locale.ROOT);
    }
}
