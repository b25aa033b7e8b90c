/**
 * CSV upload files: {@link dev.rollcall.csv.CsvFormat} reads them (found by
 * {@link java.util.ServiceLoader} for {@code .csv} files), {@link dev.rollcall.csv.CsvWriter}
 * writes templates, extracts and error files. univocity-parsers does the parsing; it is an
 * implementation detail that no public signature exposes.
 */
module dev.rollcall.csv {
    requires transitive dev.rollcall.spi;
    requires univocity.parsers;

    exports dev.rollcall.csv;

    provides dev.rollcall.spi.UploadFormat with dev.rollcall.csv.CsvFormat;
}
