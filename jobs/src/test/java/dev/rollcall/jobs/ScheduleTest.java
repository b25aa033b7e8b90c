package dev.rollcall.jobs;

import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScheduleTest {

    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final ZoneId UTC = ZoneOffset.UTC;

    private static Instant utc(String localDateTime) {
        return LocalDateTime.parse(localDateTime).toInstant(ZoneOffset.UTC);
    }

    private static List<Instant> runs(Schedule s, Instant from, int count) {
        return s.preview(from, count);
    }

    // ---- daylight saving ----

    @Test
    void daily_timeInSpringForwardGap_runsOnceWhenClocksJump() {
        // 8 March 2026, New York: 02:00 EST jumps to 03:00 EDT; 02:30 does not exist.
        Schedule s = Schedule.daily().starting(LocalDate.of(2026, 3, 6)).at(LocalTime.of(2, 30)).zone(NEW_YORK).build();
        assertEquals(List.of(utc("2026-03-06T07:30"), utc("2026-03-07T07:30"),
                utc("2026-03-08T07:00"),   // 03:00 EDT, the moment the clocks jump
                utc("2026-03-09T06:30")),  // 02:30 EDT
                runs(s, Instant.MIN, 4));
    }

    @Test
    void daily_timeInAutumnRepeatedHour_runsOnceAtFirstOccurrence() {
        // 1 November 2026, New York: 02:00 EDT goes back to 01:00 EST; 01:30 happens twice.
        Schedule s = Schedule.daily().starting(LocalDate.of(2026, 10, 31)).at(LocalTime.of(1, 30)).zone(NEW_YORK).build();
        Instant firstOfTwo = utc("2026-11-01T05:30");   // 01:30 EDT
        assertEquals(List.of(utc("2026-10-31T05:30"), firstOfTwo, utc("2026-11-02T06:30")), runs(s, Instant.MIN, 3));
        assertEquals(Optional.of(utc("2026-11-02T06:30")), s.nextRunAfter(firstOfTwo),
                "the second 01:30 (EST, 06:30Z) is not a run");
    }

    @Test
    void periodic_countsElapsedTime_acrossSpringForward() {
        Schedule s = Schedule.periodic().starting(LocalDate.of(2026, 3, 8)).at(LocalTime.MIDNIGHT)
                .every(Duration.ofHours(1)).zone(NEW_YORK).build();
        List<Instant> r = runs(s, Instant.MIN, 4);
        assertEquals(List.of(utc("2026-03-08T05:00"), utc("2026-03-08T06:00"), utc("2026-03-08T07:00"),
                utc("2026-03-08T08:00")), r);
        assertEquals(LocalTime.of(3, 0), ZonedDateTime.ofInstant(r.get(2), NEW_YORK).toLocalTime(),
                "an hour after 01:00 EST is 03:00 EDT");
    }

    @Test
    void daily_onSkippedDay_neverRunsTwiceAtOneInstant() {
        // Samoa skipped 30 December 2011 entirely: midnight on the 30th and on the 31st are one instant.
        ZoneId apia = ZoneId.of("Pacific/Apia");
        Schedule s = Schedule.daily().starting(LocalDate.of(2011, 12, 28)).at(LocalTime.MIDNIGHT).zone(apia).build();
        List<Instant> r = runs(s, Instant.MIN, 5);
        for (int i = 1; i < r.size(); i++) {
            assertTrue(r.get(i).isAfter(r.get(i - 1)), r.toString());
        }
        assertEquals(LocalDate.of(2012, 1, 2), LocalDate.ofInstant(r.get(4), apia));
    }

    @Test
    void daily_allRunsAtTheWallClockTime_inTheZone() {
        Schedule s = Schedule.daily().starting(LocalDate.of(2026, 3, 1)).at(LocalTime.of(9, 15)).zone(NEW_YORK).build();
        for (Instant run : runs(s, Instant.MIN, 60)) {
            assertEquals(LocalTime.of(9, 15), ZonedDateTime.ofInstant(run, NEW_YORK).toLocalTime());
        }
    }

    // ---- months ----

    @Test
    void monthly_31st_runsOnLastDayOfShorterMonths() {
        Schedule s = Schedule.monthly().startingMonth(YearMonth.of(2027, 1)).dayOfMonth(31).at(LocalTime.NOON)
                .zone(UTC).build();
        assertEquals(List.of(utc("2027-01-31T12:00"), utc("2027-02-28T12:00"), utc("2027-03-31T12:00"),
                utc("2027-04-30T12:00")), runs(s, Instant.MIN, 4));
    }

    @Test
    void monthly_29th_inLeapYear_runsOnFebruary29() {
        Schedule s = Schedule.monthly().startingMonth(YearMonth.of(2028, 2)).dayOfMonth(29).at(LocalTime.NOON)
                .zone(UTC).build();
        assertEquals(utc("2028-02-29T12:00"), runs(s, Instant.MIN, 1).get(0));
    }

    @Test
    void monthly_startAfterTheDay_firstRunIsNextMonth() {
        Schedule s = Schedule.monthly().starting(LocalDate.of(2026, 5, 20)).dayOfMonth(10).at(LocalTime.NOON)
                .zone(UTC).build();
        assertEquals(utc("2026-06-10T12:00"), runs(s, Instant.MIN, 1).get(0));
    }

    // ---- weeks ----

    @Test
    void weekly_runsOnChosenDaysOnly() {
        // 2026-11-02 is a Monday
        Schedule s = Schedule.weekly().starting(LocalDate.of(2026, 11, 4)).on(DayOfWeek.MONDAY, DayOfWeek.WEDNESDAY)
                .at(LocalTime.of(6, 0)).zone(UTC).build();
        assertEquals(List.of(utc("2026-11-04T06:00"), utc("2026-11-09T06:00"), utc("2026-11-11T06:00"),
                utc("2026-11-16T06:00")), runs(s, Instant.MIN, 4));
    }

    @Test
    void biWeekly_runsEveryOtherWeek_fromTheStartWeek() {
        Schedule s = Schedule.biWeekly().starting(LocalDate.of(2026, 11, 4)).on(DayOfWeek.MONDAY, DayOfWeek.FRIDAY)
                .at(LocalTime.of(6, 0)).zone(UTC).build();
        // week of Mon 2 Nov (the 2nd is before the start), skip week of 9 Nov, week of 16 Nov
        assertEquals(List.of(utc("2026-11-06T06:00"), utc("2026-11-16T06:00"), utc("2026-11-20T06:00"),
                utc("2026-11-30T06:00")), runs(s, Instant.MIN, 4));
    }

    // ---- durations ----

    @Test
    void occurrences_countsRunsFromTheStart() {
        Schedule s = Schedule.daily().starting(LocalDate.of(2026, 1, 1)).at(LocalTime.NOON).zone(UTC).occurrences(3)
                .build();
        assertEquals(3, runs(s, Instant.MIN, 10).size());
        assertEquals(Optional.empty(), s.nextRunAfter(utc("2026-01-03T12:00")));
        assertEquals(List.of(utc("2026-01-03T12:00")), runs(s, utc("2026-01-02T13:00"), 10),
                "runs the job did not see still count");
    }

    @Test
    void through_includesRunsOnTheEndDate() {
        Schedule s = Schedule.daily().starting(LocalDate.of(2026, 1, 1)).at(LocalTime.of(23, 0)).zone(NEW_YORK)
                .through(LocalDate.of(2026, 1, 3)).build();
        List<Instant> r = runs(s, Instant.MIN, 10);
        assertEquals(3, r.size());
        assertEquals(utc("2026-01-04T04:00"), r.get(2), "23:00 on the 3rd in New York is the 4th in UTC");
    }

    @Test
    void periodic_occurrences_isTheNumberOfTimes() {
        Schedule s = Schedule.periodic().starting(LocalDate.of(2026, 1, 1)).at(LocalTime.of(8, 0))
                .every(Duration.ofMinutes(90)).zone(UTC).occurrences(4).build();
        assertEquals(List.of(utc("2026-01-01T08:00"), utc("2026-01-01T09:30"), utc("2026-01-01T11:00"),
                utc("2026-01-01T12:30")), runs(s, Instant.MIN, 10));
    }

    @Test
    void once_runsOnce() {
        Schedule s = Schedule.once().starting(LocalDate.of(2026, 12, 1)).at(LocalTime.of(9, 0)).zone(UTC).build();
        assertEquals(List.of(utc("2026-12-01T09:00")), runs(s, Instant.MIN, 5));
        assertEquals(Optional.of(utc("2026-12-01T09:00")), s.nextRunAfter(utc("2026-12-01T08:59")));
        assertEquals(Optional.empty(), s.nextRunAfter(utc("2026-12-01T09:00")));
    }

    @Test
    void now_runsOnceAtTheMomentGiven() {
        Instant t = utc("2026-05-05T10:11:12");
        assertEquals(Optional.of(t), Schedule.now().firstRunAtOrAfter(t));
        assertEquals(Optional.empty(), Schedule.now().nextRunAfter(t));
        assertEquals(List.of(t), Schedule.now().preview(t, 3));
    }

    @Test
    void nextRunAfter_isStrictlyAfter_evenAtARun() {
        Schedule s = Schedule.daily().starting(LocalDate.of(2026, 1, 1)).at(LocalTime.NOON).zone(UTC).build();
        assertEquals(Optional.of(utc("2026-01-02T12:00")), s.nextRunAfter(utc("2026-01-01T12:00")));
        assertEquals(Optional.of(utc("2026-01-01T12:00")), s.nextRunAfter(utc("2026-01-01T11:59:59.999999999")));
        assertEquals(Optional.of(utc("2026-01-01T12:00")), s.firstRunAtOrAfter(utc("2026-01-01T12:00")));
    }

    @Test
    void farFuture_endsQuietly() {
        Schedule s = Schedule.daily().starting(LocalDate.of(2026, 1, 1)).at(LocalTime.NOON).zone(UTC).build();
        assertEquals(Optional.empty(), s.nextRunAfter(Instant.MAX));
    }

    @Test
    void describe_isStableText() {
        assertEquals("daily at 02:30 Europe/London, from 2026-12-01 through 2027-06-30", Schedule.daily()
                .starting(LocalDate.of(2026, 12, 1)).at(LocalTime.of(2, 30)).zone(ZoneId.of("Europe/London"))
                .through(LocalDate.of(2027, 6, 30)).build().describe());
        assertEquals("every 1h30m from 08:00 Z, from 2026-01-01, 4 occurrences", Schedule.periodic()
                .starting(LocalDate.of(2026, 1, 1)).at(LocalTime.of(8, 0)).every(Duration.ofMinutes(90)).zone(UTC)
                .occurrences(4).build().describe());
        assertEquals("bi-weekly on MON,FRI at 06:00 Z, from 2026-11-04", Schedule.biWeekly()
                .starting(LocalDate.of(2026, 11, 4)).on(DayOfWeek.FRIDAY, DayOfWeek.MONDAY).at(LocalTime.of(6, 0))
                .zone(UTC).build().describe());
    }

    @Test
    void equalSettings_equalSchedules() {
        Schedule.Builder b = Schedule.monthly().startingMonth(YearMonth.of(2027, 1)).dayOfMonth(31).at(LocalTime.NOON)
                .zone(UTC);
        assertEquals(b.build(), b.build());
        assertEquals(b.build().hashCode(), b.build().hashCode());
    }

    // ---- builder rules, one per rule ----

    private static Schedule.Builder daily() {
        return Schedule.daily().starting(LocalDate.of(2026, 1, 1)).at(LocalTime.NOON).zone(UTC);
    }

    private static void assertMessage(Class<? extends Throwable> type, String message, Runnable r) {
        Throwable t = assertThrows(type, r::run);
        assertEquals(message, t.getMessage());
    }

    @Test
    void zone_null() {
        assertMessage(NullPointerException.class, "zone must not be null", () -> Schedule.daily().zone(null));
    }

    @Test
    void zone_twice() {
        assertMessage(IllegalStateException.class, "zone was already set", () -> daily().zone(UTC));
    }

    @Test
    void zone_missing() {
        assertMessage(IllegalStateException.class, "zone must be set",
                () -> Schedule.daily().starting(LocalDate.of(2026, 1, 1)).at(LocalTime.NOON).build());
    }

    @Test
    void starting_missing() {
        assertMessage(IllegalStateException.class, "starting must be set",
                () -> Schedule.daily().at(LocalTime.NOON).zone(UTC).build());
    }

    @Test
    void at_missing() {
        assertMessage(IllegalStateException.class, "at must be set",
                () -> Schedule.daily().starting(LocalDate.of(2026, 1, 1)).zone(UTC).build());
    }

    @Test
    void every_onDaily() {
        assertMessage(IllegalStateException.class, "every does not apply to a daily schedule",
                () -> Schedule.daily().every(Duration.ofHours(1)));
    }

    @Test
    void every_lessThanAMinute() {
        assertMessage(IllegalArgumentException.class, "every must be whole minutes, at least one: PT30S",
                () -> Schedule.periodic().every(Duration.ofSeconds(30)));
    }

    @Test
    void every_notWholeMinutes() {
        assertMessage(IllegalArgumentException.class, "every must be whole minutes, at least one: PT1M30S",
                () -> Schedule.periodic().every(Duration.ofSeconds(90)));
    }

    @Test
    void every_missing() {
        assertMessage(IllegalStateException.class, "every must be set for a periodic schedule",
                () -> Schedule.periodic().starting(LocalDate.of(2026, 1, 1)).at(LocalTime.NOON).zone(UTC).build());
    }

    @Test
    void on_noDays() {
        assertMessage(IllegalArgumentException.class, "on needs at least one day", () -> Schedule.weekly().on());
    }

    @Test
    void on_onMonthly() {
        assertMessage(IllegalStateException.class, "on does not apply to a monthly schedule",
                () -> Schedule.monthly().on(DayOfWeek.MONDAY));
    }

    @Test
    void on_missing() {
        assertMessage(IllegalStateException.class, "on must be set for a bi-weekly schedule",
                () -> Schedule.biWeekly().starting(LocalDate.of(2026, 1, 1)).at(LocalTime.NOON).zone(UTC).build());
    }

    @Test
    void dayOfMonth_outOfRange() {
        assertMessage(IllegalArgumentException.class, "dayOfMonth must be between 1 and 31: 32",
                () -> Schedule.monthly().dayOfMonth(32));
        assertMessage(IllegalArgumentException.class, "dayOfMonth must be between 1 and 31: 0",
                () -> Schedule.monthly().dayOfMonth(0));
    }

    @Test
    void dayOfMonth_missing() {
        assertMessage(IllegalStateException.class, "dayOfMonth must be set for a monthly schedule",
                () -> Schedule.monthly().starting(LocalDate.of(2026, 1, 1)).at(LocalTime.NOON).zone(UTC).build());
    }

    @Test
    void startingMonth_onWeekly() {
        assertMessage(IllegalStateException.class, "startingMonth does not apply to a weekly schedule",
                () -> Schedule.weekly().startingMonth(YearMonth.of(2026, 1)));
    }

    @Test
    void occurrences_zero() {
        assertMessage(IllegalArgumentException.class, "occurrences must be between 1 and 100000: 0",
                () -> Schedule.daily().occurrences(0));
    }

    @Test
    void occurrences_onOnce() {
        assertMessage(IllegalStateException.class, "a once schedule runs once: occurrences does not apply",
                () -> Schedule.once().occurrences(2));
    }

    @Test
    void through_onOnce() {
        assertMessage(IllegalStateException.class, "a once schedule runs once: through does not apply",
                () -> Schedule.once().through(LocalDate.of(2026, 1, 1)));
    }

    @Test
    void throughAndOccurrences_conflict() {
        assertMessage(IllegalStateException.class, "through and occurrences conflict: a schedule ends at a date or "
                + "after a number of occurrences, not both",
                () -> daily().through(LocalDate.of(2026, 2, 1)).occurrences(3).build());
    }

    @Test
    void through_beforeStart() {
        assertMessage(IllegalStateException.class, "through 2025-12-31 is before the start 2026-01-01",
                () -> daily().through(LocalDate.of(2025, 12, 31)).build());
    }

    @Test
    void preview_negativeCount() {
        assertMessage(IllegalArgumentException.class, "count must not be negative: -1",
                () -> Schedule.now().preview(Instant.EPOCH, -1));
    }
}
