package dev.rollcall.core.internal;

import dev.rollcall.core.internal.PreparedRow.StatusIntent;
import dev.rollcall.spi.Codes;
import dev.rollcall.spi.FieldDefinition;
import dev.rollcall.spi.Problem;
import dev.rollcall.spi.ProfileType;
import dev.rollcall.spi.Secret;
import dev.rollcall.spi.Severity;
import dev.rollcall.spi.Sites;
import dev.rollcall.spi.StandardFields;
import dev.rollcall.spi.UploadColumns;
import dev.rollcall.spi.UploadRow;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The checks of a row on its own, without looking anything up: prepares each row (its keys,
 * its username or the one the template makes, its status intent, its directives) and checks
 * its values against their fields.
 */
final class RowChecks {

    /** Fields the planner reads with rules of its own. */
    private static final Set<String> SPECIAL = Set.of(StandardFields.USERNAME, StandardFields.STATUS,
            StandardFields.PROFILE_TYPE, StandardFields.PASSWORD, StandardFields.SITE);

    private final RunContext run;
    private final Settings settings;
    private final HeaderMapping header;
    /** for each of the header's field columns, whether its values are checked here (not one of {@link #SPECIAL}) */
    private final boolean[] checked;

    RowChecks(RunContext run) {
        this.run = run;
        this.settings = run.settings;
        this.header = run.header;
        FieldDefinition[] defs = header.definitions();
        this.checked = new boolean[defs.length];
        for (int k = 0; k < defs.length; k++) {
            checked[k] = !SPECIAL.contains(defs[k].name());
        }
    }

    /** @return the row made ready for planning, with the problems it has on its own */
    PreparedRow prepare(UploadRow row) {
        PreparedRow p = new PreparedRow(header, row);
        checkCharacters(p);
        p.username = username(p, StandardFields.USERNAME);
        String raw = p.present(StandardFields.USERNAME);
        if (p.username != null && raw != null && !raw.strip().equals(p.username)) {
            p.rawUsername = raw.strip();
        }
        p.oldUsername = username(p, UploadColumns.OLD_USERNAME);
        if (p.username == null && run.usernameTemplate != null) {
            String g = Usernames.cleanGenerated(Usernames.expand(run.usernameTemplate, p.present(StandardFields.FIRST_NAME),
                    p.present(StandardFields.LAST_NAME), null), settings.extendedUsernameChars());
            p.generated = g.isEmpty() ? null : g;
        }
        String key = StandardFields.USERNAME.equals(run.matchOn) ? p.username : p.present(run.matchOn);
        p.key = key == null || key.isEmpty() ? null : key;
        p.status = statusIntent(p);
        String profile = p.present(StandardFields.PROFILE_TYPE);
        if (profile != null && ProfileType.parse(profile).isEmpty()) {
            p.error(Codes.INVALID_VALUE, StandardFields.PROFILE_TYPE, "profile type must be 1 (individual) or 2 (facility)");
        }
        checkValues(p);
        p.memberships = MembershipColumns.parse(header, row, p.problems);
        String password = p.present(StandardFields.PASSWORD);
        p.password = password == null ? null : Secret.of(password);
        String reset = p.present(UploadColumns.RESET_PASSWORD);
        if (reset != null) {
            Boolean b = yesNo(reset);
            if (b == null) {
                p.error(Codes.INVALID_VALUE, UploadColumns.RESET_PASSWORD, "resetPassword must be 1 or 0 (yes or no)");
            } else {
                p.resetPassword = b;
            }
        }
        String site = p.present(StandardFields.SITE);
        if (site != null && run.scope != null && !Sites.within(Sites.normalize(site), run.scope)) {
            p.error(Codes.OUTSIDE_SCOPE, StandardFields.SITE, "the site \"" + site + "\" is outside this upload's site ("
                    + run.scope + ")");
        }
        return p;
    }

