package dev.rollcall.web;

import dev.rollcall.jobs.Job;
import dev.rollcall.jobs.JobStore;

import java.util.Map;
import java.util.Objects;

/**
 * The jobs pages' settings: the {@link JobStore} jobs live in, and how a job is read from
 * the settings its form gives (the keys of a jobs file: {@code description}, {@code load},
 * {@code source}, {@code path}, {@code schedule}, {@code start}, {@code time}, {@code zone},
 * …; see docs/FEEDS.md). Needs rollcall-jobs on the class path.
 *
 * @param store  where jobs and their history are kept
 * @param reader builds a job from its name and settings, or throws
 *               {@link IllegalArgumentException} saying which setting is wrong; it checks a
 *               form before it is saved
 * @param newJobSettings settings every job added on the console's form gets besides the
 *               form's own, such as the folder its relative paths are resolved against
 *               ({@code rollcall serve} gives {@code base}, the folder it runs in, as
 *               {@code rollcall jobs add} does); the form's fields win
 */
public record JobsConsole(JobStore store, Reader reader, Map<String, String> newJobSettings) {

    /** Checks the arguments and copies the settings. */
    public JobsConsole {
        Objects.requireNonNull(store, "store must not be null");
        Objects.requireNonNull(reader, "reader must not be null");
        newJobSettings = Map.copyOf(Objects.requireNonNull(newJobSettings, "newJobSettings must not be null"));
    }

    /**
     * Jobs added on the form get no settings besides the form's.
     *
     * @param store  where jobs and their history are kept
     * @param reader builds a job from its name and settings
     */
    public JobsConsole(JobStore store, Reader reader) {
        this(store, reader, Map.of());
    }

    /** Builds a job from its settings. */
    @FunctionalInterface
    public interface Reader {
        /**
         * @param name     the job's name
         * @param settings its settings, {@code key = value}
         * @return the job
         * @throws IllegalArgumentException when a setting is missing or wrong
         */
        Job read(String name, Map<String, String> settings);
    }
}
