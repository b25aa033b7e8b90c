package dev.rollcall.jobs;

import dev.rollcall.core.EmptyValues;
import dev.rollcall.core.InMemoryUserRepository;
import dev.rollcall.core.UploadMode;
import dev.rollcall.core.UploadPlanner;
import dev.rollcall.spi.Decoder;
import dev.rollcall.spi.FileSource;
import dev.rollcall.spi.UploadFormat;

import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * A scheduled upload (seeds 000 and 002): where its files come from, when it runs, what it
 * loads and with which options, and who hears about each run. A {@link JobRunner} runs it.
 *
 * <pre>{@code
 * Job job = Job.builder("hr-nightly")
 *         .description("Nightly HR feed")
 *         .completionEmail("it-admin@example.com")
 *         .source(FileSources.folder(Path.of("/srv/feeds/hr")))
 *         .schedule(Schedule.daily().starting(LocalDate.of(2026, 12, 1)).at(LocalTime.of(2, 30))
 *                 .zone(ZoneId.of("Europe/London")).build())
 *         .fullUpload(true)                // "deactivate users not in file"
 *         .build();
 * }</pre>
 *
 * <p>Immutable and thread-safe; its {@code toString()} shows the source's description, never
 * credentials.
 */
public final class Job {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+");

    private final String name;
    private final String description;
    private final String completionEmail;
    private final FileSource source;
    private final Schedule schedule;
    private final UploadFormat format;
    private final LoadType loadType;
    private final boolean allowNewUsers;
    private final EmptyValues emptyValues;
    private final boolean fullUpload;
    private final String feed;
    private final boolean allowOverThreshold;
    private final Double maxDeactivationPercent;
    private final String matchOn;
    private final String site;
    private final boolean skipUnchanged;
    private final List<Decoder> decoders;
    private final Duration settle;
    private final ZoneId zone;
    private final Consumer<UploadPlanner.Builder> plannerOptions;

    private Job(Builder b) {
        this.name = b.name;
        this.description = b.description == null ? b.name : b.description;
        this.completionEmail = b.completionEmail;
        this.source = b.source;
        this.schedule = b.schedule;
        this.format = b.format;
        this.loadType = b.loadType == null ? LoadType.USERS : b.loadType;
        this.allowNewUsers = !Boolean.FALSE.equals(b.allowNewUsers);
        this.emptyValues = b.emptyValues == null ? EmptyValues.IGNORE : b.emptyValues;
        this.fullUpload = Boolean.TRUE.equals(b.fullUpload);
        this.feed = b.feed == null ? b.name : b.feed;
        this.allowOverThreshold = Boolean.TRUE.equals(b.allowOverThreshold);
        this.maxDeactivationPercent = b.maxDeactivationPercent;
        this.matchOn = b.matchOn;
        this.site = b.site;
        this.skipUnchanged = !Boolean.FALSE.equals(b.skipUnchanged);
        this.decoders = List.copyOf(b.decoders);
        this.settle = b.settle == null ? DEFAULT_SETTLE : b.settle;
        this.zone = b.zone != null ? b.zone : b.schedule.zone().orElse(ZoneOffset.UTC);
        this.plannerOptions = b.plannerOptions == null ? x -> { } : b.plannerOptions;
    }

