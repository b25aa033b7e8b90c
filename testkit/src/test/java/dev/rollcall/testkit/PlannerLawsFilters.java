package dev.rollcall.testkit;

import dev.rollcall.spi.StandardFields;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Store filters this build's law runs use while a known core bug is open. */
final class PlannerLawsFilters {

    private PlannerLawsFilters() {
    }

    /** @return whether no two users share an email (compared without case) */
    static boolean noSharedEmail(List<Map<String, String>> users) {
        Set<String> seen = new HashSet<>();
        for (Map<String, String> u : users) {
            String e = u.get(StandardFields.EMAIL);
            if (e != null && !seen.add(e.toLowerCase(Locale.ROOT))) {
                return false;
            }
        }
        return true;
    }
}
