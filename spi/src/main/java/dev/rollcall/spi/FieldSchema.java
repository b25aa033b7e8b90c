package dev.rollcall.spi;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The fields a host stores for its users, custom fields included, in template order.
 * A repository returns it from {@link UserRepository#schema()}; most hosts start from
 * {@link #standard()} and add their own fields with {@link #with}.
 *
 * <p>Immutable and thread-safe.
 */
public final class FieldSchema {

    private final List<FieldDefinition> fields;
    private final Map<String, FieldDefinition> byName;

    private FieldSchema(List<FieldDefinition> fields) {
        Map<String, FieldDefinition> index = new LinkedHashMap<>();
        for (FieldDefinition f : fields) {
            if (index.put(f.name(), f) != null) {
                throw new IllegalArgumentException("field " + f.name() + " is defined twice");
            }
        }
        this.fields = List.copyOf(fields);
        this.byName = Collections.unmodifiableMap(index);
    }

    /**
     * @param fields the fields, in template order; names must be distinct
     * @return a schema of exactly these fields
     */
    public static FieldSchema of(List<FieldDefinition> fields) {
        return new FieldSchema(fields);
    }

    /**
     * The standard fields of {@link StandardFields} with their usual header aliases (so
     * {@code First Name}, {@code firstname} and {@code userInfo.firstName} all mean
     * {@code firstName}). An individual needs an email address, a first and a last name to
     * be created; a facility an email address and a first (business) name.
     *
     * @return the standard schema
     */
    public static FieldSchema standard() {
        return STANDARD;
    }

    private static final FieldSchema STANDARD = new FieldSchema(List.of(
            FieldDefinition.builder(StandardFields.USERNAME).unique(true).maxLength(100)
                    .alias("user name", "login", "userInfo.userName", "user id", "userid")
                    .description("sign-in name, unique").example("jdoe").build(),
            FieldDefinition.builder(StandardFields.EMAIL).type(FieldType.EMAIL).maxLength(254)
                    .requiredFor(ProfileType.INDIVIDUAL, ProfileType.FACILITY)
                    .alias("email address", "e-mail", "e-mail address", "mail", "userInfo.email")
                    .description("email address").example("jdoe@example.com").build(),
            FieldDefinition.builder(StandardFields.FIRST_NAME).maxLength(100)
                    .requiredFor(ProfileType.INDIVIDUAL, ProfileType.FACILITY)
                    .alias("first name", "given name", "forename", "business name", "userInfo.firstName")
                    .description("first name; for a facility, the business name").example("John").build(),
            FieldDefinition.builder(StandardFields.LAST_NAME).maxLength(100)
                    .requiredFor(ProfileType.INDIVIDUAL)
                    .alias("last name", "surname", "family name", "userInfo.lastName")
                    .description("last name").example("Doe").build(),
            FieldDefinition.builder(StandardFields.EXTERNAL_ID).type(FieldType.IDENTIFIER).unique(true).maxLength(100)
                    .alias("external id", "ext id", "externalID")
                    .description("the feed's key for the user, unique").example("HR-000123").build(),
            FieldDefinition.builder(StandardFields.EMPLOYEE_ID).type(FieldType.IDENTIFIER).unique(true).maxLength(100)
                    .alias("employee id", "employee number", "employee no", "idnumber")
                    .description("employee number, unique").example("004512").build(),
            FieldDefinition.builder(StandardFields.STATUS).allowedValues("ACTIVE", "INACTIVE", "DELETED")
                    .alias("profile status", "account state")
                    .description("ACTIVE, INACTIVE or DELETED").example("ACTIVE").build(),
            FieldDefinition.builder(StandardFields.PASSWORD).sensitive(true).maxLength(1024)
                    .alias("pwd", "passwd")
                    .description("initial password; never shown or exported").build(),
            FieldDefinition.builder(StandardFields.PROFILE_TYPE).allowedValues("1", "2", "INDIVIDUAL", "FACILITY")
                    .alias("profile type", "profile type id")
                    .description("1 (individual) or 2 (facility)").example("1").build(),
            FieldDefinition.builder(StandardFields.DEPARTMENT).maxLength(255)
                    .alias("department name", "dept")
                    .description("department").example("Finance").build(),
            FieldDefinition.builder(StandardFields.JOB_TITLE).maxLength(255)
                    .alias("job title", "title", "position")
                    .description("job title").example("Nurse").build(),
            FieldDefinition.builder(StandardFields.PHONE).type(FieldType.PHONE)
                    .alias("mobile phone", "mobile", "phone number", "phone1", "cell phone")
                    .description("mobile phone, 10 digits, no spaces or punctuation").example("5551234567").build(),
            FieldDefinition.builder(StandardFields.COUNTRY).type(FieldType.COUNTRY)
                    .alias("country code", "mobile phone country")
                    .description("ISO 3166-1 alpha-3 country code").example("USA").build(),
            FieldDefinition.builder(StandardFields.CITY).maxLength(120)
                    .alias("town")
                    .description("city").example("Toronto").build(),
            FieldDefinition.builder(StandardFields.SITE).references("site")
                    .alias("site path")
                    .description("site path inside the upload's scope, e.g. Canada/Ontario/Hospital A").build(),
            FieldDefinition.builder(StandardFields.THEME).references("theme")
                    .alias("preferred theme")
                    .description("preferred theme").build()));

    /** @return the fields in template order */
    public List<FieldDefinition> fields() {
        return fields;
    }

    /**
     * @param name a canonical field name
     * @return the field's definition, or empty when the schema has no such field
     */
    public Optional<FieldDefinition> field(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** @return whether the schema defines the field */
    public boolean has(String name) {
        return byName.containsKey(name);
    }

    /** @return the custom fields, in template order */
    public List<FieldDefinition> customFields() {
        return fields.stream().filter(FieldDefinition::custom).toList();
    }

    /**
     * @param more fields to add at the end, or to replace the field of the same name in place
     * @return a new schema
     */
    public FieldSchema with(FieldDefinition... more) {
        Map<String, FieldDefinition> merged = new LinkedHashMap<>(byName);
        for (FieldDefinition f : more) {
            merged.put(Objects.requireNonNull(f, "field must not be null").name(), f);
        }
        return new FieldSchema(new ArrayList<>(merged.values()));
    }

    /**
     * @param names fields to drop
     * @return a new schema without them
     */
    public FieldSchema without(String... names) {
        List<String> drop = List.of(names);
        return new FieldSchema(fields.stream().filter(f -> !drop.contains(f.name())).toList());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FieldSchema s && s.fields.equals(fields);
    }

    @Override
    public int hashCode() {
        return fields.hashCode();
    }

    @Override
    public String toString() {
        return "FieldSchema" + byName.keySet();
    }
}
