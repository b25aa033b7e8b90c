package dev.rollcall.core.internal;

import dev.rollcall.core.PlannedChange;
import dev.rollcall.core.UploadMode;
import dev.rollcall.core.internal.PreparedRow.StatusIntent;
import dev.rollcall.spi.Codes;
import dev.rollcall.spi.Sites;
import dev.rollcall.spi.StandardFields;
import dev.rollcall.spi.UploadColumns;
import dev.rollcall.spi.UserRecord;

import java.util.List;

/**
 * Chooses the user a row is about: claims the row's names of a user against earlier rows,
 * finds the one stored user among the batch's {@link Lookups} (by the match key, a rename's
 * old username, or the username as a fall-back) and decides whether the row creates a user,
 * updates the one it found, or ends here (rejected or skipped).
 */
final class Matcher {

    /**
     * What matching decided for a row.
     *
     * @param decided  the row's outcome when matching ends it (rejected or skipped), else null
     * @param user     the user the row updates, or null when it creates one
     * @param renameTo the username the row gives the user, or null
     */
    record Match(PlannedChange decided, UserRecord user, String renameTo) {

        static Match decided(PlannedChange change) {
            return new Match(change, null, null);
        }

        static Match create() {
            return new Match(null, null, null);
        }

        static Match update(UserRecord user, String renameTo) {
            return new Match(null, user, renameTo);
        }
    }

    private final RunContext run;
    private final Settings settings;
    private final String matchOn;
    private final RowClaims claims;

    Matcher(RunContext run) {
        this.run = run;
        this.settings = run.settings;
        this.matchOn = run.matchOn;
        this.claims = run.claims;
    }

    Match match(PreparedRow p, Lookups l) {
        if (settings.fullUpload()) {
            for (String u : new String[] {p.username, p.oldUsername}) {
                if (u != null) {
                    claims.claimName("named", u, p.line);
                }
            }
        }
        if (settings.mode() == UploadMode.ADD_ALL) {
            return p.hasErrors() ? Match.decided(p.reject(null)) : Match.create();
        }
        // The first row naming a user claims it, valid or not: whether a later row for the same
        // user goes ahead must not depend on what the store holds, or planning an applied file
        // again would give another answer.
        boolean renaming = p.oldUsername != null && matchOn.equals(StandardFields.USERNAME);
        String identity = renaming ? p.oldUsername : p.key;
        if (identity != null) {
            long first = claims.claimName("key", renaming ? Keys.comparable(matchOn, identity) : keyName(p, identity), p.line);
            if (first != 0) {
                p.error(Codes.DUPLICATE_ROW, renaming ? UploadColumns.OLD_USERNAME : matchOn,
                        "line " + first + " already names this user");
                return Match.decided(p.reject(null));
            }
        }
        if (settings.fallbackToUsername() && !matchOn.equals(StandardFields.USERNAME) && p.username != null) {
            // with the fallback, a username may name a user too, whether or not this row is valid
            long first = claims.claimName("username", Keys.comparable(StandardFields.USERNAME, p.username), p.line);
            if (first != 0) {
                p.error(Codes.DUPLICATE_ROW, StandardFields.USERNAME, "line " + first + " already names the user "
                        + p.username + "; users are matched by username when " + matchOn + " finds none");
                return Match.decided(p.reject(null));
            }
        }
        if (renaming && !p.oldUsername.equals(p.username) && p.username != null) {
            // the new name identifies the user too, once the file has been applied
            long first = claims.claimName("key", Keys.comparable(matchOn, p.username), p.line);
            if (first != 0) {
                p.error(Codes.DUPLICATE_ROW, StandardFields.USERNAME, "line " + first + " already names the user "
                        + p.username + "; a file may use a username once, so split chained renames over two uploads");
                return Match.decided(p.reject(null));
            }
        }
        if (p.hasErrors()) {
            return Match.decided(p.reject(null));
        }

        UserRecord user;
        String renameTo = null;
        if (renaming) {
            if (p.username == null) {
                p.error(Codes.MISSING_REQUIRED, StandardFields.USERNAME, "a rename needs the new username in the username column");
                return Match.decided(p.reject(null));
            }
            UserRecord old = single(p, l.username(p.oldUsername), UploadColumns.OLD_USERNAME, p.oldUsername);
            UserRecord current = old == null ? single(p, l.username(p.username), StandardFields.USERNAME, p.username) : null;
            if (p.hasErrors()) {
                return Match.decided(p.reject(null));
            }
            if (old != null) {
                user = old;
                renameTo = p.oldUsername.equals(p.username) ? null : p.username;
            } else if (current != null) {
                user = current; // renamed already: the file was applied before
            } else {
                p.error(Codes.USER_NOT_FOUND, UploadColumns.OLD_USERNAME, "cannot rename " + p.oldUsername
                        + ": no user has that username");
                return Match.decided(p.reject(null));
            }
        } else {
            // users an earlier row moved off the key no longer have it, as after the file is applied
            user = p.key == null ? null
                    : single(p, claims.stillHeld(matchOn, p.key, ofThisSite(p, l.byKey.getOrDefault(p.key, List.of()))),
                            matchOn, p.key);
            if (p.hasErrors()) {
                return Match.decided(p.reject(null));
            }
            if (user == null && p.rawUsername != null && matchOn.equals(StandardFields.USERNAME)) {
                // a store that keeps usernames as written (JDoe) still matches its own extract
                user = single(p, l.username(p.rawUsername), StandardFields.USERNAME, p.rawUsername);
                if (p.hasErrors()) {
                    return Match.decided(p.reject(null));
                }
                if (user != null) {
                    p.username = p.rawUsername;
                }
            }
            if (user == null && p.key != null && settings.fallbackToUsername() && !matchOn.equals(StandardFields.USERNAME)
                    && p.username != null) {
                user = single(p, l.username(p.username), StandardFields.USERNAME, p.username);
                if (p.hasErrors()) {
                    return Match.decided(p.reject(null));
                }
            }
            if (user == null && p.key == null && p.generated == null
                    && !(settings.fallbackToUsername() && p.username != null)) {
                p.error(Codes.MISSING_KEY, matchOn, "the row has no " + matchOn + " to match users on");
                return Match.decided(p.reject(null));
            }
            if (user == null && p.key == null && settings.fallbackToUsername() && p.username != null) {
                user = single(p, l.username(p.username), StandardFields.USERNAME, p.username);
                if (p.hasErrors()) {
                    return Match.decided(p.reject(null));
                }
            }
            if (user != null && p.key != null && claims.withinSite(matchOn) && p.present(StandardFields.SITE) == null) {
                // a row without a site names its user's key in that user's site, as a row with the site would
                long first = claims.claimName("key", claims.claimKey(matchOn, p.key, user.site().orElse(null)), p.line);
                if (first != 0) {
                    p.error(Codes.DUPLICATE_ROW, matchOn, "line " + first + " already names this user");
                    return Match.decided(p.reject(user));
                }
            }
            if (user != null && p.username != null && !p.username.equals(user.username())) {
                renameTo = p.username;
            }
        }

        if (settings.mode() == UploadMode.ADD_UPDATE && matchOn.equals(StandardFields.EMAIL) && p.username != null) {
            for (UserRecord holder : l.username(p.username)) {
                if ((user == null || !holder.id().equals(user.id()))
                        && !holder.email().map(e -> e.equalsIgnoreCase(p.key == null ? "" : p.key)).orElse(false)) {
                    // the skip rests on the holder keeping the username, and on the user the key
                    // found keeping the key: a later row taking either away must come first
                    claims.want(StandardFields.USERNAME, p.username, p.line);
                    if (user != null) {
                        claims.want(matchOn, p.key, p.line);
                    }
                    return Match.decided(p.skip(user, Codes.USERNAME_TAKEN, "the username " + p.username
                            + " belongs to another account with another email address"));
                }
            }
        }

        if (user != null) {
            // a user is named by one key, so only matching by username as well can name it twice
            long first = settings.fallbackToUsername() ? claims.claimName("user", user.id(), p.line) : 0;
            if (first != 0) {
                p.error(Codes.DUPLICATE_ROW, matchOn, "line " + first + " already names this user");
                return Match.decided(p.reject(user));
            }
            return switch (settings.mode()) {
                case ADD_NEW -> Match.decided(p.skip(user, Codes.USER_EXISTS,
                        "user " + user.username() + " already exists; the upload adds new users only"));
                case ADD_UPDATE, UPDATE_ONLY -> Match.update(user, renameTo);
                case ADD_ALL -> throw new IllegalStateException("add-all never matches");
            };
        }
        if (!settings.mode().creates()) {
            return Match.decided(p.skip(null, Codes.USER_NOT_FOUND, "no user has this " + matchOn
                    + "; the upload updates existing users only"));
        }
        if (p.status == StatusIntent.DELETE) {
            return Match.decided(p.skip(null, Codes.USER_NOT_FOUND, "no user has this " + matchOn
                    + ", so there is nothing to delete"));
        }
        return Match.create();
    }

