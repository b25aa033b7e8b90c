package dev.rollcall.jdbc;

import dev.rollcall.core.UploadMode;
import dev.rollcall.core.UploadPlan;
import dev.rollcall.core.UploadPlanner;
import dev.rollcall.core.UploadResult;
import dev.rollcall.spi.PasswordChange;
import dev.rollcall.spi.StandardFields;
import dev.rollcall.spi.UserChange;
import dev.rollcall.spi.UserQuery;
import dev.rollcall.spi.UserRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The planner and applier of rollcall-core on the embedded store: the README's main job, persisted. */
class PlannerOnJdbcTest {

    @TempDir
    Path dir;

    @Test
    void applyingTheExampleUpload_thenPlanningItAgainAfterReopening_leavesNothingToChange() throws Exception {
        Path data = dir.resolve("rollcall-data");
        try (JdbcUserRepository store = JdbcUserRepository.embedded(data)) {
            store.write(existingUsers());
            UploadPlanner planner = UploadPlan.builder().repository(store).mode(UploadMode.ADD_UPDATE).build();
            UploadPlan plan = plan(planner);
            assertTrue(plan.hasChanges());
            UploadResult result = plan.apply();
            assertEquals(plan.summary().created(), result.summary().created());
            assertEquals(plan.summary().updated(), result.summary().updated());
        }
        try (JdbcUserRepository reopened = JdbcUserRepository.embedded(data)) {
            UploadPlanner planner = UploadPlan.builder().repository(reopened).mode(UploadMode.ADD_UPDATE).build();
            UploadPlan again = plan(planner);
            assertFalse(again.hasChanges(), () -> String.valueOf(again.all()));
            try (Stream<UserRecord> users = reopened.list(UserQuery.ALL)) {
                assertTrue(users.count() >= 6);
            }
            assertEquals(1, reopened.findBy(StandardFields.USERNAME, List.of("jdoe")).size());
        }
    }

    private static UploadPlan plan(UploadPlanner planner) throws Exception {
        try (InputStream in = PlannerOnJdbcTest.class.getResourceAsStream("upload.csv")) {
            return planner.plan(in, "upload.csv");
        }
    }

    /** The example's existing users, as a host's own screens would have stored them. */
    private static List<UserChange> existingUsers() throws Exception {
        List<UserChange> out = new ArrayList<>();
        try (InputStream in = PlannerOnJdbcTest.class.getResourceAsStream("existing-users.csv");
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            List<String> header = cells(r.readLine());
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.isBlank()) {
                    continue;
                }
                List<String> cells = cells(line);
                Map<String, String> fields = new LinkedHashMap<>();
                for (int i = 0; i < header.size(); i++) {
                    if (i < cells.size() && !cells.get(i).isEmpty()) {
                        fields.put(header.get(i), cells.get(i));
                    }
                }
                out.add(new UserChange.Create(fields, Set.of(), PasswordChange.NONE));
            }
        }
        return out;
    }

    /** Splits a CSV line whose quoted cells hold no quotes or line breaks. */
    private static List<String> cells(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (char c : line.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                out.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        out.add(cell.toString());
        return out;
    }
}
