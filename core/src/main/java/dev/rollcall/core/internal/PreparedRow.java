package dev.rollcall.core.internal;

import dev.rollcall.core.Action;
import dev.rollcall.core.PlannedChange;
import dev.rollcall.spi.PasswordChange;
import dev.rollcall.spi.Problem;
import dev.rollcall.spi.Secret;
import dev.rollcall.spi.Severity;
import dev.rollcall.spi.UploadRow;
import dev.rollcall.spi.UserRecord;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Set;

/**
 * One row made ready for planning by {@link RowChecks}: keys normalised, directives read,
 * its own problems found. The later stages add their problems to it and end it with a
 * {@link PlannedChange}.
 */
final class PreparedRow {

    /** What a row asks about the user's status, from whichever status column it uses. */
    enum StatusIntent { ACTIVE, INACTIVE, DELETE }

    private final HeaderMapping header;
    final UploadRow row;
    final long line;
    final List<Problem> problems = new ArrayList<>();
    String key;
    String username;
    /** the username as written, only when standardising changed it */
    String rawUsername;
    String oldUsername;
    String generated;
    StatusIntent status;
    MembershipColumns.Intent memberships = MembershipColumns.Intent.NONE;
    Secret password;
    boolean resetPassword;
    /** columns whose cell holds a control character, or null when none does */
    BitSet controlled;

    PreparedRow(HeaderMapping header, UploadRow row) {
        this.header = header;
        this.row = row;
        this.line = row.line();
        for (Problem p : row.problems()) {
            problems.add(p.line() == 0 ? p.atLine(line) : p);
        }
    }

    /** @return the file's columns */
    HeaderMapping header() {
        return header;
    }

    /** @return the trimmed value of a column, "" for an explicit empty value, null when blank or absent */
    String value(String column) {
        int c = header.column(column);
        return c < 0 ? null : row.value(c);
    }

    /** @return the non-empty value of a column, or null */
    String present(String column) {
        String v = value(column);
        return v == null || v.isEmpty() ? null : v;
    }

    boolean hasErrors() {
        for (Problem p : problems) {
            if (p.isError()) {
                return true;
            }
        }
        return false;
    }

    void error(String code, String column, String message) {
        add(Severity.ERROR, code, column, message);
    }

    void add(Severity severity, String code, String column, String message) {
        problems.add(new Problem(severity, code, line, column == null ? null : header.header(column), column, message));
    }

    /** @return the row rejected with its problems, naming the user it matched (or null) */
    PlannedChange reject(UserRecord user) {
        return new PlannedChange(line, Action.REJECT, user == null ? null : user.id(),
                user == null ? (username != null ? username : generated) : user.username(),
                user == null ? 0 : user.version(), List.of(), Set.of(), Set.of(), problems, PasswordChange.NONE,
                false, false);
    }

    /** @return the row skipped, for the reason given with the code */
    PlannedChange skip(UserRecord user, String code, String reason) {
        List<Problem> messages = new ArrayList<>(problems);
        messages.add(new Problem(Severity.INFO, code, line, null, null, reason));
        return new PlannedChange(line, Action.SKIP, user == null ? null : user.id(),
                user == null ? username : user.username(), user == null ? 0 : user.version(), List.of(), Set.of(),
                Set.of(), messages, PasswordChange.NONE, false, false);
    }
}
