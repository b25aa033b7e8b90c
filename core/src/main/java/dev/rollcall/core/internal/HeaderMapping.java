package dev.rollcall.core.internal;

import dev.rollcall.spi.Codes;
import dev.rollcall.spi.FieldDefinition;
import dev.rollcall.spi.Problem;
import dev.rollcall.spi.Severity;
import dev.rollcall.spi.UploadColumns;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which field each column of a file means. Built once per file from its header; any
 * problem it finds (an unknown column, two columns for one field, an empty header cell)
 * refuses the file. Immutable after {@link #resolve}.
 */
public final class HeaderMapping {

    /** The delimiters a one-column header is tried with, to tell a file read with the wrong one. */
    private static final char[] DELIMITERS = {';', '\t', '|', ','};

    private final List<String> columns;
    private final FieldDefinition[] fieldOfColumn;
    private final Map<String, Integer> columnOfField;
    private final List<String> directives;
    private final List<String> fields;
    private final FieldDefinition[] definitions;
    private final int[] definitionColumns;
    private final int[] membershipNumbers;
    private final int[] membershipColumns;
    private final List<Problem> problems;

    private HeaderMapping(List<String> columns, FieldDefinition[] fieldOfColumn, Map<String, Integer> columnOfField,
                          List<String> directives, List<Problem> problems) {
        this.columns = List.copyOf(columns);
        this.fieldOfColumn = fieldOfColumn;
        this.columnOfField = columnOfField;
        this.directives = List.copyOf(directives);
        this.problems = List.copyOf(problems);
        List<String> names = new ArrayList<>();
        List<FieldDefinition> defs = new ArrayList<>();
        List<Integer> cols = new ArrayList<>();
        for (int i = 0; i < fieldOfColumn.length; i++) {
            FieldDefinition f = fieldOfColumn[i];
            if (f != null) {
                names.add(f.name());
                defs.add(f);
                cols.add(i);
            }
        }
        this.fields = List.copyOf(names);
        this.definitions = defs.toArray(FieldDefinition[]::new);
        this.definitionColumns = cols.stream().mapToInt(Integer::intValue).toArray();
        this.membershipNumbers = this.directives.stream()
                .flatMap(d -> UploadColumns.numbered(d).stream()).mapToInt(UploadColumns.Numbered::number)
                .distinct().sorted().toArray();
        this.membershipColumns = columnOfField.entrySet().stream()
                .filter(e -> UploadColumns.numbered(e.getKey()).isPresent()).mapToInt(Map.Entry::getValue).toArray();
    }

    /**
     * @param columns    the header as written
     * @param headerLine the header's line, for problems
     * @param catalog    the host's fields
     * @return the mapping, with the problems that refuse the file (if any)
     */
    public static HeaderMapping resolve(List<String> columns, long headerLine, FieldCatalog catalog) {
        FieldDefinition[] fieldOf = new FieldDefinition[columns.size()];
        Map<String, Integer> columnOf = new LinkedHashMap<>();
        List<String> directives = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            String header = columns.get(i) == null ? "" : columns.get(i).trim();
            if (header.isEmpty()) {
                problems.add(new Problem(Severity.ERROR, Codes.BLANK_COLUMN, headerLine, null, null,
                        "column " + (i + 1) + " has no name in the header; name it or delete the column"));
                continue;
            }
            FieldDefinition f = catalog.lookup(header).orElse(null);
            String name = f != null ? f.name() : directive(header);
            if (name == null) {
                problems.add(columns.size() == 1 ? delimiterProblem(header, headerLine, catalog)
                        : unknownColumn(header, i, headerLine, catalog));
                continue;
            }
            Integer earlier = columnOf.putIfAbsent(name, i);
            if (earlier != null) {
                problems.add(new Problem(Severity.ERROR, Codes.DUPLICATE_COLUMN, headerLine, header, name,
                        "columns \"" + columns.get(earlier).trim() + "\" and \"" + header + "\" both mean "
                                + name + "; keep one of them"));
                continue;
            }
            if (f != null) {
                fieldOf[i] = f;
            } else {
                directives.add(name);
            }
        }
        return new HeaderMapping(columns, fieldOf, columnOf, directives, problems);
    }

    private static Problem unknownColumn(String header, int column, long headerLine, FieldCatalog catalog) {
        String advice = catalog.suggestion(header)
                .map(meant -> ": did you mean " + meant + "? If not, it is neither")
                .orElse(": it is neither");
        return new Problem(Severity.ERROR, Codes.UNKNOWN_COLUMN, headerLine, header, null,
                "unknown column \"" + header + "\" (column " + (column + 1) + ")" + advice
                        + " a standard field nor a custom field of this site; if it is a custom field, create it before uploading");
    }

    /**
     * A header read as one column: when it splits on another delimiter into columns of which
     * at least one is known, the file was read with the wrong delimiter.
     */
    private static Problem delimiterProblem(String header, long headerLine, FieldCatalog catalog) {
        for (char d : DELIMITERS) {
            String[] parts = header.split(java.util.regex.Pattern.quote(String.valueOf(d)), -1);
            if (parts.length < 2) {
                continue;
            }
            for (String part : parts) {
                String p = part.strip();
                if (p.startsWith("\"") && p.endsWith("\"") && p.length() > 1) {
                    p = p.substring(1, p.length() - 1);
                }
                if (catalog.lookup(p).isPresent() || directive(p) != null) {
                    String shown = d == '\t' ? "tab" : "'" + d + "'";
                    return new Problem(Severity.ERROR, Codes.WRONG_DELIMITER, headerLine, header, null,
                            "the header is one column, \"" + header + "\": the file looks " + shown
                                    + "-separated; read it with that delimiter (rollcall: --delimiter " + shown + ")");
                }
            }
        }
        return unknownColumn(header, 0, headerLine, catalog);
    }

    private static String directive(String header) {
        return UploadColumns.single(header)
                .or(() -> UploadColumns.numbered(header).map(UploadColumns.Numbered::column))
                .orElse(null);
    }

    /** @return the problems that refuse the file; empty when the header is good */
    public List<Problem> problems() {
        return problems;
    }

    /** @return the header as written */
    public List<String> columns() {
        return columns;
    }

    /**
     * @param column a 0-based column index
     * @return the field the column means, or {@code null}
     */
    public FieldDefinition field(int column) {
        return column < fieldOfColumn.length ? fieldOfColumn[column] : null;
    }

    /**
     * @param field a canonical field or directive column name ({@code oldUsername}, {@code course2})
     * @return the 0-based column holding it, or -1 when the file has no such column
     */
    public int column(String field) {
        Integer c = columnOfField.get(field);
        return c == null ? -1 : c;
    }

    /** @return whether the file has a column for the field */
    public boolean has(String field) {
        return columnOfField.containsKey(field);
    }

    /**
     * @param field a canonical field name
     * @return the column's name as written in the header, or the field name when absent
     */
    public String header(String field) {
        int c = column(field);
        return c < 0 ? field : columns.get(c).trim();
    }

    /** @return the canonical names of the mapped fields, in column order */
    public List<String> fields() {
        return fields;
    }

    /** @return the definitions of the mapped fields, in column order (the same order as {@link #fields()}) */
    public FieldDefinition[] definitions() {
        return definitions;
    }

    /** @return the column of each of {@link #definitions()}, in the same order */
    public int[] definitionColumns() {
        return definitionColumns;
    }

    /** @return the numbers of the numbered membership columns ({@code course2} → 2), ascending, distinct */
    public int[] membershipNumbers() {
        return membershipNumbers;
    }

    /**
     * @return the columns holding numbered membership directives, so a row can be seen to name no
     *         membership without a look-up per column (an XML layout has dozens of them, mostly empty)
     */
    public int[] membershipColumns() {
        return membershipColumns;
    }

    /** @return the canonical names of the directive columns ({@code oldUsername}, {@code course2}, …), in column order */
    public List<String> directives() {
        return directives;
    }
}
