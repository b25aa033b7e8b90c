package dev.rollcall.jdbc.internal;

import dev.rollcall.spi.StandardFields;
import dev.rollcall.spi.UserChange;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Custom fields unique within a site (seed 003, {@code FieldDefinition.uniqueWithinSite}):
 * their values are not kept in {@link Tables#UNIQUE_VALUES}, whose key is system-wide.
 * Before a write, its changes are checked in list order against the stored holders of the
 * values they give (and the values of users they move to another site): no two users of one
 * site (users without a site are one site) may share a value. The store's write lock keeps
 * writes apart, so nothing changes between the check and the write.
 */
public final class SiteUniqueness {

    private SiteUniqueness() {
    }

    /**
     * @param c       a connection in the write's transaction
     * @param fields  the custom fields unique within a site
     * @param changes the write's changes, in order
     * @return the first field whose value a change would share with another user of its site, or null
     */
    public static String check(Connection c, List<String> fields, List<UserChange> changes) throws SQLException {
        Set<Long> moved = new LinkedHashSet<>();
        Map<String, Set<String>> values = new HashMap<>();
        for (UserChange change : changes) {
            Map<String, String> given = change instanceof UserChange.Create cr ? cr.fields()
                    : change instanceof UserChange.Update u ? u.set() : Map.of();
            for (String f : fields) {
                if (given.get(f) != null) {
                    values.computeIfAbsent(f, k -> new HashSet<>()).add(given.get(f));
                }
            }
            if (change instanceof UserChange.Update u && u.userId().matches("[0-9]{1,18}")) {
                moved.add(Long.parseLong(u.userId()));   // any other id is no user: the write finds it stale
            }
        }
        if (values.isEmpty() && moved.isEmpty()) {
            return null;
        }
        // (field, value, site) → holders; user → (field → value) and site, for the users the write touches
        Map<List<String>, Set<String>> holders = new HashMap<>();
        Map<String, Map<String, String>> valueOf = new HashMap<>();
        Map<String, String> siteOf = new HashMap<>();
        for (List<Long> chunk : Sql.chunks(new ArrayList<>(moved), Sql.CHUNK)) {
            try (PreparedStatement ps = c.prepareStatement("SELECT id, site FROM " + Tables.USERS + " WHERE id IN "
                    + Sql.in(chunk.size()))) {
                Sql.bindLongs(ps, 1, chunk);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        siteOf.put(Long.toString(rs.getLong(1)), site(rs.getString(2)));
                    }
                }
            }
        }
        String select = "SELECT f.user_id, f.field_value, u.site FROM " + Tables.USER_FIELDS + " f JOIN " + Tables.USERS
                + " u ON u.id = f.user_id WHERE f.field = ? AND ";
        for (String f : fields) {
            // the values of the users the write updates (a user moving to another site keeps its value) …
            for (List<Long> chunk : Sql.chunks(new ArrayList<>(moved), Sql.CHUNK)) {
                try (PreparedStatement ps = c.prepareStatement(select + "f.user_id IN " + Sql.in(chunk.size()))) {
                    ps.setString(1, f);
                    Sql.bindLongs(ps, 2, chunk);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            valueOf.computeIfAbsent(Long.toString(rs.getLong(1)), k -> new HashMap<>()).put(f, rs.getString(2));
                            values.computeIfAbsent(f, k -> new HashSet<>()).add(rs.getString(2));
                        }
                    }
                }
            }
            // … then every stored holder of the values the write gives or keeps
            for (List<String> chunk : Sql.chunks(new ArrayList<>(values.getOrDefault(f, Set.of())), Sql.CHUNK)) {
                try (PreparedStatement ps = c.prepareStatement(select + "f.field_value IN " + Sql.in(chunk.size()))) {
                    ps.setString(1, f);
                    Sql.bindStrings(ps, 2, chunk);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            holders.computeIfAbsent(List.of(f, rs.getString(2), site(rs.getString(3))), k -> new HashSet<>())
                                    .add(Long.toString(rs.getLong(1)));
                        }
                    }
                }
            }
        }
        for (int k = 0; k < changes.size(); k++) {
            UserChange change = changes.get(k);
            if (change instanceof UserChange.Delete d) {
                holders.values().forEach(h -> h.remove(d.userId()));
                continue;
            }
            String self;
            String site;
            Map<String, String> now;
            if (change instanceof UserChange.Create cr) {
                self = "new " + k;
                site = site(cr.fields().get(StandardFields.SITE));
                now = new HashMap<>();
                for (String f : fields) {
                    if (cr.fields().get(f) != null) {
                        now.put(f, cr.fields().get(f));
                    }
                }
            } else if (change instanceof UserChange.Update u) {
                self = u.userId();
                String before = siteOf.getOrDefault(self, "");
                Map<String, String> had = valueOf.getOrDefault(self, Map.of());
                for (Map.Entry<String, String> e : had.entrySet()) {
                    Set<String> h = holders.get(List.of(e.getKey(), e.getValue(), before));
                    if (h != null) {
                        h.remove(self);
                    }
                }
                site = u.set().containsKey(StandardFields.SITE) ? site(u.set().get(StandardFields.SITE))
                        : u.erase().contains(StandardFields.SITE) ? "" : before;
                now = new HashMap<>(had);
                for (String f : fields) {
                    if (u.set().get(f) != null) {
                        now.put(f, u.set().get(f));
                    } else if (u.erase().contains(f)) {
                        now.remove(f);
                    }
                }
                siteOf.put(self, site);
                valueOf.put(self, now);
            } else {
                continue;
            }
            for (String f : fields) {
                String v = now.get(f);
                if (v == null) {
                    continue;
                }
                Set<String> h = holders.computeIfAbsent(List.of(f, v, site), x -> new HashSet<>());
                if (!h.isEmpty() && !(h.size() == 1 && h.contains(self))) {
                    return f;
                }
                h.add(self);
            }
        }
        return null;
    }

    /**
     * @param c     a connection
     * @param field a custom field
     * @return whether users of one site share a value of the field already
     */
    public static boolean repeats(Connection c, String field) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM " + Tables.USER_FIELDS + " a JOIN " + Tables.USERS
                + " ua ON ua.id = a.user_id JOIN " + Tables.USER_FIELDS + " b ON b.field = a.field"
                + " AND b.field_value = a.field_value AND b.user_id <> a.user_id JOIN " + Tables.USERS
                + " ub ON ub.id = b.user_id WHERE a.field = ? AND COALESCE(ua.site, '') = COALESCE(ub.site, '')")) {
            ps.setString(1, field);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static String site(String s) {
        return s == null ? "" : s;
    }
}
