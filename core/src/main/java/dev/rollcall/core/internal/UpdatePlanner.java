package dev.rollcall.core.internal;

import dev.rollcall.core.Action;
import dev.rollcall.core.EmptyValues;
import dev.rollcall.core.FieldChange;
import dev.rollcall.core.PlannedChange;
import dev.rollcall.core.UpdateType;
import dev.rollcall.core.internal.PreparedRow.StatusIntent;
import dev.rollcall.spi.Codes;
import dev.rollcall.spi.FieldDefinition;
import dev.rollcall.spi.PasswordChange;
import dev.rollcall.spi.Severity;
import dev.rollcall.spi.Sites;
import dev.rollcall.spi.StandardFields;
import dev.rollcall.spi.UserRecord;
import dev.rollcall.spi.UserStatus;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Plans a row for a user it matched: the values that differ from the stored ones (with the
 * defaults, as the update type says), field sets left out, a rename, a status change or a
 * delete, memberships and a password; and what the row takes from and gives to the user, for
 * later rows.
 */
final class UpdatePlanner {

    private final RunContext run;
    private final Settings settings;
    private final RowClaims claims;
    /** the file's field columns a row's values are compared on (not username, password or status), by index */
    private final String[] diffFields;
    private final int[] diffColumns;
    private final boolean[] diffSensitive;

    UpdatePlanner(RunContext run) {
        this.run = run;
        this.settings = run.settings;
        this.claims = run.claims;
        List<String> fields = run.header.fields();
        int[] columns = run.header.definitionColumns();
        List<Integer> kept = new ArrayList<>();
        for (int k = 0; k < fields.size(); k++) {
            String f = fields.get(k);
            if (!RunContext.isDirective(f) && !f.equals(StandardFields.USERNAME)) {
                kept.add(k);
            }
        }
        diffFields = new String[kept.size()];
        diffColumns = new int[kept.size()];
        diffSensitive = new boolean[kept.size()];
        for (int i = 0; i < kept.size(); i++) {
            diffFields[i] = fields.get(kept.get(i));
            diffColumns[i] = columns[kept.get(i)];
            diffSensitive[i] = run.isSensitive(diffFields[i]);
        }
    }

    /**
     * @return whether a value from the file is the stored one: exactly, or for email without
     *         regard to case, as emails are compared everywhere (a feed writing JOHN@X.COM
     *         does not flip a stored john@x.com back and forth)
     */
    private static boolean same(String field, String value, String stored) {
        return stored != null && (value.equals(stored)
                || (field.equals(StandardFields.EMAIL) && Keys.comparable(field, value).equals(Keys.comparable(field, stored))));
    }

