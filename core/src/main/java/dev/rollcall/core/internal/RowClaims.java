package dev.rollcall.core.internal;

import dev.rollcall.core.FieldChange;
import dev.rollcall.spi.Codes;
import dev.rollcall.spi.Severity;
import dev.rollcall.spi.Sites;
import dev.rollcall.spi.StandardFields;
import dev.rollcall.spi.UserRecord;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Uniqueness across the rows of one file: what earlier rows claimed (a user, a match key, a
 * username, a unique value), which stored users an earlier row took a value away from, and
 * which values an earlier row was refused because a stored user held them. A later row is
 * told when it collides with any of these, so that planning the file again after applying it
 * gives the same answers.
 */
final class RowClaims {

    private final String matchOn;
    private final List<String> uniqueColumns;
    private final boolean preventEmailDuplicates;
    /** unique fields whose values are unique within a site (seed 003): their claims carry the site */
    private final Set<String> withinSite;

    /**
     * What earlier rows claimed, by kind: {@code key} (the match key a row gives), {@code user}
     * (the id of a user a row matched, kept only when matching falls back to usernames),
     * {@code username} (a username that names a user when matching falls back to it) and
     * {@code named} (usernames a full upload must not deactivate).
     */
    private final Claims names = new Claims();
    /** unique values rows give their users, one table per field so each grows on its own */
    private final Map<String, Claims> uniqueClaims = new HashMap<>();
    /** field → (comparable value, user id) pairs: an earlier row took the value away from that stored user */
    private final Map<String, Set<String>> released = new HashMap<>();
    /** field → comparable value → line of an earlier row refused because a stored user held the value */
    private final Map<String, Map<String, Long>> wanted = new HashMap<>();

    RowClaims(String matchOn, List<String> uniqueColumns, boolean preventEmailDuplicates, Set<String> withinSite) {
        this.matchOn = matchOn;
        this.uniqueColumns = uniqueColumns;
        this.preventEmailDuplicates = preventEmailDuplicates;
        this.withinSite = withinSite;
    }

    /** @return whether the field's values are unique within a site rather than across the system */
    boolean withinSite(String field) {
        return withinSite.contains(field);
    }

    /** @return a site path as compared for uniqueness within a site: normalised, "" for none */
    static String site(String path) {
        return path == null ? "" : Sites.normalize(path);
    }

    /**
     * @return the form in which a value of the field is claimed: {@link Keys#comparable}, and
     *         for a field unique within a site, with the site
     */
    String claimKey(String field, String value, String site) {
        String comparable = Keys.comparable(field, value);
        return withinSite(field) ? comparable + '\u0000' + site(site) : comparable;
    }

    /** @return the site a user has once a row gives it these values: the row's site, else the stored one */
    static String siteAfter(Map<String, String> values, UserRecord user) {
        String site = values.get(StandardFields.SITE);
        return site != null ? site : user == null ? null : user.site().orElse(null);
    }

    /**
     * Claims a name of a user (see {@link #names} for the kinds) for a line unless an earlier
     * line did.
     *
     * @return the line of the earlier claim, or 0 when this one is the first
     */
    long claimName(String kind, String value, long line) {
        return names.claim(Claims.hash(kind, value), line);
    }

    /** @return whether a row claimed the name */
    boolean named(String kind, String value) {
        return names.contains(Claims.hash(kind, value));
    }

    /** @return whether a value of the field names one user: a unique value, or the match key */
    boolean identifying(String field) {
        return field.equals(StandardFields.USERNAME) || field.equals(matchOn) || uniqueColumns.contains(field);
    }

    /**
     * @return the stored holders of a unique value that an earlier row has not taken it away
     *         from; a value two stored users share stays taken while either still has it
     */
    List<UserRecord> stillHeld(String field, String value, List<UserRecord> holders) {
        Set<String> r = released.get(field);
        if (r == null || holders.isEmpty()) {
            return holders;
        }
        String comparable = Keys.comparable(field, value);
        return holders.stream().filter(h -> !r.contains(releaseKey(comparable, h.id()))).toList();
    }

    /** Records that a row takes a unique value away from the stored user that had it. */
    void release(String field, String value, String userId) {
        released.computeIfAbsent(field, k -> new HashSet<>()).add(releaseKey(Keys.comparable(field, value), userId));
    }

    private static String releaseKey(String comparable, String userId) {
        return comparable + '\u0000' + userId;
    }

