package dev.rollcall.spi;

/**
 * The canonical names of the fields Rollcall knows without being told. Files may name
 * them by any of their aliases (see {@link FieldSchema#standard()}); records and changes
 * always use these names.
 */
public final class StandardFields {

    private StandardFields() {
    }

    /** The sign-in name; unique. */
    public static final String USERNAME = "username";
    /** The email address. Compared without regard to case. */
    public static final String EMAIL = "email";
    /** The first name; for a facility, its business name. */
    public static final String FIRST_NAME = "firstName";
    /** The last name. */
    public static final String LAST_NAME = "lastName";
    /** The key an HR system or other feed uses for the user; unique. */
    public static final String EXTERNAL_ID = "externalId";
    /** The employee number; unique. */
    public static final String EMPLOYEE_ID = "employeeId";
    /** {@code ACTIVE} or {@code INACTIVE} in a record; a file may also write {@code DELETED}. */
    public static final String STATUS = "status";
    /** The password: accepted in files, never stored by Rollcall, never shown. */
    public static final String PASSWORD = "password";
    /** The department. */
    public static final String DEPARTMENT = "department";
    /** The mobile phone number: 10 digits. */
    public static final String PHONE = "phone";
    /** The country: ISO 3166-1 alpha-3. */
    public static final String COUNTRY = "country";
    /** The city. */
    public static final String CITY = "city";
    /** The job title. */
    public static final String JOB_TITLE = "jobTitle";
    /** {@code 1}/{@code INDIVIDUAL} or {@code 2}/{@code FACILITY}; decides the fields required to create. */
    public static final String PROFILE_TYPE = "profileType";
    /** The path of the user's site in a multi-site host: {@code Canada/Ontario/Hospital A}. */
    public static final String SITE = "site";
    /** The preferred theme (multi-site hosts). */
    public static final String THEME = "theme";
    /**
     * The feed that created the user. Set by Rollcall on create, never read from a file;
     * absent for users added by hand or by open enrolment.
     */
    public static final String FEED = "feed";
}
