package dev.rollcall.spi;

/**
 * Every problem and failure code Rollcall reports, in one place. Codes are stable: scripts
 * may branch on them. {@code docs/CODES.md} explains each one to administrators.
 *
 * <p>File-level codes refuse the whole file before anything is written; row-level codes
 * reject, skip or annotate one row.
 */
public final class Codes {

    private Codes() {
    }

    // ---- file level: the file is refused, nothing is written ----

    /** The file has no header row, or no bytes at all. */
    public static final String EMPTY_FILE = "EMPTY_FILE";
    /** A header names a column that is neither a known field nor a custom field of the host. */
    public static final String UNKNOWN_COLUMN = "UNKNOWN_COLUMN";
    /**
     * The header was read as one column that splits, on another delimiter ({@code ;}, tab,
     * {@code |}, {@code ,}), into known columns: the file was read with the wrong delimiter.
     */
    public static final String WRONG_DELIMITER = "WRONG_DELIMITER";
    /** Two header columns mean the same field. */
    public static final String DUPLICATE_COLUMN = "DUPLICATE_COLUMN";
    /** A header cell is empty. */
    public static final String BLANK_COLUMN = "BLANK_COLUMN";
    /** A column the upload needs (the match key, say) is missing. */
    public static final String MISSING_COLUMN = "MISSING_COLUMN";
    /** A quoted value is never closed; it would swallow the rest of the file. */
    public static final String UNCLOSED_QUOTE = "UNCLOSED_QUOTE";
    /** Bytes that are not valid in the file's declared encoding. */
    public static final String MALFORMED_ENCODING = "MALFORMED_ENCODING";
    /** The file is not valid in its format (malformed CSV or XML). */
    public static final String MALFORMED_FILE = "MALFORMED_FILE";
    /** The file could not be read at all. */
    public static final String UNREADABLE_FILE = "UNREADABLE_FILE";

    /** The file has more data rows than the upload allows. */
    public static final String TOO_MANY_ROWS = "TOO_MANY_ROWS";
    /** Strict template: the header does not match the template (a column renamed or removed). */
    public static final String TEMPLATE_MISMATCH = "TEMPLATE_MISMATCH";
    /** XML: the document declares a DTD; DTDs are refused (they can read files or expand without bound). */
    public static final String XML_DTD_FORBIDDEN = "XML_DTD_FORBIDDEN";
    /**
     * Excel: the workbook is refused as unsafe: it is larger than allowed, a part inflates past
     * the limit or ratio (a zip bomb), or its data sheet is a link to a file outside it.
     */
    public static final String UNSAFE_WORKBOOK = "UNSAFE_WORKBOOK";
    /** XML: the document breaks the upload's XML schema (XSD). */
    public static final String SCHEMA_VIOLATION = "SCHEMA_VIOLATION";
    /** No installed format reads the file. */
    public static final String NO_FORMAT = "NO_FORMAT";
    /** An installed format or decoder could not be loaded. */
    public static final String BROKEN_PROVIDER = "BROKEN_PROVIDER";
    /**
     * A column (or a delegate upload, or a setting of the upload) needs something the store declares
     * it does not keep ({@link StoreFeatures}): memberships of a kind, a membership's role, status or
     * period, delegates, an account status (a status column, a full upload, new users made inactive),
     * passwords.
     */
    public static final String UNSUPPORTED_COLUMN = "UNSUPPORTED_COLUMN";

    /**
     * A full upload would deactivate more of the feed's users than the safety guard allows
     * (or a file without rows would deactivate anyone); nothing is written.
     */
    public static final String MASS_DEACTIVATION = "MASS_DEACTIVATION";

    // ---- decoding (PGP) ----

