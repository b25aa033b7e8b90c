package dev.rollcall.spi;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A file name that names the day it is for (seed 002's "Remote File / File Name Pattern"):
 * {@code data/acme_$yyyy$mm$dd.csv} is {@code data/acme_20150914.csv} for a run on
 * 14 September 2015. A name without codes is a plain name.
 *
 * <table>
 * <caption>Codes</caption>
 * <tr><th>code</th><th>becomes</th></tr>
 * <tr><td>{@code $yyyy}</td><td>the year, four digits</td></tr>
 * <tr><td>{@code $yy}</td><td>the year's last two digits</td></tr>
 * <tr><td>{@code $mm}</td><td>the month, two digits</td></tr>
 * <tr><td>{@code $dd}</td><td>the day of the month, two digits</td></tr>
 * <tr><td>{@code $$}</td><td>a {@code $}</td></tr>
 * </table>
 *
 * <p>Any other {@code $} is refused when the pattern is made, so a typo never silently
 * names a file that will not come. Immutable and thread-safe.
 */
public final class FileNamePattern {

    private static final String[] CODES = {"$yyyy", "$yy", "$mm", "$dd", "$$"};

    private final String pattern;
    private final List<String> parts;

    private FileNamePattern(String pattern, List<String> parts) {
        this.pattern = pattern;
        this.parts = parts;
    }

    /**
     * @param pattern a path, possibly with date codes, e.g. {@code data/acme_$yyyy$mm$dd.csv}
     * @return the pattern
     * @throws IllegalArgumentException when it is blank or holds an unknown {@code $} code
     */
    public static FileNamePattern of(String pattern) {
        Objects.requireNonNull(pattern, "pattern must not be null");
        if (pattern.isBlank()) {
            throw new IllegalArgumentException("pattern must not be blank");
        }
        List<String> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < pattern.length()) {
            char c = pattern.charAt(i);
            if (c != '$') {
                literal.append(c);
                i++;
                continue;
            }
            String code = null;
            for (String candidate : CODES) {
                if (pattern.startsWith(candidate, i)) {
                    code = candidate;
                    break;
                }
            }
            if (code == null) {
                throw new IllegalArgumentException("unknown code at position " + (i + 1) + " of the file name pattern '"
                        + pattern + "': use $yyyy, $yy, $mm, $dd, or $$ for a $");
            }
            if (code.equals("$$")) {
                literal.append('$');
            } else {
                if (literal.length() > 0) {
                    parts.add(literal.toString());
                    literal.setLength(0);
                }
                parts.add(code);
            }
            i += code.length();
        }
        if (literal.length() > 0) {
            parts.add(literal.toString());
        }
        return new FileNamePattern(pattern, List.copyOf(parts));
    }

    /**
     * @param date the run's date
     * @return the name for that date
     */
    public String resolve(LocalDate date) {
        Objects.requireNonNull(date, "date must not be null");
        StringBuilder sb = new StringBuilder();
        for (String part : parts) {
            switch (part) {
                case "$yyyy" -> sb.append(String.format("%04d", date.getYear()));
                case "$yy" -> sb.append(String.format("%02d", Math.floorMod(date.getYear(), 100)));
                case "$mm" -> sb.append(String.format("%02d", date.getMonthValue()));
                case "$dd" -> sb.append(String.format("%02d", date.getDayOfMonth()));
                default -> sb.append(part);
            }
        }
        return sb.toString();
    }

    /** @return whether the name depends on the date */
    public boolean isDated() {
        return parts.stream().anyMatch(p -> p.startsWith("$"));
    }

    /** @return the pattern as written */
    public String pattern() {
        return pattern;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FileNamePattern p && p.pattern.equals(pattern);
    }

    @Override
    public int hashCode() {
        return pattern.hashCode();
    }

    /** @return the pattern as written */
    @Override
    public String toString() {
        return pattern;
    }
}
