package dev.rollcall.core.internal;

import dev.rollcall.core.FieldChange;
import dev.rollcall.core.ForcePasswordChange;
import dev.rollcall.spi.Codes;
import dev.rollcall.spi.FieldDefinition;
import dev.rollcall.spi.FieldSchema;
import dev.rollcall.spi.Severity;
import dev.rollcall.spi.StandardFields;
import dev.rollcall.spi.UploadColumns;
import dev.rollcall.spi.UserRepository;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the stages of one planning run share: the settings, the schema, what the file's header
 * says about the run (which columns are unique, which name host targets, which status columns
 * there are) and what earlier rows claimed. Made once the header is read; the stages keep it.
 */
final class RunContext {

    final Settings settings;
    final UserRepository repository;
    final FieldSchema schema;
    /** the field rows are matched on */
    final String matchOn;
    /** the site the upload is limited to, or null */
    final String scope;
    /** the template new users' usernames are made from, or null */
    final String usernameTemplate;
    final HeaderMapping header;
    /** Fields whose values another user must not have: unique fields, and email (a warning when duplicates are allowed). */
    final List<String> uniqueColumns;
    /** Fields in the file whose values name a host target (a site, a theme, an office). */
    final List<String> referenceColumns;
    final boolean hasStatusColumns;
    /** the file's only status column is {@code status}: the common case, read without the general machinery */
    final boolean onlyStatusColumn;
    /** numbered field sets by kind: {@code card} → {@code card1}, {@code card2} */
    final Map<String, Set<String>> setsOfFamily;
    /** what earlier rows of the file claimed */
    final RowClaims claims;
    /** the schema's sensitive fields, found once per run rather than per value */
    private final Set<String> sensitive;
    /** the schema's fields that cannot be changed on existing users */
    private final Set<String> notUpdatable;

    RunContext(Settings settings, FieldSchema schema, HeaderMapping header) {
        this.settings = settings;
        this.repository = settings.repository();
        this.schema = schema;
        this.matchOn = settings.matchOn();
        this.scope = settings.scope();
        this.usernameTemplate = settings.defaults().get(StandardFields.USERNAME);
        this.header = header;
        List<String> unique = new ArrayList<>();
        List<String> references = new ArrayList<>();
        for (String f : header.fields()) {
            FieldDefinition def = schema.field(f).orElseThrow();
            if (def.unique() || f.equals(StandardFields.EMAIL)) {
                unique.add(f);
            }
            if (def.references() != null) {
                references.add(f);
            }
        }
        this.uniqueColumns = List.copyOf(unique);
        this.referenceColumns = List.copyOf(references);
        Map<String, Set<String>> families = new LinkedHashMap<>();
        for (FieldDefinition f : schema.fields()) {
            String family = family(f.fieldSet());
            if (family != null) {
                families.computeIfAbsent(family, k -> new LinkedHashSet<>()).add(f.fieldSet());
            }
        }
        this.setsOfFamily = families;
        boolean others = header.has(UploadColumns.EMPLOYEE_STATUS) || header.has(UploadColumns.ACCOUNT_STATUS)
                || header.has(UploadColumns.SUSPENDED) || header.has(UploadColumns.DELETED);
        this.hasStatusColumns = header.has(StandardFields.STATUS) || others;
        this.onlyStatusColumn = header.has(StandardFields.STATUS) && !others;
        Set<String> withinSite = new HashSet<>();
        Set<String> secret = new HashSet<>();
        Set<String> fixed = new HashSet<>();
        for (FieldDefinition f : schema.fields()) {
            if (f.uniqueWithinSite()) {
                withinSite.add(f.name());
            }
            if (f.sensitive()) {
                secret.add(f.name());
            }
            if (!f.updatable()) {
                fixed.add(f.name());
            }
        }
        this.sensitive = Set.copyOf(secret);
        this.notUpdatable = Set.copyOf(fixed);
        this.claims = new RowClaims(matchOn, uniqueColumns, settings.preventEmailDuplicates(), Set.copyOf(withinSite));
    }

    /** @return the kind of a numbered set ({@code card} for {@code card2}, {@code payment card} for {@code payment card 1}), or null */
    private static String family(String set) {
        if (set == null) {
            return null;
        }
        int end = set.length();
        while (end > 0 && Character.isDigit(set.charAt(end - 1))) {
            end--;
        }
        return end == set.length() || end == 0 ? null : set.substring(0, end).strip();
    }

    /** Columns that steer the upload rather than being stored as they are. */
    static boolean isDirective(String field) {
        return field.equals(StandardFields.PASSWORD) || field.equals(StandardFields.STATUS);
    }

    /** @return whether the schema marks the field sensitive (false for a field it does not have) */
    boolean isSensitive(String field) {
        return sensitive.contains(field);
    }

    /** @return whether existing users' values of the field may change (true for a field the schema does not have) */
    boolean isUpdatable(String field) {
        return !notUpdatable.contains(field);
    }

    /** @return whether the row's password is weak, with a warning on the row when it is */
    boolean checkPassword(PreparedRow p) {
        List<String> weaknesses = settings.passwordPolicy().weaknesses(p.password);
        if (weaknesses.isEmpty()) {
            return false;
        }
        p.add(Severity.WARNING, Codes.WEAK_PASSWORD, StandardFields.PASSWORD,
                "the password is weak: " + String.join(", ", weaknesses));
        return true;
    }

    /** @return whether a password from the file must be changed at next sign-in */
    boolean forceChange(boolean weak) {
        return settings.forcePasswordChange() == ForcePasswordChange.ALL
                || (weak && settings.forcePasswordChange() == ForcePasswordChange.WEAK);
    }

    /** @return the names in the schema's order, then names the schema does not have */
    List<String> orderedFields(Set<String> names) {
        List<String> out = new ArrayList<>(names.size());
        for (FieldDefinition f : schema.fields()) {
            if (names.contains(f.name())) {
                out.add(f.name());
            }
        }
        for (String n : names) {
            if (!schema.has(n)) {
                out.add(n);
            }
        }
        return out;
    }

    /** @return the changes in the schema's order, the last change of a field winning */
    List<FieldChange> orderChanges(List<FieldChange> changes) {
        Map<String, FieldChange> byField = new LinkedHashMap<>();
        for (FieldChange c : changes) {
            byField.put(c.field(), c);
        }
        List<FieldChange> out = new ArrayList<>();
        for (String f : orderedFields(byField.keySet())) {
            out.add(byField.get(f));
        }
        return out;
    }
}
