package dev.rollcall.pgp.internal;

import java.util.Collection;
import java.util.Locale;
import java.util.stream.Collectors;

/** Formats OpenPGP key ids the way administrators see them in {@code gpg --keyid-format long}. Stateless. */
public final class KeyIds {

    private KeyIds() {
    }

    /** @return {@code 0x} and sixteen upper-case hex digits */
    public static String hex(long keyId) {
        return String.format(Locale.ROOT, "0x%016X", keyId);
    }

    /** @return the ids in hex, comma-separated, or {@code none} */
    public static String list(Collection<Long> keyIds) {
        if (keyIds.isEmpty()) {
            return "none";
        }
        return keyIds.stream().map(KeyIds::hex).collect(Collectors.joining(", "));
    }
}