    /** The file is not an OpenPGP message. */
    public static final String PGP_NOT_ENCRYPTED = "PGP_NOT_ENCRYPTED";
    /** The file is encrypted for a key the key ring does not hold. */
    public static final String PGP_WRONG_KEY = "PGP_WRONG_KEY";
    /** The passphrase does not unlock the secret key. */
    public static final String PGP_BAD_PASSPHRASE = "PGP_BAD_PASSPHRASE";
    /** The message failed its integrity check: it was changed or damaged in transit. */
    public static final String PGP_TAMPERED = "PGP_TAMPERED";
    /** The message has no integrity protection, and the host did not allow that. */
    public static final String PGP_NO_INTEGRITY = "PGP_NO_INTEGRITY";
    /** A signature was required and the message is not signed. */
    public static final String PGP_UNSIGNED = "PGP_UNSIGNED";
    /** The message is signed, but not validly by one of the trusted keys. */
    public static final String PGP_BAD_SIGNATURE = "PGP_BAD_SIGNATURE";
    /** The message decompresses to more than the allowed size or ratio. */
    public static final String PGP_TOO_LARGE = "PGP_TOO_LARGE";

    // ---- row level ----

    /** A row has more or fewer cells than the header. */
    public static final String CELL_COUNT = "CELL_COUNT";
    /** A row has no value for the field the upload matches on. */
    public static final String MISSING_KEY = "MISSING_KEY";
    /** A new user lacks a field required to create it. */
    public static final String MISSING_REQUIRED = "MISSING_REQUIRED";
    /** A value is not valid for its field. */
    public static final String INVALID_VALUE = "INVALID_VALUE";
    /** The match key finds more than one user. */
    public static final String AMBIGUOUS_MATCH = "AMBIGUOUS_MATCH";
    /** An earlier row of the same file already names this user. */
    public static final String DUPLICATE_ROW = "DUPLICATE_ROW";
    /** The row's user exists and the upload mode does not update existing users. */
    public static final String USER_EXISTS = "USER_EXISTS";
    /** The row's user does not exist and the upload mode does not create users. */
    public static final String USER_NOT_FOUND = "USER_NOT_FOUND";
    /** The username is already used by another user (or an earlier row). */
    public static final String USERNAME_TAKEN = "USERNAME_TAKEN";
    /** A field the schema says may not change on existing users would change. */
    public static final String NOT_UPDATABLE = "NOT_UPDATABLE";
    /** The row would rename its user, and the upload does not allow renames. */
    public static final String RENAME_NOT_ALLOWED = "RENAME_NOT_ALLOWED";
    /** The row would delete its user, and the upload does not allow deletes. */
    public static final String DELETE_NOT_ALLOWED = "DELETE_NOT_ALLOWED";
    /** The row would activate or deactivate its user, and the upload does not allow status changes. */
    public static final String STATUS_CHANGE_NOT_ALLOWED = "STATUS_CHANGE_NOT_ALLOWED";
    /** The row's user belongs to a site outside the upload's site scope; it is never touched. */
    public static final String OUTSIDE_SCOPE = "OUTSIDE_SCOPE";
    /** A value names a cohort, course, site, theme or other target the host does not have. */
    public static final String UNKNOWN_TARGET = "UNKNOWN_TARGET";
    /** The row's status columns contradict each other. */
    public static final String CONFLICTING_STATUS = "CONFLICTING_STATUS";
    /** The email address is already used by another user or an earlier row. */
    public static final String DUPLICATE_EMAIL = "DUPLICATE_EMAIL";
    /** The password does not meet the password policy (the row goes ahead; the password is counted as weak). */
    public static final String WEAK_PASSWORD = "WEAK_PASSWORD";
    /** A column of the row is ignored, and why (a password when passwords are not updated, employeeStatus on a single sign-on site). */
    public static final String IGNORED_VALUE = "IGNORED_VALUE";
    /**
     * A value holds a control character (C0 but TAB, so CR and LF too; DEL; C1), a byte order
     * mark (U+FEFF) or a bidirectional override or isolate; the message names it by its code
     * point, never printing it. See {@link ControlCharacters}.
     */
    public static final String CONTROL_CHARACTER = "CONTROL_CHARACTER";
    /** A value shows signs of Excel damage: a rewritten date, scientific notation, lost leading zeros, mixed-up encoding. */
    public static final String EXCEL_DAMAGE = "EXCEL_DAMAGE";
    /**
     * A value looks like a payment card number in a field not marked sensitive: it is shown as
     * {@code ***} and kept out of error files and extracts; the host should mark the field sensitive.
     */
    public static final String CARD_NUMBER = "CARD_NUMBER";
    /** A row gives some fields of a set (a payment card, a passport) and leaves others empty. */
    public static final String INCOMPLETE_FIELD_SET = "INCOMPLETE_FIELD_SET";
    /** The user is not in a full upload's file: the feed no longer lists them, so they are deactivated. */
    public static final String NOT_IN_FILE = "NOT_IN_FILE";
    /** A field set the row does not give is cleared, because the row gives other sets of the same kind (seed 004's payment cards). */
    public static final String FIELD_SET_CLEARED = "FIELD_SET_CLEARED";
    /** A user would be their own delegate. */
    public static final String SELF_DELEGATE = "SELF_DELEGATE";
    /** A delegate upload would remove more delegate links than the safety guard allows; nothing is written. */
    public static final String MASS_REMOVAL = "MASS_REMOVAL";
    /** A reviewer excluded the row from the plan. */
    public static final String EXCLUDED = "EXCLUDED";

