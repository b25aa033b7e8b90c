package dev.rollcall.jobs;

import dev.rollcall.core.EmptyValues;
import dev.rollcall.core.UploadMode;
import dev.rollcall.core.UploadPlanner;
import dev.rollcall.spi.FileSource;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JobTest {

    private static final FileSource FOLDER = FileSources.folder(Path.of("in"));
    private static final FileSource FIXED = FileSources.file(Path.of("users.csv"));

    private static Job.Builder valid() {
        return Job.builder("hr").source(FOLDER).schedule(Feeds.everyMinute());
    }

    private static void assertMessage(Class<? extends Throwable> type, String message, Runnable r) {
        Throwable t = assertThrows(type, r::run);
        assertEquals(message, t.getMessage());
    }

    @Test
    void defaults() {
        Job job = valid().build();
        assertEquals("hr", job.description());
        assertEquals("hr", job.feed(), "each job is its own feed");
        assertEquals(LoadType.USERS, job.loadType());
        assertEquals(UploadMode.ADD_UPDATE, job.mode());
        assertEquals(EmptyValues.IGNORE, job.emptyValues());
        assertFalse(job.fullUpload());
        assertFalse(job.allowOverThreshold());
        assertTrue(job.skipUnchanged());
        assertEquals(Optional.empty(), job.completionEmail());
        assertEquals(Job.DEFAULT_SETTLE, job.settle());
        assertEquals(ZoneOffset.UTC, job.zone(), "the schedule's zone");
        assertEquals(ZoneOffset.UTC, Job.builder("x").source(FOLDER).schedule(Schedule.now()).build().zone());
    }

    @Test
    void updateOnly_plansUpdateOnly() {
        assertEquals(UploadMode.UPDATE_ONLY, valid().allowNewUsers(false).build().mode());
    }

    @Test
    void toString_namesTheSource_notItsSecrets() {
        assertEquals("Job[hr, users from folder in, every 1m from 00:00 Z, from 2026-01-01]", valid().build().toString());
    }

    @Test
    void name_null() {
        assertMessage(NullPointerException.class, "name must not be null", () -> Job.builder(null));
    }

    @Test
    void name_notAFolderName() {
        assertMessage(IllegalArgumentException.class, "a job's name is letters, digits, '.', '-' and '_', up to 64, "
                + "starting with a letter or digit: '../hr'", () -> Job.builder("../hr"));
    }

    @Test
    void description_blank() {
        assertMessage(IllegalArgumentException.class, "description must not be blank", () -> valid().description(" "));
    }

    @Test
    void completionEmail_notAnAddress() {
        assertMessage(IllegalArgumentException.class, "completionEmail is not an email address: 'admin'",
                () -> valid().completionEmail("admin"));
    }

    @Test
    void source_twice() {
        assertMessage(IllegalStateException.class, "source was already set", () -> valid().source(FOLDER));
    }

    @Test
    void source_missing() {
        assertMessage(IllegalStateException.class, "source must be set",
                () -> Job.builder("hr").schedule(Schedule.now()).build());
    }

    @Test
    void schedule_missing_forAFixedFile() {
        assertMessage(IllegalStateException.class, "schedule must be set (only a folder has a default: every minute)",
                () -> Job.builder("hr").source(FileSources.file(Path.of("in/users.csv"))).build());
    }

    @Test
    void schedule_missing_forAFolder_pollsEveryMinute() {
        Job job = Job.builder("hr").source(FOLDER).build();
        java.time.Instant t = java.time.Instant.parse("2026-11-21T10:15:30Z");
        assertEquals(java.time.Instant.parse("2026-11-21T10:16:00Z"), job.schedule().nextRunAfter(t).orElseThrow());
        assertEquals(java.time.Instant.parse("2026-11-21T10:17:00Z"),
                job.schedule().nextRunAfter(java.time.Instant.parse("2026-11-21T10:16:00Z")).orElseThrow());
    }

    @Test
    void schedule_null() {
        assertMessage(NullPointerException.class, "schedule must not be null", () -> Job.builder("hr").schedule(null));
    }

    @Test
    void feed_blank() {
        assertMessage(IllegalArgumentException.class, "feed must not be blank", () -> valid().feed(""));
    }

    @Test
    void maxDeactivationPercent_outOfRange() {
        assertMessage(IllegalArgumentException.class, "maxDeactivationPercent must be between 0 and 100: 101.0",
                () -> valid().maxDeactivationPercent(101));
    }

    @Test
    void settle_negative() {
        assertMessage(IllegalArgumentException.class, "settle must not be negative: PT-1S",
                () -> valid().settle(Duration.ofSeconds(-1)));
    }

    @Test
    void delegates_withUserOption() {
        assertMessage(IllegalStateException.class, "fullUpload applies to user profiles, not to a delegates job "
                + "(a delegate upload always replaces the relationships)",
                () -> valid().loadType(LoadType.DELEGATES).fullUpload(true).build());
    }

    @Test
    void skipUnchanged_onAFolder() {
        assertMessage(IllegalStateException.class, "skipUnchanged applies to a fixed file; a folder's files are taken once",
                () -> valid().skipUnchanged(true).build());
        assertFalse(Job.builder("hr").source(FIXED).schedule(Schedule.now()).skipUnchanged(false).build().skipUnchanged());
    }

    @Test
    void zone_conflictsWithTheSchedule() {
        assertMessage(IllegalStateException.class, "zone Europe/Paris conflicts with the schedule's zone Z",
                () -> valid().zone(ZoneId.of("Europe/Paris")).build());
    }

    @Test
    void plannerOptions_settingWhatTheJobSets() {
        assertMessage(IllegalStateException.class, "plannerOptions conflicts with the job's settings: mode was already set",
                () -> valid().plannerOptions(b -> b.mode(UploadMode.ADD_NEW)).build());
    }

    @Test
    void plannerOptions_otherSettings_areFine() {
        Job job = valid().plannerOptions((UploadPlanner.Builder b) -> b.usernameTemplate("%f%l")).build();
        assertEquals("hr", job.name());
    }

    @Test
    void loadType_parse() {
        assertEquals(LoadType.DELEGATES, LoadType.parse(" Delegates "));
        assertMessage(IllegalArgumentException.class, "load type must be users or delegates, not 'people'",
                () -> LoadType.parse("people"));
    }
}
