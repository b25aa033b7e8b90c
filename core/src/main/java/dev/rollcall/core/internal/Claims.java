package dev.rollcall.core.internal;

/**
 * What earlier rows of a file claimed (a user, a key, a username, a unique value), with the
 * line that claimed it, in little memory: an open-addressing table of 64-bit hashes of
 * (kind, value) and int lines, 12 bytes a slot, filled up to three quarters. A million claims
 * take 16 to 24 MB, where string-keyed hash maps took over 100.
 *
 * <p>Two different values could share a 64-bit hash; the chance in a file of ten million
 * claims is about one in 400,000, and the effect is a row reported as a duplicate. Not
 * thread-safe.
 */
public final class Claims {

    private static final int MIN_CAPACITY = 1 << 10;

    private long[] hashes = new long[MIN_CAPACITY];
    private int[] lines = new int[MIN_CAPACITY];
    private int size;
    private boolean zeroClaimed;
    private int zeroLine;

    /**
     * @param kind  what is claimed (a field name, "user", "key"), kept apart from other kinds
     * @param value the value
     * @return the 64-bit hash that identifies the claim
     */
    public static long hash(String kind, String value) {
        long h = 0x9E3779B97F4A7C15L;
        for (int i = 0; i < kind.length(); i++) {
            h = (h ^ kind.charAt(i)) * 0x100000001B3L;
        }
        h = (h ^ 0xFF) * 0x100000001B3L;
        for (int i = 0; i < value.length(); i++) {
            h = (h ^ value.charAt(i)) * 0x100000001B3L;
        }
        // murmur3's finaliser spreads the bits
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        h *= 0xC4CEB9FE1A85EC53L;
        h ^= h >>> 33;
        return h;
    }

    /**
     * Claims a value for a line unless an earlier line did.
     *
     * @return the line of the earlier claim, or 0 when this one is the first
     */
    public long claim(long hash, long line) {
        int l = line > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) Math.max(line, 1);
        if (hash == 0) {
            if (zeroClaimed) {
                return zeroLine;
            }
            zeroClaimed = true;
            zeroLine = l;
            return 0;
        }
        int mask = hashes.length - 1;
        int i = (int) (hash ^ (hash >>> 32)) & mask;
        while (hashes[i] != 0) {
            if (hashes[i] == hash) {
                return lines[i];
            }
            i = (i + 1) & mask;
        }
        hashes[i] = hash;
        lines[i] = l;
        if (++size * 4 > hashes.length * 3) {
            grow();
        }
        return 0;
    }

    /** @return the line that claimed the value, or 0 when no line did */
    public long lineOf(long hash) {
        if (hash == 0) {
            return zeroClaimed ? zeroLine : 0;
        }
        int mask = hashes.length - 1;
        int i = (int) (hash ^ (hash >>> 32)) & mask;
        while (hashes[i] != 0) {
            if (hashes[i] == hash) {
                return lines[i];
            }
            i = (i + 1) & mask;
        }
        return 0;
    }

    /** @return whether a line claimed the value */
    public boolean contains(long hash) {
        return lineOf(hash) != 0;
    }

    private void grow() {
        long[] oldHashes = hashes;
        int[] oldLines = lines;
        hashes = new long[oldHashes.length * 2];
        lines = new int[oldHashes.length * 2];
        int mask = hashes.length - 1;
        for (int j = 0; j < oldHashes.length; j++) {
            long h = oldHashes[j];
            if (h != 0) {
                int i = (int) (h ^ (h >>> 32)) & mask;
                while (hashes[i] != 0) {
                    i = (i + 1) & mask;
                }
                hashes[i] = h;
                lines[i] = oldLines[j];
            }
        }
    }
}
