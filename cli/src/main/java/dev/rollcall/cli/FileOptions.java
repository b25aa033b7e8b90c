package dev.rollcall.cli;

import dev.rollcall.core.UploadMode;
import dev.rollcall.core.UploadPlan;
import dev.rollcall.core.UploadPlanner;
import dev.rollcall.spi.UserRepository;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The options that say how a file is read and what its rows must hold: those of
 * {@code validate}, and the part of {@code plan} and {@code apply} ({@link UploadOptions})
 * that checking a file uses. Each maps to one builder setting.
 */
final class FileOptions {

    @Option(names = "--mode", paramLabel = "MODE", defaultValue = "add-new",
            description = "add-new (default), add-all, add-update or update-only")
    String mode;

    @Option(names = "--match", paramLabel = "FIELD", defaultValue = "username",
            description = "the field rows are matched on: username (default), email, externalId, employeeId or a unique custom field")
    String match;

    @Option(names = "--fallback-username", description = "when the match key finds nobody, match by username")
    boolean fallbackUsername;

    @Option(names = "--no-standardise-usernames", description = "keep usernames from the file as written (default: lower case, illegal characters removed)")
    boolean noStandardise;

    @Option(names = "--extended-username-chars", description = "generated usernames may keep characters other than letters, digits, - and .")
    boolean extendedChars;

    @Option(names = "--username-template", paramLabel = "TEMPLATE", description = "make usernames for rows without one, e.g. %%-1f%%-l")
    String usernameTemplate;

    @Option(names = "--default", paramLabel = "FIELD=VALUE", description = "a default value (template codes allowed); repeatable")
    Map<String, String> defaults = new LinkedHashMap<>();

    @Option(names = "--sso", description = "single sign-on site: accountStatus activates, employeeStatus is ignored")
    boolean singleSignOn;

    @Option(names = "--site", paramLabel = "PATH", description = "limit the upload to a site and the sites below it, e.g. Canada/Ontario")
    String site;

    @Option(names = "--format", paramLabel = "csv|xml|xlsx", description = "the file's format (default: by its name)")
    String format;

    @Option(names = "--max-rows", paramLabel = "N", description = "refuse a file with more data rows than this")
    Integer maxRows;

    @Option(names = "--strict-template", description = "the header must be the template's: no column renamed or removed")
    boolean strictTemplate;

    @Option(names = "--reject-excel-damage", description = "signs of Excel damage reject the row instead of warning")
    boolean rejectExcelDamage;

    @Mixin
    CsvOptions csv;

    @Mixin
    DecodeOptions decode;

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
                .standardiseUsernames(!noStandardise)
                .extendedUsernameChars(extendedChars)
                .singleSignOn(singleSignOn)
                .strictTemplate(strictTemplate)
                .rejectExcelDamage(rejectExcelDamage);
        if (maxRows != null) {
            b.maxRows(maxRows);
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
}
