package dev.rollcall.jobs;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The laws of {@link Schedule#nextRunAfter}, over every kind, in zones with daylight saving. */
class ScheduleProperties {

    /** Zones with 1-hour, 30-minute and midnight changes, a skipped day, and none at all. */
    private static final List<String> ZONES = List.of("UTC", "Europe/London", "America/New_York", "Europe/Berlin",
            "Australia/Lord_Howe", "America/Santiago", "Pacific/Apia", "Asia/Kolkata", "America/Havana");

    /**
     * A generated schedule's settings, without a duration, so a property can add one.
     *
     * @param kind  the kind
     * @param start the start date
     * @param time  the time
     * @param zone  the zone
     * @param every a periodic schedule's interval, in minutes
     * @param days  a weekly schedule's days
     * @param dom   a monthly schedule's day of the month
     */
    record Spec(Schedule.Kind kind, LocalDate start, LocalTime time, ZoneId zone, int every, Set<DayOfWeek> days,
                int dom) {

        Schedule.Builder builder() {
            Schedule.Builder b;
            switch (kind) {
                case ONCE -> b = Schedule.once();
                case DAILY -> b = Schedule.daily();
                case PERIODIC -> b = Schedule.periodic().every(Duration.ofMinutes(every));
                case WEEKLY -> b = Schedule.weekly().on(days.toArray(new DayOfWeek[0]));
                case BI_WEEKLY -> b = Schedule.biWeekly().on(days.toArray(new DayOfWeek[0]));
                case MONTHLY -> b = Schedule.monthly().dayOfMonth(dom);
                default -> throw new IllegalStateException(kind.name());
            }
            return b.starting(start).at(time).zone(zone);
        }

        Schedule schedule() {
            return builder().build();
        }

        boolean hasDuration() {
            return kind != Schedule.Kind.ONCE;
        }

        @Override
        public String toString() {
            return schedule().describe();
        }
    }

    private static List<Instant> runs(Schedule s, int max) {
        List<Instant> runs = new ArrayList<>();
        Optional<Instant> next = s.firstRunAtOrAfter(Instant.MIN);
        while (next.isPresent() && runs.size() < max) {
            runs.add(next.get());
            next = s.nextRunAfter(next.get());
        }
        return runs;
    }

    @Property(tries = 500)
    void runs_areStrictlyIncreasing(@ForAll("specs") Spec spec) {
        List<Instant> r = runs(spec.schedule(), 150);
        for (int i = 1; i < r.size(); i++) {
            assertTrue(r.get(i).isAfter(r.get(i - 1)), spec + ": run " + i + " " + r.get(i) + " after " + r.get(i - 1));
        }
    }

    @Property(tries = 300)
    void nextRunAfter_isTheFirstRunLaterThanItsArgument(@ForAll("specs") Spec spec,
                                                        @ForAll @IntRange(min = 1, max = 86_399) int secondsBefore) {
        Schedule s = spec.schedule();
        List<Instant> r = runs(s, 40);
        for (int i = 1; i < r.size(); i++) {
            Instant between = r.get(i).minusSeconds(secondsBefore);
            if (between.isAfter(r.get(i - 1))) {
                assertEquals(Optional.of(r.get(i)), s.nextRunAfter(between), spec + " between runs " + (i - 1) + " and " + i);
            }
            assertEquals(Optional.of(r.get(i)), s.nextRunAfter(r.get(i).minusNanos(1)), spec.toString());
            assertEquals(Optional.of(r.get(i)), s.nextRunAfter(r.get(i - 1)), spec.toString());
            assertEquals(Optional.of(r.get(i)), s.firstRunAtOrAfter(r.get(i)), spec.toString());
        }
    }

    @Property(tries = 400)
    void runs_neverAfterTheEndDate(@ForAll("specs") Spec spec, @ForAll @IntRange(min = 0, max = 400) int days) {
        if (!spec.hasDuration()) {
            return;
        }
        LocalDate end = spec.start().plusDays(days);
        Schedule bounded = spec.builder().through(end).build();
        Instant endOfDay = end.plusDays(1).atStartOfDay(spec.zone()).toInstant();
        int cap = 20_000;
        List<Instant> r = runs(bounded, cap);
        for (Instant run : r) {
            assertTrue(!run.isAfter(endOfDay), bounded + ": " + run + " is after " + end);
        }
        // and it is the unending schedule cut at the end: the same runs, then none
        List<Instant> unbounded = runs(spec.schedule(), r.size() + 1);
        assertEquals(unbounded.subList(0, r.size()), r, bounded.describe());
        if (r.size() < cap && unbounded.size() > r.size()) {
            Instant firstLeftOut = unbounded.get(r.size());
            assertTrue(ZonedDateTime.ofInstant(firstLeftOut, spec.zone()).toLocalDate().isAfter(end.minusDays(1)),
                    bounded + " left out " + firstLeftOut);
        }
    }

    @Property(tries = 400)
    void nOccurrences_exactlyNRuns(@ForAll("specs") Spec spec, @ForAll @IntRange(min = 1, max = 60) int n) {
        if (!spec.hasDuration()) {
            assertEquals(1, runs(spec.schedule(), 10).size(), "once is once");
            return;
        }
        Schedule counted = spec.builder().occurrences(n).build();
        List<Instant> r = runs(counted, 1000);
        assertEquals(n, r.size(), counted.toString());
        assertEquals(runs(spec.schedule(), n), r, "the first n runs of the unending schedule");
        assertEquals(Optional.empty(), counted.nextRunAfter(r.get(n - 1)));
    }

    @Property(tries = 200)
    void weekly_runsOnlyOnChosenDays_atTheTime(@ForAll("weeklySpecs") Spec spec) {
        for (Instant run : runs(spec.schedule(), 60)) {
            ZonedDateTime local = ZonedDateTime.ofInstant(run, spec.zone());
            if (local.toLocalTime().equals(spec.time())) {
                assertTrue(spec.days().contains(local.getDayOfWeek()), spec + " ran on " + local);
            } else {
                // only a time the clocks skipped moves, to the moment they jump
                assertTrue(spec.zone().getRules().getTransition(local.toLocalDate().atTime(spec.time())) != null
                        || spec.zone().getRules().getTransition(local.toLocalDate().minusDays(1).atTime(spec.time())) != null,
                        spec + " ran at " + local);
            }
        }
    }

    @Property(tries = 200)
    void monthly_runsOnTheDayOrTheMonthsLastDay(@ForAll("monthlySpecs") Spec spec) {
        for (Instant run : runs(spec.schedule(), 40)) {
            ZonedDateTime local = ZonedDateTime.ofInstant(run, spec.zone());
            if (local.toLocalTime().equals(spec.time())) {
                int expected = Math.min(spec.dom(), local.toLocalDate().lengthOfMonth());
                if (local.getDayOfMonth() != expected) {
                    // a day the clocks skipped whole (Apia, 30 December 2011) runs at the moment they jump
                    LocalDateTime wanted = local.toLocalDate().withDayOfMonth(expected).atTime(spec.time());
                    assertTrue(spec.zone().getRules().getValidOffsets(wanted).isEmpty()
                            && local.toLocalDate().equals(wanted.toLocalDate().plusDays(1)), spec + " ran on " + local);
                }
            }
        }
    }

    /** Found by the property above: Samoa skipped 30 December 2011 whole, crossing the date line. */
    @Example
    void monthly_onADayTheClocksSkipped_runsWhenTheyJump() {
        Spec apia = new Spec(Schedule.Kind.MONTHLY, LocalDate.of(2008, 8, 31), LocalTime.MIDNIGHT,
                ZoneId.of("Pacific/Apia"), 1, Set.of(), 30);
        assertEquals(Optional.of(ZonedDateTime.parse("2011-12-31T00:00+14:00[Pacific/Apia]").toInstant()),
                apia.schedule().nextRunAfter(ZonedDateTime.parse("2011-12-01T00:00-10:00[Pacific/Apia]").toInstant()));
        monthly_runsOnTheDayOrTheMonthsLastDay(apia);
    }

    // ---- generators ----

    private static Arbitrary<ZoneId> zones() {
        return Arbitraries.of(ZONES).map(ZoneId::of);
    }

    private static Arbitrary<LocalDate> dates() {
        return Arbitraries.integers().between(0, 365 * 20).map(d -> LocalDate.of(2008, 1, 1).plusDays(d));
    }

    /** Times biased towards the small hours, where clocks change. */
    private static Arbitrary<LocalTime> times() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.integers().between(0, 4 * 60 - 1).map(m -> LocalTime.of(m / 60, m % 60))),
                Tuple.of(1, Arbitraries.integers().between(0, 24 * 60 - 1).map(m -> LocalTime.of(m / 60, m % 60))));
    }

    @Provide
    Arbitrary<Spec> specs() {
        return Arbitraries.oneOf(kindSpecs(Schedule.Kind.DAILY), kindSpecs(Schedule.Kind.ONCE), periodicSpecs(),
                weeklySpecs(), monthlySpecs());
    }

    private Arbitrary<Spec> kindSpecs(Schedule.Kind kind) {
        return Combinators.combine(dates(), times(), zones()).as((d, t, z) -> new Spec(kind, d, t, z, 0, Set.of(), 0));
    }

    private Arbitrary<Spec> periodicSpecs() {
        return Combinators.combine(dates(), times(), zones(), Arbitraries.integers().between(1, 3 * 24 * 60))
                .as((d, t, z, m) -> new Spec(Schedule.Kind.PERIODIC, d, t, z, m, Set.of(), 0));
    }

    @Provide
    Arbitrary<Spec> weeklySpecs() {
        return Combinators.combine(dates(), times(), zones(), Arbitraries.of(DayOfWeek.class).set().ofMinSize(1),
                        Arbitraries.of(Schedule.Kind.WEEKLY, Schedule.Kind.BI_WEEKLY))
                .as((d, t, z, days, kind) -> new Spec(kind, d, t, z, 0, days, 0));
    }

    @Provide
    Arbitrary<Spec> monthlySpecs() {
        return Combinators.combine(dates(), times(), zones(), Arbitraries.integers().between(1, 31))
                .as((d, t, z, dom) -> new Spec(Schedule.Kind.MONTHLY, d, t, z, 0, Set.of(), dom));
    }
}
