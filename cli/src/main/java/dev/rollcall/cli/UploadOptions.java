package dev.rollcall.cli;

import dev.rollcall.core.DuplicateUsernames;
import dev.rollcall.core.EmptyValues;
import dev.rollcall.core.FailurePolicy;
import dev.rollcall.core.ForcePasswordChange;
import dev.rollcall.core.UpdateType;
import dev.rollcall.core.UploadMode;
import dev.rollcall.core.UploadPlan;
import dev.rollcall.core.UploadPlanner;
import dev.rollcall.spi.UserRepository;
import dev.rollcall.spi.UserStatus;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The upload options of {@code plan}, {@code apply} and {@code validate}; each maps to one builder setting. */
final class UploadOptions {

    @Option(names = "--mode", paramLabel = "MODE", defaultValue = "add-new",
            description = "add-new (default), add-all, add-update or update-only")
    String mode;

    @Option(names = "--match", paramLabel = "FIELD", defaultValue = "username",
            description = "the field rows are matched on: username (default), email, externalId, employeeId or a unique custom field")
    String match;

    @Option(names = "--fallback-username", description = "when the match key finds nobody, match by username")
    boolean fallbackUsername;

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

    @Option(names = "--no-standardise-usernames", description = "keep usernames from the file as written (default: lower case, illegal characters removed)")
    boolean noStandardise;

    @Option(names = "--extended-username-chars", description = "generated usernames may keep characters other than letters, digits, - and .")
    boolean extendedChars;

    @Option(names = "--username-template", paramLabel = "TEMPLATE", description = "make usernames for rows without one, e.g. %%-1f%%-l")
    String usernameTemplate;

    @Option(names = "--duplicate-usernames", paramLabel = "counter|reject", defaultValue = "counter",
            description = "a generated username that is taken gets a counter (default) or rejects the row")
    String duplicateUsernames;

    @Option(names = "--default", paramLabel = "FIELD=VALUE", description = "a default value (template codes allowed); repeatable")
    Map<String, String> defaults = new LinkedHashMap<>();

    @Option(names = "--new-user-status", paramLabel = "active|inactive", defaultValue = "inactive",
            description = "status of new users whose row gives none (default inactive)")
    String newUserStatus;

    @Option(names = "--update-passwords", description = "a password column changes existing users' passwords too")
    boolean updatePasswords;

    @Option(names = "--force-password-change", paramLabel = "none|weak|all", defaultValue = "none",
            description = "who must change a password from the file at next sign-in")
    String forcePasswordChange;

    @Option(names = "--sso", description = "single sign-on site: accountStatus activates, employeeStatus is ignored")
    boolean singleSignOn;

    @Option(names = "--site", paramLabel = "PATH", description = "limit the upload to a site and the sites below it, e.g. Canada/Ontario")
    String site;

    @Mixin
    CsvOptions csv;

    @Mixin
    DecodeOptions decode;

    @Option(names = "--format", paramLabel = "csv|xml|xlsx", description = "the file's format (default: by its name)")
    String format;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "500", description = "rows per look-up and write batch")
    int batchSize;

    @Option(names = "--max-rows", paramLabel = "N", description = "refuse a file with more data rows than this")
    Integer maxRows;

    @Option(names = "--strict-template", description = "the header must be the template's: no column renamed or removed")
    boolean strictTemplate;

    @Option(names = "--reject-excel-damage", description = "signs of Excel damage reject the row instead of warning")
    boolean rejectExcelDamage;

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
        UploadPlanner.Builder b = UploadPlan.builder()
                .repository(repository);
        if (file != null) {
            b.format(format(file));
        }
        b.mode(UploadMode.parse(mode))
                .matchOn(match)
                .fallbackToUsername(fallbackUsername)
                .emptyValues(parseEmpty(emptyQuotes))
                .updateType(UpdateType.parse(updateType))
                .allowRenames(allowRenames)
                .allowDeletes(allowDeletes)
                .allowSuspends(allowSuspends)
                .preventEmailDuplicates(!allowEmailDuplicates)
                .standardiseUsernames(!noStandardise)
                .extendedUsernameChars(extendedChars)
                .duplicateUsernames(parseDuplicates(duplicateUsernames))
                .newUserStatus(parseStatus(newUserStatus))
                .updatePasswords(updatePasswords)
                .forcePasswordChange(ForcePasswordChange.parse(forcePasswordChange))
                .singleSignOn(singleSignOn)
                .batchSize(batchSize)
                .strictTemplate(strictTemplate)
                .rejectExcelDamage(rejectExcelDamage)
                .feed(feed)
                .fullUpload(full)
                .maxDeactivationPercent(maxDeactivation)
                .allowMassDeactivation(allowMassDeactivation)
                .deactivateAllOnEmptyFile(deactivateAllOnEmptyFile);
        if (maxRows != null) {
            b.maxRows(maxRows);
        }
        if (stopAfterFailures != null) {
            b.failurePolicy(FailurePolicy.stopAfter(stopAfterFailures));
        }
        if (usernameTemplate != null) {
            b.usernameTemplate(usernameTemplate);
        }
        defaults.forEach(b::defaultValue);
        if (site != null) {
            b.site(site);
        }
        decode.decoder().ifPresent(b::decoder);
        return b;
    }

    /**
     * XML for {@code --format xml} or a {@code .xml} file, an Excel workbook for {@code --format xlsx} or an
     * {@code .xlsx} file (before any .pgp), else CSV with the CSV options.
     */
    dev.rollcall.spi.UploadFormat format(java.nio.file.Path file) {
        String name = dev.rollcall.core.Formats.decodedName(file.getFileName().toString()).toLowerCase(Locale.ROOT);
        String f = format != null ? format.toLowerCase(Locale.ROOT) : name.endsWith(".xml") ? "xml"
                : new dev.rollcall.xlsx.XlsxFormat().accepts(name) ? "xlsx" : "csv";
        return switch (f) {
            case "csv" -> csv.format();
            case "xml" -> new dev.rollcall.xml.XmlFormat();
            case "xlsx" -> new dev.rollcall.xlsx.XlsxFormat();
            default -> throw new IllegalArgumentException("--format must be csv, xml or xlsx, not '" + format + "'");
        };
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
