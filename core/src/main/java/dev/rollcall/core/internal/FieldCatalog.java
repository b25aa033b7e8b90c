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
 * {@code firstName}. Immutable and thread-safe.
 */
public final class FieldCatalog {

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
        return Optional.ofNullable(byNormalizedName.get(normalize(header)));
    }

    /**
     * @param header a header name
     * @return the name in lower case without spaces, dots, hyphens and underscores
     */
    public static String normalize(String header) {
        return UploadColumns.normalize(header);
    }
}
