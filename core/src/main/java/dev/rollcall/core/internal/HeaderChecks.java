package dev.rollcall.core.internal;

import dev.rollcall.core.UploadMode;
import dev.rollcall.spi.Codes;
import dev.rollcall.spi.FieldDefinition;
import dev.rollcall.spi.MembershipKind;
import dev.rollcall.spi.Problem;
import dev.rollcall.spi.ProfileType;
import dev.rollcall.spi.Severity;
import dev.rollcall.spi.StandardFields;
import dev.rollcall.spi.StoreFeatures;
import dev.rollcall.spi.UploadColumns;
import dev.rollcall.spi.UserStatus;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The checks of a file's header, before any row is read: every column is known, the header
 * is the template's (when it must be), the match key has a column, and in modes that only
 * create, every field a new user needs has one. A problem here refuses the whole file.
 */
final class HeaderChecks {

    private final Settings settings;
    private final FieldCatalog catalog;
    private final HeaderMapping header;
    private final List<Problem> problems = new ArrayList<>();

    private HeaderChecks(Settings settings, FieldCatalog catalog, HeaderMapping header) {
        this.settings = settings;
        this.catalog = catalog;
        this.header = header;
    }

    /**
     * Resolves a file's header and checks it.
     *
     * @param columns    the header as written
     * @param headerLine the line it is on
     * @param problems   where the header's problems go
     * @return the header, resolved
     */
    static HeaderMapping check(List<String> columns, long headerLine, Settings settings, FieldCatalog catalog,
                               List<Problem> problems) {
        HeaderChecks c = new HeaderChecks(settings, catalog, HeaderMapping.resolve(columns, headerLine, catalog));
        StoreFeatures features = settings.repository().features();
        for (Problem p : c.header.problems()) {
            c.problems.add(unsupportedStandardField(p, features));
        }
        if (settings.strictTemplate()) {
            c.checkTemplate(columns, headerLine);
        }
        c.checkKeyColumn(headerLine);
        c.checkRequiredColumns(headerLine);
        c.checkStoreFeatures(headerLine);
        problems.addAll(c.problems);
        return c.header;
    }

    /** Seed 001: do not rename columns, do not delete columns. */
    private void checkTemplate(List<String> columns, long headerLine) {
        Set<String> written = new HashSet<>();
        List<String> renamed = new ArrayList<>();
        for (String c : columns) {
            String h = c == null ? "" : c.strip();
            written.add(h);
            catalog.lookup(h).ifPresent(f -> {
                if (!f.name().equals(h)) {
                    renamed.add("\"" + h + "\" should be \"" + f.name() + "\"");
                }
            });
        }
        List<String> removed = new ArrayList<>();
        for (FieldDefinition f : catalog.schema().fields()) {
            if (!written.contains(f.name()) && !header.has(f.name())) {
                removed.add(f.name());
            }
        }
        if (!renamed.isEmpty() || !removed.isEmpty()) {
            List<String> parts = new ArrayList<>();
            if (!renamed.isEmpty()) {
                parts.add("renamed: " + String.join(", ", renamed));
            }
            if (!removed.isEmpty()) {
                parts.add("removed: " + String.join(", ", removed));
            }
            problems.add(new Problem(Severity.ERROR, Codes.TEMPLATE_MISMATCH, headerLine, null, null,
                    "the header must be the template's, with no column renamed or removed; " + String.join("; ", parts)));
        }
    }

    private void checkKeyColumn(long headerLine) {
        String matchOn = settings.matchOn();
        if (!header.problems().isEmpty() || header.has(matchOn) || settings.mode() == UploadMode.ADD_ALL) {
            return;
        }
        boolean usernameFallback = settings.fallbackToUsername() && header.has(StandardFields.USERNAME);
        boolean generatedOnly = matchOn.equals(StandardFields.USERNAME)
                && settings.defaults().get(StandardFields.USERNAME) != null && settings.mode().creates();
        if (!usernameFallback && !generatedOnly) {
            problems.add(new Problem(Severity.ERROR, Codes.MISSING_COLUMN, headerLine, null, matchOn,
                    "the upload matches users on " + matchOn + ", but the file has no " + matchOn + " column"));
        }
    }

    /**
     * An unknown column that names a standard field the store does not take (a {@code password}
     * column on a store without passwords, a {@code status} column on one without an account
     * status, whose schema leaves those fields out) is refused for what it is, not as unknown.
     */
    private static Problem unsupportedStandardField(Problem p, StoreFeatures features) {
        if (!Codes.UNKNOWN_COLUMN.equals(p.code()) || p.column() == null) {
            return p;
        }
        String field = STANDARD.lookup(p.column()).map(FieldDefinition::name).orElse("");
        String why = field.equals(StandardFields.PASSWORD) && !features.passwords() ? NO_PASSWORDS
                : field.equals(StandardFields.STATUS) && !features.status() ? NO_STATUS : null;
        return why == null ? p : new Problem(Severity.ERROR, Codes.UNSUPPORTED_COLUMN, p.line(), p.column(), field,
                cannotApply(p.column(), why));
    }