    /** Checks a job's name: see {@link #builder}. */
    static String checkName(String name) {
        Objects.requireNonNull(name, "name must not be null");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a job's name is letters, digits, '.', '-' and '_', up to 64, "
                    + "starting with a letter or digit: '" + name + "'");
        }
        return name;
    }

    /** How long a folder's new file must keep its size and time before it is taken, by default. */
    public static final Duration DEFAULT_SETTLE = Duration.ofSeconds(10);

    /**
     * @param name the job's name: letters, digits, {@code .}, {@code -} and {@code _}, up to
     *             64, starting with a letter or digit; it names the job's folder in the
     *             runner's work directory, and is the default feed
     * @return a builder
     */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** @return the job's name, unique in a runner */
    public String name() {
        return name;
    }

    /** @return seed 002's "Job Description" (default: the name) */
    public String description() {
        return description;
    }

    /** @return where the job completion email goes, if anywhere */
    public Optional<String> completionEmail() {
        return Optional.ofNullable(completionEmail);
    }

    /** @return where files come from */
    public FileSource source() {
        return source;
    }

    /** @return when the job runs */
    public Schedule schedule() {
        return schedule;
    }

    /** @return the file format, if fixed (else chosen by each file's name) */
    public Optional<UploadFormat> format() {
        return Optional.ofNullable(format);
    }

    /** @return user profiles or delegates */
    public LoadType loadType() {
        return loadType;
    }

    /** @return for user profiles: whether new users are added ("Allow New Users") or only existing ones updated */
    public boolean allowNewUsers() {
        return allowNewUsers;
    }

    /** @return the upload mode user profiles are planned with */
    public UploadMode mode() {
        return allowNewUsers ? UploadMode.ADD_UPDATE : UploadMode.UPDATE_ONLY;
    }

    /** @return what {@code ""} does: "Ignore empty double quotes" or "Use empty quotes to erase" */
    public EmptyValues emptyValues() {
        return emptyValues;
    }

    /** @return "Deactivate users not in file": the feed's users the file leaves out are deactivated */
    public boolean fullUpload() {
        return fullUpload;
    }

    /** @return the feed new users remember, and whose users a full upload deactivates (default: the job's name) */
    public String feed() {
        return feed;
    }

    /** @return "Allow upload if deactivation &gt; 10%" (and, for delegates, removal over the guard) */
    public boolean allowOverThreshold() {
        return allowOverThreshold;
    }

    /** @return the safety guard's limit in percent, if not the default 10 */
    public OptionalDouble maxDeactivationPercent() {
        return maxDeactivationPercent == null ? OptionalDouble.empty() : OptionalDouble.of(maxDeactivationPercent);
    }

    /** @return the field rows are matched on, if not username */
    public Optional<String> matchOn() {
        return Optional.ofNullable(matchOn);
    }

    /** @return the site the upload is limited to, if any */
    public Optional<String> site() {
        return Optional.ofNullable(site);
    }

    /** @return for a fixed file: "Skip files that have not changed" (default true) */
    public boolean skipUnchanged() {
        return skipUnchanged;
    }

    /** @return decoders for encoded files (a PGP decoder with the host's key) */
    public List<Decoder> decoders() {
        return decoders;
    }

    /** @return how long a file must keep its size and time before it is taken */
    public Duration settle() {
        return settle;
    }

    /** @return the time zone of dated file names: the schedule's, or the one given */
    public ZoneId zone() {
        return zone;
    }

    Consumer<UploadPlanner.Builder> plannerOptions() {
        return plannerOptions;
    }

    @Override
    public String toString() {
        return "Job[" + name + ", " + loadType.label() + " from " + source.describe() + ", " + schedule.describe() + "]";
    }

    /**
     * Configures a {@link Job}. Each setting may be given once (decoders may be added
     * several times); {@link #build()} checks settings that conflict. Not thread-safe;
     * reusable.
     */
    public static final class Builder {
        private final String name;
        private String description;
        private String completionEmail;
        private FileSource source;
        private Schedule schedule;
        private UploadFormat format;
        private LoadType loadType;
        private Boolean allowNewUsers;
        private EmptyValues emptyValues;
        private Boolean fullUpload;
        private String feed;
        private Boolean allowOverThreshold;
        private Double maxDeactivationPercent;
        private String matchOn;
        private String site;
        private Boolean skipUnchanged;
        private final List<Decoder> decoders = new ArrayList<>();
        private Duration settle;
        private ZoneId zone;
        private Consumer<UploadPlanner.Builder> plannerOptions;

        private Builder(String name) {
            this.name = checkName(name);
        }

        /** Seed 002's "Job Description" (default: the name). */
        public Builder description(String value) {
            Objects.requireNonNull(value, "description must not be null");
            SetOnce.check(description, "description");
            if (value.isBlank()) {
                throw new IllegalArgumentException("description must not be blank");
            }
            this.description = value.strip();
            return this;
        }

        /** Where the job completion email goes (default: nowhere). */
        public Builder completionEmail(String value) {
            Objects.requireNonNull(value, "completionEmail must not be null");
            SetOnce.check(completionEmail, "completionEmail");
            if (!EMAIL.matcher(value.strip()).matches()) {
                throw new IllegalArgumentException("completionEmail is not an email address: '" + value + "'");
            }
            this.completionEmail = value.strip();
            return this;
        }

        /** Where files come from (required): see {@link FileSources}, or {@code rollcall-sftp}. */
        public Builder source(FileSource value) {
            Objects.requireNonNull(value, "source must not be null");
            SetOnce.check(source, "source");
            this.source = value;
            return this;
        }

        /**
         * When the job runs: required for a fixed file; a folder is polled every minute
         * unless a schedule is given (seed 000).
         */
        public Builder schedule(Schedule value) {
            Objects.requireNonNull(value, "schedule must not be null");
            SetOnce.check(schedule, "schedule");
            this.schedule = value;
            return this;
        }

        /** The file format, CSV or XML (default: chosen by each file's name, a decoder's suffix removed). */
        public Builder format(UploadFormat value) {
            Objects.requireNonNull(value, "format must not be null");
            SetOnce.check(format, "format");
            this.format = value;
            return this;
        }

        /** User profiles (the default) or delegates. */
        public Builder loadType(LoadType value) {
            Objects.requireNonNull(value, "loadType must not be null");
            SetOnce.check(loadType, "loadType");
            this.loadType = value;
            return this;
        }

        /** User profiles: "Allow New Users" (true, the default) or "Update Only (ignore new users)". */
        public Builder allowNewUsers(boolean value) {
            SetOnce.check(allowNewUsers, "allowNewUsers");
            this.allowNewUsers = value;
            return this;
        }

        /** User profiles: what {@code ""} does (default {@link EmptyValues#IGNORE}). */
        public Builder emptyValues(EmptyValues value) {
            Objects.requireNonNull(value, "emptyValues must not be null");
            SetOnce.check(emptyValues, "emptyValues");
            this.emptyValues = value;
            return this;
        }

        /**
         * User profiles: "Deactivate users not in file": the file lists everyone of the
         * {@link #feed feed} who should be active (default false).
         */
        public Builder fullUpload(boolean value) {
            SetOnce.check(fullUpload, "fullUpload");
            this.fullUpload = value;
            return this;
        }

        /** The feed new users remember and a full upload is limited to (default: the job's name). */
        public Builder feed(String value) {
            Objects.requireNonNull(value, "feed must not be null");
            SetOnce.check(feed, "feed");
            if (value.isBlank()) {
                throw new IllegalArgumentException("feed must not be blank");
            }
            this.feed = value.strip();
            return this;
        }

        /**
         * "Allow upload if deactivation &gt; 10%": a full upload may deactivate more than the
         * safety guard allows; for delegates, remove more links than it allows (default false).
         */
        public Builder allowOverThreshold(boolean value) {
            SetOnce.check(allowOverThreshold, "allowOverThreshold");
            this.allowOverThreshold = value;
            return this;
        }

        /** The safety guard's limit, 0 to 100 percent (default 10); for delegates, of links removed. */
        public Builder maxDeactivationPercent(double value) {
            SetOnce.check(maxDeactivationPercent, "maxDeactivationPercent");
            if (!(value >= 0 && value <= 100)) {
                throw new IllegalArgumentException("maxDeactivationPercent must be between 0 and 100: " + value);
            }
            this.maxDeactivationPercent = value;
            return this;
        }

        /** User profiles: the field rows are matched on (default username). */
        public Builder matchOn(String value) {
            Objects.requireNonNull(value, "matchOn must not be null");
            SetOnce.check(matchOn, "matchOn");
            this.matchOn = value;
            return this;
        }

        /** Limit the upload to a site and the sites below it. */
        public Builder site(String value) {
            Objects.requireNonNull(value, "site must not be null");
            SetOnce.check(site, "site");
            this.site = value;
            return this;
        }

        /** A fixed file: "Skip files that have not changed" (default true). */
        public Builder skipUnchanged(boolean value) {
            SetOnce.check(skipUnchanged, "skipUnchanged");
            this.skipUnchanged = value;
            return this;
        }

        /** A decoder for encoded files, such as a PGP decoder with the host's key; may be given several times. */
        public Builder decoder(Decoder value) {
            Objects.requireNonNull(value, "decoder must not be null");
            if (!decoders.contains(value)) {
                decoders.add(value);
            }
            return this;
        }

        /**
         * How long a file's size and modification time must stay the same, across two
         * listings, before it is taken (default {@link Job#DEFAULT_SETTLE}). Zero takes a file
         * as soon as two listings agree.
         */
        public Builder settle(Duration value) {
            Objects.requireNonNull(value, "settle must not be null");
            SetOnce.check(settle, "settle");
            if (value.isNegative()) {
                throw new IllegalArgumentException("settle must not be negative: " + value);
            }
            this.settle = value;
            return this;
        }

        /** The time zone dated file names are resolved in (default: the schedule's, else UTC). */
        public Builder zone(ZoneId value) {
            Objects.requireNonNull(value, "zone must not be null");
            SetOnce.check(zone, "zone");
            this.zone = value;
            return this;
        }

        /**
         * Any other planner setting (a username template, defaults, …), applied to each run's
         * {@link UploadPlanner.Builder} after the job's own. It must not set what the job sets:
         * repository, format, mode, emptyValues, feed, fullUpload, allowMassDeactivation,
         * maxDeactivationPercent, matchOn, site, decoders, notifier.
         */
        public Builder plannerOptions(Consumer<UploadPlanner.Builder> value) {
            Objects.requireNonNull(value, "plannerOptions must not be null");
            SetOnce.check(plannerOptions, "plannerOptions");
            this.plannerOptions = value;
            return this;
        }

        /**
         * @return the job
         * @throws IllegalStateException when the source or schedule is missing, or settings conflict
         */
        public Job build() {
            if (source == null) {
                throw new IllegalStateException("source must be set");
            }
            if (schedule == null && source.disposition() == FileSource.Disposition.TAKE) {
                schedule = Schedule.everyMinute(zone);
            }
            if (schedule == null) {
                throw new IllegalStateException("schedule must be set (only a folder has a default: every minute)");
            }
            if (loadType == LoadType.DELEGATES) {
                String userOnly = allowNewUsers != null ? "allowNewUsers" : emptyValues != null ? "emptyValues"
                        : fullUpload != null ? "fullUpload" : matchOn != null ? "matchOn"
                        : plannerOptions != null ? "plannerOptions" : null;
                if (userOnly != null) {
                    throw new IllegalStateException(userOnly + " applies to user profiles, not to a delegates job "
                            + "(a delegate upload always replaces the relationships)");
                }
            }
            if (skipUnchanged != null && source.disposition() == FileSource.Disposition.TAKE) {
                throw new IllegalStateException("skipUnchanged applies to a fixed file; a folder's files are taken once");
            }
            if (zone != null && schedule.zone().isPresent() && !schedule.zone().get().equals(zone)) {
                throw new IllegalStateException("zone " + zone + " conflicts with the schedule's zone " + schedule.zone().get());
            }
            Job job = new Job(this);
            if (plannerOptions != null) {
                try {
                    JobExecution.plannerBuilder(job, new InMemoryUserRepository(), null).build();
                } catch (IllegalStateException e) {
                    throw new IllegalStateException("plannerOptions conflicts with the job's settings: " + e.getMessage(), e);
                } catch (IllegalArgumentException e) {
                    // depends on the host's schema (a match field, say): checked when the job runs
                }
            }
            return job;
        }
    }
}
