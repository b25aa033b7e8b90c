package dev.rollcall.core.internal;

import dev.rollcall.core.EmptyValues;
import dev.rollcall.core.UploadMode;
import dev.rollcall.spi.Notifier;
import dev.rollcall.spi.UploadFormat;
import dev.rollcall.spi.UserRepository;
import dev.rollcall.spi.UserStatus;

/**
 * Everything a planner was configured with, copied by the builder. Immutable.
 *
 * @param repository           where users are looked up and written
 * @param format               the file format, or {@code null} to choose by file name
 * @param mode                 what happens to new and existing users
 * @param matchOn              the field rows are matched on
 * @param fallbackToUsername   match by username when the key finds nobody
 * @param emptyValues          what an explicit empty value does
 * @param batchSize            rows per look-up and per write batch
 * @param standardiseUsernames lower-case usernames and strip illegal characters
 * @param newUserStatus        the status of new users whose row gives none
 * @param allowRenames         a different username for a matched user renames it
 * @param allowDeletes         a {@code DELETED} status deletes the user
 * @param allowSuspends        a status change activates or deactivates the user
 * @param notifier             told about welcome messages and completion
 */
public record Settings(UserRepository repository, UploadFormat format, UploadMode mode, String matchOn,
                       boolean fallbackToUsername, EmptyValues emptyValues, int batchSize,
                       boolean standardiseUsernames, UserStatus newUserStatus, boolean allowRenames,
                       boolean allowDeletes, boolean allowSuspends, Notifier notifier) {
}
