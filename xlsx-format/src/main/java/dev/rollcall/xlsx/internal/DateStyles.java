package dev.rollcall.xlsx.internal;

import javax.xml.stream.XMLStreamConstants;
import java.io.IOException;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Which cell styles of a workbook show numbers as dates: read from {@code styles.xml}, the
 * number format of each cell format ({@code cellXfs}), built-in or custom. Immutable once read.
 */
final class DateStyles {

    private final BitSet dateStyles;

    private DateStyles(BitSet dateStyles) {
        this.dateStyles = dateStyles;
    }

    /**
     * @param part the styles part, or null
     * @return the date styles
     */
    static DateStyles read(XmlPart part) throws IOException {
        BitSet dates = new BitSet();
        if (part == null) {
            return new DateStyles(dates);
        }
        try (part) {
            Map<Integer, String> custom = new HashMap<>();
            boolean inCellXfs = false;
            int xf = 0;
            while (part.hasNext()) {
                int event = part.next();
                if (event == XMLStreamConstants.START_ELEMENT) {
                    String local = part.local();
                    if (local.equals("numFmt")) {
                        Integer id = number(part.attribute("numFmtId"));
                        String code = part.attribute("formatCode");
                        if (id != null && code != null) {
                            custom.put(id, code);
                        }
                    } else if (local.equals("cellXfs")) {
                        inCellXfs = true;
                    } else if (local.equals("xf") && inCellXfs) {
                        Integer id = number(part.attribute("numFmtId"));
                        if (id != null && isDate(id, custom.get(id))) {
                            dates.set(xf);
                        }
                        xf++;
                    }
                } else if (event == XMLStreamConstants.END_ELEMENT && part.local().equals("cellXfs")) {
                    inCellXfs = false;
                }
            }
        }
        return new DateStyles(dates);
    }

    private static Integer number(String s) {
        try {
            return s == null ? null : Integer.valueOf(s.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** @return whether cells of the style (its index in {@code cellXfs}) show dates */
    boolean isDate(int style) {
        return style >= 0 && dateStyles.get(style);
    }

    /**
     * @param id   a number format id
     * @param code its format code when custom, else null
     * @return whether it shows a date (with or without a time), not a time of day only
     */
    static boolean isDate(int id, String code) {
        if (code == null) {
            // built in: 14-17 and 22 are dates; 27-36 and 50-58 are East Asian dates
            return (id >= 14 && id <= 17) || id == 22 || (id >= 27 && id <= 36) || (id >= 50 && id <= 58);
        }
        String section = code.split(";", 2)[0];
        StringBuilder plain = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < section.length(); i++) {
            char c = section.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (quoted) {
                continue;
            } else if (c == '\\' || c == '_' || c == '*') {
                i++;
            } else if (c == '[') {
                int end = section.indexOf(']', i);
                i = end < 0 ? section.length() : end;
            } else {
                plain.append(c);
            }
        }
        String p = plain.toString().toLowerCase(Locale.ROOT);
        if (p.contains("@") || p.contains("general")) {
            return false;
        }
        return p.indexOf('y') >= 0 || p.indexOf('d') >= 0
                || (p.indexOf('m') >= 0 && p.indexOf('h') < 0 && p.indexOf('s') < 0);
    }
}
