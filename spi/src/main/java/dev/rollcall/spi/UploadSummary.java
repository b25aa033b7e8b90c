package dev.rollcall.spi;

/**
 * The counters a results screen shows for one upload. Each row of the file counts once,
 * by its action; users a full upload deactivates without a row count as
 * {@code deactivated} but not as {@code rows}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param rows          data rows read from the file
 * @param created       users created
 * @param updated       users whose fields or memberships changed (and nothing more
 *                      specific)
 * @param renamed       users renamed
 * @param activated     users activated
 * @param deactivated   users deactivated
 * @param deleted       users deleted
 * @param unchanged     rows that matched a user and changed nothing
 * @param skipped       rows skipped for a reason (an option, a reviewer's exclusion)
 * @param rejected      rows rejected for errors
 * @param failed        changes the repository refused while applying
 * @param notAttempted  changes not attempted because applying stopped early
 * @param weakPasswords rows whose password does not meet the password policy
 */
public record UploadSummary(long rows, long created, long updated, long renamed, long activated, long deactivated,
                            long deleted, long unchanged, long skipped, long rejected, long failed,
                            long notAttempted, long weakPasswords) {

    /** An upload that did nothing. */
    public static final UploadSummary EMPTY = new UploadSummary(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    /** @return the number of users changed in any way */
    public long changed() {
        return created + updated + renamed + activated + deactivated + deleted;
    }

    /** @return {@code 3 created, 1 updated, …} listing the counters that are not zero */
    public String describe() {
        StringBuilder sb = new StringBuilder().append(rows).append(rows == 1 ? " row" : " rows");
        append(sb, created, "created");
        append(sb, updated, "updated");
        append(sb, renamed, "renamed");
        append(sb, activated, "activated");
        append(sb, deactivated, "deactivated");
        append(sb, deleted, "deleted");
        append(sb, unchanged, "unchanged");
        append(sb, skipped, "skipped");
        append(sb, rejected, "rejected");
        append(sb, failed, "failed");
        append(sb, notAttempted, "not attempted");
        append(sb, weakPasswords, weakPasswords == 1 ? "weak password" : "weak passwords");
        return sb.toString();
    }

    private static void append(StringBuilder sb, long n, String label) {
        if (n != 0) {
            sb.append(", ").append(n).append(' ').append(label);
        }
    }
}
