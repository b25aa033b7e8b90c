package dev.rollcall.jobs;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The schedules of {@code schedule-fixtures.txt}: schedule + now → the next run times. */
class ScheduleFixturesTest {

    private record Fixture(String schedule, Instant now, List<Instant> next, boolean ends) {
    }

    @TestFactory
    Stream<DynamicTest> eachFixture() throws IOException {
        return fixtures().stream().map(f -> DynamicTest.dynamicTest(f.schedule() + " from " + f.now(), () -> {
            Schedule s = parse(f.schedule());
            int asked = f.next().size() + (f.ends() ? 3 : 0);
            assertEquals(f.next(), s.preview(f.now(), asked));
        }));
    }

    private static List<Fixture> fixtures() throws IOException {
        String text;
        try (InputStream in = ScheduleFixturesTest.class.getResourceAsStream("/schedule-fixtures.txt")) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<Fixture> out = new ArrayList<>();
        for (String block : text.split("\n\\s*\n")) {
            Map<String, String> m = new HashMap<>();
            for (String line : block.split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    int colon = line.indexOf(": ");
                    m.put(line.substring(0, colon), line.substring(colon + 2).strip());
                }
            }
            if (m.containsKey("schedule")) {
                out.add(new Fixture(m.get("schedule"), OffsetDateTime.parse(m.get("now")).toInstant(),
                        Arrays.stream(m.get("next").split("\\s+")).map(t -> OffsetDateTime.parse(t).toInstant()).toList(),
                        "none".equals(m.get("after"))));
            }
        }
        if (out.size() < 15) {
            throw new IllegalStateException("the fixtures file was not read whole: " + out.size());
        }
        return out;
    }

    /** {@code KIND key=value …}, the keys of a jobs file. */
    private static Schedule parse(String spec) {
        String[] words = spec.split("\\s+");
        if (words[0].equals("now")) {
            return Schedule.now();
        }
        Map<String, String> v = new HashMap<>();
        for (int i = 1; i < words.length; i++) {
            String[] kv = words[i].split("=", 2);
            v.put(kv[0], kv[1]);
        }
        Schedule.Builder b = switch (words[0]) {
            case "once" -> Schedule.once();
            case "daily" -> Schedule.daily();
            case "periodic" -> Schedule.periodic().every(Duration.parse("PT" + v.get("every").toUpperCase(Locale.ROOT)));
            case "weekly" -> Schedule.weekly().on(days(v.get("days")));
            case "bi-weekly" -> Schedule.biWeekly().on(days(v.get("days")));
            case "monthly" -> Schedule.monthly().dayOfMonth(Integer.parseInt(v.get("day-of-month")));
            default -> throw new IllegalArgumentException(words[0]);
        };
        b.starting(LocalDate.parse(v.get("start"))).at(LocalTime.parse(v.get("time"))).zone(ZoneId.of(v.get("zone")));
        if (v.containsKey("end")) {
            b.through(LocalDate.parse(v.get("end")));
        }
        if (v.containsKey("occurrences")) {
            b.occurrences(Long.parseLong(v.get("occurrences")));
        }
        return b.build();
    }

    private static DayOfWeek[] days(String list) {
        return Arrays.stream(list.split(",")).map(d -> Arrays.stream(DayOfWeek.values())
                .filter(w -> w.name().startsWith(d)).findFirst().orElseThrow()).toArray(DayOfWeek[]::new);
    }
}
