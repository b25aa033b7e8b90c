/**
 * Excel workbooks ({@code .xlsx}) as upload files, read directly, so nobody has to save a
 * workbook as CSV in Excel (which eats leading zeros and rewrites dates: seeds 002 and 004);
 * and the Excel upload template with instructions ({@link dev.rollcall.xlsx.XlsxTemplates}).
 *
 * <h2>Why our own reader</h2>
 * An {@code .xlsx} file is a zip of XML parts. This module reads it with
 * {@link java.util.zip.ZipFile} and the JDK's StAX parser, about a thousand lines and no
 * dependency, rather than with a library:
 * <ul>
 *   <li><b>Apache POI</b> ({@code poi-ooxml} 5.5.1 with {@code poi}, {@code poi-ooxml-lite},
 *       XMLBeans and the Commons libraries it pulls in) would add many megabytes to the CLI
 *       jar (not measured here: it is not in the build's repository), and its streaming API ({@code XSSFReader}) still needs our own SAX handler for cells
 *       and our own date and text rules; its bulk and its history of XML and zip
 *       vulnerabilities are more than reading one sheet of text needs.</li>
 *   <li><b>fastexcel-reader</b> is small, but brings Aalto XML, a second StAX parser whose
 *       hardening we would have to prove again, and it decides for us how numbers and dates
 *       become text, which is exactly where Rollcall must be strict.</li>
 * </ul>
 * Our reader and template writer take 48 KB (compressed) in the CLI jar, measured. It takes from a workbook only what an upload
 * needs (one sheet's cells, the shared strings, the number formats, the date system), so the
 * attack surface is small and every rule below is ours.
 *
 * <h2>What the reader promises</h2>
 * <ul>
 *   <li>The data is the first visible worksheet not named {@code Instructions}; its first
 *       non-empty row is the header. Each record's line is its row number in the sheet, and
 *       each value knows its cell ({@code Users!C7}, {@link dev.rollcall.spi.UploadRow#cellAddress}).</li>
 *   <li>A cell typed as text keeps its text exactly ({@code 00123} stays {@code 00123}); a
 *       cell holding {@code ""} is an explicit empty value (it erases, as in CSV); an empty
 *       cell is blank.</li>
 *   <li>A number with a date format becomes {@code YYYY-MM-DD} (both the 1900 and 1904 date
 *       systems); other numbers are written out in full ({@code 120000000000}, never
 *       {@code 1.2E+11}) and marked as number cells, so core flags a number in an identifier
 *       or phone field as {@link dev.rollcall.spi.Codes#EXCEL_DAMAGE}, naming the cell.</li>
 *   <li>Formulas are never evaluated: the value Excel saved with the formula is read. An error
 *       value ({@code #REF!}) or a formula without a saved value rejects its row. External
 *       links are never followed (their saved values are read like any other).</li>
 * </ul>
 *
 * <h2>Hostile workbooks</h2>
 * The upload is copied to a private temporary file (a zip's directory is at its end) and
 * opened with {@link java.util.zip.ZipFile}. Every part is inflated through a counter: a part
 * larger than the limit, or inflating more than 100 times its compressed size (a zip bomb),
 * refuses the file with {@link dev.rollcall.spi.Codes#UNSAFE_WORKBOOK}, as does a data sheet
 * the workbook places outside the file. Every XML part is parsed by the JDK's StAX parser with
 * DTDs, external entities and external access off; a {@code <!DOCTYPE} refuses the file with
 * {@link dev.rollcall.spi.Codes#XML_DTD_FORBIDDEN}.
 *
 * <h2>Bounded memory</h2>
 * Rows are streamed from the sheet's XML one at a time. Shared strings (every distinct text of
 * the workbook, which Excel writes after the sheets) are kept in memory up to a budget
 * (4 million characters by default); past it they are spilled to a temporary file with an
 * index and read back through small windows, so a million-row workbook of distinct emails
 * reads in a small heap. Temporary files are deleted when the reader is closed.
 */
package dev.rollcall.xlsx;
