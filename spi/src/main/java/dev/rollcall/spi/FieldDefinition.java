package dev.rollcall.spi;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One field a host stores for its users, and the rules for its values.
 *
 * <p>Immutable and thread-safe. Build one with {@link #builder(String)}:
 * <pre>{@code
 * FieldDefinition costCenter = FieldDefinition.builder("costCenter")
 *         .custom(true).maxLength(20).alias("Cost Centre").build();
 * }</pre>
 *
 * @param name          the canonical name (letters, digits and {@code _}, starting with a letter)
 * @param aliases       other header names that mean this field; headers are compared
 *                      without regard to case, spaces, dots, hyphens and underscores
 * @param type          the type of its values
 * @param custom        whether the host defined it (a custom field), as opposed to a
 *                      standard field of {@link StandardFields}
 * @param requiredFor   the profile types for which a new user must have a value
 * @param updatable     whether an upload may change it on an existing user
 * @param unique        whether no two users may share a value (a possible match key)
 * @param uniqueWithinSite whether, in a multi-site system, values are unique within a site
 *                      rather than across the system (seed 003): two users of different sites
 *                      ({@link StandardFields#SITE}; users without a site are one site) may
 *                      share a value; implies {@code unique}
 * @param sensitive     whether its values are secret (never shown, logged or exported)
 * @param maxLength     the maximum number of characters, 0 for no limit
 * @param fixedLength   the exact number of characters, 0 for none (an identifier)
 * @param allowedValues the allowed values of an {@link FieldType#ENUMERATION}, compared
 *                      without regard to case
 * @param fieldSet      the name of the set this field belongs to (a payment card, a
 *                      passport), whose fields are given all together or not at all; or
 *                      {@code null}
 * @param references    the kind of host target each value must name (see
 *                      {@link UserRepository#existingTargets}), e.g. {@code office}; or
 *                      {@code null}
 * @param description   a short explanation for templates and messages, or {@code null}
 * @param example       an example value for templates, or {@code null}
 */
public record FieldDefinition(String name, List<String> aliases, FieldType type, boolean custom,
                              Set<ProfileType> requiredFor, boolean updatable, boolean unique, boolean uniqueWithinSite,
                              boolean sensitive,
                              int maxLength, int fixedLength, List<String> allowedValues, String fieldSet,
                              String references, String description, String example) {

    /** Checks the arguments and copies the collections. */
    public FieldDefinition {
        Objects.requireNonNull(name, "name must not be null");
        if (!name.matches("[A-Za-z][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException("field name must start with a letter and hold only letters, digits and _: " + name);
        }
        aliases = List.copyOf(aliases);
        Objects.requireNonNull(type, "type must not be null");
        requiredFor = requiredFor.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(requiredFor));
        allowedValues = List.copyOf(allowedValues);
        if (maxLength < 0 || fixedLength < 0) {
            throw new IllegalArgumentException("lengths must not be negative");
        }
        if (maxLength > 0 && fixedLength > maxLength) {
            throw new IllegalArgumentException("fixedLength " + fixedLength + " exceeds maxLength " + maxLength);
        }
        if (uniqueWithinSite && !unique) {
            throw new IllegalArgumentException("field " + name + " is unique within a site, so it must be unique");
        }
        if (uniqueWithinSite && name.equals(StandardFields.USERNAME)) {
            throw new IllegalArgumentException("usernames are unique across the system");
        }
        if (type == FieldType.ENUMERATION && allowedValues.isEmpty()) {
            throw new IllegalArgumentException("enumeration field " + name + " needs allowed values");
        }
    }

    /** @return a builder for a text field with the given canonical name */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** @return a builder holding this definition's settings */
    public Builder toBuilder() {
        Builder b = new Builder(name);
        b.aliases.addAll(aliases);
        b.type = type;
        b.custom = custom;
        b.requiredFor.addAll(requiredFor);
        b.updatable = updatable;
        b.unique = unique;
        b.uniqueWithinSite = uniqueWithinSite;
        b.sensitive = sensitive;
        b.maxLength = maxLength;
        b.fixedLength = fixedLength;
        b.allowedValues.addAll(allowedValues);
        b.fieldSet = fieldSet;
        b.references = references;
        b.description = description;
        b.example = example;
        return b;
    }

    /** @return whether a new user of this profile type must have a value */
    public boolean isRequiredFor(ProfileType profileType) {
        return requiredFor.contains(profileType);
    }

    /** Builds a {@link FieldDefinition}; not thread-safe, reusable. */
    public static final class Builder {
        private final String name;
        private final List<String> aliases = new ArrayList<>();
        private FieldType type = FieldType.TEXT;
        private boolean custom;
        private final Set<ProfileType> requiredFor = EnumSet.noneOf(ProfileType.class);
        private boolean updatable = true;
        private boolean unique;
        private boolean uniqueWithinSite;
        private boolean sensitive;
        private int maxLength;
        private int fixedLength;
        private final List<String> allowedValues = new ArrayList<>();
        private String fieldSet;
        private String references;
        private String description;
        private String example;

        private Builder(String name) {
            this.name = Objects.requireNonNull(name, "name must not be null");
        }

        /** Adds header names that mean this field. */
        public Builder alias(String... more) {
            for (String a : more) {
                aliases.add(Objects.requireNonNull(a, "alias must not be null"));
            }
            return this;
        }

        /** Sets the type (default {@link FieldType#TEXT}). */
        public Builder type(FieldType newType) {
            this.type = Objects.requireNonNull(newType, "type must not be null");
            return this;
        }

        /** Marks the field as the host's own (default false). */
        public Builder custom(boolean isCustom) {
            this.custom = isCustom;
            return this;
        }

        /** Makes a value required when creating users of these profile types. */
        public Builder requiredFor(ProfileType... types) {
            requiredFor.addAll(List.of(types));
            return this;
        }

        /** Sets whether uploads may change the field on existing users (default true). */
        public Builder updatable(boolean isUpdatable) {
            this.updatable = isUpdatable;
            return this;
        }

        /** Sets whether values are unique among users (default false); false also clears {@link #uniqueWithinSite}. */
        public Builder unique(boolean isUnique) {
            this.unique = isUnique;
            this.uniqueWithinSite &= isUnique;
            return this;
        }

        /**
         * Sets whether values are unique within a site rather than across the system (default
         * false, seed 003's multi-site systems); true makes the field unique.
         */
        public Builder uniqueWithinSite(boolean withinSite) {
            this.uniqueWithinSite = withinSite;
            this.unique |= withinSite;
            return this;
        }

        /** Sets whether values are secret (default false). */
        public Builder sensitive(boolean isSensitive) {
            this.sensitive = isSensitive;
            return this;
        }

        /** Sets the maximum length (default 0: none). */
        public Builder maxLength(int max) {
            if (max < 0) {
                throw new IllegalArgumentException("maxLength must not be negative: " + max);
            }
            this.maxLength = max;
            return this;
        }

        /** Sets the exact length (default 0: none). */
        public Builder fixedLength(int length) {
            if (length < 0) {
                throw new IllegalArgumentException("fixedLength must not be negative: " + length);
            }
            this.fixedLength = length;
            return this;
        }

        /** Sets the allowed values and makes the field an {@link FieldType#ENUMERATION}. */
        public Builder allowedValues(String... values) {
            allowedValues.clear();
            allowedValues.addAll(List.of(values));
            this.type = FieldType.ENUMERATION;
            return this;
        }

        /** Puts the field in a set whose fields go all together or not at all. */
        public Builder fieldSet(String setName) {
            this.fieldSet = setName;
            return this;
        }

        /** Makes each value name a host target of this kind. */
        public Builder references(String targetKind) {
            this.references = targetKind;
            return this;
        }

        /** Sets a short explanation. */
        public Builder description(String text) {
            this.description = text;
            return this;
        }

        /** Sets an example value for templates. */
        public Builder example(String value) {
            this.example = value;
            return this;
        }

        /** @return the definition */
        public FieldDefinition build() {
            return new FieldDefinition(name, aliases, type, custom, requiredFor, updatable, unique, uniqueWithinSite, sensitive,
                    maxLength, fixedLength, allowedValues, fieldSet, references, description, example);
        }
    }
}
