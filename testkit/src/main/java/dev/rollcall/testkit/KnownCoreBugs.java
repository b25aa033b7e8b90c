package dev.rollcall.testkit;

import dev.rollcall.spi.FieldDefinition;
import dev.rollcall.spi.FieldSchema;
import dev.rollcall.spi.StandardFields;
import dev.rollcall.spi.UploadColumns;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Cases that trip open bugs of rollcall-core (not of a repository), which
 * {@link PlannerLaws} leaves out by default so that an adapter author's run fails only for the
 * adapter. Each goes when core is fixed; docs/TESTKIT.md lists them.
 */
final class KnownCoreBugs {

    private KnownCoreBugs() {
    }

    /**
     * Core bug 1: when two stored users share an email and an earlier row moves one of them to
     * another address, the planner treats the address as free while the other still has it.
     *
     * @return whether two users share an email (compared without case)
     */
    static boolean sharedEmail(List<Map<String, String>> users) {
        Set<String> seen = new HashSet<>();
        for (Map<String, String> u : users) {
            String e = u.get(StandardFields.EMAIL);
            if (e != null && !seen.add(e.toLowerCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Core bug 2: with a match key and a fallback to username, a row without a key value that
     * is rejected does not claim its username, so a later row for the same new user creates it;
     * planned again, the first row becomes an update and the later one a duplicate.
     *
     * @return whether two rows of the file give the same username
     */
    static boolean usernameTwice(FieldSchema schema, UploadFile file) {
        Set<String> names = new HashSet<>();
        names.add(UploadColumns.normalize(StandardFields.USERNAME));
        for (FieldDefinition f : schema.field(StandardFields.USERNAME).map(List::of).orElse(List.of())) {
            f.aliases().forEach(a -> names.add(UploadColumns.normalize(a)));
        }
        int column = -1;
        for (int i = 0; i < file.header().size(); i++) {
            if (names.contains(UploadColumns.normalize(file.header().get(i)))) {
                column = i;
            }
        }
        if (column < 0) {
            return false;
        }
        Set<String> seen = new HashSet<>();
        for (List<String> row : file.rows()) {
            String v = row.get(column);
            if (v != null && !v.isBlank() && !seen.add(v.strip().toLowerCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }
}
