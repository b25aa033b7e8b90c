package dev.rollcall.core.internal;

import dev.rollcall.core.DuplicateUsernames;
import dev.rollcall.core.EmptyValues;
import dev.rollcall.core.FailurePolicy;
import dev.rollcall.core.ForcePasswordChange;
import dev.rollcall.core.PasswordPolicy;
import dev.rollcall.core.Progress;
import dev.rollcall.core.UpdateType;
import dev.rollcall.core.UploadMode;
import dev.rollcall.spi.Decoder;
import dev.rollcall.spi.Notifier;
import dev.rollcall.spi.UploadFormat;
import dev.rollcall.spi.UserRepository;
import dev.rollcall.spi.UserStatus;

import java.util.List;
import java.util.Map;

/**
 * Everything a planner was configured with, copied from the planner's builder. Built by name
 * ({@link #builder()}, {@link #toBuilder()}), never by position. Immutable.
 */
public final class Settings {

    private final UserRepository repository;
    private final UploadFormat format;
    private final UploadMode mode;
    private final String matchOn;
    private final boolean fallbackToUsername;
    private final EmptyValues emptyValues;
    private final int batchSize;
    private final boolean standardiseUsernames;
    private final UserStatus newUserStatus;
    private final boolean allowRenames;
    private final boolean allowDeletes;
    private final boolean allowSuspends;
    private final Notifier notifier;
    private final UpdateType updateType;
    private final Map<String, String> defaults;
    private final boolean extendedUsernameChars;
    private final DuplicateUsernames duplicateUsernames;
    private final boolean singleSignOn;
    private final boolean updatePasswords;
    private final ForcePasswordChange forcePasswordChange;
    private final PasswordPolicy passwordPolicy;
    private final boolean preventEmailDuplicates;
    private final String scope;
    private final Progress progress;
    private final int maxRows;
    private final boolean strictTemplate;
    private final boolean rejectExcelDamage;
    private final String feed;
    private final boolean fullUpload;
    private final double maxDeactivationPercent;
    private final boolean allowMassDeactivation;
    private final boolean deactivateAllOnEmptyFile;
    private final List<Decoder> decoders;
    private final FailurePolicy failurePolicy;
    private final byte[] planKey;

    private Settings(Builder b) {
        this.repository = b.repository;
        this.format = b.format;
        this.mode = b.mode;
        this.matchOn = b.matchOn;
        this.fallbackToUsername = b.fallbackToUsername;
        this.emptyValues = b.emptyValues;
        this.batchSize = b.batchSize;
        this.standardiseUsernames = b.standardiseUsernames;
        this.newUserStatus = b.newUserStatus;
        this.allowRenames = b.allowRenames;
        this.allowDeletes = b.allowDeletes;
        this.allowSuspends = b.allowSuspends;
        this.notifier = b.notifier;
        this.updateType = b.updateType;
        this.defaults = b.defaults == null ? Map.of() : Map.copyOf(b.defaults);
        this.extendedUsernameChars = b.extendedUsernameChars;
        this.duplicateUsernames = b.duplicateUsernames;
        this.singleSignOn = b.singleSignOn;
        this.updatePasswords = b.updatePasswords;
        this.forcePasswordChange = b.forcePasswordChange;
        this.passwordPolicy = b.passwordPolicy;
        this.preventEmailDuplicates = b.preventEmailDuplicates;
        this.scope = b.scope;
        this.progress = b.progress;
        this.maxRows = b.maxRows;
        this.strictTemplate = b.strictTemplate;
        this.rejectExcelDamage = b.rejectExcelDamage;
        this.feed = b.feed;
        this.fullUpload = b.fullUpload;
        this.maxDeactivationPercent = b.maxDeactivationPercent;
        this.allowMassDeactivation = b.allowMassDeactivation;
        this.deactivateAllOnEmptyFile = b.deactivateAllOnEmptyFile;
        this.decoders = b.decoders == null ? List.of() : List.copyOf(b.decoders);
        this.failurePolicy = b.failurePolicy;
        this.planKey = b.planKey == null ? null : b.planKey.clone();
    }

