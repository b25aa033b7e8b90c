package dev.rollcall.xlsx.internal;

/**
 * The limits a workbook is read within.
 *
 * @param maxFileBytes          the largest upload, in bytes
 * @param maxPartBytes          the largest part once inflated
 * @param maxCompressionRatio   how many times its compressed size a part may inflate to
 * @param maxValueLength        the longest cell value, in characters
 * @param sharedStringsInMemory characters of shared strings kept in memory before spilling
 */
public record Limits(long maxFileBytes, long maxPartBytes, int maxCompressionRatio, int maxValueLength,
                     int sharedStringsInMemory) {

    /** Parts smaller than this are never refused for their ratio: small XML compresses well. */
    static final long RATIO_FREE_BYTES = 1 << 20;
}
