package dev.rollcall.jdbc.internal;

import dev.rollcall.spi.Membership;
import dev.rollcall.spi.MembershipKind;
import dev.rollcall.spi.UserRecord;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Loads users' custom field values and memberships for many users at once: one query per
 * table per chunk of {@link Sql#CHUNK} users, never one per user.
 */
public final class Reads {

    private Reads() {
    }

    /**
     * Completes rows into records, loading their custom fields and memberships in bulk.
     *
     * @param c    an open connection
     * @param rows users-table rows
     * @return the records, in the order of {@code rows}
     */
    public static List<UserRecord> complete(Connection c, List<UserRow> rows) throws SQLException {
        return complete(c, rows, true, true);
    }

    /**
     * Completes rows into records, loading only the details some user has.
     *
     * @param c              an open connection
     * @param rows           users-table rows
     * @param anyCustom      whether any user has a custom value (else none is queried)
     * @param anyMemberships whether any user has a membership (else none is queried)
     * @return the records, in the order of {@code rows}
     */
    public static List<UserRecord> complete(Connection c, List<UserRow> rows, boolean anyCustom, boolean anyMemberships)
            throws SQLException {
        List<UserRecord> out = new ArrayList<>(rows.size());
        for (List<UserRow> chunk : Sql.chunks(rows, Sql.CHUNK)) {
            List<Long> ids = new ArrayList<>(chunk.size());
            for (UserRow r : chunk) {
                ids.add(r.id);
            }
            Map<Long, Map<String, String>> fields = anyCustom ? customFields(c, ids) : Map.of();
            Map<Long, Set<Membership>> memberships = anyMemberships ? memberships(c, ids) : Map.of();
            for (UserRow r : chunk) {
                out.add(r.toRecord(fields.get(r.id), memberships.get(r.id)));
            }
        }
        return out;
    }

    /**
     * Two columns to add to a query of users: 1 when the custom values table (then the
     * memberships table) holds any row at all, else 0. Neither depends on the row, so the
     * database works them out once per query.
     */
    public static final String ANY_DETAILS = "CASE WHEN EXISTS (SELECT 1 FROM " + Tables.USER_FIELDS
            + ") THEN 1 ELSE 0 END, CASE WHEN EXISTS (SELECT 1 FROM " + Tables.MEMBERSHIPS + ") THEN 1 ELSE 0 END";

    /** One query: the custom field values of up to {@link Sql#CHUNK} users. */
    static Map<Long, Map<String, String>> customFields(Connection c, List<Long> ids) throws SQLException {
        Map<Long, Map<String, String>> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT user_id, field, field_value FROM " + Tables.USER_FIELDS
                + " WHERE user_id IN " + Sql.in(ids.size()))) {
            Sql.bindLongs(ps, 1, ids);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.computeIfAbsent(rs.getLong(1), k -> new LinkedHashMap<>()).put(rs.getString(2), rs.getString(3));
                }
            }
        }
        return out;
    }

    /** One query: the memberships of up to {@link Sql#CHUNK} users. */
    static Map<Long, Set<Membership>> memberships(Connection c, List<Long> ids) throws SQLException {
        Map<Long, Set<Membership>> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT user_id, kind, target, role, status, start_date, end_date FROM "
                + Tables.MEMBERSHIPS + " WHERE user_id IN " + Sql.in(ids.size()))) {
            Sql.bindLongs(ps, 1, ids);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Membership m = new Membership(MembershipKind.valueOf(rs.getString(2)), rs.getString(3),
                            rs.getString(4), rs.getString(5), rs.getObject(6, LocalDate.class),
                            rs.getObject(7, LocalDate.class));
                    out.computeIfAbsent(rs.getLong(1), k -> new LinkedHashSet<>()).add(m);
                }
            }
        }
        return out;
    }

    /**
     * @param m a membership
     * @return the key that identifies it among a user's memberships: a SHA-256 (hex) of all
     *         its components, so that two memberships are the same row exactly when they are
     *         equal, nulls included
     */
    public static String membershipKey(Membership m) {
        StringBuilder sb = new StringBuilder();
        part(sb, m.kind().name());
        part(sb, m.target());
        part(sb, m.role());
        part(sb, m.status());
        part(sb, m.start() == null ? null : m.start().toString());
        part(sb, m.end() == null ? null : m.end().toString());
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(sb.toString().getBytes(StandardCharsets.UTF_8));
            StringBuilder hex = new StringBuilder(64);
            for (byte b : d) {
                hex.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
            }
            return hex.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JDK", e);
        }
    }

    private static void part(StringBuilder sb, String value) {
        if (value == null) {
            sb.append('-');
        } else {
            sb.append('+').append(value.length()).append(':').append(value);
        }
    }
}
