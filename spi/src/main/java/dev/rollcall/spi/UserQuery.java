package dev.rollcall.spi;

import java.util.Optional;

/**
 * Which users {@link UserRepository#list} streams: optionally only those a given feed
 * created, optionally only those inside a site scope. Immutable and thread-safe.
 *
 * @param feed  only users created by this feed, or {@code null} for any origin
 * @param scope only users whose site is this site or below it (recursive:
 *              {@code Canada/Ontario} covers {@code Canada/Ontario/Hospital A}), or
 *              {@code null} for every site
 */
public record UserQuery(String feed, String scope) {

    /** Every user. */
    public static final UserQuery ALL = new UserQuery(null, null);

    /** @return users created by {@code feed} */
    public static UserQuery feed(String feed) {
        return new UserQuery(java.util.Objects.requireNonNull(feed, "feed must not be null"), null);
    }

    /** @return this query limited to a site scope */
    public UserQuery inScope(String siteScope) {
        return new UserQuery(feed, siteScope);
    }

    /** @return the feed filter */
    public Optional<String> feedFilter() {
        return Optional.ofNullable(feed);
    }

    /** @return the site scope */
    public Optional<String> scopeFilter() {
        return Optional.ofNullable(scope);
    }

    /**
     * @param user a stored user
     * @return whether the user passes this query's filters
     */
    public boolean matches(UserRecord user) {
        if (feed != null && !feed.equals(user.feed().orElse(null))) {
            return false;
        }
        return scope == null || Sites.within(user.site().orElse(null), scope);
    }
}
