package dev.rollcall.core.internal;

import dev.rollcall.core.Action;
import dev.rollcall.core.DuplicateUsernames;
import dev.rollcall.core.FieldChange;
import dev.rollcall.core.PlannedChange;
import dev.rollcall.core.UploadMode;
import dev.rollcall.core.internal.PreparedRow.StatusIntent;
import dev.rollcall.spi.Codes;
import dev.rollcall.spi.FieldDefinition;
import dev.rollcall.spi.PasswordChange;
import dev.rollcall.spi.Problem;
import dev.rollcall.spi.ProfileType;
import dev.rollcall.spi.Severity;
import dev.rollcall.spi.Sites;
import dev.rollcall.spi.StandardFields;
import dev.rollcall.spi.UserRecord;
import dev.rollcall.spi.UserStatus;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Plans a row that creates a user: its username (from the row, or made from the template,
 * with a counter when taken), its values with the defaults filled in, the fields every new
 * user needs, and the targets and unique values it would be given.
 */
final class CreatePlanner {

    private final RunContext run;
    private final Settings settings;
    private final RowClaims claims;

    CreatePlanner(RunContext run) {
        this.run = run;
        this.settings = run.settings;
        this.claims = run.claims;
    }

    PlannedChange plan(PreparedRow p, Lookups l) {
        boolean generated = p.username == null;
        String username = generated ? p.generated : p.username;
        if (username == null) {
            p.error(Codes.MISSING_REQUIRED, StandardFields.USERNAME, run.usernameTemplate == null
                    ? "a new user needs a username" : "the username template makes no username from this row's names");
            return p.reject(null);
        }
        if (l.usernameTaken(username)) {
            if (settings.mode() == UploadMode.ADD_ALL
                    || (generated && settings.duplicateUsernames() == DuplicateUsernames.APPEND_COUNTER)) {
                username = nextFreeUsername(username);
            } else {
                if (!l.username(username).isEmpty()) {
                    claims.want(StandardFields.USERNAME, username, p.line);
                }
                p.error(Codes.USERNAME_TAKEN, StandardFields.USERNAME, "the username " + username
                        + (claims.claimedBy(StandardFields.USERNAME, username) != null
                        ? " is given to an earlier row's user" : " is already in use"));
                return p.reject(null);
            }
        }
        if (p.status == StatusIntent.DELETE) {
            return p.skip(null, Codes.USER_NOT_FOUND, "the row asks to delete a user that does not exist");
        }

        Map<String, String> values = values(p, username);
        ProfileType profile = ProfileType.parse(values.getOrDefault(StandardFields.PROFILE_TYPE, "1")).orElseThrow();
        List<String> missing = new ArrayList<>();
        for (FieldDefinition f : run.schema.fields()) {
            if (f.isRequiredFor(profile) && !values.containsKey(f.name())) {
                missing.add(f.name());
            }
        }
        if (!missing.isEmpty()) {
            String first = missing.get(0);
            p.problems.add(new Problem(Severity.ERROR, Codes.MISSING_REQUIRED, p.line,
                    run.header.has(first) ? run.header.header(first) : null, first,
                    "to create " + (profile == ProfileType.FACILITY ? "a facility" : "an individual")
                            + ", these fields are required: " + String.join(", ", missing)));
        }
        l.checkReferences(p, values);
        if (!values.containsKey(StandardFields.SITE) && run.scope != null) {
            values.put(StandardFields.SITE, run.scope);
        }
        MembershipColumns.Diff memberships = MembershipColumns.diff(Set.of(), p.memberships);
        l.checkTargets(p, memberships.add());
        claims.checkUnique(p, null, values, l);
        if (p.hasErrors()) {
            return p.reject(null);
        }
        claims.claim(StandardFields.USERNAME, username, p.line);
        claims.claimAll(values, null, p.line);

        List<FieldChange> changes = new ArrayList<>();
        for (String f : run.orderedFields(values.keySet())) {
            changes.add(new FieldChange(f, null, values.get(f), run.isSensitive(f)));
        }
        boolean weak = false;
        PasswordChange pw;
        if (p.password != null) {
            weak = run.checkPassword(p);
            changes.add(new FieldChange(StandardFields.PASSWORD, null, null, true));
            pw = new PasswordChange(p.password, false, run.forceChange(weak), false);
        } else {
            pw = new PasswordChange(null, true, false, false);
        }
        if (!username.equals(generated ? p.generated : p.username)) {
            p.add(Severity.INFO, Codes.USERNAME_TAKEN, StandardFields.USERNAME, "the username "
                    + (generated ? p.generated : p.username) + " is taken; the new user gets " + username);
        }
        return new PlannedChange(p.line, Action.CREATE, null, username, 0, changes, memberships.add(), Set.of(),
                p.problems, pw, false, weak);
    }

    /** @return the new user's values: the row's, the username, the defaults, the status and the feed */
    private Map<String, String> values(PreparedRow p, String username) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String f : run.header.fields()) {
            if (!RunContext.isDirective(f)) {
                String v = p.present(f);
                if (v != null) {
                    values.put(f, f.equals(StandardFields.SITE) ? Sites.normalize(v) : v);
                }
            }
        }
        values.put(StandardFields.USERNAME, username);
        for (Map.Entry<String, String> d : settings.defaults().entrySet()) {
            if (!d.getKey().equals(StandardFields.USERNAME) && !values.containsKey(d.getKey())) {
                String v = Usernames.expand(d.getValue(), values.get(StandardFields.FIRST_NAME),
                        values.get(StandardFields.LAST_NAME), username).strip();
                if (!v.isEmpty()) {
                    values.put(d.getKey(), v);
                }
            }
        }
        UserStatus status = p.status == null ? settings.newUserStatus()
                : p.status == StatusIntent.ACTIVE ? UserStatus.ACTIVE : UserStatus.INACTIVE;
        values.put(StandardFields.STATUS, status.name());
        if (settings.feed() != null) {
            values.put(StandardFields.FEED, settings.feed());
        }
        return values;
    }

    /** @return the first counter candidate of {@code base} that neither the store nor an earlier row uses */
    private String nextFreeUsername(String base) {
        for (int n = 1; ; n += 10) {
            List<String> candidates = new ArrayList<>(10);
            for (int k = n; k < n + 10; k++) {
                String c = Usernames.candidate(base, k);
                if (claims.claimedBy(StandardFields.USERNAME, c) == null) {
                    candidates.add(c);
                }
            }
            Map<String, List<UserRecord>> taken = candidates.isEmpty() ? Map.of()
                    : run.repository.findBy(StandardFields.USERNAME, candidates);
            for (String c : candidates) {
                if (claims.stillHeld(StandardFields.USERNAME, c, taken.getOrDefault(c, List.of())).isEmpty()) {
                    return c;
                }
            }
        }
    }
}
