package dev.rollcall.jdbc.internal;

import dev.rollcall.spi.FieldDefinition;
import dev.rollcall.spi.FieldSchema;
import dev.rollcall.spi.FieldType;
import dev.rollcall.spi.ProfileType;
import dev.rollcall.spi.StandardFields;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Reads and writes the custom field definitions table. */
public final class FieldDefinitions {

    private FieldDefinitions() {
    }

    private static final String COLUMNS = "name, ordinal, field_type, aliases, required_for, updatable, is_unique, "
            + "sensitive, max_length, fixed_length, allowed_values, field_set, references_kind, description, example, "
            + "unique_within_site";

    /**
     * @return the stored custom fields, in the order they were added
     */
    public static List<FieldDefinition> load(Connection c) throws SQLException {
        List<FieldDefinition> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM " + Tables.FIELD_DEFINITIONS
                + " ORDER BY ordinal, name");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                FieldDefinition.Builder b = FieldDefinition.builder(rs.getString(1)).custom(true);
                b.type(FieldType.valueOf(rs.getString(3)));
                b.alias(decode(rs.getString(4)).toArray(String[]::new));
                for (String p : decode(rs.getString(5))) {
                    b.requiredFor(ProfileType.valueOf(p));
                }
                b.updatable(rs.getBoolean(6)).unique(rs.getBoolean(7)).sensitive(rs.getBoolean(8))
                        .maxLength(rs.getInt(9)).fixedLength(rs.getInt(10));
                List<String> allowed = decode(rs.getString(11));
                FieldType type = FieldType.valueOf(rs.getString(3));
                if (!allowed.isEmpty()) {
                    b.allowedValues(allowed.toArray(String[]::new));
                    b.type(type);
                }
                b.fieldSet(rs.getString(12)).references(rs.getString(13)).description(rs.getString(14))
                        .example(rs.getString(15));
                if (rs.getBoolean(16)) {
                    b.uniqueWithinSite(true);
                }
                out.add(b.build());
            }
        }
        return out;
    }

    /** @return the standard schema followed by the stored custom fields */
    public static FieldSchema schema(Connection c) throws SQLException {
        return FieldSchema.standard().with(load(c).toArray(FieldDefinition[]::new));
    }

    /** Inserts a definition (which must be new) at the end of the order. */
    public static void insert(Connection c, FieldDefinition f) throws SQLException {
        int ordinal = 0;
        try (PreparedStatement ps = c.prepareStatement("SELECT MAX(ordinal) FROM " + Tables.FIELD_DEFINITIONS);
             ResultSet rs = ps.executeQuery()) {
            if (rs.next()) {
                ordinal = rs.getInt(1) + 1;
            }
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + Tables.FIELD_DEFINITIONS + " (" + COLUMNS
                + ") VALUES " + Sql.placeholders(16))) {
            ps.setString(1, f.name());
            ps.setInt(2, ordinal);
            ps.setString(3, f.type().name());
            ps.setString(4, encode(f.aliases()));
            List<String> required = new ArrayList<>();
            for (ProfileType p : ProfileType.values()) {
                if (f.requiredFor().contains(p)) {
                    required.add(p.name());
                }
            }
            ps.setString(5, encode(required));
            ps.setBoolean(6, f.updatable());
            ps.setBoolean(7, f.unique());
            ps.setBoolean(8, f.sensitive());
            ps.setInt(9, f.maxLength());
            ps.setInt(10, f.fixedLength());
            ps.setString(11, encode(f.allowedValues()));
            ps.setString(12, f.fieldSet());
            ps.setString(13, f.references());
            ps.setString(14, f.description());
            ps.setString(15, f.example());
            ps.setBoolean(16, f.uniqueWithinSite());
            ps.executeUpdate();
        }
    }

    /**
     * A header name in the form in which headers are compared: lower case, without spaces,
     * dots, hyphens and underscores (see {@link FieldDefinition#aliases()}).
     */
    public static String headerKey(String name) {
        StringBuilder sb = new StringBuilder(name.length());
        for (char ch : name.toLowerCase(Locale.ROOT).toCharArray()) {
            if (ch != ' ' && ch != '.' && ch != '-' && ch != '_' && !Character.isWhitespace(ch)) {
                sb.append(ch);
            }
        }
        return sb.toString();
    }

    /**
     * @param schema the current schema
     * @return every header key the schema's fields answer to, with the field that owns it;
     *         the {@link StandardFields#FEED feed} and {@link StandardFields#PASSWORD password}
     *         names are reserved too
     */
    public static Map<String, String> headerOwners(FieldSchema schema) {
        Map<String, String> owners = new LinkedHashMap<>();
        owners.put(headerKey(StandardFields.FEED), StandardFields.FEED);
        owners.put(headerKey(StandardFields.PASSWORD), StandardFields.PASSWORD);
        for (FieldDefinition f : schema.fields()) {
            owners.putIfAbsent(headerKey(f.name()), f.name());
            for (String a : f.aliases()) {
                owners.putIfAbsent(headerKey(a), f.name());
            }
        }
        return owners;
    }

    /** Joins a list into one column: items separated by newlines, backslashes and newlines escaped. */
    static String encode(List<String> items) {
        if (items.isEmpty()) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        for (String s : items) {
            if (sb.length() > 0) {
                sb.append('\n');
            }
            sb.append(s.replace("\\", "\\\\").replace("\n", "\\n"));
        }
        return sb.toString();
    }

    /** Splits what {@link #encode} joined. */
    static List<String> decode(String text) {
        List<String> out = new ArrayList<>();
        if (text == null) {
            return out;
        }
        StringBuilder cur = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (ch == '\\' && i + 1 < text.length()) {
                char next = text.charAt(++i);
                cur.append(next == 'n' ? '\n' : next);
            } else if (ch == '\n') {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(ch);
            }
        }
        out.add(cur.toString());
        return out;
    }
}