    /**
     * @return a rejected row's values as kept for its error file, the temporary plan file and
     *         a saved plan: as read, except that passwords, other sensitive fields and whatever
     *         looks like a payment card number are left empty, so no secret reaches a file
     */
    List<String> kept(UploadRow row) {
        List<String> values = java.util.Arrays.asList(row.values());
        int columns = header.columns().size();
        // A row with too many cells may have moved a secret right; one with too few (padded
        // with blanks by the reader), left by at most its blank cells at the end. Then every
        // cell from where the first secret could have moved to is left empty.
        boolean aligned = row.problems().stream().noneMatch(p -> Codes.CELL_COUNT.equals(p.code()));
        int shift = 0;
        if (!aligned && values.size() <= columns) {
            for (int k = values.size() - 1; k >= 0 && values.get(k) == null; k--) {
                shift++;
            }
        }
        for (int i = 0; i < values.size(); i++) {
            if (dev.rollcall.spi.PaymentCards.looksLikeCardNumber(values.get(i))) {
                values.set(i, null);
            }
        }
        for (int i = 0; i < columns; i++) {
            FieldDefinition f = header.field(i);
            if (f != null && f.sensitive()) {
                if (aligned) {
                    values.set(i, null);
                } else {
                    for (int k = Math.max(0, i - shift); k < values.size(); k++) {
                        values.set(k, null);
                    }
                    break;
                }
            }
        }
        return values;
    }

    /**
     * Every cell of the row, whatever its column means (a field, a username, a membership, a
     * directive, a cell past the header), holds no control character. A cell that does is not
     * checked further, so no other message quotes it.
     */
    private void checkCharacters(PreparedRow p) {
        List<String> columns = header.columns();
        for (int i = 0; i < p.row.size(); i++) {
            String message = ValueChecks.controlCharacter(p.row.value(i));
            if (message != null) {
                FieldDefinition f = header.field(i);
                p.problems.add(new Problem(Severity.ERROR, Codes.CONTROL_CHARACTER, p.line,
                        i < columns.size() ? columns.get(i).trim() : null, f == null ? null : f.name(), message));
                if (p.controlled == null) {
                    p.controlled = new BitSet();
                }
                p.controlled.set(i);
            }
        }
    }

    /** Each value against its field's type; each field set all or nothing. */
    private void checkValues(PreparedRow p) {
        Set<String> sets = null;
        FieldDefinition[] defs = header.definitions();
        int[] cols = header.definitionColumns();
        for (int k = 0; k < defs.length; k++) {
            FieldDefinition def = defs[k];
            String f = def.name();
            String v = p.row.value(cols[k]);
            if (v != null && v.isEmpty()) {
                v = null;
            }
            if (v != null && checked[k] && (p.controlled == null || !p.controlled.get(cols[k]))) {
                String numberCell = p.row.isNumberCell(cols[k])
                        ? java.util.Objects.requireNonNullElse(p.row.cellAddress(cols[k]), "") : null;
                ValueChecks.Finding finding = ValueChecks.check(def, v, settings.rejectExcelDamage(), numberCell);
                if (finding != null) {
                    p.add(finding.severity(), finding.code(), f, finding.message());
                }
            }
            if (def.fieldSet() != null && v != null) {
                if (sets == null) {
                    sets = new LinkedHashSet<>();
                }
                sets.add(def.fieldSet());
            }
        }
        if (sets != null) {
            for (String set : sets) {
                List<String> missing = new ArrayList<>();
                for (FieldDefinition f : run.schema.fields()) {
                    if (set.equals(f.fieldSet()) && p.present(f.name()) == null) {
                        missing.add(f.name());
                    }
                }
                if (!missing.isEmpty()) {
                    p.error(Codes.INCOMPLETE_FIELD_SET, missing.get(0), "the fields of " + set
                            + " go all together or not at all; this row leaves out " + String.join(", ", missing));
                }
            }
        }
    }

    private String username(PreparedRow p, String column) {
        String raw = p.present(column);
        if (raw == null) {
            return null;
        }
        String u = settings.standardiseUsernames() ? Usernames.standardise(raw) : raw.strip();
        if (u.isEmpty()) {
            p.error(Codes.INVALID_VALUE, column, "the username has no letters or digits left once standardised");
            return null;
        }
        return u;
    }

