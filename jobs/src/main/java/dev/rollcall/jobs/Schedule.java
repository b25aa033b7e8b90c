package dev.rollcall.jobs;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.zone.ZoneOffsetTransition;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * When a job runs (seed 002's schedule): now; once at a date and time; daily; periodically
 * every so many hours and minutes; weekly or bi-weekly on chosen days; monthly on a day of
 * the month. Each (but now and once) has a duration: no end, through an end date, or a
 * number of occurrences.
 *
 * <pre>{@code
 * Schedule nightly = Schedule.daily().starting(LocalDate.of(2026, 12, 1)).at(LocalTime.of(2, 30))
 *         .zone(ZoneId.of("Europe/London")).through(LocalDate.of(2027, 6, 30)).build();
 * Optional<Instant> next = nightly.nextRunAfter(Instant.now());
 * }</pre>
 *
 * <h2>Time zones, daylight saving and short months</h2>
 * Times are wall-clock times in the schedule's zone.
 * <ul>
 * <li>A time the clocks skip (02:30 on a spring-forward day, when 02:00 jumps to 03:00) runs
 * once, at the moment the clocks jump (03:00). It never lands on another day's run.</li>
 * <li>A time the clocks repeat (01:30 on an autumn day, when 02:00 goes back to 01:00) runs
 * once, at its first occurrence.</li>
 * <li>Day 29, 30 or 31 of a monthly schedule runs on the last day of months that lack it
 * (the 31st runs on 30 April and 28 or 29 February).</li>
 * <li>A periodic schedule counts elapsed time: every 2 hours is 2 hours apart on every day,
 * daylight saving or not, so its wall-clock times shift by the change.</li>
 * </ul>
 *
 * <h2>Durations</h2>
 * "Through an end date" includes runs scheduled for that date. "N occurrences" counts the
 * runs of the schedule from its start, whether or not the job ran each of them.
 *
 * <p>{@link #nextRunAfter} is a pure function of the schedule and its argument. Immutable
 * and thread-safe.
 */
public final class Schedule {

    /** The most occurrences a schedule may count. */
    public static final long MAX_OCCURRENCES = 100_000;

    /** The kinds of schedule, seed 002's "Schedule" menu. */
    public enum Kind {
        /** Once, as soon as the job is given to a runner. */
        NOW,
        /** Once, at a date and time. */
        ONCE,
        /** Every day at a time. */
        DAILY,
        /** Every so many hours and minutes from a start. */
        PERIODIC,
        /** On chosen days of every week. */
        WEEKLY,
        /** On chosen days of every other week. */
        BI_WEEKLY,
        /** On a day of every month. */
        MONTHLY
    }

    private static final Schedule NOW = new Schedule(Kind.NOW, null, null, null, null, Set.of(), 0, null, 0);

    private final Kind kind;
    private final ZoneId zone;
    private final LocalDate start;
    private final LocalTime time;
    private final Duration every;
    private final Set<DayOfWeek> days;
    private final int dayOfMonth;
    private final LocalDate through;
    private final long occurrences;
    /** The last run a count of occurrences allows, or null. */
    private final Instant lastCounted;

    private Schedule(Kind kind, ZoneId zone, LocalDate start, LocalTime time, Duration every, Set<DayOfWeek> days,
                     int dayOfMonth, LocalDate through, long occurrences) {
        this.kind = kind;
        this.zone = zone;
        this.start = start;
        this.time = time;
        this.every = every;
        this.days = days;
        this.dayOfMonth = dayOfMonth;
        this.through = through;
        this.occurrences = occurrences;
        this.lastCounted = occurrences > 0 ? nthRun(occurrences) : null;
    }

    /** @return a schedule that runs once, as soon as the job is given to a runner */
    public static Schedule now() {
        return NOW;
    }

    /**
     * A watched folder's default schedule (seed 000: "once every minute").
     *
     * @param zone the zone, or null for UTC
     * @return every minute, on the minute
     */
    public static Schedule everyMinute(ZoneId zone) {
        return periodic().starting(LocalDate.of(2000, 1, 1)).at(LocalTime.MIDNIGHT)
                .every(Duration.ofMinutes(1)).zone(zone != null ? zone : ZoneId.of("UTC")).build();
    }

    /** @return a builder for a single run at a date ({@link Builder#starting}) and time ({@link Builder#at}) */
    public static Builder once() {
        return new Builder(Kind.ONCE);
    }

    /** @return a builder for a run every day at a time */
    public static Builder daily() {
        return new Builder(Kind.DAILY);
    }

    /** @return a builder for a run every {@link Builder#every} hours and minutes from a start date and time */
    public static Builder periodic() {
        return new Builder(Kind.PERIODIC);
    }

    /** @return a builder for runs on chosen days ({@link Builder#on}) of every week */
    public static Builder weekly() {
        return new Builder(Kind.WEEKLY);
    }

    /**
     * @return a builder for runs on chosen days of every other week: the week of the start
     *         date (Monday to Sunday), then every second week after it
     */
    public static Builder biWeekly() {
        return new Builder(Kind.BI_WEEKLY);
    }

    /** @return a builder for a run on a {@link Builder#dayOfMonth day} of every month */
    public static Builder monthly() {
        return new Builder(Kind.MONTHLY);
    }

    /** @return the kind */
    public Kind kind() {
        return kind;
    }

    /** @return the time zone its times are in; empty for {@link Kind#NOW} */
    public Optional<ZoneId> zone() {
        return Optional.ofNullable(zone);
    }

    /** @return the last date runs are scheduled for, if the duration ends at a date */
    public Optional<LocalDate> through() {
        return Optional.ofNullable(through);
    }

    /** @return the number of runs, if the duration is a number of occurrences */
    public OptionalLong occurrences() {
        return occurrences > 0 ? OptionalLong.of(occurrences) : OptionalLong.empty();
    }

    /**
     * The first run strictly after an instant. For {@link Kind#NOW} there is none: its one run
     * is {@link #firstRunAtOrAfter} the moment a runner gets the job.
     *
     * @param after an instant
     * @return the first run later than {@code after}; empty when the schedule has ended
     */
    public Optional<Instant> nextRunAfter(Instant after) {
        Objects.requireNonNull(after, "after must not be null");
        if (kind == Kind.NOW) {
            return Optional.empty();
        }
        Occurrence next;
        try {
            next = rawNextAfter(after);
        } catch (DateTimeException | ArithmeticException e) {
            return Optional.empty();  // beyond the end of representable time
        }
        if (next == null || !allowed(next)) {
            return Optional.empty();
        }
        return Optional.of(next.at());
    }

    /**
     * The first run at or after an instant: where a runner that gets the job at {@code from}
     * starts. For {@link Kind#NOW}, {@code from} itself.
     *
     * @param from an instant
     * @return the first run not earlier than {@code from}; empty when the schedule has ended
     */
    public Optional<Instant> firstRunAtOrAfter(Instant from) {
        Objects.requireNonNull(from, "from must not be null");
        if (kind == Kind.NOW) {
            return Optional.of(from);
        }
        if (from.equals(Instant.MIN)) {
            return nextRunAfter(from);
        }
        return nextRunAfter(from.minusNanos(1));
    }

    /**
     * The preview of a schedule: its next runs.
     *
     * @param from  where to start, as {@link #firstRunAtOrAfter}
     * @param count how many runs at most
     * @return up to {@code count} runs in order
     */
    public List<Instant> preview(Instant from, int count) {
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative: " + count);
        }
        List<Instant> runs = new ArrayList<>();
        Optional<Instant> next = firstRunAtOrAfter(from);
        while (next.isPresent() && runs.size() < count) {
            runs.add(next.get());
            next = nextRunAfter(next.get());
        }
        return runs;
    }

    // ---- the series of runs, without the duration's end ----

    /** A run: the date it is scheduled for, and the instant it happens. */
    private record Occurrence(LocalDate date, Instant at) {
    }

    private boolean allowed(Occurrence o) {
        if (through != null && o.date().isAfter(through)) {
            return false;
        }
        return lastCounted == null || !o.at().isAfter(lastCounted);
    }

    /** The instant a wall-clock time happens: at the end of a gap, or the first of two. */
    private Instant resolve(LocalDate date, LocalTime t) {
        LocalDateTime local = LocalDateTime.of(date, t);
        ZoneOffsetTransition transition = zone.getRules().getTransition(local);
        if (transition != null && transition.isGap()) {
            return transition.getInstant();
        }
        return ZonedDateTime.ofLocal(local, zone, null).toInstant();
    }

    private Occurrence first() {
        switch (kind) {
            case ONCE:
            case DAILY:
                return new Occurrence(start, resolve(start, time));
            case PERIODIC:
                Instant anchor = resolve(start, time);
                return new Occurrence(LocalDate.ofInstant(anchor, zone), anchor);
            case WEEKLY:
            case BI_WEEKLY:
                LocalDate d = start;
                while (!weeklyDate(d)) {
                    d = d.plusDays(1);
                }
                return new Occurrence(d, resolve(d, time));
            case MONTHLY:
                LocalDate m = monthlyDate(YearMonth.from(start));
                if (m.isBefore(start)) {
                    m = monthlyDate(YearMonth.from(start).plusMonths(1));
                }
                return new Occurrence(m, resolve(m, time));
            default:
                throw new IllegalStateException("no first run for " + kind);
        }
    }

    /** The first run of the unending series later than {@code t}, or null. */
    private Occurrence rawNextAfter(Instant t) {
        Occurrence first = first();
        if (t.isBefore(first.at())) {
            return first;
        }
        switch (kind) {
            case ONCE:
                return null;
            case PERIODIC: {
                long everySeconds = every.getSeconds();
                long elapsed = Duration.between(first.at(), t).getSeconds();
                Instant at = first.at().plusSeconds(Math.multiplyExact(elapsed / everySeconds + 1, everySeconds));
                return new Occurrence(LocalDate.ofInstant(at, zone), at);
            }
            case DAILY: {
                LocalDate d = later(start, LocalDate.ofInstant(t, zone).minusDays(2));
                while (true) {
                    Instant at = resolve(d, time);
                    if (at.isAfter(t)) {
                        return new Occurrence(d, at);
                    }
                    d = d.plusDays(1);
                }
            }
            case WEEKLY:
            case BI_WEEKLY: {
                LocalDate d = later(start, LocalDate.ofInstant(t, zone).minusDays(2));
                while (true) {
                    if (weeklyDate(d)) {
                        Instant at = resolve(d, time);
                        if (at.isAfter(t)) {
                            return new Occurrence(d, at);
                        }
                    }
                    d = d.plusDays(1);
                }
            }
            case MONTHLY: {
                YearMonth m = YearMonth.from(LocalDate.ofInstant(t, zone)).minusMonths(1);
                if (m.isBefore(YearMonth.from(start))) {
                    m = YearMonth.from(start);
                }
                while (true) {
                    LocalDate d = monthlyDate(m);
                    if (!d.isBefore(start)) {
                        Instant at = resolve(d, time);
                        if (at.isAfter(t)) {
                            return new Occurrence(d, at);
                        }
                    }
                    m = m.plusMonths(1);
                }
            }
            default:
                return null;
        }
    }

    /** The n-th (1-based) distinct run of the unending series. */
    private Instant nthRun(long n) {
        if (kind == Kind.PERIODIC) {
            return first().at().plusSeconds(Math.multiplyExact(n - 1, every.getSeconds()));
        }
        Occurrence o = first();
        for (long i = 1; i < n; i++) {
            o = rawNextAfter(o.at());
            if (o == null) {
                throw new IllegalStateException("a once schedule has one occurrence");
            }
        }
        return o.at();
    }

    private boolean weeklyDate(LocalDate d) {
        if (d.isBefore(start) || !days.contains(d.getDayOfWeek())) {
            return false;
        }
        if (kind == Kind.WEEKLY) {
            return true;
        }
        LocalDate firstMonday = start.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        LocalDate monday = d.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        return ChronoUnit.WEEKS.between(firstMonday, monday) % 2 == 0;
    }

    private LocalDate monthlyDate(YearMonth m) {
        return m.atDay(Math.min(dayOfMonth, m.lengthOfMonth()));
    }

    private static LocalDate later(LocalDate a, LocalDate b) {
        return a.isAfter(b) ? a : b;
    }

    // ---- values ----

    /**
     * @return e.g. {@code daily at 02:30 Europe/London, from 2026-12-01 through 2027-06-30};
     *         stable, so a runner can tell whether a job's schedule changed
     */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        switch (kind) {
            case NOW:
                return "now";
            case ONCE:
                return "once on " + start + " at " + time + " " + zone;
            case DAILY:
                sb.append("daily at ").append(time);
                break;
            case PERIODIC:
                sb.append("every ").append(hoursMinutes(every)).append(" from ").append(time);
                break;
            case WEEKLY:
            case BI_WEEKLY:
                sb.append(kind == Kind.WEEKLY ? "weekly on " : "bi-weekly on ").append(days.stream()
                        .map(d -> d.name().substring(0, 3)).collect(Collectors.joining(","))).append(" at ").append(time);
                break;
            case MONTHLY:
                sb.append("monthly on day ").append(dayOfMonth).append(dayOfMonth > 28 ? " (or the month's last day)" : "")
                        .append(" at ").append(time);
                break;
            default:
                break;
        }
        sb.append(' ').append(zone).append(", from ").append(start);
        if (through != null) {
            sb.append(" through ").append(through);
        }
        if (occurrences > 0) {
            sb.append(", ").append(occurrences).append(occurrences == 1 ? " occurrence" : " occurrences");
        }
        return sb.toString();
    }

    /** @return e.g. {@code 1h30m} */
    static String hoursMinutes(Duration d) {
        long h = d.toHours();
        long m = d.toMinutesPart();
        return (h > 0 ? h + "h" : "") + (m > 0 || h == 0 ? m + "m" : "");
    }

    @Override
    public String toString() {
        return "Schedule[" + describe() + "]";
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Schedule s)) {
            return false;
        }
        return kind == s.kind && Objects.equals(zone, s.zone) && Objects.equals(start, s.start)
                && Objects.equals(time, s.time) && Objects.equals(every, s.every) && days.equals(s.days)
                && dayOfMonth == s.dayOfMonth && Objects.equals(through, s.through) && occurrences == s.occurrences;
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, zone, start, time, every, days, dayOfMonth, through, occurrences);
    }

    /**
     * Configures a {@link Schedule}. Each setting may be given once; a setting that does not
     * apply to the kind of schedule is refused at once. {@link #build()} checks what the kind
     * needs. Not thread-safe; reusable.
     */
    public static final class Builder {
        private final Kind kind;
        private ZoneId zone;
        private LocalDate start;
        private LocalTime time;
        private Duration every;
        private Set<DayOfWeek> days;
        private Integer dayOfMonth;
        private LocalDate through;
        private Long occurrences;

        private Builder(Kind kind) {
            this.kind = kind;
        }

        private String kindName() {
            return kind.name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        private void onlyFor(String name, Kind... kinds) {
            for (Kind k : kinds) {
                if (k == kind) {
                    return;
                }
            }
            throw new IllegalStateException(name + " does not apply to a " + kindName() + " schedule");
        }

        /** The time zone of the schedule's dates and times (required). */
        public Builder zone(ZoneId value) {
            Objects.requireNonNull(value, "zone must not be null");
            SetOnce.check(zone, "zone");
            this.zone = value;
            return this;
        }

        /**
         * The start date (required): the date of a once schedule, the first day of the others.
         * A monthly schedule's first run is its day of the month on or after this date.
         */
        public Builder starting(LocalDate value) {
            Objects.requireNonNull(value, "starting must not be null");
            SetOnce.check(start, "starting");
            this.start = value;
            return this;
        }

        /** Seed 002's "Start Month" of a monthly schedule: the same as starting on its first day. */
        public Builder startingMonth(YearMonth value) {
            Objects.requireNonNull(value, "startingMonth must not be null");
            onlyFor("startingMonth", Kind.MONTHLY);
            return starting(value.atDay(1));
        }

        /** The wall-clock time of each run (of the first run, for a periodic schedule); required. */
        public Builder at(LocalTime value) {
            Objects.requireNonNull(value, "at must not be null");
            SetOnce.check(time, "at");
            this.time = value;
            return this;
        }

        /**
         * How far apart the runs of a periodic schedule are: whole minutes, at least one
         * (required for periodic schedules).
         */
        public Builder every(Duration value) {
            Objects.requireNonNull(value, "every must not be null");
            onlyFor("every", Kind.PERIODIC);
            SetOnce.check(every, "every");
            if (value.compareTo(Duration.ofMinutes(1)) < 0 || value.toSecondsPart() != 0 || value.toNanosPart() != 0) {
                throw new IllegalArgumentException("every must be whole minutes, at least one: " + value);
            }
            this.every = value;
            return this;
        }

        /** The days of the week of a weekly or bi-weekly schedule (required for those, at least one). */
        public Builder on(DayOfWeek... value) {
            Objects.requireNonNull(value, "on must not be null");
            onlyFor("on", Kind.WEEKLY, Kind.BI_WEEKLY);
            SetOnce.check(days, "on");
            if (value.length == 0) {
                throw new IllegalArgumentException("on needs at least one day");
            }
            Set<DayOfWeek> set = EnumSet.noneOf(DayOfWeek.class);
            for (DayOfWeek d : value) {
                set.add(Objects.requireNonNull(d, "on must not hold null"));
            }
            this.days = Collections.unmodifiableSet(set);
            return this;
        }

        /**
         * The day of the month of a monthly schedule, 1 to 31 (required for those). In months
         * without that day, the run is on the month's last day.
         */
        public Builder dayOfMonth(int value) {
            onlyFor("dayOfMonth", Kind.MONTHLY);
            SetOnce.check(dayOfMonth, "dayOfMonth");
            if (value < 1 || value > 31) {
                throw new IllegalArgumentException("dayOfMonth must be between 1 and 31: " + value);
            }
            this.dayOfMonth = value;
            return this;
        }

        /** Duration "through an end date": the last date runs are scheduled for (inclusive). */
        public Builder through(LocalDate value) {
            Objects.requireNonNull(value, "through must not be null");
            if (kind == Kind.ONCE) {
                throw new IllegalStateException("a once schedule runs once: through does not apply");
            }
            SetOnce.check(through, "through");
            this.through = value;
            return this;
        }

        /** Duration "a number of occurrences": how many runs, 1 to {@link #MAX_OCCURRENCES}. */
        public Builder occurrences(long value) {
            if (kind == Kind.ONCE) {
                throw new IllegalStateException("a once schedule runs once: occurrences does not apply");
            }
            SetOnce.check(occurrences, "occurrences");
            if (value < 1 || value > MAX_OCCURRENCES) {
                throw new IllegalArgumentException("occurrences must be between 1 and " + MAX_OCCURRENCES + ": " + value);
            }
            this.occurrences = value;
            return this;
        }

        /**
         * @return the schedule
         * @throws IllegalStateException when a setting the kind needs is missing, or both
         *                               {@code through} and {@code occurrences} are set, or
         *                               {@code through} is before the start
         */
        public Schedule build() {
            if (zone == null) {
                throw new IllegalStateException("zone must be set");
            }
            if (start == null) {
                throw new IllegalStateException("starting must be set");
            }
            if (time == null) {
                throw new IllegalStateException("at must be set");
            }
            if (kind == Kind.PERIODIC && every == null) {
                throw new IllegalStateException("every must be set for a periodic schedule");
            }
            if ((kind == Kind.WEEKLY || kind == Kind.BI_WEEKLY) && days == null) {
                throw new IllegalStateException("on must be set for a " + kindName() + " schedule");
            }
            if (kind == Kind.MONTHLY && dayOfMonth == null) {
                throw new IllegalStateException("dayOfMonth must be set for a monthly schedule");
            }
            if (through != null && occurrences != null) {
                throw new IllegalStateException("through and occurrences conflict: a schedule ends at a date or after a "
                        + "number of occurrences, not both");
            }
            if (through != null && through.isBefore(start)) {
                throw new IllegalStateException("through " + through + " is before the start " + start);
            }
            return new Schedule(kind, zone, start, time, every, days == null ? Set.of() : days,
                    dayOfMonth == null ? 0 : dayOfMonth, through, occurrences == null ? 0 : occurrences);
        }
    }
}
