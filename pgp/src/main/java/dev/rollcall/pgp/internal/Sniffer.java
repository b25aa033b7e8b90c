package dev.rollcall.pgp.internal;

import java.nio.charset.StandardCharsets;

/** Recognises an OpenPGP message by its first bytes, without Bouncy Castle. Stateless. */
public final class Sniffer {

    /** What the first bytes of a file say it is. */
    public enum Kind {
        /** {@code -----BEGIN PGP MESSAGE-----} */
        ARMORED_MESSAGE,
        /** another ASCII-armoured OpenPGP block: a key, a signature, a clear-signed message */
        ARMORED_OTHER,
        /** a binary packet that starts an encrypted (or compressed) message */
        BINARY_MESSAGE,
        /** a binary OpenPGP packet that starts something else: keys, a signature, literal data */
        BINARY_OTHER,
        /** no bytes at all */
        EMPTY,
        /** text that is not ASCII armour */
        TEXT,
        /** bytes that are no OpenPGP packet */
        UNKNOWN
    }

    static final String ARMOR_START = "-----BEGIN PGP ";
    static final String ARMOR_MESSAGE = "-----BEGIN PGP MESSAGE-----";

    private Sniffer() {
    }

    /** @return what the first {@code length} bytes of {@code head} look like */
    public static Kind classify(byte[] head, int length) {
        if (length <= 0) {
            return Kind.EMPTY;
        }
        int first = head[0] & 0xFF;
        if ((first & 0x80) != 0) {
            if (first == 0xEF && length >= 3 && (head[1] & 0xFF) == 0xBB && (head[2] & 0xFF) == 0xBF) {
                return classifyText(head, 3, length); // UTF-8 byte-order mark
            }
            int tag = (first & 0x40) != 0 ? first & 0x3F : (first & 0x3C) >> 2;
            switch (tag) {
                case 1:  // public-key encrypted session key
                case 3:  // symmetric-key encrypted session key
                case 8:  // compressed data
                case 9:  // symmetrically encrypted data (no integrity)
                case 10: // marker
                case 18: // symmetrically encrypted, integrity protected data
                case 20: // AEAD encrypted data (LibrePGP / GnuPG 2.4)
                    return Kind.BINARY_MESSAGE;
                case 2:  // signature
                case 4:  // one-pass signature
                case 5:  // secret key
                case 6:  // public key
                case 11: // literal data
                    return Kind.BINARY_OTHER;
                default:
                    return Kind.UNKNOWN;
            }
        }
        return classifyText(head, 0, length);
    }

    private static Kind classifyText(byte[] head, int from, int length) {
        int i = from;
        while (i < length && isWhitespace(head[i])) {
            i++;
        }
        String start = new String(head, i, Math.min(length - i, ARMOR_MESSAGE.length()), StandardCharsets.US_ASCII);
        if (start.equals(ARMOR_MESSAGE)) {
            return Kind.ARMORED_MESSAGE;
        }
        return start.startsWith(ARMOR_START) ? Kind.ARMORED_OTHER : Kind.TEXT;
    }

    private static boolean isWhitespace(byte b) {
        return b == ' ' || b == '\t' || b == '\r' || b == '\n';
    }

    /** @return the armour header line's type, e.g. {@code PUBLIC KEY BLOCK}, for messages */
    public static String armorType(byte[] head, int length) {
        String text = new String(head, 0, length, StandardCharsets.US_ASCII);
        int start = text.indexOf(ARMOR_START);
        if (start < 0) {
            return "block";
        }
        int end = text.indexOf("-----", start + ARMOR_START.length());
        if (end < 0) {
            return "block";
        }
        String type = text.substring(start + ARMOR_START.length(), end);
        // it goes into a message: keep it short and plain
        return type.length() <= 40 && type.matches("[A-Z0-9 ,]+") ? type : "block";
    }
}
