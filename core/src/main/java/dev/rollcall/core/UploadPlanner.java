package dev.rollcall.core;

import dev.rollcall.core.internal.Checks;
import dev.rollcall.core.internal.Decoding;
import dev.rollcall.core.internal.FieldCatalog;
import dev.rollcall.core.internal.PlanData;
import dev.rollcall.core.internal.PlanRun;
import dev.rollcall.core.internal.Settings;
import dev.rollcall.spi.Codes;
import dev.rollcall.spi.Decoder;
import dev.rollcall.spi.Notifier;
import dev.rollcall.spi.RollcallException;
import dev.rollcall.spi.RowReader;
import dev.rollcall.spi.StandardFields;
import dev.rollcall.spi.UploadFileException;
import dev.rollcall.spi.UploadFormat;
import dev.rollcall.spi.UserRepository;
import dev.rollcall.spi.UserStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import static dev.rollcall.core.internal.Checks.requireState;

/**
 * Plans uploads with fixed settings. Made by {@link UploadPlan#builder()}; immutable and
 * thread-safe, so one planner can plan many files, even at once.
 *
 * <p>Planning reads the file once, streaming, and looks users up in batches; it never
 * writes. The repository's schema is read afresh for every file, so custom fields added
 * since the planner was built are known.
 */
public final class UploadPlanner {

    private static final Logger LOG = LoggerFactory.getLogger(UploadPlanner.class);

    private final Settings settings;

    UploadPlanner(Settings settings) {
        this.settings = settings;
    }

