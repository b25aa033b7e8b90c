package dev.rollcall.core.internal;

import dev.rollcall.spi.Codes;
import dev.rollcall.spi.Membership;
import dev.rollcall.spi.MembershipKind;
import dev.rollcall.spi.Sites;
import dev.rollcall.spi.StandardFields;
import dev.rollcall.spi.UserRecord;
import dev.rollcall.spi.UserRepository;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The users and targets one batch's rows refer to, found with one repository call per field
 * or kind, and the checks that need nothing more than them.
 */
final class Lookups {

    private final RunContext run;
    /** stored users by the batch's match keys */
    Map<String, List<UserRecord>> byKey = Map.of();
    private Map<String, List<UserRecord>> byUsername = Map.of();
    private final Map<String, Map<String, List<UserRecord>>> byUnique = new HashMap<>();
    private final Map<String, Set<String>> targets = new HashMap<>();

    private Lookups(RunContext run) {
        this.run = run;
    }

    /** @return the stored users with the username that no earlier row took it away from */
    List<UserRecord> username(String name) {
        return run.claims.stillHeld(StandardFields.USERNAME, name, byUsername.getOrDefault(name, List.of()));
    }

    /** @return whether a stored user (that no earlier row took it away from) or an earlier row has the username */
    boolean usernameTaken(String username) {
        return !username(username).isEmpty() || run.claims.claimedBy(StandardFields.USERNAME, username) != null;
    }

    /** @return the stored users the batch's look-ups found with the value of a unique field */
    List<UserRecord> holders(String field, String value) {
        return byUnique.getOrDefault(field, Map.of()).getOrDefault(value, List.of());
    }

    private boolean targetExists(String kind, String name) {
        return targets.getOrDefault(kind, Set.of()).contains(name);
    }

    /** @return what the rows of a batch without errors refer to, looked up */
    static Lookups find(RunContext run, List<PreparedRow> batch) {
        String matchOn = run.matchOn;
        UserRepository repository = run.repository;
        Set<String> keys = new LinkedHashSet<>(batch.size() * 2);
        Set<String> usernames = new LinkedHashSet<>(batch.size() * 2);
        Map<String, Set<String>> uniqueValues = new LinkedHashMap<>();
        Map<String, Set<String>> targetNames = new LinkedHashMap<>();
        for (PreparedRow p : batch) {
            if (p.hasErrors()) {
                continue;
            }
            if (p.key != null) {
                keys.add(p.key);
            }
            for (String u : new String[] {p.rawUsername, p.oldUsername, p.generated}) {
                if (u != null) {
                    usernames.add(u);
                }
            }
            for (String f : run.referenceColumns) {
                String v = p.present(f);
                if (v != null) {
                    String kind = run.schema.field(f).orElseThrow().references();
                    targetNames.computeIfAbsent(kind, k -> new LinkedHashSet<>())
                            .add(f.equals(StandardFields.SITE) ? Sites.normalize(v) : v);
                }
            }
            for (Membership m : p.memberships.add()) {
                targetNames.computeIfAbsent(m.kind().targetKind(), k -> new LinkedHashSet<>()).add(m.target());
            }
        }
        Lookups l = new Lookups(run);
        if (matchOn.equals(StandardFields.USERNAME)) {
            for (PreparedRow p : batch) {
                if (!p.hasErrors() && p.username != null) {
                    usernames.add(p.username);
                }
            }
        } else if (!keys.isEmpty()) {
            l.byKey = repository.findBy(matchOn, keys);
            // a row's username needs looking up only when it is not already the matched user's
            // (a key unique within a site may find a user of another site: that one is not matched)
            boolean withinSite = run.claims.withinSite(matchOn);
            for (PreparedRow p : batch) {
                if (p.hasErrors() || p.username == null) {
                    continue;
                }
                List<UserRecord> byKey = p.key == null ? null : l.byKey.get(p.key);
                if (withinSite || byKey == null || byKey.size() != 1 || !byKey.get(0).username().equals(p.username)) {
                    usernames.add(p.username);
                }
            }
        } else {
            for (PreparedRow p : batch) {
                if (!p.hasErrors() && p.username != null) {
                    usernames.add(p.username);
                }
            }
        }
        l.byUsername = usernames.isEmpty() ? Map.of() : repository.findBy(StandardFields.USERNAME, usernames);
        if (matchOn.equals(StandardFields.USERNAME)) {
            l.byKey = l.byUsername;
        }
        // Unique values are looked up only where a row would give them: a new user's, or a value
        // that differs from the stored one of the user the key finds. An unchanged row costs nothing.
        for (PreparedRow p : batch) {
            if (p.hasErrors()) {
                continue;
            }
            List<UserRecord> byKey = p.key == null ? null : l.byKey.get(p.key);
            UserRecord guess = byKey != null && byKey.size() == 1 ? byKey.get(0) : null;
            for (String f : run.uniqueColumns) {
                if (f.equals(matchOn) || f.equals(StandardFields.USERNAME)) {
                    continue;
                }
                String v = p.present(f);
                if (v == null) {
                    continue;
                }
                String stored = guess == null ? null : guess.fields().get(f);
                if (stored == null || !Keys.comparable(f, stored).equals(Keys.comparable(f, v))) {
                    uniqueValues.computeIfAbsent(f, k -> new LinkedHashSet<>()).add(v);
                }
            }
        }
        for (String f : run.uniqueColumns) {
            if (f.equals(matchOn)) {
                l.byUnique.put(f, l.byKey);
            } else if (f.equals(StandardFields.USERNAME)) {
                l.byUnique.put(f, l.byUsername);
            } else if (uniqueValues.containsKey(f)) {
                l.byUnique.put(f, repository.findBy(f, uniqueValues.get(f)));
            }
        }
        for (Map.Entry<String, Set<String>> e : targetNames.entrySet()) {
            l.targets.put(e.getKey(), repository.existingTargets(e.getKey(), e.getValue()));
        }
        return l;
    }

    /** Every value that must name a host target (a site, a theme, an office) names one. */
    void checkReferences(PreparedRow p, Map<String, String> values) {
        for (String f : run.referenceColumns) {
            String v = values.get(f);
            if (v != null) {
                String kind = run.schema.field(f).orElseThrow().references();
                if (!targetExists(kind, v)) {
                    p.error(Codes.UNKNOWN_TARGET, f, unknownTarget(kind, v, p.header().header(f)));
                }
            }
        }
    }

    /** Every membership a row adds names a target the host has. */
    void checkTargets(PreparedRow p, Set<Membership> add) {
        for (Membership m : add) {
            if (!targetExists(m.kind().targetKind(), m.target())) {
                String kind = m.kind() == MembershipKind.SYSTEM_ROLE ? "system role" : m.kind().targetKind();
                String column = MembershipColumns.column(p.header(), p.row, m);
                p.error(Codes.UNKNOWN_TARGET, column,
                        unknownTarget(kind, m.target(), column == null ? null : p.header().header(column)));
            }
        }
    }

    /** @return {@code unknown course "Math 101" in column course2: enter the name exactly as the site has it} */
    private static String unknownTarget(String kind, String target, String column) {
        return "unknown " + kind + " \"" + target + "\"" + (column == null ? "" : " in column " + column)
                + ": enter the name exactly as the site has it";
    }
}
