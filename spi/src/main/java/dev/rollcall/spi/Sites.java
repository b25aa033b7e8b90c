package dev.rollcall.spi;

/**
 * Site paths: a multi-site host names each site by its path from the root, segments
 * separated by {@code /} ({@code Canada/Ontario/Hospital A}). A scope covers its own site
 * and every site below it, never a sibling whose name merely starts the same way.
 */
public final class Sites {

    private Sites() {
    }

    /**
     * @param site  a user's site path, or {@code null} for a user without a site
     * @param scope a scope path, or {@code null} for "every site"
     * @return whether {@code site} is {@code scope} or below it; a user without a site is
     *         inside only the null scope
     */
    public static boolean within(String site, String scope) {
        if (scope == null) {
            return true;
        }
        if (site == null) {
            return false;
        }
        return site.equals(scope) || (site.length() > scope.length() && site.startsWith(scope)
                && site.charAt(scope.length()) == '/');
    }

    /**
     * @param path a path as a person typed it ({@code " Canada / Ontario "})
     * @return the path with each segment trimmed and empty segments removed
     */
    public static String normalize(String path) {
        StringBuilder sb = new StringBuilder();
        for (String segment : path.split("/")) {
            String s = segment.trim();
            if (!s.isEmpty()) {
                if (sb.length() > 0) {
                    sb.append('/');
                }
                sb.append(s);
            }
        }
        return sb.toString();
    }
}
