package dev.rollcall.xml.internal;

import dev.rollcall.spi.FieldDefinition;
import dev.rollcall.spi.FieldSchema;
import dev.rollcall.spi.StandardFields;
import dev.rollcall.spi.UploadColumns;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How a {@code <user>} element maps onto the columns of an upload row, for one host schema and
 * one membership cap: the column list (the schema's fields in schema order, then
 * {@link UploadColumns#SINGLE}, then the numbered membership columns), which column each
 * element and attribute fills, and the {@link ValueRule} each value follows. The reader and the
 * XSD generator both work from it, so they cannot disagree.
 *
 * <p>Immutable and thread-safe.
 */
public final class UserLayout {

    /** The element that holds a user's memberships. */
    public static final String MEMBERSHIPS = "memberships";
    /** The membership elements, in the order {@code <memberships>} holds them. */
    public static final List<String> KINDS = List.of(UploadColumns.COHORT, UploadColumns.COURSE,
            UploadColumns.PROGRAM, UploadColumns.SYSTEM_ROLE);
    /** The attributes of {@code <course>}, named like the numbered columns they fill. */
    public static final List<String> COURSE_ATTRIBUTES = List.of(UploadColumns.ROLE, UploadColumns.GROUP,
            UploadColumns.ENROL_STATUS, UploadColumns.ENROL_START, UploadColumns.ENROL_END);

    private static final ValueRule STATUS_LETTER = ValueRule.oneOf("A or D (any case)", List.of("A", "D"));

    private final FieldSchema schema;
    private final int perKind;
    private final List<String> columns;
    private final Map<String, Integer> topLevel;
    private final ValueRule[] rules;
    private final boolean[] secret;
    private final String[] descriptions;
    private final int fieldCount;
    private final int[] kindBase = new int[KINDS.size()];
    /** normalised field names, aliases and directive names, for suggesting the element meant */
    private final Map<String, String> byNormalizedName = new HashMap<>();

    private UserLayout(FieldSchema schema, int perKind) {
        this.schema = schema;
        this.perKind = perKind;
        List<String> cols = new ArrayList<>();
        List<ValueRule> ruleList = new ArrayList<>();
        List<Boolean> secrets = new ArrayList<>();
        List<String> docs = new ArrayList<>();
        Map<String, Integer> top = new HashMap<>();
        for (FieldDefinition f : schema.fields()) {
            String clash = clash(f.name());
            if (clash != null) {
                throw new IllegalArgumentException("field " + f.name() + " cannot be read from XML: its name is taken by "
                        + clash + "; rename the field");
            }
            top.put(f.name(), cols.size());
            cols.add(f.name());
            ruleList.add(ValueRule.of(f));
            secrets.add(f.sensitive());
            docs.add(f.description());
        }
        this.fieldCount = cols.size();
        for (String single : UploadColumns.SINGLE) {
            top.put(single, cols.size());
            cols.add(single);
            ruleList.add(singleRule(single, schema));
            secrets.add(false);
            docs.add(singleDescription(single));
        }
        for (int k = 0; k < KINDS.size(); k++) {
            String kind = KINDS.get(k);
            kindBase[k] = cols.size();
            for (int n = 1; n <= perKind; n++) {
                cols.add(kind + n);
                ruleList.add(ValueRule.NON_EMPTY);
                secrets.add(false);
                docs.add(null);
                if (kind.equals(UploadColumns.COURSE)) {
                    for (String a : COURSE_ATTRIBUTES) {
                        cols.add(a + n);
                        ruleList.add(attributeRule(a));
                        secrets.add(false);
                        docs.add(null);
                    }
                }
            }
        }
        this.columns = List.copyOf(cols);
        this.topLevel = Collections.unmodifiableMap(top);
        this.rules = ruleList.toArray(new ValueRule[0]);
        this.secret = new boolean[secrets.size()];
        for (int i = 0; i < secret.length; i++) {
            secret[i] = secrets.get(i);
        }
        this.descriptions = docs.toArray(new String[0]);
        for (String single : UploadColumns.SINGLE) {
            byNormalizedName.put(UploadColumns.normalize(single), single);
        }
        for (String kind : KINDS) {
            byNormalizedName.put(UploadColumns.normalize(kind), UserLayout.MEMBERSHIPS + "><" + kind);
        }
        for (FieldDefinition f : schema.fields()) {
            for (String alias : f.aliases()) {
                byNormalizedName.putIfAbsent(UploadColumns.normalize(alias), f.name());
            }
        }
        for (FieldDefinition f : schema.fields()) {
            byNormalizedName.put(UploadColumns.normalize(f.name()), f.name());
        }
    }

    /**
     * @param element an element name that is not a field or directive
     * @return the field or directive it probably means (another case, a CSV header alias), or null
     */
    public String suggestion(String element) {
        String meant = byNormalizedName.get(UploadColumns.normalize(element));
        return meant == null || meant.equals(element) ? null : meant;
    }

    /**
     * @param schema  the host's fields
     * @param perKind the most memberships of each kind a user may list
     * @return the layout
     * @throws IllegalArgumentException when a field's name is taken by a directive column
     */
    public static UserLayout of(FieldSchema schema, int perKind) {
        return new UserLayout(schema, perKind);
    }

    /** @return what a field of this name would clash with, or null */
    private static String clash(String name) {
        if (UploadColumns.normalize(name).equals(MEMBERSHIPS)) {
            return "the <memberships> element";
        }
        if (UploadColumns.single(name).isPresent()) {
            return "the directive column " + UploadColumns.single(name).get();
        }
        if (UploadColumns.numbered(name).isPresent()) {
            return "the numbered column " + UploadColumns.numbered(name).get().column();
        }
        return null;
    }

    private static ValueRule singleRule(String single, FieldSchema schema) {
        switch (single) {
            case UploadColumns.OLD_USERNAME:
                return schema.field(StandardFields.USERNAME).map(ValueRule::of).orElse(ValueRule.TEXT);
            case UploadColumns.RESET_PASSWORD:
            case UploadColumns.SUSPENDED:
            case UploadColumns.DELETED:
                return ValueRule.BOOLEAN;
            case UploadColumns.EMPLOYEE_STATUS:
            case UploadColumns.ACCOUNT_STATUS:
                return STATUS_LETTER;
            default:
                return ValueRule.TEXT;
        }
    }

    private static String singleDescription(String single) {
        switch (single) {
            case UploadColumns.OLD_USERNAME:
                return "the user's current username, when this user element renames it to <username>";
            case UploadColumns.RESET_PASSWORD:
                return "1/yes/true: ask the host to reset the user's password";
            case UploadColumns.SUSPENDED:
                return "1 deactivates the user, 0 activates";
            case UploadColumns.DELETED:
                return "1 deletes the user";
            case UploadColumns.EMPLOYEE_STATUS:
                return "A activates, D deactivates (ignored on single sign-on sites)";
            case UploadColumns.ACCOUNT_STATUS:
                return "on single sign-on sites, A activates";
            case UploadColumns.ERRORS:
                return "what an upload found wrong with this user (in error files); ignored on upload";
            default:
                return null;
        }
    }

    private static ValueRule attributeRule(String attribute) {
        return attribute.equals(UploadColumns.ENROL_START) || attribute.equals(UploadColumns.ENROL_END)
                ? ValueRule.DATE : ValueRule.TEXT;
    }

    /** @return the schema the layout was made for */
    public FieldSchema schema() {
        return schema;
    }

    /** @return the most memberships of each kind */
    public int perKind() {
        return perKind;
    }

    /** @return every column, in order */
    public List<String> columns() {
        return columns;
    }

    /** @return the number of field columns (the schema's fields), which come first */
    public int fieldCount() {
        return fieldCount;
    }

    /**
     * @param element a child element name of {@code <user>}
     * @return the column it fills, or -1 when it is not a field or directive element
     */
    public int topLevel(String element) {
        Integer c = topLevel.get(element);
        return c == null ? -1 : c;
    }

    /**
     * @param kind a membership element name
     * @return its index in {@link #KINDS}, or -1
     */
    public static int kindIndex(String kind) {
        return KINDS.indexOf(kind);
    }

    /**
     * @param kindIndex an index into {@link #KINDS}
     * @param n         the 0-based position of the membership among its kind
     * @return the column of its target ({@code cohort3}, {@code course2}, …)
     */
    public int membershipColumn(int kindIndex, int n) {
        int width = KINDS.get(kindIndex).equals(UploadColumns.COURSE) ? 1 + COURSE_ATTRIBUTES.size() : 1;
        return kindBase[kindIndex] + n * width;
    }

    /** @return the rule of a column's values */
    public ValueRule rule(int column) {
        return rules[column];
    }

    /** @return whether a column holds secrets */
    public boolean secret(int column) {
        return secret[column];
    }

    /** @return the documentation of a field or directive column, or null */
    public String description(int column) {
        return descriptions[column];
    }
}
