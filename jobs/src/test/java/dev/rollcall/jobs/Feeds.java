package dev.rollcall.jobs;

import dev.rollcall.csv.CsvFormat;
import dev.rollcall.spi.JobCompletion;
import dev.rollcall.spi.JobNotifier;
import dev.rollcall.spi.UploadCompletion;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Fixtures for feed tests: a clock tests move, a notifier that remembers, upload files. */
final class Feeds {

    private Feeds() {
    }

    static final String HEADER = "username,email,firstName,lastName";

    /** A clock a test sets. */
    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void set(Instant value) {
            now = value;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    /** Remembers every completion it hears. */
    static final class RecordingNotifier implements JobNotifier {
        final List<JobCompletion> jobs = new CopyOnWriteArrayList<>();
        final List<UploadCompletion> uploads = new CopyOnWriteArrayList<>();

        @Override
        public void jobCompleted(JobCompletion completion) {
            jobs.add(completion);
        }

        @Override
        public void uploadCompleted(UploadCompletion completion) {
            uploads.add(completion);
        }
    }

    static Instant utc(String localDateTime) {
        return LocalDateTime.parse(localDateTime).toInstant(ZoneOffset.UTC);
    }

    /** @return a CSV of users {@code name}, each with an email at example.com */
    static String users(String... names) {
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        for (String n : names) {
            sb.append(n).append(',').append(n).append("@example.com,").append(Character.toUpperCase(n.charAt(0)))
                    .append(n.substring(1)).append(",Test\n");
        }
        return sb.toString();
    }

    static Path write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            return Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Schedule daily(String date, String time) {
        return Schedule.daily().starting(LocalDate.parse(date)).at(LocalTime.parse(time)).zone(ZoneOffset.UTC).build();
    }

    static Schedule everyMinute() {
        return Schedule.periodic().starting(LocalDate.of(2026, 1, 1)).at(LocalTime.MIDNIGHT)
                .every(Duration.ofMinutes(1)).zone(ZoneOffset.UTC).build();
    }

    /** A job builder for a CSV users job that takes files at once (no settling). */
    static Job.Builder job(String name, dev.rollcall.spi.FileSource source, Schedule schedule) {
        return Job.builder(name).source(source).schedule(schedule).format(CsvFormat.defaults()).settle(Duration.ZERO);
    }

    /** A runner builder that never sleeps waiting for files to settle. */
    static JobRunner.Builder runner(dev.rollcall.spi.UserRepository repository, Path work, Clock clock,
                                    dev.rollcall.spi.Notifier notifier) {
        return JobRunner.builder().repository(repository).workDirectory(work).clock(clock).notifier(notifier)
                .sleeper(d -> { });
    }

    /** A job store that forwards to another, for a test to override. */
    static class ForwardingJobStore implements JobStore {
        private final JobStore to;

        ForwardingJobStore(JobStore to) {
            this.to = to;
        }

        @Override
        public StoredJob save(JobDefinition definition, Instant now) {
            return to.save(definition, now);
        }

        @Override
        public java.util.Optional<StoredJob> find(String name) {
            return to.find(name);
        }

        @Override
        public List<StoredJob> list() {
            return to.list();
        }

        @Override
        public boolean setState(String name, JobState state, Instant now) {
            return to.setState(name, state, now);
        }

        @Override
        public boolean delete(String name) {
            return to.delete(name);
        }

        @Override
        public java.util.Optional<Claim> claim(StoredJob seen, Instant scheduled, HistoryEntry.Kind kind, String owner,
                                               Instant now, Instant leaseUntil) {
            return to.claim(seen, scheduled, kind, owner, now, leaseUntil);
        }

        @Override
        public java.util.Optional<Claim> takeOver(StoredJob seen, String owner, Instant now, Instant leaseUntil) {
            return to.takeOver(seen, owner, now, leaseUntil);
        }

        @Override
        public boolean renew(Claim claim, Instant leaseUntil) {
            return to.renew(claim, leaseUntil);
        }

        @Override
        public boolean finish(Claim claim, RunRecord record) {
            return to.finish(claim, record);
        }

        @Override
        public long recordManual(RunRecord record, String by) {
            return to.recordManual(record, by);
        }

        @Override
        public List<HistoryEntry> history(java.util.Optional<String> job, int limit) {
            return to.history(job, limit);
        }

        @Override
        public int pruneHistory(Instant before) {
            return to.pruneHistory(before);
        }

        @Override
        public java.util.Optional<Path> sharedWorkDirectory() {
            return to.sharedWorkDirectory();
        }

        @Override
        public void declareSharedWorkDirectory(Path folder) {
            to.declareSharedWorkDirectory(folder);
        }
    }

    /** The in-memory store behind an interface a test may override. */
    static class ForwardingRepository implements dev.rollcall.spi.UserRepository {
        final dev.rollcall.core.InMemoryUserRepository store = new dev.rollcall.core.InMemoryUserRepository();

        @Override
        public dev.rollcall.spi.FieldSchema schema() {
            return store.schema();
        }

        @Override
        public java.util.Map<String, List<dev.rollcall.spi.UserRecord>> findBy(String field, java.util.Collection<String> keys) {
            return store.findBy(field, keys);
        }

        @Override
        public java.util.Map<String, dev.rollcall.spi.UserRecord> findByIds(java.util.Collection<String> ids) {
            return store.findByIds(ids);
        }

        @Override
        public java.util.stream.Stream<dev.rollcall.spi.UserRecord> list(dev.rollcall.spi.UserQuery query) {
            return store.list(query);
        }

        @Override
        public java.util.Set<String> existingTargets(String kind, java.util.Collection<String> names) {
            return store.existingTargets(kind, names);
        }

        @Override
        public java.util.Map<String, java.util.Set<String>> findDelegates(java.util.Collection<String> userIds) {
            return store.findDelegates(userIds);
        }

        @Override
        public List<String> write(List<dev.rollcall.spi.UserChange> changes) {
            return store.write(changes);
        }
    }
}
