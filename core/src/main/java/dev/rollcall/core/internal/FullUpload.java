package dev.rollcall.core.internal;

import dev.rollcall.core.Action;
import dev.rollcall.core.FieldChange;
import dev.rollcall.core.PlannedChange;
import dev.rollcall.spi.Codes;
import dev.rollcall.spi.PasswordChange;
import dev.rollcall.spi.Problem;
import dev.rollcall.spi.Severity;
import dev.rollcall.spi.StandardFields;
import dev.rollcall.spi.UserQuery;
import dev.rollcall.spi.UserRecord;
import dev.rollcall.spi.UserStatus;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The last stage of a full upload: every active user of the feed, inside the scope, that no
 * row named is deactivated; then the safety guard against deactivating too many.
 */
final class FullUpload {

    private final RunContext run;
    private final Settings settings;

    FullUpload(RunContext run) {
        this.run = run;
        this.settings = run.settings;
    }

    /**
     * Plans the deactivation of the users the file left out, streamed, so the feed's users are
     * never all in memory. Then the safety guard: more than the allowed share stops the plan
     * unless the host allowed mass deactivation; anyone at all from a file without rows stops
     * it unless the host opted in to exactly that (deactivate all on an empty file).
     *
     * @param rows the number of rows the file had
     * @param plan takes each deactivation
     * @return why the guard stops the plan, or null
     */
    Problem planLeftOut(long rows, Consumer<PlannedChange> plan) {
        String matchOn = run.matchOn;
        long active = 0;
        long deactivated = 0;
        try (Stream<UserRecord> feedUsers = run.repository.list(UserQuery.feed(settings.feed()).inScope(run.scope))) {
            for (UserRecord u : (Iterable<UserRecord>) feedUsers::iterator) {
                if (u.status() != UserStatus.ACTIVE) {
                    continue;
                }
                active++;
                String key = u.fields().get(matchOn);
                boolean named = run.claims.named("user", u.id())
                        || run.claims.named("named", u.username())
                        || (key != null && (run.claims.named("key", Keys.comparable(matchOn, key))
                                || (run.claims.withinSite(matchOn)
                                        && run.claims.named("key", run.claims.claimKey(matchOn, key, u.site().orElse(null))))));
                if (named) {
                    continue;
                }
                deactivated++;
                plan.accept(new PlannedChange(0, Action.DEACTIVATE, u.id(), u.username(), u.version(),
                        List.of(new FieldChange(StandardFields.STATUS, UserStatus.ACTIVE.name(), UserStatus.INACTIVE.name(),
                                false)), Set.of(), Set.of(),
                        List.of(new Problem(Severity.INFO, Codes.NOT_IN_FILE, 0, null, null, "not in the file: feed "
                                + settings.feed() + " no longer lists " + u.username())),
                        PasswordChange.NONE, false, false));
            }
        }
        if (deactivated == 0) {
            return null;
        }
        double share = 100.0 * deactivated / active;
        if (rows == 0 && !settings.deactivateAllOnEmptyFile()) {
            return new Problem(Severity.ERROR, Codes.MASS_DEACTIVATION, 0, null, null, "the file has no rows, so this "
                    + "full upload would deactivate all " + active + " active users of feed " + settings.feed()
                    + "; nothing was written. An empty export is taken for a broken one, even where mass deactivation "
                    + "is allowed; if nobody should stay active, allow exactly that (deactivate all on an empty file)");
        } else if (rows > 0 && !settings.allowMassDeactivation() && share > settings.maxDeactivationPercent()) {
            return new Problem(Severity.ERROR, Codes.MASS_DEACTIVATION, 0, null, null, String.format(Locale.ROOT,
                    "this full upload would deactivate %d of the %d active users of feed %s (%.1f%%), more than the %s%% "
                            + "allowed; nothing was written. Check that the file is complete, or allow mass deactivation "
                            + "explicitly", deactivated, active, settings.feed(), share,
                    new BigDecimal(Double.toString(settings.maxDeactivationPercent())).stripTrailingZeros()
                            .toPlainString()));
        }
        return null;
    }
}
