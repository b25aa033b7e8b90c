package dev.rollcall.cli;

import dev.rollcall.core.EmptyValues;
import dev.rollcall.jobs.FileSources;
import dev.rollcall.jobs.Job;
import dev.rollcall.jobs.LoadType;
import dev.rollcall.jobs.Schedule;
import dev.rollcall.jobs.StoredJob;
import dev.rollcall.csv.CsvFormat;
import dev.rollcall.notify.email.EmailNotifier;
import dev.rollcall.pgp.PgpDecoder;
import dev.rollcall.sftp.SftpFileSource;
import dev.rollcall.spi.FileSource;
import dev.rollcall.spi.Secret;
import dev.rollcall.xml.XmlDelegateFormat;
import dev.rollcall.xml.XmlFormat;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A jobs file: a {@link Properties} file a person writes by hand, {@code job.NAME.KEY = value}
 * for each job, plus a few global keys (see {@code docs/FEEDS.md}). Secrets are never written
 * in it: it names the environment variables that hold them. Relative paths are relative to
 * the file's folder.
 */
final class JobsFile {

    /** The keys of a job, in the order the documentation gives them. */
    static final List<String> JOB_KEYS = List.of("description", "email", "source", "path", "format", "load",
            "new-users", "empty-quotes", "deactivate-missing", "feed", "allow-over-threshold", "max-deactivation",
            "match", "site", "skip-unchanged", "settle", "enabled",
            "schedule", "start", "time", "zone", "every", "days", "day-of-month", "end", "occurrences",
            "secret-key", "passphrase-env", "verify-with",
            "sftp.host", "sftp.port", "sftp.user", "sftp.known-hosts", "sftp.password-env", "sftp.private-key",
            "sftp.key-passphrase-env");

    /** The keys outside jobs. */
    static final List<String> GLOBAL_KEYS = List.of("work", "email.host", "email.port", "email.from", "email.username",
            "email.password-env", "email.starttls", "email.ssl", "email.to");

    private static final Pattern DURATION = Pattern.compile("(?:(\\d+)h)?\\s*(?:(\\d+)m)?\\s*(?:(\\d+)s)?");

    /**
     * The setting a stored job keeps the folder its relative paths are resolved against (the
     * jobs file's folder, or the folder {@code rollcall jobs add} ran in).
     */
    static final String BASE = "base";

    final Path file;
    final Path work;
    final Optional<EmailNotifier> email;
    final List<Job> jobs;
    final Set<String> disabled;
    /**
     * Each job's settings as a store keeps them: its keys, with {@link #BASE}, without
     * {@code enabled} and {@code email} (the store keeps the completion email beside them).
     */
    final Map<String, Map<String, String>> settings;

    private JobsFile(Path file, Path work, Optional<EmailNotifier> email, List<Job> jobs, Set<String> disabled,
                     Map<String, Map<String, String>> settings) {
        this.file = file;
        this.work = work;
        this.email = email;
        this.jobs = jobs;
        this.disabled = disabled;
        this.settings = settings;
    }

    /**
     * A job from the settings a store keeps (see {@link #settings}).
     *
     * @param name     the job's name
     * @param settings its settings
     * @param env      the environment, for the variables the settings name
     * @return the job
     * @throws IllegalArgumentException naming the job and key, when a setting is wrong
     */
    static Job job(String name, Map<String, String> settings, Function<String, String> env) {
        Values v = stored(name, settings, env);
        return job(name, v);
    }

    /**
     * A job from the store: its settings, with its completion email, which the store keeps
     * beside them (a store written before that kept it as the setting {@code email}).
     *
     * @param stored the stored job
     * @param env    the environment, for the variables the settings name
     * @return the job
     * @throws IllegalArgumentException naming the job and key, when a setting is wrong
     */
    static Job job(StoredJob stored, Function<String, String> env) {
        return job(stored.name(), withEmail(stored), env);
    }