    /** @return a builder with nothing set: every reference {@code null} (the collections empty), every number 0, every flag false */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder holding these settings, to build others that differ in a few */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.repository = repository;
        b.format = format;
        b.mode = mode;
        b.matchOn = matchOn;
        b.fallbackToUsername = fallbackToUsername;
        b.emptyValues = emptyValues;
        b.batchSize = batchSize;
        b.standardiseUsernames = standardiseUsernames;
        b.newUserStatus = newUserStatus;
        b.allowRenames = allowRenames;
        b.allowDeletes = allowDeletes;
        b.allowSuspends = allowSuspends;
        b.notifier = notifier;
        b.updateType = updateType;
        b.defaults = defaults;
        b.extendedUsernameChars = extendedUsernameChars;
        b.duplicateUsernames = duplicateUsernames;
        b.singleSignOn = singleSignOn;
        b.updatePasswords = updatePasswords;
        b.forcePasswordChange = forcePasswordChange;
        b.passwordPolicy = passwordPolicy;
        b.preventEmailDuplicates = preventEmailDuplicates;
        b.scope = scope;
        b.progress = progress;
        b.maxRows = maxRows;
        b.strictTemplate = strictTemplate;
        b.rejectExcelDamage = rejectExcelDamage;
        b.feed = feed;
        b.fullUpload = fullUpload;
        b.maxDeactivationPercent = maxDeactivationPercent;
        b.allowMassDeactivation = allowMassDeactivation;
        b.deactivateAllOnEmptyFile = deactivateAllOnEmptyFile;
        b.decoders = decoders;
        b.failurePolicy = failurePolicy;
        b.planKey = planKey;
        return b;
    }

    /** @return these settings with another upload mode (a saved plan keeps the mode it was made with) */
    public Settings withMode(UploadMode newMode) {
        return toBuilder().mode(newMode).build();
    }

    /** @return where users are looked up and written */
    public UserRepository repository() {
        return repository;
    }

    /** @return the file format, or {@code null} to choose by file name */
    public UploadFormat format() {
        return format;
    }

    /** @return what happens to new and existing users */
    public UploadMode mode() {
        return mode;
    }

    /** @return the field rows are matched on */
    public String matchOn() {
        return matchOn;
    }

    /** @return match by username when the key finds nobody */
    public boolean fallbackToUsername() {
        return fallbackToUsername;
    }

    /** @return what an explicit empty value does */
    public EmptyValues emptyValues() {
        return emptyValues;
    }

    /** @return rows per look-up and per write batch */
    public int batchSize() {
        return batchSize;
    }

    /** @return lower-case usernames from the file and strip illegal characters */
    public boolean standardiseUsernames() {
        return standardiseUsernames;
    }

    /** @return the status of new users whose row gives none */
    public UserStatus newUserStatus() {
        return newUserStatus;
    }

    /** @return renames (an oldUsername column, or another username for a user matched on another key) are allowed */
    public boolean allowRenames() {
        return allowRenames;
    }

    /** @return a delete request deletes the user */
    public boolean allowDeletes() {
        return allowDeletes;
    }

    /** @return a status change activates or deactivates the user */
    public boolean allowSuspends() {
        return allowSuspends;
    }

    /** @return told about welcome messages and completion */
    public Notifier notifier() {
        return notifier;
    }

    /** @return what updates do with existing users' details */
    public UpdateType updateType() {
        return updateType;
    }

    /** @return default values (with template codes) by field */
    public Map<String, String> defaults() {
        return defaults;
    }

    /** @return generated usernames may keep characters other than letters, digits, - and . */
    public boolean extendedUsernameChars() {
        return extendedUsernameChars;
    }

    /** @return what happens when a generated username is taken */
    public DuplicateUsernames duplicateUsernames() {
        return duplicateUsernames;
    }

    /** @return accountStatus governs activation; employeeStatus is ignored */
    public boolean singleSignOn() {
        return singleSignOn;
    }

    /** @return a password column changes existing users' passwords */
    public boolean updatePasswords() {
        return updatePasswords;
    }

    /** @return who must change a password from the file at next sign-in */
    public ForcePasswordChange forcePasswordChange() {
        return forcePasswordChange;
    }

    /** @return decides which passwords are weak */
    public PasswordPolicy passwordPolicy() {
        return passwordPolicy;
    }

    /** @return a row whose email another user has is rejected */
    public boolean preventEmailDuplicates() {
        return preventEmailDuplicates;
    }

    /** @return the site the upload is limited to (recursive), or null */
    public String scope() {
        return scope;
    }

    /** @return told how far planning and applying have got; or null */
    public Progress progress() {
        return progress;
    }

    /** @return the most data rows a file may have, 0 for no limit */
    public int maxRows() {
        return maxRows;
    }

    /** @return the header must be the template's, no column renamed or removed */
    public boolean strictTemplate() {
        return strictTemplate;
    }

    /** @return signs of Excel damage reject the row instead of warning */
    public boolean rejectExcelDamage() {
        return rejectExcelDamage;
    }

    /** @return the feed new users are tagged with, or null */
    public String feed() {
        return feed;
    }

    /** @return users of the feed (in scope) that the file leaves out are deactivated */
    public boolean fullUpload() {
        return fullUpload;
    }

    /** @return the share of the feed's active users a full upload may deactivate */
    public double maxDeactivationPercent() {
        return maxDeactivationPercent;
    }

    /** @return a full upload may deactivate more than that share */
    public boolean allowMassDeactivation() {
        return allowMassDeactivation;
    }

    /** @return a full upload of a file without rows deactivates every active user of the feed (in scope); otherwise it is stopped */
    public boolean deactivateAllOnEmptyFile() {
        return deactivateAllOnEmptyFile;
    }

    /** @return decoders tried on each file (the host's, then the installed ones) */
    public List<Decoder> decoders() {
        return decoders;
    }

    /** @return what apply does when writes fail */
    public FailurePolicy failurePolicy() {
        return failurePolicy;
    }

    /** @return a copy of the host's key for saved plans, or null to use the repository's */
    public byte[] planKey() {
        return planKey == null ? null : planKey.clone();
    }

    /** Sets {@link Settings} by name. Not thread-safe. */
    public static final class Builder {

        private UserRepository repository;
        private UploadFormat format;
        private UploadMode mode;
        private String matchOn;
        private boolean fallbackToUsername;
        private EmptyValues emptyValues;
        private int batchSize;
        private boolean standardiseUsernames;
        private UserStatus newUserStatus;
        private boolean allowRenames;
        private boolean allowDeletes;
        private boolean allowSuspends;
        private Notifier notifier;
        private UpdateType updateType;
        private Map<String, String> defaults;
        private boolean extendedUsernameChars;
        private DuplicateUsernames duplicateUsernames;
        private boolean singleSignOn;
        private boolean updatePasswords;
        private ForcePasswordChange forcePasswordChange;
        private PasswordPolicy passwordPolicy;
        private boolean preventEmailDuplicates;
        private String scope;
        private Progress progress;
        private int maxRows;
        private boolean strictTemplate;
        private boolean rejectExcelDamage;
        private String feed;
        private boolean fullUpload;
        private double maxDeactivationPercent;
        private boolean allowMassDeactivation;
        private boolean deactivateAllOnEmptyFile;
        private List<Decoder> decoders;
        private FailurePolicy failurePolicy;
        private byte[] planKey;

        private Builder() {
        }

        /** @param value where users are looked up and written */
        public Builder repository(UserRepository value) {
            this.repository = value;
            return this;
        }

        /** @param value the file format, or {@code null} to choose by file name */
        public Builder format(UploadFormat value) {
            this.format = value;
            return this;
        }

        /** @param value what happens to new and existing users */
        public Builder mode(UploadMode value) {
            this.mode = value;
            return this;
        }

        /** @param value the field rows are matched on */
        public Builder matchOn(String value) {
            this.matchOn = value;
            return this;
        }

        /** @param value match by username when the key finds nobody */
        public Builder fallbackToUsername(boolean value) {
            this.fallbackToUsername = value;
            return this;
        }

        /** @param value what an explicit empty value does */
        public Builder emptyValues(EmptyValues value) {
            this.emptyValues = value;
            return this;
        }

        /** @param value rows per look-up and per write batch */
        public Builder batchSize(int value) {
            this.batchSize = value;
            return this;
        }

        /** @param value lower-case usernames from the file and strip illegal characters */
        public Builder standardiseUsernames(boolean value) {
            this.standardiseUsernames = value;
            return this;
        }

        /** @param value the status of new users whose row gives none */
        public Builder newUserStatus(UserStatus value) {
            this.newUserStatus = value;
            return this;
        }

        /** @param value renames (an oldUsername column, or another username for a user matched on another key) are allowed */
        public Builder allowRenames(boolean value) {
            this.allowRenames = value;
            return this;
        }

        /** @param value a delete request deletes the user */
        public Builder allowDeletes(boolean value) {
            this.allowDeletes = value;
            return this;
        }

        /** @param value a status change activates or deactivates the user */
        public Builder allowSuspends(boolean value) {
            this.allowSuspends = value;
            return this;
        }

        /** @param value told about welcome messages and completion */
        public Builder notifier(Notifier value) {
            this.notifier = value;
            return this;
        }

        /** @param value what updates do with existing users' details */
        public Builder updateType(UpdateType value) {
            this.updateType = value;
            return this;
        }

        /** @param value default values (with template codes) by field */
        public Builder defaults(Map<String, String> value) {
            this.defaults = value;
            return this;
        }

        /** @param value generated usernames may keep characters other than letters, digits, - and . */
        public Builder extendedUsernameChars(boolean value) {
            this.extendedUsernameChars = value;
            return this;
        }

        /** @param value what happens when a generated username is taken */
        public Builder duplicateUsernames(DuplicateUsernames value) {
            this.duplicateUsernames = value;
            return this;
        }

        /** @param value accountStatus governs activation; employeeStatus is ignored */
        public Builder singleSignOn(boolean value) {
            this.singleSignOn = value;
            return this;
        }

        /** @param value a password column changes existing users' passwords */
        public Builder updatePasswords(boolean value) {
            this.updatePasswords = value;
            return this;
        }

        /** @param value who must change a password from the file at next sign-in */
        public Builder forcePasswordChange(ForcePasswordChange value) {
            this.forcePasswordChange = value;
            return this;
        }

        /** @param value decides which passwords are weak */
        public Builder passwordPolicy(PasswordPolicy value) {
            this.passwordPolicy = value;
            return this;
        }

        /** @param value a row whose email another user has is rejected */
        public Builder preventEmailDuplicates(boolean value) {
            this.preventEmailDuplicates = value;
            return this;
        }

        /** @param value the site the upload is limited to (recursive), or null */
        public Builder scope(String value) {
            this.scope = value;
            return this;
        }

        /** @param value told how far planning and applying have got; or null */
        public Builder progress(Progress value) {
            this.progress = value;
            return this;
        }

        /** @param value the most data rows a file may have, 0 for no limit */
        public Builder maxRows(int value) {
            this.maxRows = value;
            return this;
        }

        /** @param value the header must be the template's, no column renamed or removed */
        public Builder strictTemplate(boolean value) {
            this.strictTemplate = value;
            return this;
        }

        /** @param value signs of Excel damage reject the row instead of warning */
        public Builder rejectExcelDamage(boolean value) {
            this.rejectExcelDamage = value;
            return this;
        }

        /** @param value the feed new users are tagged with, or null */
        public Builder feed(String value) {
            this.feed = value;
            return this;
        }

        /** @param value users of the feed (in scope) that the file leaves out are deactivated */
        public Builder fullUpload(boolean value) {
            this.fullUpload = value;
            return this;
        }

        /** @param value the share of the feed's active users a full upload may deactivate */
        public Builder maxDeactivationPercent(double value) {
            this.maxDeactivationPercent = value;
            return this;
        }

        /** @param value a full upload may deactivate more than that share */
        public Builder allowMassDeactivation(boolean value) {
            this.allowMassDeactivation = value;
            return this;
        }

        /** @param value a full upload of a file without rows deactivates every active user of the feed (in scope); otherwise it is stopped */
        public Builder deactivateAllOnEmptyFile(boolean value) {
            this.deactivateAllOnEmptyFile = value;
            return this;
        }

        /** @param value decoders tried on each file (the host's, then the installed ones) */
        public Builder decoders(List<Decoder> value) {
            this.decoders = value;
            return this;
        }

        /** @param value what apply does when writes fail */
        public Builder failurePolicy(FailurePolicy value) {
            this.failurePolicy = value;
            return this;
        }

        /** @param value the host's key for saved plans, or null to use the repository's */
        public Builder planKey(byte[] value) {
            this.planKey = value;
            return this;
        }

        /** @return the settings, with the collections copied */
        public Settings build() {
            return new Settings(this);
        }
    }
}
