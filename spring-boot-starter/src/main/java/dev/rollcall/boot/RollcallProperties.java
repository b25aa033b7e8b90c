package dev.rollcall.boot;

import dev.rollcall.core.DuplicateUsernames;
import dev.rollcall.core.EmptyValues;
import dev.rollcall.core.ForcePasswordChange;
import dev.rollcall.core.UpdateType;
import dev.rollcall.core.UploadMode;
import dev.rollcall.core.UploadPlanner;
import dev.rollcall.spi.UserStatus;
import java.nio.file.Path;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.PropertyMapper;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The {@code rollcall.*} properties. Each planner setting left out keeps the planner's own
 * default (see {@link UploadPlanner.Builder}); the names are the builder's, in kebab case
 * ({@code rollcall.match-on=email}, {@code rollcall.empty-values=erase}).
 *
 * <p>The settings split in two. <em>Upload settings</em> ({@code mode}, {@code match-on},
 * {@code empty-values}, {@code site}, {@code full-upload}, ...) are what the console's upload
 * form chooses for each file; the auto-configured {@link UploadPlanner} takes them from here.
 * <em>Host settings</em> ({@code batch-size}, {@code defaults}, {@code feed}, {@code max-rows},
 * ...) hold for every plan, the console's included.
 *
 * @param mode                     upload: what the upload may do (add-new, add-all, add-update, update-only)
 * @param matchOn                  upload: the field rows are matched on (username, email or a unique field)
 * @param fallbackToUsername       upload: match on username when the match field is blank
 * @param emptyValues              upload: what an explicitly empty value does (ignore, erase)
 * @param updateType               upload: what updates do with existing users' details (file, file-and-defaults, fill-missing)
 * @param site                     upload: the site the upload is limited to, such as {@code Canada/Ontario}
 * @param newUserStatus            upload: the status of new users (active, inactive)
 * @param allowRenames             upload: whether an {@code oldUsername} column renames users
 * @param allowDeletes             upload: whether rows may delete users
 * @param updatePasswords          upload: whether a row's password replaces an existing user's
 * @param forcePasswordChange      upload: which new passwords must be changed at first login (none, weak, all)
 * @param fullUpload               upload: deactivate the feed's users the file leaves out (needs {@code feed})
 * @param maxDeactivationPercent   upload: the safety guard of a full upload, in percent
 * @param allowMassDeactivation    upload: let a full upload go beyond {@code max-deactivation-percent}
 * @param batchSize                host: rows per look-up and per write batch
 * @param standardiseUsernames     host: lower-case usernames and strip characters outside {@code [-.@_a-z0-9]}
 * @param defaults                 host: default values by canonical field name, template codes allowed
 *                                 ({@code rollcall.defaults.city=Toronto})
 * @param usernameTemplate         host: makes usernames for rows without one, such as {@code %-1f%-l}
 * @param extendedUsernameChars    host: keep characters other than letters, digits, - and . in generated usernames
 * @param duplicateUsernames       host: what a generated username that is taken does (append-counter, reject)
 * @param singleSignOn             host: the host uses single sign-on
 * @param preventEmailDuplicates   host: reject a row whose email address another user has
 * @param allowSuspends            host: whether rows may suspend users
 * @param maxRows                  host: the most data rows a file may have
 * @param strictTemplate           host: the header must be the template's
 * @param rejectExcelDamage        host: signs of Excel damage reject the row instead of warning
 * @param feed                     host: the feed uploads come from
 * @param deactivateAllOnEmptyFile host: let a full upload of a file without rows deactivate the whole feed
 * @param jdbc                     the store over the application's DataSource
 * @param jobs                     the job runner (rollcall-jobs)
 * @param console                  the review console (rollcall-web)
 */