    /** @return a stored job's settings with its completion email as the key {@code email} */
    static Map<String, String> withEmail(StoredJob stored) {
        Map<String, String> settings = new TreeMap<>(stored.definition().settings());
        stored.definition().completionEmail().ifPresent(e -> settings.put(EMAIL, e));
        return settings;
    }

    /** The key of the completion email, which the store keeps beside the settings. */
    static final String EMAIL = "email";

    /**
     * A node's SMTP server for completion emails: a properties file with the {@code email.*}
     * keys of a jobs file (the password by environment variable, {@code email.password-env}).
     *
     * @param file the file
     * @param env  the environment, for the password's variable
     * @return the notifier that sends completion emails
     * @throws IllegalArgumentException naming the file and key, when something in it is wrong
     * @throws UncheckedIOException     when it cannot be read
     */
    static EmailNotifier smtp(Path file, Function<String, String> env) {
        Properties props = load(file, "SMTP settings");
        Map<String, String> values = new TreeMap<>();
        List<String> keys = GLOBAL_KEYS.stream().filter(k -> k.startsWith("email.")).toList();
        for (String key : props.stringPropertyNames()) {
            if (!keys.contains(key)) {
                throw unknown(file, key, keys);
            }
            values.put(key, props.getProperty(key).strip());
        }
        Values v = new Values(file, "", values, file.toAbsolutePath().getParent(), env);
        return email(v).orElseThrow(() -> v.bad("email.host", "", "is needed: the SMTP server"));
    }

