package dev.rollcall.jobs;

import java.util.Locale;

/** What a job loads (seed 002's "Load Type"): user profiles, or user-delegate relationships. */
public enum LoadType {
    /** User profiles: new users are added (or not, see {@link Job.Builder#allowNewUsers}) and existing ones updated. */
    USERS,
    /** User-delegate relationships, which the file replaces: any delegate not in the file is removed. */
    DELEGATES;

    /**
     * @param text {@code users} or {@code delegates}, in any case
     * @return the load type
     * @throws IllegalArgumentException for anything else
     */
    public static LoadType parse(String text) {
        for (LoadType t : values()) {
            if (t.name().equalsIgnoreCase(text.strip())) {
                return t;
            }
        }
        throw new IllegalArgumentException("load type must be users or delegates, not '" + text + "'");
    }

    /** @return {@code users} or {@code delegates} */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
