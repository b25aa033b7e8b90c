package dev.rollcall.testkit;

import dev.rollcall.spi.FieldDefinition;

import java.time.LocalDate;
import java.util.List;
import java.util.Locale;

/** Valid values for a field's type, numbered so tests can ask for distinct ones. */
final class FieldValues {

    static final List<String> COUNTRIES = List.of("CAN", "USA", "FRA", "DEU", "JPN", "BRA", "IND", "NGA", "MEX", "ESP");

    private FieldValues() {
    }

    /**
     * @param f a field
     * @param n any number; different numbers give different values while the type allows
     * @return a value valid for the field's type and lengths
     */
    static String valid(FieldDefinition f, int n) {
        String v;
        switch (f.type()) {
            case EMAIL:
                v = "user" + n + "@example.com";
                break;
            case DATE:
                v = LocalDate.of(2026, 1, 1).plusDays(n).toString();
                break;
            case DECIMAL:
                v = n + ".50";
                break;
            case INTEGER:
                v = String.valueOf(n);
                break;
            case BOOLEAN:
                v = n % 2 == 0 ? "true" : "false";
                break;
            case ENUMERATION:
                v = f.allowedValues().get(Math.floorMod(n, f.allowedValues().size()));
                break;
            case PHONE:
                v = String.format(Locale.ROOT, "555%07d", Math.floorMod(n, 10_000_000));
                break;
            case COUNTRY:
                v = COUNTRIES.get(Math.floorMod(n, COUNTRIES.size()));
                break;
            case IDENTIFIER:
                v = f.fixedLength() > 0 ? digits(n, f.fixedLength()) : "ID-" + n;
                break;
            case TEXT:
            default:
                v = f.fixedLength() > 0 ? digits(n, f.fixedLength()) : "Value " + n;
                break;
        }
        if (f.maxLength() > 0 && v.length() > f.maxLength()) {
            v = digits(n, f.maxLength());
        }
        return v;
    }

    /** @return how many distinct values {@link #valid} can make for the field */
    static int distinct(FieldDefinition f) {
        switch (f.type()) {
            case BOOLEAN:
                return 2;
            case ENUMERATION:
                return f.allowedValues().size();
            case COUNTRY:
                return COUNTRIES.size();
            default:
                int len = f.fixedLength() > 0 ? f.fixedLength() : f.maxLength();
                return len > 0 && len < 4 ? (int) Math.pow(10, len) : Integer.MAX_VALUE;
        }
    }

    /** @return whether values compare differently when their case changes (they hold letters) */
    static boolean hasLetters(String value) {
        return !value.toUpperCase(Locale.ROOT).equals(value.toLowerCase(Locale.ROOT));
    }

    private static String digits(int n, int length) {
        String s = String.valueOf(Math.floorMod(n, (int) Math.min(Integer.MAX_VALUE, Math.pow(10, Math.min(length, 9)))));
        StringBuilder sb = new StringBuilder();
        while (sb.length() + s.length() < length) {
            sb.append('0');
        }
        return sb.append(s).toString();
    }
}
