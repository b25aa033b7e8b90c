/**
 * Excel workbooks ({@code .xlsx}): {@link dev.rollcall.xlsx.XlsxFormat} reads them (found by
 * {@link java.util.ServiceLoader} for {@code .xlsx} files) and writes the Excel template.
 * Needs nothing but {@code java.xml} and the SPI; {@code dev.rollcall.xlsx.internal} is not API.
 */
module dev.rollcall.xlsx {
    requires transitive dev.rollcall.spi;
    requires java.xml;

    exports dev.rollcall.xlsx;

    provides dev.rollcall.spi.UploadFormat with dev.rollcall.xlsx.XlsxFormat;
}
