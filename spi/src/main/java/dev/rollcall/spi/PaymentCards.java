package dev.rollcall.spi;

/**
 * Recognises payment card numbers in values of fields that are not marked
 * {@link FieldDefinition#sensitive() sensitive}, so that a host that forgot to mark its card
 * field still never sees one in a report, an error file or an extract: Rollcall shows such a
 * value as {@code ***} and warns that the field should be marked sensitive.
 *
 * <p>A value is taken for a card number when, spaces and hyphens aside, it is 13 to 19 digits,
 * begins as the major card schemes' numbers do (Visa 4; Mastercard 51–55 and 2221–2720;
 * American Express 34 and 37; Discover 6011, 644–649 and 65; JCB 35; Diners Club 30, 36 and
 * 38; UnionPay 62) and passes the Luhn check. Any 16-digit value that does so is masked, a
 * rare staff number included: masking a value that was not a card costs a look at the
 * store; showing one that was cannot be undone.
 */
public final class PaymentCards {

    private PaymentCards() {
    }

    /**
     * @param value a value, or null
     * @return whether it looks like a payment card number
     */
    public static boolean looksLikeCardNumber(String value) {
        if (value == null || value.length() < 13 || value.length() > 23) {
            return false;
        }
        char[] digits = new char[19];
        int n = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c >= '0' && c <= '9') {
                if (n == digits.length) {
                    return false;
                }
                digits[n++] = c;
            } else if (c != ' ' && c != '-') {
                return false;
            }
        }
        return n >= 13 && schemePrefix(digits) && luhn(digits, n);
    }

    private static boolean schemePrefix(char[] d) {
        int two = (d[0] - '0') * 10 + (d[1] - '0');
        int three = two * 10 + (d[2] - '0');
        int four = three * 10 + (d[3] - '0');
        return d[0] == '4'
                || (two >= 51 && two <= 55) || (four >= 2221 && four <= 2720)
                || two == 34 || two == 37
                || four == 6011 || (three >= 644 && three <= 649) || two == 65
                || two == 35
                || two == 30 || two == 36 || two == 38
                || two == 62;
    }

    private static boolean luhn(char[] d, int n) {
        int sum = 0;
        for (int i = n - 1, k = 0; i >= 0; i--, k++) {
            int x = d[i] - '0';
            if (k % 2 == 1) {
                x *= 2;
                if (x > 9) {
                    x -= 9;
                }
            }
            sum += x;
        }
        return sum % 10 == 0;
    }
}
