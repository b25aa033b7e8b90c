package dev.rollcall.xml.internal;

import dev.rollcall.spi.FieldDefinition;
import dev.rollcall.spi.UploadColumns;

/**
 * Writes example documents: one user (or one user and delegates) with example values, and
 * comments that explain the rest. Every template is valid against the XSD of the same layout
 * and reads back without a problem. Stateless and thread-safe.
 */
public final class TemplateWriter {

    private TemplateWriter() {
    }

    /**
     * @param layout the host's columns
     * @return an example user file
     */
    public static String users(UserLayout layout) {
        StringBuilder sb = new StringBuilder(4096);
        sb.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        sb.append("<!--\n");
        sb.append("  Rollcall user upload file. One <user> element per user; each field is an element named\n");
        sb.append("  after it, in any order. Leave an element out to keep the stored value; write it empty\n");
        sb.append("  (<city/>) to erase the stored value when the upload erases on empty values.\n");
        sb.append("  The XSD of this site's fields: the rollcall template command, format xsd.\n");
        sb.append("-->\n");
        sb.append("<users xmlns=\"").append(UserRowReader.NAMESPACE).append("\">\n");
        sb.append("  <user>\n");
        for (int c = 0; c < layout.fieldCount(); c++) {
            String name = layout.columns().get(c);
            FieldDefinition f = layout.schema().field(name).orElseThrow();
            String example = f.sensitive() ? null : example(f);
            if (example != null && layout.rule(c).check(example) == null) {
                sb.append("    <").append(name).append('>').append(XmlText.text(example)).append("</").append(name)
                        .append(">\n");
            } else {
                sb.append("    <!-- <").append(name).append(">…</").append(name).append(">");
                if (f.description() != null && !f.description().isBlank()) {
                    sb.append(": ").append(XmlText.comment(f.description().strip()));
                }
                sb.append(" -->\n");
            }
        }
        sb.append("    <!--\n");
        sb.append("      Directives, when a user needs one:\n");
        for (int c = layout.fieldCount(); c < layout.fieldCount() + UploadColumns.SINGLE.size(); c++) {
            sb.append("      <").append(layout.columns().get(c)).append(">: ")
                    .append(XmlText.comment(layout.description(c))).append('\n');
        }
        sb.append("    -->\n");
        sb.append("    <memberships>\n");
        sb.append("      <!-- cohorts, then courses, then programs, then system roles; at most ")
                .append(layout.perKind()).append(" of each -->\n");
        sb.append("      <cohort>Nurses</cohort>\n");
        sb.append("      <course role=\"student\" group=\"A\" enrolStatus=\"active\" enrolStart=\"2025-01-06\" "
                + "enrolEnd=\"2025-06-30\">MATH101</course>\n");
        sb.append("      <program>BSc Nursing</program>\n");
        sb.append("      <sysrole>manager</sysrole>\n");
        sb.append("    </memberships>\n");
        sb.append("  </user>\n");
        sb.append("</users>\n");
        return sb.toString();
    }

    /**
     * @param maxDelegates the most delegates a user may list
     * @return an example delegate file
     */
    public static String delegates(int maxDelegates) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<!--\n"
                + "  Rollcall delegate upload file. One <user> element per user, named by external id, holding\n"
                + "  the external ids of all of the user's delegates (at most " + maxDelegates + "). Delegates\n"
                + "  the file does not list are removed.\n"
                + "-->\n"
                + "<delegates xmlns=\"" + UserRowReader.DELEGATES_NAMESPACE + "\">\n"
                + "  <user externalId=\"HR-000123\">\n"
                + "    <delegate>HR-000456</delegate>\n"
                + "    <delegate>HR-000789</delegate>\n"
                + "  </user>\n"
                + "</delegates>\n";
    }

    /** @return the field's example, or one made up for its type, or null */
    private static String example(FieldDefinition f) {
        if (f.example() != null && !f.example().isBlank()) {
            return f.example().strip();
        }
        switch (f.type()) {
            case EMAIL:
                return "jdoe@example.com";
            case DATE:
                return "2025-01-31";
            case DECIMAL:
                return "12.50";
            case INTEGER:
                return "42";
            case BOOLEAN:
                return "true";
            case ENUMERATION:
                return f.allowedValues().get(0);
            case PHONE:
                return "5551234567";
            case COUNTRY:
                return "USA";
            default:
                return null;
        }
    }
}