    /** Records that the row at {@code line} was refused a value because a stored user holds it. */
    void want(String field, String value, long line) {
        wanted.computeIfAbsent(field, k -> new HashMap<>()).putIfAbsent(Keys.comparable(field, value), line);
    }

    /** @return the line of the earlier row that gives its user this unique value, or null */
    Long claimedBy(String field, String value) {
        return claimedBy(field, value, null);
    }

    /** @return the line of the earlier row that gives its user (of the site) this unique value, or null */
    Long claimedBy(String field, String value, String site) {
        long line = 0;
        Claims table = uniqueClaims.get(field);
        if (table != null) {
            line = table.lineOf(Claims.hash(field, claimKey(field, value, site)));
        }
        return line == 0 ? null : line;
    }

    /** Records that the row at {@code line} gives its user this unique value. */
    void claim(String field, String value, long line) {
        claim(field, value, null, line);
    }

    private void claim(String field, String value, String site, long line) {
        uniqueClaims.computeIfAbsent(field, k -> new Claims()).claim(Claims.hash(field, claimKey(field, value, site)), line);
    }

    /**
     * Claims every unique value among {@code values} for the row at {@code line}.
     *
     * @param user the user the row updates, or null for a new user
     */
    void claimAll(Map<String, String> values, UserRecord user, long line) {
        String site = siteAfter(values, user);
        for (Map.Entry<String, String> e : values.entrySet()) {
            if (uniqueColumns.contains(e.getKey())) {
                claim(e.getKey(), e.getValue(), site, line);
            }
        }
    }

    /**
     * Checks that the unique values a row would give its user belong to nobody else, in the
     * store or in an earlier row. Email counts as unique when duplicates are prevented; when
     * they are allowed, a shared email is a warning.
     *
     * @param user the user the row updates, or null for a new user
     */
    void checkUnique(PreparedRow p, UserRecord user, Map<String, String> values, Lookups l) {
        String site = siteAfter(values, user);
        for (Map.Entry<String, String> e : values.entrySet()) {
            String f = e.getKey();
            boolean email = f.equals(StandardFields.EMAIL);
            if (f.equals(StandardFields.USERNAME) || (f.equals(matchOn) && user == null && !email)) {
                continue;
            }
            if (!uniqueColumns.contains(f) && !email) {
                continue;
            }
            List<UserRecord> holders = l.holders(f, e.getValue());
            if (withinSite(f)) {
                holders = holders.stream().filter(h -> site(h.site().orElse(null)).equals(site(site))).toList();
            }
            boolean heldByOther = stillHeld(f, e.getValue(), holders).stream()
                    .anyMatch(h -> user == null || !h.id().equals(user.id()));
            Long earlier = claimedBy(f, e.getValue(), site);
            if (!heldByOther && earlier == null) {
                continue;
            }
            if (heldByOther && !(email && !preventEmailDuplicates)) {
                want(f, e.getValue(), p.line);
            }
            String in = withinSite(f) ? " in " + (site(site).isEmpty() ? "the users without a site" : "site " + site(site)) : "";
            String where = heldByOther ? "another user" + in + " already has this " + f
                    : "line " + earlier + " already gives this " + f + " to another user" + in;
            if (email && !preventEmailDuplicates) {
                p.add(Severity.WARNING, Codes.DUPLICATE_EMAIL, f, where);
            } else {
                p.error(email ? Codes.DUPLICATE_EMAIL : Codes.DUPLICATE_KEY, f, where);
            }
        }
    }

    /**
     * A row gives up stored unique values (a rename, a changed email). If an earlier row was
     * refused one of them because this user still held it, the two rows conflict: planning
     * this file again after applying it would give the earlier row another answer. Both are
     * refused, and the message says how to order them.
     */
    void checkReleases(PreparedRow p, UserRecord user, List<FieldChange> changes) {
        for (FieldChange c : changes) {
            if (!identifying(c.field()) || c.from() == null) {
                continue;
            }
            Map<String, Long> m = wanted.get(c.field());
            Long line = m == null ? null : m.get(Keys.comparable(c.field(), c.from()));
            if (line != null) {
                p.error(c.field().equals(StandardFields.EMAIL) ? Codes.DUPLICATE_EMAIL : Codes.DUPLICATE_KEY, c.field(),
                        "line " + line + " asks for the " + c.field() + " this row takes away from " + user.username()
                                + "; put this row before line " + line);
            }
        }
    }
}