    /** @return whether a file value is the stored value of digits minus its leading zeros ({@code 4512}, {@code 004512}) */
    static boolean lostLeadingZeros(String value, String stored) {
        if (stored == null || stored.length() <= value.length() || stored.charAt(0) != '0'
                || !stored.endsWith(value) || value.charAt(0) == '0') {
            return false;
        }
        for (int i = 0; i < stored.length(); i++) {
            char c = stored.charAt(i);
            if (i < stored.length() - value.length() ? c != '0' : c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    PlannedChange plan(PreparedRow p, UserRecord user, String renameTo, Lookups l) {
        Map<String, String> set = new LinkedHashMap<>();
        List<FieldChange> changes = new ArrayList<>();
        UpdateType type = settings.updateType();
        for (int k = 0; k < diffFields.length; k++) {
            String f = diffFields[k];
            String v = p.row.value(diffColumns[k]);
            if (v != null && !v.isEmpty() && f.equals(StandardFields.SITE)) {
                v = Sites.normalize(v);
            }
            if (v == null || (v.isEmpty() && settings.emptyValues() == EmptyValues.IGNORE)) {
                continue;
            }
            String stored = user.fields().get(f);
            if (type == UpdateType.FILL_MISSING && stored != null) {
                continue;
            }
            boolean secret = diffSensitive[k];
            if (v.isEmpty()) {
                if (stored != null) {
                    changes.add(new FieldChange(f, stored, null, secret));
                }
            } else if (lostLeadingZeros(v, stored)) {
                p.add(settings.rejectExcelDamage() ? Severity.ERROR : Severity.WARNING, Codes.EXCEL_DAMAGE, f,
                        (secret ? "the value" : "\"" + v + "\"") + " is the stored "
                                + (secret ? "value" : "\"" + stored + "\"") + " without its leading zeros: Excel "
                                + "may have dropped them, so the stored value is kept; format the column as text in "
                                + "Excel and type it again");
            } else if (!same(f, v, stored)) {
                changes.add(new FieldChange(f, stored, v, secret));
                set.put(f, v);
            }
        }
        if (type != UpdateType.FILE) {
            applyDefaults(p, user, renameTo, type, set, changes);
        }
        clearOmittedSets(p, user, changes);
        for (FieldChange c : changes) {
            if (!run.isUpdatable(c.field())) {
                p.error(Codes.NOT_UPDATABLE, c.field(), c.field() + " cannot be changed on existing users");
            }
        }

        boolean rename = false;
        if (renameTo != null) {
            if (!settings.allowRenames()) {
                return p.skip(user, Codes.RENAME_NOT_ALLOWED, "the row would rename " + user.username() + " to "
                        + renameTo + "; renames are not allowed in this upload");
            }
            if (l.usernameTaken(renameTo)) {
                if (!l.username(renameTo).isEmpty()) {
                    claims.want(StandardFields.USERNAME, renameTo, p.line);
                }
                p.error(Codes.USERNAME_TAKEN, StandardFields.USERNAME, "cannot rename " + user.username() + " to "
                        + renameTo + ": that username is already in use");
            } else {
                changes.add(new FieldChange(StandardFields.USERNAME, user.username(), renameTo, false));
                set.put(StandardFields.USERNAME, renameTo);
                rename = true;
            }
        }

        Action statusAction = null;
        if (p.status == StatusIntent.DELETE) {
            return delete(p, user);
        }
        if (p.status != null) {
            UserStatus wanted = p.status == StatusIntent.ACTIVE ? UserStatus.ACTIVE : UserStatus.INACTIVE;
            if (wanted != user.status()) {
                if (!settings.allowSuspends()) {
                    return p.skip(user, Codes.STATUS_CHANGE_NOT_ALLOWED, "the row would "
                            + (wanted == UserStatus.ACTIVE ? "activate " : "deactivate ") + user.username()
                            + "; status changes are not allowed in this upload");
                }
                changes.add(new FieldChange(StandardFields.STATUS, user.status().name(), wanted.name(), false));
                set.put(StandardFields.STATUS, wanted.name());
                statusAction = wanted == UserStatus.ACTIVE ? Action.ACTIVATE : Action.DEACTIVATE;
            }
        }

        MembershipColumns.Diff memberships = MembershipColumns.diff(user.memberships(), p.memberships);
        l.checkTargets(p, memberships.add());
        l.checkReferences(p, set);
        claims.checkUnique(p, user, set, l);

        boolean weak = false;
        PasswordChange pw = PasswordChange.NONE;
        if (p.password != null) {
            if (settings.updatePasswords()) {
                weak = run.checkPassword(p);
                changes.add(new FieldChange(StandardFields.PASSWORD, null, null, true));
                pw = new PasswordChange(p.password, false, run.forceChange(weak), false);
            } else {
                p.add(Severity.INFO, Codes.IGNORED_VALUE, StandardFields.PASSWORD,
                        "the password of an existing user is not changed: updating passwords is off");
            }
        }
        if (p.resetPassword) {
            pw = new PasswordChange(pw.newPassword(), false, pw.forceChange(), true);
        }
        claims.checkReleases(p, user, changes);
        if (p.hasErrors()) {
            return p.reject(user);
        }
        if (rename) {
            claims.release(StandardFields.USERNAME, user.username(), user.id());
            claims.claim(StandardFields.USERNAME, renameTo, p.line);
        }
        for (FieldChange c : changes) {
            if (c.from() != null && claims.identifying(c.field())) {
                claims.release(c.field(), c.from(), user.id());
            }
        }
        claims.claimAll(set, user, p.line);
        String finalName = rename ? renameTo : user.username();
        if (changes.isEmpty() && memberships.isEmpty() && pw.isNone()) {
            return new PlannedChange(p.line, Action.UNCHANGED, user.id(), finalName, user.version(), List.of(),
                    Set.of(), Set.of(), p.problems, PasswordChange.NONE, false, false);
        }
        Action action = rename ? Action.RENAME : statusAction != null ? statusAction : Action.UPDATE;
        return new PlannedChange(p.line, action, user.id(), finalName, user.version(), run.orderChanges(changes),
                memberships.add(), memberships.remove(), p.problems, pw, false, weak);
    }

    /** The defaults, for fields the row leaves blank, when the update type uses them. */
    private void applyDefaults(PreparedRow p, UserRecord user, String renameTo, UpdateType type, Map<String, String> set,
                               List<FieldChange> changes) {
        String first = set.getOrDefault(StandardFields.FIRST_NAME, user.firstName().orElse(null));
        String last = set.getOrDefault(StandardFields.LAST_NAME, user.lastName().orElse(null));
        String name = renameTo != null ? renameTo : user.username();
        for (Map.Entry<String, String> d : settings.defaults().entrySet()) {
            String f = d.getKey();
            if (f.equals(StandardFields.USERNAME) || RunContext.isDirective(f) || p.present(f) != null
                    || set.containsKey(f)) {
                continue;
            }
            String stored = user.fields().get(f);
            if (type == UpdateType.FILL_MISSING && stored != null) {
                continue;
            }
            String v = Usernames.expand(d.getValue(), first, last, name).strip();
            if (!v.isEmpty() && !same(f, v, stored)) {
                changes.removeIf(c -> c.field().equals(f));
                changes.add(new FieldChange(f, stored, v, run.isSensitive(f)));
                set.put(f, v);
            }
        }
    }

    /** A delete, when allowed: the user gives up every unique value it holds, for later rows of the file. */
    private PlannedChange delete(PreparedRow p, UserRecord user) {
        if (!settings.allowDeletes()) {
            return p.skip(user, Codes.DELETE_NOT_ALLOWED, "the row asks to delete " + user.username()
                    + "; deletes are not allowed in this upload");
        }
        List<FieldChange> freed = new ArrayList<>();
        for (Map.Entry<String, String> e : user.fields().entrySet()) {
            if (claims.identifying(e.getKey()) || run.schema.field(e.getKey()).map(FieldDefinition::unique).orElse(false)) {
                freed.add(new FieldChange(e.getKey(), e.getValue(), null, false));
            }
        }
        claims.checkReleases(p, user, freed);
        if (p.hasErrors()) {
            return p.reject(user);
        }
        for (FieldChange f : freed) {
            claims.release(f.field(), f.from(), user.id());
        }
        return new PlannedChange(p.line, Action.DELETE, user.id(), user.username(), user.version(),
                List.of(), Set.of(), Set.of(), p.problems, PasswordChange.NONE, false, false);
    }

    /**
     * Seed 004: a user's numbered field sets of one kind (payment cards {@code card1},
     * {@code card2}, …) go together. A row that gives some of them clears the others the user
     * has; the plan shows them as erased, with a warning.
     */
    private void clearOmittedSets(PreparedRow p, UserRecord user, List<FieldChange> changes) {
        for (Map.Entry<String, Set<String>> e : run.setsOfFamily.entrySet()) {
            Set<String> given = new LinkedHashSet<>();
            for (String f : run.header.fields()) {
                String set = run.schema.field(f).orElseThrow().fieldSet();
                if (set != null && e.getValue().contains(set) && p.present(f) != null) {
                    given.add(set);
                }
            }
            if (given.isEmpty()) {
                continue;
            }
            for (String set : e.getValue()) {
                if (given.contains(set)) {
                    continue;
                }
                boolean cleared = false;
                for (FieldDefinition f : run.schema.fields()) {
                    String stored = user.fields().get(f.name());
                    if (set.equals(f.fieldSet()) && stored != null
                            && changes.stream().noneMatch(c -> c.field().equals(f.name()))) {
                        changes.add(new FieldChange(f.name(), stored, null, f.sensitive()));
                        cleared = true;
                    }
                }
                if (cleared) {
                    p.add(Severity.WARNING, Codes.FIELD_SET_CLEARED, null, set + " is cleared: the row gives other "
                            + e.getKey() + " sets (" + String.join(", ", given) + ") but not this one; include every "
                            + e.getKey() + " set to keep them all");
                }
            }
        }
    }
}