    /** Reads every status column the row has; they must agree. */
    private StatusIntent statusIntent(PreparedRow p) {
        if (!run.hasStatusColumns) {
            return null;
        }
        if (run.onlyStatusColumn) {
            String status = p.present(StandardFields.STATUS);
            if (status == null) {
                return null;
            }
            if (status.equalsIgnoreCase("ACTIVE")) {
                return StatusIntent.ACTIVE;
            }
            if (status.equalsIgnoreCase("INACTIVE")) {
                return StatusIntent.INACTIVE;
            }
            if (status.equalsIgnoreCase("DELETED")) {
                return StatusIntent.DELETE;
            }
            p.error(Codes.INVALID_VALUE, StandardFields.STATUS, "status must be ACTIVE, INACTIVE or DELETED");
            return null;
        }
        Map<String, StatusIntent> said = new LinkedHashMap<>();
        String status = p.present(StandardFields.STATUS);
        if (status != null) {
            switch (status.toUpperCase(Locale.ROOT)) {
                case "ACTIVE" -> said.put(StandardFields.STATUS, StatusIntent.ACTIVE);
                case "INACTIVE" -> said.put(StandardFields.STATUS, StatusIntent.INACTIVE);
                case "DELETED" -> said.put(StandardFields.STATUS, StatusIntent.DELETE);
                default -> p.error(Codes.INVALID_VALUE, StandardFields.STATUS, "status must be ACTIVE, INACTIVE or DELETED");
            }
        }
        String employee = p.present(UploadColumns.EMPLOYEE_STATUS);
        if (employee != null) {
            if (settings.singleSignOn()) {
                p.add(Severity.WARNING, Codes.IGNORED_VALUE, UploadColumns.EMPLOYEE_STATUS,
                        "employeeStatus is not used on a single sign-on site; accountStatus decides activation");
            } else {
                letterStatus(p, UploadColumns.EMPLOYEE_STATUS, employee, said);
            }
        }
        String account = p.present(UploadColumns.ACCOUNT_STATUS);
        if (account != null) {
            if (settings.singleSignOn()) {
                letterStatus(p, UploadColumns.ACCOUNT_STATUS, account, said);
            } else {
                p.add(Severity.WARNING, Codes.IGNORED_VALUE, UploadColumns.ACCOUNT_STATUS,
                        "accountStatus is used only on single sign-on sites; leave it blank and use employeeStatus");
            }
        }
        String suspended = p.present(UploadColumns.SUSPENDED);
        if (suspended != null) {
            Boolean b = yesNo(suspended);
            if (b == null) {
                p.error(Codes.INVALID_VALUE, UploadColumns.SUSPENDED, "suspended must be 1 or 0");
            } else {
                said.put(UploadColumns.SUSPENDED, b ? StatusIntent.INACTIVE : StatusIntent.ACTIVE);
            }
        }
        String deleted = p.present(UploadColumns.DELETED);
        if (deleted != null) {
            Boolean b = yesNo(deleted);
            if (b == null) {
                p.error(Codes.INVALID_VALUE, UploadColumns.DELETED, "deleted must be 1 or 0");
            } else if (b) {
                said.put(UploadColumns.DELETED, StatusIntent.DELETE);
            }
        }
        if (new LinkedHashSet<>(said.values()).size() > 1) {
            p.error(Codes.CONFLICTING_STATUS, said.keySet().iterator().next(), "the status columns disagree: "
                    + said.entrySet().stream().map(e -> e.getKey() + " says " + e.getValue().name().toLowerCase(Locale.ROOT))
                    .toList());
            return null;
        }
        return said.isEmpty() ? null : said.values().iterator().next();
    }

    private static void letterStatus(PreparedRow p, String column, String value, Map<String, StatusIntent> said) {
        switch (value.toUpperCase(Locale.ROOT)) {
            case "A", "ACTIVE" -> said.put(column, StatusIntent.ACTIVE);
            case "D", "I", "INACTIVE" -> said.put(column, StatusIntent.INACTIVE);
            default -> p.error(Codes.INVALID_VALUE, column, column + " must be A (active) or D (deactivated)");
        }
    }

    private static Boolean yesNo(String v) {
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "1", "y", "yes", "true" -> Boolean.TRUE;
            case "0", "n", "no", "false" -> Boolean.FALSE;
            default -> null;
        };
    }
}
