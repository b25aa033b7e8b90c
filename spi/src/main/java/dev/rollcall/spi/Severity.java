package dev.rollcall.spi;

/** How serious a {@link Problem} is. */
public enum Severity {
    /** The row (or, for a file-level problem, the whole file) is refused. */
    ERROR,
    /** Worth a look; the row goes ahead. */
    WARNING,
    /** For information only. */
    INFO;

    /** @return the lower-case name used in reports: {@code error}, {@code warning}, {@code info} */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
