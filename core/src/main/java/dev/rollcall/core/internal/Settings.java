package dev.rollcall.core.internal;

import dev.rollcall.core.DuplicateUsernames;
import dev.rollcall.core.EmptyValues;
import dev.rollcall.core.ForcePasswordChange;
import dev.rollcall.core.PasswordPolicy;
import dev.rollcall.core.UpdateType;
import dev.rollcall.core.UploadMode;
import dev.rollcall.spi.Notifier;
import dev.rollcall.spi.UploadFormat;
import dev.rollcall.spi.UserRepository;
import dev.rollcall.spi.UserStatus;

import java.util.Map;

/**
 * Everything a planner was configured with, copied by the builder. Immutable.
 *
 * @param repository             where users are looked up and written
 * @param format                 the file format, or {@code null} to choose by file name
 * @param mode                   what happens to new and existing users
 * @param matchOn                the field rows are matched on
 * @param fallbackToUsername     match by username when the key finds nobody
 * @param emptyValues            what an explicit empty value does
 * @param batchSize              rows per look-up and per write batch
 * @param standardiseUsernames   lower-case usernames from the file and strip illegal characters
 * @param newUserStatus          the status of new users whose row gives none
 * @param allowRenames           renames (an oldUsername column, or another username for a user
 *                               matched on another key) are allowed
 * @param allowDeletes           a delete request deletes the user
 * @param allowSuspends          a status change activates or deactivates the user
 * @param notifier               told about welcome messages and completion
 * @param updateType             what updates do with existing users' details
 * @param defaults               default values (with template codes) by field
 * @param extendedUsernameChars  generated usernames may keep characters other than letters,
 *                               digits, - and .
 * @param duplicateUsernames     what happens when a generated username is taken
 * @param singleSignOn           accountStatus governs activation; employeeStatus is ignored
 * @param updatePasswords        a password column changes existing users' passwords
 * @param forcePasswordChange    who must change a password from the file at next sign-in
 * @param passwordPolicy         decides which passwords are weak
 * @param preventEmailDuplicates a row whose email another user has is rejected
 * @param scope                  the site the upload is limited to (recursive), or null
 * @param progress               told how far planning and applying have got; or null
 * @param maxRows                the most data rows a file may have, 0 for no limit
 * @param strictTemplate         the header must be the template's, no column renamed or removed
 * @param rejectExcelDamage      signs of Excel damage reject the row instead of warning
 * @param feed                   the feed new users are tagged with, or null
 * @param fullUpload             users of the feed (in scope) that the file leaves out are deactivated
 * @param maxDeactivationPercent the share of the feed's active users a full upload may deactivate
 * @param allowMassDeactivation  a full upload may deactivate more than that share
 * @param deactivateAllOnEmptyFile a full upload of a file without rows deactivates every
 *                               active user of the feed (in scope); otherwise it is stopped
 * @param decoders               decoders tried on each file (the host's, then the installed ones)
 * @param failurePolicy          what apply does when writes fail
 * @param planKey                the host's key for saved plans, or null to use the repository's
 */
public record Settings(UserRepository repository, UploadFormat format, UploadMode mode, String matchOn,
                       boolean fallbackToUsername, EmptyValues emptyValues, int batchSize,
                       boolean standardiseUsernames, UserStatus newUserStatus, boolean allowRenames,
                       boolean allowDeletes, boolean allowSuspends, Notifier notifier, UpdateType updateType,
                       Map<String, String> defaults, boolean extendedUsernameChars,
                       DuplicateUsernames duplicateUsernames, boolean singleSignOn, boolean updatePasswords,
                       ForcePasswordChange forcePasswordChange, PasswordPolicy passwordPolicy,
                       boolean preventEmailDuplicates, String scope, dev.rollcall.core.Progress progress,
                       int maxRows, boolean strictTemplate, boolean rejectExcelDamage, String feed,
                       boolean fullUpload, double maxDeactivationPercent, boolean allowMassDeactivation,
                       boolean deactivateAllOnEmptyFile,
                       java.util.List<dev.rollcall.spi.Decoder> decoders,
                       dev.rollcall.core.FailurePolicy failurePolicy, byte[] planKey) {

    /** Copies the collections. */
    public Settings {
        defaults = Map.copyOf(defaults);
        decoders = java.util.List.copyOf(decoders);
        planKey = planKey == null ? null : planKey.clone();
    }

    /** @return a copy of the host's key for saved plans, or null */
    @Override
    public byte[] planKey() {
        return planKey == null ? null : planKey.clone();
    }

    /** @return these settings with another upload mode (a saved plan keeps the mode it was made with) */
    public Settings withMode(UploadMode newMode) {
        return new Settings(repository, format, newMode, matchOn, fallbackToUsername, emptyValues, batchSize,
                standardiseUsernames, newUserStatus, allowRenames, allowDeletes, allowSuspends, notifier, updateType,
                defaults, extendedUsernameChars, duplicateUsernames, singleSignOn, updatePasswords, forcePasswordChange,
                passwordPolicy, preventEmailDuplicates, scope, progress, maxRows, strictTemplate, rejectExcelDamage, feed,
                fullUpload, maxDeactivationPercent, allowMassDeactivation, deactivateAllOnEmptyFile, decoders, failurePolicy,
                planKey);
    }
}
