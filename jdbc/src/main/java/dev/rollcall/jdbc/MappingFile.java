package dev.rollcall.jdbc;

import dev.rollcall.spi.FieldDefinition;
import dev.rollcall.spi.FieldType;
import dev.rollcall.spi.MembershipKind;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads a {@link TableMapping} from a properties file, for the command line
 * ({@code rollcall --store URL --store-mapping moodle.properties …}). Every key is optional
 * but {@code table}, {@code id}, {@code version} and {@code field.username}; a key this
 * class does not know is refused, naming it, so a typo cannot silently drop a column.
 * docs/MAPPING.md lists the keys, with Moodle's mapping as the worked example.
 *
 * <pre>
 * table = mdl_user
 * id = id
 * version = timemodified
 * field.username = username
 * field.email = email
 * status.flag = suspended
 * deleted.flag = deleted
 * absent =
 * password.column = password
 * password.hasher = org.example.MoodleBcrypt
 * insert.auth = manual
 * membership.cohort = mdl_cohort_members userid cohortid mdl_cohort id idnumber
 * </pre>
 */
public final class MappingFile {

    private MappingFile() {
    }

    /**
     * @param file   the properties file (UTF-8)
     * @param loader where the password hasher's class is found
     * @return the mapping
     * @throws IOException              when the file cannot be read
     * @throws IllegalArgumentException when the file is not a valid mapping; the message names the key
     */
    public static TableMapping read(Path file, ClassLoader loader) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        return parse(p, loader);
    }

    /**
     * @param p      the mapping's properties
     * @param loader where the password hasher's class is found
     * @return the mapping
     * @throws IllegalArgumentException when the properties are not a valid mapping; the message names the key
     */
    public static TableMapping parse(Properties p, ClassLoader loader) {
        Set<String> used = new HashSet<>();
        TableMapping.Builder b = TableMapping.builder(required(p, "table", used), required(p, "id", used))
                .versionColumn(required(p, "version", used));
        for (String key : new TreeSet<>(p.stringPropertyNames())) {
            String value = p.getProperty(key).strip();
            if (key.startsWith("field.")) {
                b.field(key.substring("field.".length()), value);
                used.add(key);
            } else if (key.startsWith("insert.")) {
                b.insertValue(key.substring("insert.".length()), value.matches("-?\\d{1,18}") ? (Object) Long.valueOf(value) : value);
                used.add(key);
            } else if (key.startsWith("membership.")) {
                String[] parts = words(key, value, 6);
                b.memberships(kind(key, key.substring("membership.".length())), parts[0], parts[1], parts[2], parts[3],
                        parts[4], parts[5]);
                used.add(key);
            } else if (key.startsWith("targets.")) {
                String[] parts = words(key, value, 2);
                b.targets(key.substring("targets.".length()), parts[0], parts[1]);
                used.add(key);
            } else if (key.startsWith("custom.") && key.endsWith(".key")) {
                String name = key.substring("custom.".length(), key.length() - ".key".length());
                b.customField(customField(p, name, used), value);
                used.add(key);
            }
        }
        optional(p, "custom.values", used, v -> {
            String[] parts = words("custom.values", v, 4);
            if (p.getProperty("custom.names") != null) {
                String[] names = words("custom.names", p.getProperty("custom.names"), 3);
                used.add("custom.names");
                b.customValues(parts[0], parts[1], parts[2], parts[3], names[0], names[1], names[2]);
            } else {
                b.customValues(parts[0], parts[1], parts[2], parts[3]);
            }
        });
        optional(p, "custom.json", used, b::customJson);
        optional(p, "status.flag", used, b::suspendedFlag);
        optional(p, "status.column", used, v -> {
            String[] parts = words("status.column", v, 3);
            b.status(parts[0], parts[1], parts[2]);
        });
        optional(p, "deleted.flag", used, b::deletedFlag);
        if (p.getProperty("absent") != null) {
            b.absentValue(p.getProperty("absent").strip());
            used.add("absent");
        }
        optional(p, "feed.column", used, b::feedColumn);
        optional(p, "feed.key", used, b::feedKey);
        optional(p, "delegates", used, v -> {
            String[] parts = words("delegates", v, 3);
            b.delegates(parts[0], parts[1], parts[2]);
        });
        optional(p, "password.column", used, column -> {
            String hasher = required(p, "password.hasher", used);
            b.password(column, hasher(hasher, loader));
        });
        Set<String> unknown = new TreeSet<>(p.stringPropertyNames());
        unknown.removeAll(used);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown key" + (unknown.size() > 1 ? "s" : "") + " in the store mapping: "
                    + String.join(", ", unknown) + " (docs/MAPPING.md lists the keys)");
        }
        return b.build();
    }

    private static FieldDefinition customField(Properties p, String name, Set<String> used) {
        FieldDefinition.Builder f = FieldDefinition.builder(name).custom(true);
        String prefix = "custom." + name + ".";
        optional(p, prefix + "type", used, v -> f.type(FieldType.valueOf(v.toUpperCase(Locale.ROOT))));
        optional(p, prefix + "unique", used, v -> f.unique(Boolean.parseBoolean(v)));
        optional(p, prefix + "sensitive", used, v -> f.sensitive(Boolean.parseBoolean(v)));
        optional(p, prefix + "maxLength", used, v -> f.maxLength(Integer.parseInt(v)));
        optional(p, prefix + "references", used, f::references);
        return f.build();
    }

    private static PasswordHasher hasher(String className, ClassLoader loader) {
        try {
            return (PasswordHasher) Class.forName(className, true, loader).getConstructor().newInstance();
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new IllegalArgumentException("password.hasher: " + className + " is not a PasswordHasher with a public "
                    + "no-argument constructor on the class path", e);
        }
    }

    private static MembershipKind kind(String key, String name) {
        for (MembershipKind k : MembershipKind.values()) {
            if (k.targetKind().equals(name)) {
                return k;
            }
        }
        throw new IllegalArgumentException(key + ": no membership kind " + name + " (cohort, course, program, group, system_role)");
    }

    private static String[] words(String key, String value, int n) {
        String[] parts = value.strip().split("\\s+");
        if (parts.length != n) {
            throw new IllegalArgumentException(key + " needs " + n + " names separated by spaces, not \"" + value + "\"");
        }
        return parts;
    }

    private static String required(Properties p, String key, Set<String> used) {
        String v = p.getProperty(key);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("the store mapping has no " + key);
        }
        used.add(key);
        return v.strip();
    }

    private static void optional(Properties p, String key, Set<String> used, java.util.function.Consumer<String> then) {
        String v = p.getProperty(key);
        if (v != null) {
            used.add(key);
            then.accept(v.strip());
        }
    }
}