@ConfigurationProperties("rollcall")
public record RollcallProperties(
        UploadMode mode,
        String matchOn,
        Boolean fallbackToUsername,
        EmptyValues emptyValues,
        UpdateType updateType,
        String site,
        UserStatus newUserStatus,
        Boolean allowRenames,
        Boolean allowDeletes,
        Boolean updatePasswords,
        ForcePasswordChange forcePasswordChange,
        Boolean fullUpload,
        Double maxDeactivationPercent,
        Boolean allowMassDeactivation,
        Integer batchSize,
        Boolean standardiseUsernames,
        Map<String, String> defaults,
        String usernameTemplate,
        Boolean extendedUsernameChars,
        DuplicateUsernames duplicateUsernames,
        Boolean singleSignOn,
        Boolean preventEmailDuplicates,
        Boolean allowSuspends,
        Integer maxRows,
        Boolean strictTemplate,
        Boolean rejectExcelDamage,
        String feed,
        Boolean deactivateAllOnEmptyFile,
        @DefaultValue Jdbc jdbc,
        @DefaultValue Jobs jobs,
        @DefaultValue Console console) {

    /** Compact constructor: no defaults is an empty map. */
    public RollcallProperties {
        defaults = defaults == null ? Map.of() : Map.copyOf(defaults);
    }

    /**
     * Gives a builder the upload settings that were set: what the console's form chooses per file.
     *
     * @param builder a planner builder
     */
    public void applyUploadSettings(UploadPlanner.Builder builder) {
        PropertyMapper map = PropertyMapper.get().alwaysApplyingWhenNonNull();
        map.from(mode).to(builder::mode);
        map.from(matchOn).to(builder::matchOn);
        map.from(fallbackToUsername).to(builder::fallbackToUsername);
        map.from(emptyValues).to(builder::emptyValues);
        map.from(updateType).to(builder::updateType);
        map.from(site).to(builder::site);
        map.from(newUserStatus).to(builder::newUserStatus);
        map.from(allowRenames).to(builder::allowRenames);
        map.from(allowDeletes).to(builder::allowDeletes);
        map.from(updatePasswords).to(builder::updatePasswords);
        map.from(forcePasswordChange).to(builder::forcePasswordChange);
        map.from(fullUpload).to(builder::fullUpload);
        map.from(maxDeactivationPercent).to(builder::maxDeactivationPercent);
        map.from(allowMassDeactivation).to(builder::allowMassDeactivation);
    }

    /**
     * Gives a builder the host settings that were set: what holds for every plan.
     *
     * @param builder a planner builder
     */
    public void applyHostSettings(UploadPlanner.Builder builder) {
        PropertyMapper map = PropertyMapper.get().alwaysApplyingWhenNonNull();
        map.from(batchSize).to(builder::batchSize);
        map.from(standardiseUsernames).to(builder::standardiseUsernames);
        defaults.forEach(builder::defaultValue);
        map.from(usernameTemplate).to(builder::usernameTemplate);
        map.from(extendedUsernameChars).to(builder::extendedUsernameChars);
        map.from(duplicateUsernames).to(builder::duplicateUsernames);
        map.from(singleSignOn).to(builder::singleSignOn);
        map.from(preventEmailDuplicates).to(builder::preventEmailDuplicates);
        map.from(allowSuspends).to(builder::allowSuspends);
        map.from(maxRows).to(builder::maxRows);
        map.from(strictTemplate).to(builder::strictTemplate);
        map.from(rejectExcelDamage).to(builder::rejectExcelDamage);
        map.from(feed).to(builder::feed);
        map.from(deactivateAllOnEmptyFile).to(builder::deactivateAllOnEmptyFile);
    }

    /**
     * {@code rollcall.jdbc.*}: the store over the application's DataSource: Rollcall's own
     * tables ({@code JdbcUserRepository}), or the host's users table when a mapping is given.
     *
     * @param passwordIterations the PBKDF2 iteration count for new password hashes (own tables)
     * @param mapping            a mapping file (docs/MAPPING.md): the host's own tables through a
     *                           {@code MappedUserRepository} instead of Rollcall's
     */
    public record Jdbc(Integer passwordIterations, Path mapping) {
    }

    /**
     * {@code rollcall.jobs.*}: the job runner, configured only when {@code rollcall-jobs} is on
     * the class path and a work directory is given.
     *
     * @param workDirectory each job's durable inbox and error files; shared by every node
     * @param name          this runner's name in claims and the history (default: host name, process id and a random suffix)
     * @param autoStart     whether the runner starts with the application context
     * @param threads       the threads runs and the runner's ticks take
     */
    public record Jobs(Path workDirectory, String name, @DefaultValue("true") boolean autoStart,
            @DefaultValue("4") int threads) {
    }

    /**
     * {@code rollcall.console.*}: the review console, registered only when {@code rollcall-web}
     * is on the class path, the application is a servlet web application, and it defines an
     * {@code Authorizer} bean (the console is never mounted unguarded).
     *
     * @param enabled        whether to register the console
     * @param path           the servlet mapping
     * @param maxUploadBytes the largest upload accepted, in bytes
     */
    public record Console(@DefaultValue("true") boolean enabled, @DefaultValue("/rollcall/*") String path,
            Long maxUploadBytes) {
    }
}
