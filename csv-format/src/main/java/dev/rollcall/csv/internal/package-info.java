/**
 * Not API: the parsing underneath {@link dev.rollcall.csv.CsvFormat}. Visible to everyone only
 * because {@code rollcall-csv} is an automatic module; it changes without notice.
 */
package dev.rollcall.csv.internal;