    private static final FieldCatalog STANDARD = new FieldCatalog(dev.rollcall.spi.FieldSchema.standard());
    private static final String NO_STATUS = "this store keeps no account status (every user is active; docs/MAPPING.md)";
    private static final String NO_PASSWORDS = "this store cannot take passwords (docs/MAPPING.md)";

    private static String cannotApply(String column, String why) {
        return "column \"" + column + "\" cannot be applied: " + why + "; remove the column";
    }

    /**
     * What the store cannot hold (docs/MAPPING.md) refuses the file before any row is read: a
     * column it has no place for, a site scope without sites, and without an account status a
     * status column, a full upload, or new users made inactive.
     */
    private void checkStoreFeatures(long headerLine) {
        if (settings.scope() != null && !catalog.schema().has(StandardFields.SITE)) {
            problems.add(new Problem(Severity.ERROR, Codes.UNSUPPORTED_COLUMN, headerLine, null, StandardFields.SITE,
                    "the upload is scoped to the site " + settings.scope() + ", but this store keeps no sites"
                            + " (docs/MAPPING.md); upload without a site scope"));
        }
        StoreFeatures features = settings.repository().features();
        if (!features.status()) {
            checkStatus(headerLine);
        }
        if (!features.passwords() && header.has(StandardFields.PASSWORD)) {
            String column = header.header(StandardFields.PASSWORD);
            problems.add(new Problem(Severity.ERROR, Codes.UNSUPPORTED_COLUMN, headerLine, column, StandardFields.PASSWORD,
                    cannotApply(column, NO_PASSWORDS)));
        }
        for (String d : header.directives()) {
            UploadColumns.numbered(d).ifPresent(n -> {
                String why = switch (n.prefix()) {
                    case UploadColumns.COHORT -> lacks(features, MembershipKind.COHORT);
                    case UploadColumns.COURSE -> lacks(features, MembershipKind.COURSE);
                    case UploadColumns.PROGRAM -> lacks(features, MembershipKind.PROGRAM);
                    case UploadColumns.GROUP -> lacks(features, MembershipKind.GROUP);
                    case UploadColumns.SYSTEM_ROLE -> lacks(features, MembershipKind.SYSTEM_ROLE);
                    default -> features.membershipDetails() ? null
                            : "this store keeps no role, status or period with a membership";
                };
                if (why != null) {
                    String column = header.header(d);
                    problems.add(new Problem(Severity.ERROR, Codes.UNSUPPORTED_COLUMN, headerLine, column, null,
                            cannotApply(column, why)));
                }
            });
        }
    }

    /** On a store that keeps no account status: what would need one. */
    private void checkStatus(long headerLine) {
        for (String status : STATUS_COLUMNS) {
            if (header.has(status)) {
                String column = header.header(status);
                problems.add(new Problem(Severity.ERROR, Codes.UNSUPPORTED_COLUMN, headerLine, column,
                        status.equals(StandardFields.STATUS) ? status : null, cannotApply(column, NO_STATUS)));
            }
        }
        if (settings.fullUpload()) {
            problems.add(new Problem(Severity.ERROR, Codes.UNSUPPORTED_COLUMN, headerLine, null, null,
                    "a full upload deactivates the feed's users that the file leaves out, but " + NO_STATUS
                            + "; upload without the full-upload setting (rollcall: without --full)"));
        }
        if (settings.mode().creates() && settings.newUserStatus() == UserStatus.INACTIVE) {
            problems.add(new Problem(Severity.ERROR, Codes.UNSUPPORTED_COLUMN, headerLine, null, null,
                    "new users are to be made inactive, but " + NO_STATUS
                            + "; leave the new users' status unset or make it active (rollcall: --new-user-status active)"));
        }
    }

    /** The columns that set an account status: the status field and the status words of other products. */
    private static final List<String> STATUS_COLUMNS = List.of(StandardFields.STATUS, UploadColumns.SUSPENDED,
            UploadColumns.EMPLOYEE_STATUS, UploadColumns.ACCOUNT_STATUS);

    private static String lacks(StoreFeatures features, MembershipKind kind) {
        return features.keeps(kind) ? null : "this store keeps no " + kind.targetKind() + " memberships";
    }

    /** In modes that only create, a file without a column every new user needs is refused at once. */
    private void checkRequiredColumns(long headerLine) {
        if (!header.problems().isEmpty()
                || (settings.mode() != UploadMode.ADD_NEW && settings.mode() != UploadMode.ADD_ALL)) {
            return;
        }
        ProfileType profile = header.has(StandardFields.PROFILE_TYPE) ? ProfileType.FACILITY : ProfileType.INDIVIDUAL;
        List<String> missing = new ArrayList<>();
        for (FieldDefinition f : catalog.schema().fields()) {
            boolean required = f.isRequiredFor(profile)
                    && (profile == ProfileType.INDIVIDUAL || f.isRequiredFor(ProfileType.INDIVIDUAL));
            if (required && !header.has(f.name()) && !settings.defaults().containsKey(f.name())) {
                missing.add(f.name());
            }
        }
        if (!missing.isEmpty()) {
            problems.add(new Problem(Severity.ERROR, Codes.MISSING_COLUMN, headerLine, null, missing.get(0),
                    "every new user needs " + String.join(", ", missing) + ", but the file has no such column"
                            + (missing.size() > 1 ? "s" : "")));
        }
    }
}
