package dev.rollcall.core.internal;

import dev.rollcall.spi.FieldDefinition;
import dev.rollcall.spi.FieldSchema;
import dev.rollcall.spi.UploadColumns;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Maps header names to the host's fields. Names are compared after {@link #normalize}:
 * without regard to case, spaces, dots, hyphens and underscores, so {@code First Name},
 * {@code firstname}, {@code first_name} and {@code userInfo.firstName} (an alias) all find
 * {@code firstName}. A custom field is also found under Moodle's spelling of its column,
 * {@code profile_field_costCenter}. Immutable and thread-safe.
 */
public final class FieldCatalog {

    /** Moodle writes a custom field's column {@code profile_field_NAME}; normalised. */
    private static final String MOODLE_PREFIX = "profilefield";

    private final FieldSchema schema;
    private final Map<String, FieldDefinition> byNormalizedName = new HashMap<>();

    /**
     * @param schema the host's fields
     * @throws IllegalArgumentException when two fields claim the same header name
     */
    public FieldCatalog(FieldSchema schema) {
        this.schema = schema;
        for (FieldDefinition f : schema.fields()) {
            claim(f.name(), f);
        }
        for (FieldDefinition f : schema.fields()) {
            for (String alias : f.aliases()) {
                String key = normalize(alias);
                FieldDefinition other = byNormalizedName.get(key);
                if (other == null) {
                    byNormalizedName.put(key, f);
                } else if (other != f && !normalize(other.name()).equals(key)) {
                    throw new IllegalArgumentException("fields " + other.name() + " and " + f.name()
                            + " both claim the header name '" + alias + "'");
                }
            }
        }
    }

    private void claim(String name, FieldDefinition f) {
        FieldDefinition other = byNormalizedName.put(normalize(name), f);
        if (other != null && other != f) {
            throw new IllegalArgumentException("fields " + other.name() + " and " + f.name()
                    + " have the same header name once case and punctuation are ignored");
        }
    }

    /** @return the schema behind this catalog */
    public FieldSchema schema() {
        return schema;
    }

    /**
     * @param header a header name as written in a file
     * @return the field it means, if any
     */
    public Optional<FieldDefinition> lookup(String header) {
        String key = normalize(header);
        FieldDefinition f = byNormalizedName.get(key);
        if (f == null && key.startsWith(MOODLE_PREFIX) && key.length() > MOODLE_PREFIX.length()) {
            FieldDefinition custom = byNormalizedName.get(key.substring(MOODLE_PREFIX.length()));
            f = custom != null && custom.custom() ? custom : null;
        }
        return Optional.ofNullable(f);
    }

    /**
     * The column a misspelt header probably means: the field, alias or directive column whose
     * name is closest to it (at most two letters inserted, removed, replaced or swapped, and
     * fewer than a third of its letters), as the field's canonical name.
     *
     * @param header a header name that {@link #lookup} does not know
     * @return the canonical name it probably means, if one is close enough
     */
    public Optional<String> suggestion(String header) {
        String key = normalize(header);
        int digits = key.length();
        while (digits > 0 && Character.isDigit(key.charAt(digits - 1))) {
            digits--;
        }
        String number = key.substring(digits);
        Map<String, String> candidates = new HashMap<>();
        byNormalizedName.forEach((name, f) -> candidates.put(name, f.name()));
        UploadColumns.SINGLE.forEach(d -> candidates.put(normalize(d), d));
        if (!number.isEmpty()) {
            UploadColumns.NUMBERED.forEach(n -> candidates.put(normalize(n + number), n + number));
        }
        int limit = Math.min(2, (key.length() - 1) / 3);
        String meant = null;
        int best = limit + 1;
        for (Map.Entry<String, String> c : candidates.entrySet()) {
            int d = distance(key, c.getKey());
            if (d < best || (d == best && meant != null && c.getValue().compareTo(meant) < 0)) {
                best = d;
                meant = c.getValue();
            }
        }
        return Optional.ofNullable(meant);
    }

    /** The optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours. */
    static int distance(String a, String b) {
        if (Math.abs(a.length() - b.length()) > 2) {
            return Integer.MAX_VALUE;
        }
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }

    /**
     * @param header a header name
     * @return the name in lower case without spaces, dots, hyphens and underscores
     */
    public static String normalize(String header) {
        return UploadColumns.normalize(header);
    }
}
