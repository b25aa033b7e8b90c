package dev.rollcall.core;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Seed 004's naming convention for upload files: {@code domainURL_name_YYYYMMDD.csv} (or
 * {@code .xml}), with {@code .pgp} appended when the file is encrypted, where
 * {@code domainURL_name} is the name part of the site's address: {@code acmeus_20140215.csv},
 * {@code acmeus_20140215.xml.pgp}. Hosts use it to check what arrives; scheduled feeds to
 * name what they expect.
 *
 * <p>Immutable and thread-safe.
 *
 * @param site      the name part of the site's address: lower-case letters and digits
 * @param date      the file's date
 * @param format    {@code csv} or {@code xml}
 * @param encrypted whether the name ends in {@code .pgp}
 */
public record UploadFileName(String site, LocalDate date, String format, boolean encrypted) {

    private static final Pattern NAME = Pattern.compile("([a-z0-9]+)_(\\d{8})\\.(csv|xml)(\\.pgp)?");
    private static final Pattern SITE = Pattern.compile("[a-z0-9]+");
    private static final DateTimeFormatter YYYYMMDD = DateTimeFormatter.BASIC_ISO_DATE;

    /** Checks the parts. */
    public UploadFileName {
        Objects.requireNonNull(site, "site must not be null");
        Objects.requireNonNull(date, "date must not be null");
        Objects.requireNonNull(format, "format must not be null");
        if (!SITE.matcher(site).matches()) {
            throw new IllegalArgumentException("the site part must be lower-case letters and digits, e.g. acmeus: '" + site + "'");
        }
        if (!format.equals("csv") && !format.equals("xml")) {
            throw new IllegalArgumentException("format must be csv or xml: '" + format + "'");
        }
    }

    /**
     * @param site a site's address or name, e.g. {@code acme.us}, {@code https://acme.us/},
     *             {@code AcmeUS}: lower-cased, everything but letters and digits dropped
     * @param date the file's date
     * @param format {@code csv} or {@code xml}
     * @param encrypted whether the file is PGP-encrypted
     * @return the name's parts
     */
    public static UploadFileName of(String site, LocalDate date, String format, boolean encrypted) {
        String s = Objects.requireNonNull(site, "site must not be null").toLowerCase(Locale.ROOT)
                .replaceFirst("^[a-z]+://", "").replaceAll("[^a-z0-9]", "");
        return new UploadFileName(s, date, format.toLowerCase(Locale.ROOT), encrypted);
    }

    /**
     * @param fileName a file name, possibly with a folder
     * @return its parts, when it follows the convention
     */
    public static Optional<UploadFileName> parse(String fileName) {
        String name = fileName.substring(Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\')) + 1);
        Matcher m = NAME.matcher(name);
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new UploadFileName(m.group(1), LocalDate.parse(m.group(2), YYYYMMDD), m.group(3),
                    m.group(4) != null));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /**
     * @param fileName a file name
     * @return its parts
     * @throws IllegalArgumentException when it does not follow the convention, saying how it should look
     */
    public static UploadFileName require(String fileName) {
        return parse(fileName).orElseThrow(() -> new IllegalArgumentException("\"" + fileName + "\" does not follow the "
                + "naming convention site_YYYYMMDD.csv (or .xml, with .pgp when encrypted), e.g. acmeus_20140215.csv.pgp"));
    }

    /** @return the file name, e.g. {@code acmeus_20140215.csv.pgp} */
    @Override
    public String toString() {
        return site + "_" + date.format(YYYYMMDD) + "." + format + (encrypted ? ".pgp" : "");
    }
}