    /**
     * @return the name a row's match key claims: the key, and for a key unique within a site
     *         (seed 003) that the row gives a site for, with that site
     */
    private String keyName(PreparedRow p, String key) {
        String site = p.present(StandardFields.SITE);
        return claims.withinSite(matchOn) && site != null ? claims.claimKey(matchOn, key, site)
                : Keys.comparable(matchOn, key);
    }

    /**
     * @return the users a match key found that it can mean: for a key unique within a site,
     *         those of the row's site, or with no site in the row those inside the upload's
     *         site (a user of another site who has the key is another person); all of them
     *         for any other key
     */
    private List<UserRecord> ofThisSite(PreparedRow p, List<UserRecord> found) {
        if (!claims.withinSite(matchOn) || found.isEmpty()) {
            return found;
        }
        String site = p.present(StandardFields.SITE);
        if (site != null) {
            String wanted = RowClaims.site(site);
            return found.stream().filter(u -> RowClaims.site(u.site().orElse(null)).equals(wanted)).toList();
        }
        String scope = run.scope;
        return scope == null ? found : found.stream().filter(u -> Sites.within(u.site().orElse(null), scope)).toList();
    }

    /**
     * @return the one user among the matches inside the scope; null (with an error on the row
     *         when there is one) when there are none or several
     */
    private UserRecord single(PreparedRow p, List<UserRecord> matches, String column, String value) {
        if (matches.isEmpty()) {
            return null;
        }
        String scope = run.scope;
        List<UserRecord> inScope = scope == null ? matches
                : matches.stream().filter(u -> Sites.within(u.site().orElse(null), scope)).toList();
        if (inScope.isEmpty()) {
            p.error(Codes.OUTSIDE_SCOPE, column, "this " + column + " belongs to a user outside this upload's site ("
                    + scope + "); that user is never changed from here");
            return null;
        }
        if (inScope.size() > 1) {
            // should a later row move one of them off the value, it must come before this one
            claims.want(column.equals(UploadColumns.OLD_USERNAME) ? StandardFields.USERNAME : column, value, p.line);
            p.error(Codes.AMBIGUOUS_MATCH, column, "the " + column + " of this row matches " + inScope.size()
                    + " users; it must identify exactly one" + (column.equals(matchOn) && claims.withinSite(matchOn)
                    ? " (" + column + " is unique within a site: a site column says which)" : ""));
            return null;
        }
        return inScope.get(0);
    }
}