    /**
     * Plans a file. The format is the configured one, or else the installed format that
     * reads the file's suffix.
     *
     * @param file the upload file
     * @return the plan; {@link UploadPlan#isRefused() refused} when the file is not acceptable
     * @throws UploadFileException ({@link Codes#UNREADABLE_FILE}) when the file cannot be read
     * @throws RollcallException ({@link Codes#STORE_FAILED}) when the store cannot be read
     */
    public UploadPlan plan(Path file) {
        Objects.requireNonNull(file, "file must not be null");
        String name = file.getFileName().toString();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            return plan(in, name);
        } catch (IOException e) {
            throw Decoding.unreadable(name, e);
        }
    }

    /**
     * Plans a file read from a stream.
     *
     * @param in     the file's bytes; read to the end, not closed
     * @param source the file's name, for choosing a format and for reports
     * @return the plan
     * @throws UploadFileException ({@link Codes#UNREADABLE_FILE}) when the stream fails
     * @throws RollcallException ({@link Codes#STORE_FAILED}) when the store cannot be read
     */
    public UploadPlan plan(InputStream in, String source) {
        Objects.requireNonNull(in, "in must not be null");
        Objects.requireNonNull(source, "source must not be null");
        UploadPlan plan;
        try {
            plan = Decoding.read(settings.decoders(), in, source, (plain, name) -> planPlain(plain, source, name));
        } catch (RollcallException e) {
            if (notAboutTheFile(e)) {
                throw e;
            }
            plan = new UploadPlan(settings, source, PlanData.refused(List.of(new dev.rollcall.spi.Problem(
                    dev.rollcall.spi.Severity.ERROR, e.code(), e instanceof UploadFileException u ? Math.max(u.line(), 1) : 1,
                    null, null, e.getMessage())), List.of()), null);
        }
        if (plan.isRefused()) {
            LOG.info("refused {}: {}", source, plan.fileProblems().get(0).describe());
        } else if (plan.safetyStop().isPresent()) {
            LOG.warn("stopped {}: {}", source, plan.safetyStop().get().message());
        } else {
            LOG.info("planned {}: {}", source, plan.summary().describe());
        }
        return plan;
    }

    private UploadPlan planPlain(InputStream plain, String source, String plainName) throws IOException {
        UploadFormat format = settings.format() != null ? settings.format() : Formats.forFile(plainName);
        FieldCatalog catalog = new FieldCatalog(settings.repository().schema());
        PlanData data;
        try (RowReader reader = new dev.rollcall.core.internal.PrefetchingRowReader(
                format.open(Decoding.nonClosing(plain), catalog.schema()))) {
            data = new PlanRun(settings, catalog).run(reader);
        } catch (UploadFileException e) {
            data = PlanData.refused(List.of(e.toProblem()), List.of());
        }
        return new UploadPlan(settings, source, data, format);
    }

    /**
     * Reads a plan {@link UploadPlan#save saved} earlier, to review or apply it with this
     * planner's repository, batch size, notifier and failure policy. Applying it first checks,
     * in batches, that the store is as it was when the plan was made — every user it changes
     * has the planned version, no user it creates exists — and refuses the whole plan
     * ({@link Codes#STALE_PLAN}) otherwise.
     *
     * @param file a saved plan
     * @return the plan
     * @throws RollcallException ({@link Codes#PLAN_TAMPERED}) when the file was changed or cut
     *                           short since it was saved, or made for another store (its
     *                           signature does not match this store's key); ({@link
     *                           Codes#BAD_PLAN_FILE}) when it is not a readable plan
     * @throws IllegalStateException when neither the repository nor the builder gives a key
     *                               for saved plans
     */
    public UploadPlan load(Path file) {
        Objects.requireNonNull(file, "file must not be null");
        return UploadPlan.load(settings, file);
    }

    /**
     * Checks a file without planning it: the header, each row's values and directive
     * columns. Nothing is looked up in the store, so problems that depend on stored users
     * (a duplicate email, a user outside the site scope) are not found here.
     *
     * @param file the upload file
     * @return what was found
     * @throws UploadFileException ({@link Codes#UNREADABLE_FILE}) when the file cannot be read
     * @throws RollcallException ({@link Codes#STORE_FAILED}) when the store cannot be read
     */
    public ValidationReport validate(Path file) {
        Objects.requireNonNull(file, "file must not be null");
        String name = file.getFileName().toString();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            return Decoding.read(settings.decoders(), in, name, (plain, plainName) -> {
                UploadFormat format = settings.format() != null ? settings.format() : Formats.forFile(plainName);
                FieldCatalog catalog = new FieldCatalog(settings.repository().schema());
                try (RowReader reader = format.open(Decoding.nonClosing(plain), catalog.schema())) {
                    PlanRun.Validation v = new PlanRun(settings, catalog).validate(reader);
                    return new ValidationReport(name, v.rows(), v.fileProblems(), v.rowProblems());
                } catch (UploadFileException e) {
                    return new ValidationReport(name, 0, List.of(e.toProblem()), List.of());
                }
            });
        } catch (RollcallException e) {
            if (notAboutTheFile(e)) {
                throw e;
            }
            return new ValidationReport(name, 0, List.of(new dev.rollcall.spi.Problem(dev.rollcall.spi.Severity.ERROR,
                    e.code(), 1, null, null, e.getMessage())), List.of());
        } catch (IOException e) {
            throw Decoding.unreadable(name, e);
        }
    }

    /**
     * Whether a failure says nothing about the file, so it is thrown rather than reported as a
     * refused file: the file could not be read at all, or the store failed.
     */
    static boolean notAboutTheFile(RollcallException e) {
        return Codes.UNREADABLE_FILE.equals(e.code()) || Codes.STORE_FAILED.equals(e.code());
    }

    /**
     * Configures an {@link UploadPlanner}. Methods are named after the setting; each
     * setting may be given once. {@link #build()} copies the settings, so the planner is
     * immutable and the builder can be reused. Not thread-safe.
     */
    public static final class Builder {

        /** what is set so far, the defaults first */
        private final Settings.Builder settings = Settings.builder()
                .mode(UploadMode.ADD_NEW)
                .matchOn(StandardFields.USERNAME)
                .emptyValues(EmptyValues.IGNORE)
                .batchSize(500)
                .standardiseUsernames(true)
                .newUserStatus(UserStatus.INACTIVE)
                .allowSuspends(true)
                .notifier(new Notifier() { })
                .updateType(UpdateType.FILE)
                .duplicateUsernames(DuplicateUsernames.APPEND_COUNTER)
                .forcePasswordChange(ForcePasswordChange.NONE)
                .passwordPolicy(PasswordPolicy.standard())
                .preventEmailDuplicates(true)
                .maxDeactivationPercent(10.0)
                .failurePolicy(FailurePolicy.continueOnFailure());
        /** the settings given, each at most once */
        private final Set<String> given = new HashSet<>();
        private final Map<String, String> defaults = new LinkedHashMap<>();
        private final List<Decoder> decoders = new ArrayList<>();

        Builder() {
        }

        /** Gives a setting: once, and only when its value passes the checks {@code assign} makes. */
        private Builder set(String setting, Runnable assign) {
            requireState(!given.contains(setting), setting + " was already set");
            assign.run();
            given.add(setting);
            return this;
        }

        /** The host's storage (required). */
        public Builder repository(UserRepository value) {
            Objects.requireNonNull(value, "repository must not be null");
            return set("repository", () -> settings.repository(value));
        }

        /** The file format; by default it is chosen by the file's suffix among the installed formats. */
        public Builder format(UploadFormat value) {
            Objects.requireNonNull(value, "format must not be null");
            return set("format", () -> settings.format(value));
        }

        /** What happens to new and existing users (default {@link UploadMode#ADD_NEW}). */
        public Builder mode(UploadMode value) {
            Objects.requireNonNull(value, "mode must not be null");
            return set("mode", () -> settings.mode(value));
        }

        /**
         * The field rows are matched on (default {@code username}): {@code username},
         * {@code email}, or any field the repository's schema marks unique
         * ({@code externalId}, {@code employeeId}, a unique custom field).
         */
        public Builder matchOn(String field) {
            Objects.requireNonNull(field, "matchOn must not be null");
            return set("matchOn", () -> {
                if (field.isBlank()) {
                    throw new IllegalArgumentException("matchOn must not be blank");
                }
                settings.matchOn(field.trim());
            });
        }

        /** When the match key finds nobody, try the row's username (default false). */
        public Builder fallbackToUsername(boolean value) {
            return set("fallbackToUsername", () -> settings.fallbackToUsername(value));
        }

        /** What an explicit empty value ({@code ""}) does (default {@link EmptyValues#IGNORE}). */
        public Builder emptyValues(EmptyValues value) {
            Objects.requireNonNull(value, "emptyValues must not be null");
            return set("emptyValues", () -> settings.emptyValues(value));
        }

        /** Rows per repository look-up and per write batch (default 500). */
        public Builder batchSize(int value) {
            return set("batchSize", () -> {
                if (value < 1) {
                    throw new IllegalArgumentException("batchSize must be at least 1: " + value);
                }
                settings.batchSize(value);
            });
        }

        /**
         * Lower-case usernames read from the file and strip characters outside
         * {@code [-.@_a-z0-9]} (default true).
         */
        public Builder standardiseUsernames(boolean value) {
            return set("standardiseUsernames", () -> settings.standardiseUsernames(value));
        }

        /**
         * The status of new users whose row gives none (default {@link UserStatus#INACTIVE}; on a
         * store that keeps no account status, {@link dev.rollcall.spi.StoreFeatures#status()},
         * {@link UserStatus#ACTIVE}, and a file planned with {@code INACTIVE} given here is
         * refused, {@link Codes#UNSUPPORTED_COLUMN}).
         */
        public Builder newUserStatus(UserStatus value) {
            Objects.requireNonNull(value, "newUserStatus must not be null");
            return set("newUserStatus", () -> settings.newUserStatus(value));
        }

        /**
         * What updates do with existing users' details (default {@link UpdateType#FILE}):
         * override with the file, with the file and the defaults, or fill in only empty fields.
         */
        public Builder updateType(UpdateType value) {
            Objects.requireNonNull(value, "updateType must not be null");
            return set("updateType", () -> settings.updateType(value));
        }

        /**
         * A default value for a field, used when a row leaves the field blank (for new users
         * always; for existing users with {@link UpdateType#FILE_AND_DEFAULTS} or
         * {@link UpdateType#FILL_MISSING}). Template codes are expanded in default values,
         * never in values from the file: {@code %l} last name, {@code %f} first name,
         * {@code %u} username, {@code %%} a percent sign, with the modifiers {@code -}
         * (lower case), {@code +} (UPPER CASE), {@code ~} (Title Case) and a number
         * (truncate): {@code %-1f%-l} makes {@code jdoe} for John Doe. A default for
         * {@code username} is the {@link #usernameTemplate username template}.
         *
         * @param field    a canonical field name of the repository's schema
         * @param template the default value, possibly with codes
         */
        public Builder defaultValue(String field, String template) {
            Objects.requireNonNull(field, "field must not be null");
            Objects.requireNonNull(template, "template must not be null");
            requireState(!defaults.containsKey(field), "a default for " + field + " was already set");
            defaults.put(field, template);
            return this;
        }

        /**
         * Makes usernames for rows without one from a template such as {@code %-1f%-l}
         * (seed 003). Generated usernames are lower-cased and, unless
         * {@link #extendedUsernameChars extended characters} are allowed, keep only letters,
         * digits, {@code -} and {@code .}.
         */
        public Builder usernameTemplate(String template) {
            return defaultValue(StandardFields.USERNAME, template);
        }

        /** Generated usernames may keep characters other than letters, digits, - and . (default false). */
        public Builder extendedUsernameChars(boolean value) {
            return set("extendedUsernameChars", () -> settings.extendedUsernameChars(value));
        }

        /** What happens when a generated username is taken (default {@link DuplicateUsernames#APPEND_COUNTER}). */
        public Builder duplicateUsernames(DuplicateUsernames value) {
            Objects.requireNonNull(value, "duplicateUsernames must not be null");
            return set("duplicateUsernames", () -> settings.duplicateUsernames(value));
        }

        /**
         * The host uses single sign-on (seed 004): {@code accountStatus} A activates,
         * {@code employeeStatus} is ignored with a warning (default false).
         */
        public Builder singleSignOn(boolean value) {
            return set("singleSignOn", () -> settings.singleSignOn(value));
        }

        /** A password column changes existing users' passwords (default false: only new users get one). */
        public Builder updatePasswords(boolean value) {
            return set("updatePasswords", () -> settings.updatePasswords(value));
        }

        /** Who must change a password from the file at next sign-in (default {@link ForcePasswordChange#NONE}). */
        public Builder forcePasswordChange(ForcePasswordChange value) {
            Objects.requireNonNull(value, "forcePasswordChange must not be null");
            return set("forcePasswordChange", () -> settings.forcePasswordChange(value));
        }

        /** Decides which passwords are weak (default {@link PasswordPolicy#standard()}). */
        public Builder passwordPolicy(PasswordPolicy value) {
            Objects.requireNonNull(value, "passwordPolicy must not be null");
            return set("passwordPolicy", () -> settings.passwordPolicy(value));
        }

        /**
         * Reject a row whose email address (without regard to case) another user or an
         * earlier row already has (default true); when false such rows go ahead with a warning.
         */
        public Builder preventEmailDuplicates(boolean value) {
            return set("preventEmailDuplicates", () -> settings.preventEmailDuplicates(value));
        }

        /**
         * Limits the upload to a site and everything below it (seed 003: {@code Canada/Ontario}
         * covers {@code Canada/Ontario/Hospital A}, never {@code Canada/Quebec}). Users
         * outside it are never changed; new users are created in it, or in the site a
         * {@code site} column names inside it.
         *
         * @param path the site's path, segments separated by {@code /}
         */
        public Builder site(String path) {
            Objects.requireNonNull(path, "site must not be null");
            return set("site", () -> {
                String normalized = dev.rollcall.spi.Sites.normalize(path);
                if (normalized.isEmpty()) {
                    throw new IllegalArgumentException("site must name a site: '" + path + "'");
                }
                settings.scope(normalized);
            });
        }

        /**
         * Renames are allowed (default false): an {@code oldUsername} column renames the user
         * it names to the {@code username} column's value, and a user matched on another key
         * whose row gives another username is renamed to it.
         */
        public Builder allowRenames(boolean value) {
            return set("allowRenames", () -> settings.allowRenames(value));
        }

        /** A {@code DELETED} status deletes the user (default false). */
        public Builder allowDeletes(boolean value) {
            return set("allowDeletes", () -> settings.allowDeletes(value));
        }

        /** A status column may activate and deactivate existing users (default true). */
        public Builder allowSuspends(boolean value) {
            return set("allowSuspends", () -> settings.allowSuspends(value));
        }

        /**
         * Told how far planning (and validating) and then applying have got, after each batch,
         * for a progress bar.
         */
        public Builder progress(Progress value) {
            Objects.requireNonNull(value, "progress must not be null");
            return set("progress", () -> settings.progress(value));
        }

        /**
         * The most data rows a file may have (seed 001: 100); a longer file is refused before
         * anything is written. Default: no limit.
         */
        public Builder maxRows(int value) {
            return set("maxRows", () -> {
                if (value < 1) {
                    throw new IllegalArgumentException("maxRows must be at least 1: " + value);
                }
                settings.maxRows(value);
            });
        }

        /**
         * The header must be the template's (seed 001: do not rename columns, do not delete
         * columns): every field of the repository's schema, by its canonical name. The error
         * says which columns were renamed or removed. Default false.
         */
        public Builder strictTemplate(boolean value) {
            return set("strictTemplate", () -> settings.strictTemplate(value));
        }

        /**
         * Signs of Excel damage (a date rewritten as 3/15/2026, a number in scientific
         * notation, leading zeros lost, mixed-up encoding) reject the row instead of warning
         * (default false: warn with a hint).
         */
        public Builder rejectExcelDamage(boolean value) {
            return set("rejectExcelDamage", () -> settings.rejectExcelDamage(value));
        }

        /**
         * The feed this upload comes from (a nightly HR export, say). New users remember it, and
         * a {@link #fullUpload full upload} deactivates only users of this feed: users added by
         * hand, by open enrolment or by another feed are never touched. Default: none.
         */
        public Builder feed(String name) {
            Objects.requireNonNull(name, "feed must not be null");
            return set("feed", () -> {
                if (name.isBlank()) {
                    throw new IllegalArgumentException("feed must not be blank");
                }
                settings.feed(name.strip());
            });
        }

        /**
         * A full upload (seed 002's "Deactivate users not in file"): the file holds everybody of
         * the {@link #feed feed} who should be active, and the feed's users (inside the
         * {@link #site site} scope) that it leaves out are deactivated. The plan lists them
         * before anything is written, and the {@link #maxDeactivationPercent safety guard}
         * applies. Needs a feed, and a store that keeps an account status (on one that keeps
         * none every file is refused, {@link Codes#UNSUPPORTED_COLUMN}). Default false: a
         * partial upload changes only its rows.
         */
        public Builder fullUpload(boolean value) {
            return set("fullUpload", () -> settings.fullUpload(value));
        }

        /**
         * The safety guard of a full upload: the most of the feed's active users (in the scope)
         * it may deactivate, in percent (default 10, seed 002). Beyond it the plan is stopped
         * and nothing can be applied unless {@link #allowMassDeactivation} is set. A file
         * without rows never deactivates anyone, whatever the threshold and even with
         * {@link #allowMassDeactivation}: an empty export is a broken export (see
         * {@link #deactivateAllOnEmptyFile}).
         */
        public Builder maxDeactivationPercent(double percent) {
            return set("maxDeactivationPercent", () -> {
                if (!(percent >= 0 && percent <= 100)) {
                    throw new IllegalArgumentException("maxDeactivationPercent must be between 0 and 100: " + percent);
                }
                settings.maxDeactivationPercent(percent);
            });
        }

        /**
         * Lets a full upload deactivate more than {@link #maxDeactivationPercent} of the feed's
         * users (seed 002's "Allow upload if deactivation &gt; 10%"). Default false.
         */
        public Builder allowMassDeactivation(boolean value) {
            return set("allowMassDeactivation", () -> settings.allowMassDeactivation(value));
        }

        /**
         * Lets a full upload of a file without rows (only a header, or an empty XML root)
         * deactivate every active user of the feed inside the scope. Default false: such a
         * file is taken for a broken export and stops the plan ({@link Codes#MASS_DEACTIVATION}),
         * and {@link #allowMassDeactivation} does not change that. Set it only where an empty
         * file really means that nobody should stay active.
         */
        public Builder deactivateAllOnEmptyFile(boolean value) {
            return set("deactivateAllOnEmptyFile", () -> settings.deactivateAllOnEmptyFile(value));
        }

        /**
         * A decoder for encoded files, such as a {@code PgpDecoder} holding the host's secret
         * key: a file it accepts (by its name or its content) is decoded, and
         * verified, before it is read. May be given several times; adding the same decoder
         * twice does nothing. Decoders installed with {@link java.util.ServiceLoader} are tried
         * after these.
         */
        public Builder decoder(Decoder value) {
            Objects.requireNonNull(value, "decoder must not be null");
            if (!decoders.contains(value)) {
                decoders.add(value);
            }
            return this;
        }

        /**
         * What {@link UploadPlan#apply()} does when the repository fails writes (default
         * {@link FailurePolicy#continueOnFailure()}).
         */
        public Builder failurePolicy(FailurePolicy value) {
            Objects.requireNonNull(value, "failurePolicy must not be null");
            return set("failurePolicy", () -> settings.failurePolicy(value));
        }

        /**
         * The key saved plans are signed and encrypted under (see {@link UploadPlan#save}),
         * for a repository that keeps none ({@link UserRepository#planKey()} is empty), or in
         * place of the repository's. It must be secret, random, at least 32 bytes long, and
         * the same wherever plans for this store are saved and loaded.
         *
         * @param value the key; copied
         * @throws IllegalArgumentException when it has fewer than 32 bytes
         */
        public Builder planKey(byte[] value) {
            Objects.requireNonNull(value, "planKey must not be null");
            return set("planKey", () -> {
                if (value.length < dev.rollcall.core.internal.PlanFile.MIN_KEY_LENGTH) {
                    throw new IllegalArgumentException("planKey must have at least "
                            + dev.rollcall.core.internal.PlanFile.MIN_KEY_LENGTH + " bytes: " + value.length);
                }
                settings.planKey(value.clone());
            });
        }

        /** Told about welcome messages and completion (default: nobody). */
        public Builder notifier(Notifier value) {
            Objects.requireNonNull(value, "notifier must not be null");
            return set("notifier", () -> settings.notifier(value));
        }

        /**
         * @return a planner with a copy of these settings
         * @throws IllegalStateException    when no repository was set
         * @throws IllegalArgumentException when the match field is neither username, email
         *                                  nor a unique field of the repository's schema
         */
        public UploadPlanner build() {
            Settings checked = settings.defaults(defaults).build();
            Checks.requirePlannable(checked);
            List<Decoder> all = new ArrayList<>(decoders);
            all.addAll(Formats.decoders());
            Settings built = settings.decoders(all).build();
            if (!given.contains("newUserStatus") && !checked.repository().features().status()) {
                // a store without an account status holds active users only: nothing to ask for
                built = built.toBuilder().newUserStatus(UserStatus.ACTIVE).build();
            }
            return new UploadPlanner(built);
        }
    }
}