    private static Properties load(Path file, String what) {
        Properties props = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            props.load(r);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the " + what + " " + file, e);
        }
        return props;
    }

    /**
     * A stored job's schedule, without building the rest of the job (no key file read, no
     * environment variable needed).
     */
    static Schedule schedule(String name, Map<String, String> settings) {
        Values v = stored(name, settings, x -> null);
        if (!v.has("schedule") && v.text("source").map(k -> k.equalsIgnoreCase("folder") || k.equalsIgnoreCase("sftp-folder"))
                .orElse(false)) {
            return Schedule.everyMinute(v.zone().orElse(null));
        }
        return schedule(v);
    }

    private static Values stored(String name, Map<String, String> settings, Function<String, String> env) {
        Map<String, String> s = new TreeMap<>(settings);
        Path base = Path.of(Optional.ofNullable(s.remove(BASE)).orElse(".")).toAbsolutePath();
        for (String key : s.keySet()) {
            if (!JOB_KEYS.contains(key)) {
                throw unknown("job " + name, "job." + name + "." + key, JOB_KEYS);
            }
        }
        return new Values("job " + name, "", s, base, env);
    }

    /**
     * @param file the jobs file
     * @param env  the environment, for the variables the file names
     * @return the jobs it describes
     * @throws IllegalArgumentException naming the file and key, when something in it is wrong
     * @throws UncheckedIOException     when it cannot be read
     */
    static JobsFile read(Path file, Function<String, String> env) {
        Properties props = load(file, "jobs file");
        Path base = file.toAbsolutePath().getParent();
        Map<String, Map<String, String>> byJob = new TreeMap<>();
        Map<String, String> global = new TreeMap<>();
        for (String key : props.stringPropertyNames()) {
            String value = props.getProperty(key).strip();
            if (key.startsWith("job.")) {
                String rest = key.substring(4);
                String jobKey = JOB_KEYS.stream().sorted(Comparator.comparingInt(String::length).reversed())
                        .filter(k -> rest.endsWith("." + k) && rest.length() > k.length() + 1).findFirst()
                        .orElseThrow(() -> unknown(file, key, JOB_KEYS));
                String name = rest.substring(0, rest.length() - jobKey.length() - 1);
                byJob.computeIfAbsent(name, n -> new TreeMap<>()).put(jobKey, value);
            } else if (GLOBAL_KEYS.contains(key)) {
                global.put(key, value);
            } else {
                throw unknown(file, key, GLOBAL_KEYS);
            }
        }
        if (byJob.isEmpty()) {
            throw new IllegalArgumentException(file + ": no jobs; describe each as job.NAME.KEY = value (see docs/FEEDS.md)");
        }
        Values g = new Values(file, "", global, base, env);
        Path work = g.path("work").orElse(base.resolve("rollcall-jobs"));
        Optional<EmailNotifier> email = email(g);
        List<Job> jobs = new ArrayList<>();
        Set<String> disabled = new LinkedHashSet<>();
        Map<String, Map<String, String>> settings = new TreeMap<>();
        for (Map.Entry<String, Map<String, String>> e : byJob.entrySet()) {
            Values v = new Values(file, "job." + e.getKey() + ".", e.getValue(), base, env);
            jobs.add(job(e.getKey(), v));
            if (!v.bool("enabled").orElse(true)) {
                disabled.add(e.getKey());
            }
            Map<String, String> stored = new TreeMap<>(e.getValue());
            stored.remove("enabled");
            stored.remove(EMAIL);     // kept beside the settings
            stored.put(BASE, base.toString());
            settings.put(e.getKey(), Map.copyOf(stored));
        }
        return new JobsFile(file, work, email, List.copyOf(jobs), Set.copyOf(disabled), settings);
    }

    private static IllegalArgumentException unknown(Object file, String key, List<String> known) {
        String lower = key.toLowerCase(Locale.ROOT);
        if (lower.endsWith("password") || lower.endsWith("passphrase")) {
            return new IllegalArgumentException(file + ": " + key + ": secrets are never written in a jobs file; name the "
                    + "environment variable that holds it instead (" + key + "-env)");
        }
        return new IllegalArgumentException(file + ": " + key + " is not a known key (" + (known == JOB_KEYS
                ? "a job's keys are job.NAME." + String.join(", job.NAME.", known) : known != GLOBAL_KEYS
                ? "known: " + String.join(", ", known) : "known: " + String.join(", ", known)
                + ", and job.NAME.KEY") + ")");
    }

    private static Optional<EmailNotifier> email(Values g) {
        Optional<String> host = g.text("email.host");
        if (host.isEmpty()) {
            for (String k : GLOBAL_KEYS) {
                if (k.startsWith("email.") && g.text(k).isPresent()) {
                    throw g.bad("email.host", "", "is needed with " + k);
                }
            }
            return Optional.empty();
        }
        EmailNotifier.Builder b = EmailNotifier.builder().host(host.get())
                .from(g.text("email.from").orElseThrow(() -> g.bad("email.from", "", "is needed with email.host")));
        g.integer("email.port").ifPresent(b::port);
        g.text("email.username").ifPresent(b::username);
        g.secret("email.password-env").ifPresent(b::password);
        g.bool("email.starttls").ifPresent(b::startTls);
        g.bool("email.ssl").ifPresent(b::ssl);
        g.text("email.to").ifPresent(to -> b.to(to.split("\\s*,\\s*")));
        return Optional.of(g.build("email", b::build));
    }

    private static Job job(String name, Values v) {
        Job.Builder b = v.build("name", () -> Job.builder(name));
        v.text("description").ifPresent(b::description);
        v.text("email").ifPresent(x -> v.apply("email", () -> b.completionEmail(x)));
        LoadType load = v.text("load").map(x -> v.parse("load", x, LoadType::parse)).orElse(LoadType.USERS);
        if (v.has("load")) {
            b.loadType(load);
        }
        FileSource source = source(v);
        b.source(source);
        if (v.has("schedule") || source.disposition() != FileSource.Disposition.TAKE) {
            b.schedule(schedule(v));
        } else {
            for (String k : List.of("start", "time", "every", "days", "day-of-month", "end", "occurrences")) {
                if (v.has(k)) {
                    throw v.bad(k, v.raw(k), "needs a schedule (without one, a folder is polled every minute)");
                }
            }
        }
        v.text("format").ifPresent(f -> {
            switch (f.toLowerCase(Locale.ROOT)) {
                case "csv" -> b.format(CsvFormat.defaults());
                case "xml" -> b.format(load == LoadType.DELEGATES ? new XmlDelegateFormat() : new XmlFormat());
                case "xlsx" -> b.format(new dev.rollcall.xlsx.XlsxFormat());
                default -> throw v.bad("format", f, "must be csv, xml or xlsx");
            }
        });
        v.text("new-users").ifPresent(x -> {
            switch (x.toLowerCase(Locale.ROOT)) {
                case "allow" -> b.allowNewUsers(true);
                case "ignore" -> b.allowNewUsers(false);
                default -> throw v.bad("new-users", x, "must be allow (add new users) or ignore (update only)");
            }
        });
        v.text("empty-quotes").ifPresent(x -> {
            switch (x.toLowerCase(Locale.ROOT)) {
                case "ignore" -> b.emptyValues(EmptyValues.IGNORE);
                case "erase" -> b.emptyValues(EmptyValues.ERASE);
                default -> throw v.bad("empty-quotes", x, "must be ignore or erase");
            }
        });
        v.bool("deactivate-missing").ifPresent(b::fullUpload);
        v.text("feed").ifPresent(b::feed);
        v.bool("allow-over-threshold").ifPresent(b::allowOverThreshold);
        v.text("max-deactivation").ifPresent(x -> b.maxDeactivationPercent(v.parse("max-deactivation", x,
                s -> Double.parseDouble(s.replace("%", "")))));
        v.text("match").ifPresent(b::matchOn);
        v.text("site").ifPresent(b::site);
        v.bool("skip-unchanged").ifPresent(b::skipUnchanged);
        v.text("settle").ifPresent(x -> b.settle(v.duration("settle", x)));
        decoder(v).ifPresent(b::decoder);
        if (v.schedule == null || v.schedule.kind() == Schedule.Kind.NOW) {
            v.zone().ifPresent(b::zone);
        }
        return v.build("job", b::build);
    }

    private static FileSource source(Values v) {
        String kind = v.text("source").orElseThrow(() -> v.bad("source", "", "is needed: folder, file, sftp-folder or sftp-file"));
        String path = v.text("path").orElseThrow(() -> v.bad("path", "", "is needed: the folder or file to read"));
        boolean sftp = kind.startsWith("sftp-");
        for (String k : JOB_KEYS) {
            if (k.startsWith("sftp.") && v.has(k) && !sftp) {
                throw v.bad(k, v.raw(k), "applies to sftp-folder and sftp-file sources only");
            }
        }
        switch (kind.toLowerCase(Locale.ROOT)) {
            case "folder":
                return FileSources.folder(v.base.resolve(path));
            case "file":
                return v.build("path", () -> FileSources.file(absolutePattern(v.base, path)));
            case "sftp-folder":
            case "sftp-file": {
                SftpFileSource.Builder b = SftpFileSource.builder()
                        .host(v.text("sftp.host").orElseThrow(() -> v.bad("sftp.host", "", "is needed for an SFTP source")))
                        .username(v.text("sftp.user").orElseThrow(() -> v.bad("sftp.user", "", "is needed for an SFTP source")))
                        .knownHosts(v.path("sftp.known-hosts").orElseThrow(() -> v.bad("sftp.known-hosts", "",
                                "is needed: the SFTP server's key is always checked")));
                v.integer("sftp.port").ifPresent(b::port);
                v.secret("sftp.password-env").ifPresent(b::password);
                v.path("sftp.private-key").ifPresent(b::privateKey);
                v.secret("sftp.key-passphrase-env").ifPresent(b::keyPassphrase);
                if (kind.equalsIgnoreCase("sftp-file")) {
                    v.apply("path", () -> b.file(path));
                } else {
                    b.folder(path);
                }
                return v.build("sftp", b::build);
            }
            default:
                throw v.bad("source", kind, "must be folder, file, sftp-folder or sftp-file");
        }
    }

    /** The pattern made absolute against the jobs file's folder, its date codes kept. */
    private static String absolutePattern(Path base, String pattern) {
        return Path.of(pattern).isAbsolute() ? pattern : base.toString().replace("$", "$$") + "/" + pattern;
    }

    private static Schedule schedule(Values v) {
        String kind = v.text("schedule").orElseThrow(() -> v.bad("schedule", "",
                "is needed for a file (a folder is polled every minute without one): now, once, daily, periodic, "
                        + "weekly, bi-weekly or monthly"));
        Schedule.Builder b;
        switch (kind.toLowerCase(Locale.ROOT)) {
            case "now":
                for (String k : List.of("start", "time", "every", "days", "day-of-month", "end", "occurrences")) {
                    if (v.has(k)) {
                        throw v.bad(k, v.raw(k), "does not apply to schedule = now");
                    }
                }
                v.schedule = Schedule.now();
                return v.schedule;
            case "once":
                b = Schedule.once();
                break;
            case "daily":
                b = Schedule.daily();
                break;
            case "periodic":
                b = Schedule.periodic();
                v.text("every").ifPresent(x -> v.apply("every", () -> b.every(v.duration("every", x))));
                break;
            case "weekly":
            case "bi-weekly":
                b = kind.equalsIgnoreCase("weekly") ? Schedule.weekly() : Schedule.biWeekly();
                v.text("days").ifPresent(x -> b.on(v.days(x)));
                break;
            case "monthly":
                b = Schedule.monthly();
                v.text("day-of-month").ifPresent(x -> v.apply("day-of-month",
                        () -> b.dayOfMonth(v.parse("day-of-month", x, Integer::parseInt))));
                break;
            default:
                throw v.bad("schedule", kind, "must be now, once, daily, periodic, weekly, bi-weekly or monthly");
        }
        String start = v.text("start").orElseThrow(() -> v.bad("start", "", "is needed: the first date, e.g. 2026-12-01"));
        if (kind.equalsIgnoreCase("monthly") && start.length() == 7) {
            b.startingMonth(v.parse("start", start, YearMonth::parse));
        } else {
            b.starting(v.parse("start", start, LocalDate::parse));
        }
        b.at(v.parse("time", v.text("time").orElseThrow(() -> v.bad("time", "", "is needed, e.g. 02:30")), LocalTime::parse));
        b.zone(v.zone().orElse(ZoneId.systemDefault()));
        v.text("end").ifPresent(x -> v.apply("end", () -> b.through(v.parse("end", x, LocalDate::parse))));
        v.text("occurrences").ifPresent(x -> v.apply("occurrences",
                () -> b.occurrences(v.parse("occurrences", x, Long::parseLong))));
        v.schedule = v.build("schedule", b::build);
        return v.schedule;
    }

    private static Optional<PgpDecoder> decoder(Values v) {
        Optional<Path> key = v.path("secret-key");
        if (key.isEmpty()) {
            for (String k : List.of("passphrase-env", "verify-with")) {
                if (v.has(k)) {
                    throw v.bad(k, v.raw(k), "needs secret-key");
                }
            }
            return Optional.empty();
        }
        PgpDecoder.Builder b = PgpDecoder.builder().secretKeys(key.get());
        v.secret("passphrase-env").ifPresent(s -> {
            char[] chars = s.reveal();
            try {
                b.passphrase(chars);
            } finally {
                java.util.Arrays.fill(chars, '\0');
            }
        });
        v.path("verify-with").ifPresent(p -> b.trustedKeys(p).requireSignature(true));
        return Optional.of(v.build("secret-key", b::build));
    }

    /** One job's (or the global) values, with errors that name the file and key. */
    private static final class Values {
        final Object file;
        final String prefix;
        final Map<String, String> values;
        final Path base;
        final Function<String, String> env;
        Schedule schedule;

        Values(Object file, String prefix, Map<String, String> values, Path base, Function<String, String> env) {
            this.file = file;
            this.prefix = prefix;
            this.values = values;
            this.base = base;
            this.env = env;
        }

        boolean has(String key) {
            return values.containsKey(key);
        }

        String raw(String key) {
            return values.getOrDefault(key, "");
        }

        Optional<String> text(String key) {
            return Optional.ofNullable(values.get(key)).filter(s -> !s.isEmpty());
        }

        IllegalArgumentException bad(String key, String value, String why) {
            return new IllegalArgumentException(file + ": " + prefix + key + (value.isEmpty() ? "" : " = " + value)
                    + ": " + why);
        }

        <T> T parse(String key, String value, Function<String, T> parser) {
            try {
                return parser.apply(value.strip());
            } catch (RuntimeException e) {
                throw bad(key, value, "cannot be read (" + e.getMessage() + ")");
            }
        }

        <T> T build(String key, java.util.function.Supplier<T> builder) {
            try {
                return builder.get();
            } catch (IllegalArgumentException | IllegalStateException | DateTimeException e) {
                throw new IllegalArgumentException(file + ": " + prefix.replaceAll("\\.$", "")
                        + (key.isEmpty() ? "" : " (" + key + ")") + ": " + e.getMessage(), e);
            }
        }

        void apply(String key, Runnable setting) {
            try {
                setting.run();
            } catch (IllegalArgumentException | IllegalStateException | DateTimeException e) {
                throw bad(key, raw(key), e.getMessage());
            }
        }

        Optional<Boolean> bool(String key) {
            return text(key).map(x -> {
                switch (x.toLowerCase(Locale.ROOT)) {
                    case "true", "yes", "on" -> {
                        return true;
                    }
                    case "false", "no", "off" -> {
                        return false;
                    }
                    default -> throw bad(key, x, "must be true or false");
                }
            });
        }

        Optional<Integer> integer(String key) {
            return text(key).map(x -> parse(key, x, Integer::parseInt));
        }

        Optional<Path> path(String key) {
            return text(key).map(base::resolve);
        }

        Optional<ZoneId> zone() {
            return text("zone").map(x -> parse("zone", x, ZoneId::of));
        }

        Optional<Secret> secret(String key) {
            return text(key).map(var -> {
                String value = env.apply(var);
                if (value == null) {
                    throw bad(key, var, "the environment variable " + var + " is not set");
                }
                return Secret.of(value);
            });
        }

        Duration duration(String key, String text) {
            String t = text.strip().toLowerCase(Locale.ROOT);
            if (t.startsWith("pt")) {
                return parse(key, text, s -> Duration.parse(s.toUpperCase(Locale.ROOT)));
            }
            Matcher m = DURATION.matcher(t);
            if (t.isEmpty() || !m.matches()) {
                throw bad(key, text, "is not a duration like 1h30m, 90m or 10s");
            }
            return Duration.ofHours(m.group(1) == null ? 0 : Long.parseLong(m.group(1)))
                    .plusMinutes(m.group(2) == null ? 0 : Long.parseLong(m.group(2)))
                    .plusSeconds(m.group(3) == null ? 0 : Long.parseLong(m.group(3)));
        }

        DayOfWeek[] days(String text) {
            List<DayOfWeek> days = new ArrayList<>();
            for (String d : text.split("\\s*,\\s*")) {
                String u = d.strip().toUpperCase(Locale.ROOT);
                DayOfWeek found = null;
                for (DayOfWeek w : DayOfWeek.values()) {
                    if (u.length() >= 3 && w.name().startsWith(u)) {
                        found = w;
                    }
                }
                if (found == null) {
                    throw bad("days", text, "names days as MON,TUE,WED,THU,FRI,SAT,SUN");
                }
                days.add(found);
            }
            return days.toArray(new DayOfWeek[0]);
        }
    }
}
