/**
 * CSV upload files: {@link dev.rollcall.csv.CsvFormat} reads them (found by
 * {@link java.util.ServiceLoader} for {@code .csv} files), {@link dev.rollcall.csv.CsvWriter}
 * writes templates, extracts and error files. univocity-parsers does the parsing; it is an
 * implementation detail that no public signature exposes.
 *
 * <p>On the module path this jar is the automatic module {@code dev.rollcall.csv} (its
 * manifest's {@code Automatic-Module-Name}); it has no {@code module-info}, because
 * univocity-parsers has no stable module name to require (only one guessed from its file
 * name). univocity-parsers may sit on the module path or the class path. Only this package
 * is API; {@code dev.rollcall.csv.internal} is not, even though an automatic module exports it.
 */
package dev.rollcall.csv;