    // ---- apply ----

    /** The user changed since the plan was made; the write was refused. */
    public static final String STALE_USER = "STALE_USER";
    /** The write would duplicate a unique field. */
    public static final String DUPLICATE_KEY = "DUPLICATE_KEY";
    /** The repository failed to make a change. */
    public static final String WRITE_FAILED = "WRITE_FAILED";
    /**
     * The store could not be read (or its schema checked): a failure of the store, not of the
     * file. Planning does not turn it into a refused file; it is thrown, and a scheduled job
     * keeps the file for its next run ({@link #JOB_FAILED}).
     */
    public static final String STORE_FAILED = "STORE_FAILED";
    /** Applying stopped before this change was attempted. */
    public static final String NOT_ATTEMPTED = "NOT_ATTEMPTED";
    /** A notifier failed; the upload itself went ahead. */
    public static final String NOTIFIER_FAILED = "NOTIFIER_FAILED";
    /** A saved plan was not applied: users it changes changed since it was made, or users it creates exist now. */
    public static final String STALE_PLAN = "STALE_PLAN";
    /** A saved plan file cannot be read (not a plan file, another version, or unreadable). */
    public static final String BAD_PLAN_FILE = "BAD_PLAN_FILE";
    /**
     * A saved plan file's signature does not match: it was changed or cut short since it
     * was saved, or made for another store. Refused before anything is read from it.
     */
    public static final String PLAN_TAMPERED = "PLAN_TAMPERED";
    /** The plan was applied already, or was refused and cannot be applied. */
    public static final String PLAN_NOT_APPLICABLE = "PLAN_NOT_APPLICABLE";

    // ---- scheduled feeds ----

    /** A job's file source could not be reached, listed or read (a missing folder, an SFTP server down); no file was taken. */
    public static final String SOURCE_FAILED = "SOURCE_FAILED";
    /** The SFTP server's host key is not in the known hosts file: the connection is refused, never trusted silently. */
    public static final String HOST_KEY_UNKNOWN = "HOST_KEY_UNKNOWN";
    /** The SFTP server's host key differs from the one in the known hosts file (a new server, or someone in between): refused. */
    public static final String HOST_KEY_CHANGED = "HOST_KEY_CHANGED";
    /** The SFTP server refused the job's credentials. */
    public static final String AUTHENTICATION_FAILED = "AUTHENTICATION_FAILED";
    /** Applying a file was interrupted (the process stopped); the file is kept aside and not applied again by itself. */
    public static final String RUN_INTERRUPTED = "RUN_INTERRUPTED";
    /** Processing a file failed for a reason outside the file (the store could not be reached); the file stays queued for the next run. */
    public static final String JOB_FAILED = "JOB_FAILED";
}
