package dev.rollcall.cli;

import dev.rollcall.core.DuplicateUsernames;
import dev.rollcall.core.EmptyValues;
import dev.rollcall.core.FailurePolicy;
import dev.rollcall.core.ForcePasswordChange;
import dev.rollcall.core.UpdateType;
import dev.rollcall.core.UploadPlanner;
import dev.rollcall.spi.UserRepository;
import dev.rollcall.spi.UserStatus;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.Locale;

/**
 * The upload options of {@code plan} and {@code apply}: how the file is read and checked
 * ({@link FileOptions}, {@code validate}'s), and what planning and applying do; each maps to
 * one builder setting.
 */
final class UploadOptions {

    @Mixin
    FileOptions file;

    @Option(names = "--empty-quotes", paramLabel = "ignore|erase", defaultValue = "ignore",
            description = "what \"\" in a cell does: ignore (default) or erase the stored value")
    String emptyQuotes;

    @Option(names = "--update-type", paramLabel = "TYPE", defaultValue = "file",
            description = "existing users' details: file (default), file-and-defaults or fill-missing")
    String updateType;

    @Option(names = "--allow-renames", description = "allow renames (oldUsername, or a new username for a user matched on another key)")
    boolean allowRenames;

    @Option(names = "--allow-deletes", description = "allow rows to delete users")
    boolean allowDeletes;

    @Option(names = "--allow-suspends", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "allow rows to activate and deactivate users (default on; --no-allow-suspends turns it off)")
    boolean allowSuspends;

    @Option(names = "--allow-email-duplicates", description = "let two users share an email address (a warning instead of an error)")
    boolean allowEmailDuplicates;

    @Option(names = "--duplicate-usernames", paramLabel = "counter|reject", defaultValue = "counter",
            description = "a generated username that is taken gets a counter (default) or rejects the row")
    String duplicateUsernames;

    @Option(names = "--new-user-status", paramLabel = "active|inactive",
            description = "status of new users whose row gives none (default inactive; active on a store that keeps "
                    + "no account status)")
    String newUserStatus;

    @Option(names = "--update-passwords", description = "a password column changes existing users' passwords too")
    boolean updatePasswords;

    @Option(names = "--force-password-change", paramLabel = "none|weak|all", defaultValue = "none",
            description = "who must change a password from the file at next sign-in")
    String forcePasswordChange;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "500", description = "rows per look-up and write batch")
    int batchSize;

    @Option(names = "--feed", paramLabel = "NAME", defaultValue = "default",
            description = "the feed this file comes from; new users remember it (default: default)")
    String feed;

    @Option(names = "--full", description = "a full upload: the feed's users (in --site) the file leaves out are deactivated")
    boolean full;

    @Option(names = "--max-deactivation", paramLabel = "PERCENT", defaultValue = "10",
            description = "a full upload deactivating more of the feed's active users than this is stopped (default 10)")
    double maxDeactivation;

    @Option(names = "--allow-mass-deactivation", description = "let a full upload deactivate more than --max-deactivation")
    boolean allowMassDeactivation;

    @Option(names = "--deactivate-all-on-empty-file",
            description = "let a full upload of a file without rows deactivate all the feed's users (in --site); "
                    + "without it such a file is taken for a broken export and stopped, even with --allow-mass-deactivation")
    boolean deactivateAllOnEmptyFile;

    @Option(names = "--stop-after-failures", paramLabel = "N",
            description = "stop applying after N writes the store refused; the rest are reported not attempted (default: go on)")
    Integer stopAfterFailures;

    /**
     * @param file the file to upload, whose name chooses the format unless {@code --format} does;
     *             null for a saved plan, which knows its format
     * @return a builder holding these options
     */
    UploadPlanner.Builder builder(UserRepository repository, java.nio.file.Path file) {
        UploadPlanner.Builder b = this.file.builder(repository, file)
                .emptyValues(parseEmpty(emptyQuotes))
                .updateType(UpdateType.parse(updateType))
                .allowRenames(allowRenames)
                .allowDeletes(allowDeletes)
                .allowSuspends(allowSuspends)
                .preventEmailDuplicates(!allowEmailDuplicates)
                .duplicateUsernames(parseDuplicates(duplicateUsernames))
                .updatePasswords(updatePasswords)
                .forcePasswordChange(ForcePasswordChange.parse(forcePasswordChange))
                .batchSize(batchSize)
                .feed(feed)
                .fullUpload(full)
                .maxDeactivationPercent(maxDeactivation)
                .allowMassDeactivation(allowMassDeactivation)
                .deactivateAllOnEmptyFile(deactivateAllOnEmptyFile);
        if (newUserStatus != null) {
            b.newUserStatus(parseStatus(newUserStatus));
        }
        if (stopAfterFailures != null) {
            b.failurePolicy(FailurePolicy.stopAfter(stopAfterFailures));
        }
        return b;
    }

    /** @return whether new users are inactive because no {@code --new-user-status} was given */
    boolean newUsersInactiveByDefault() {
        return newUserStatus == null;
    }

    private static EmptyValues parseEmpty(String v) {
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "ignore" -> EmptyValues.IGNORE;
            case "erase" -> EmptyValues.ERASE;
            default -> throw new IllegalArgumentException("--empty-quotes must be ignore or erase, not '" + v + "'");
        };
    }

    private static DuplicateUsernames parseDuplicates(String v) {
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "counter" -> DuplicateUsernames.APPEND_COUNTER;
            case "reject" -> DuplicateUsernames.REJECT;
            default -> throw new IllegalArgumentException("--duplicate-usernames must be counter or reject, not '" + v + "'");
        };
    }

    private static UserStatus parseStatus(String v) {
        return UserStatus.parse(v).orElseThrow(() ->
                new IllegalArgumentException("--new-user-status must be active or inactive, not '" + v + "'"));
    }
}
