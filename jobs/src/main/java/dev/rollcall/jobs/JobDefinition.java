package dev.rollcall.jobs;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What an administrator manages of a job, as a {@link JobStore} keeps it (seed 002's form):
 * its name, description, load type and schedule, and its settings as text. Secrets are
 * never among the settings: a setting names where a secret is (an environment variable),
 * never the secret itself. Immutable and thread-safe.
 *
 * @param name        the job's name ({@link Job#builder} says which names are allowed)
 * @param description seed 002's "Job Description"
 * @param completionEmail seed 002's "Job Completion Email": who hears of each run
 * @param loadType    user profiles or delegates
 * @param schedule    the schedule, as {@link Schedule#describe()} gives it; a changed
 *                    schedule starts the job's progress afresh
 * @param settings    everything else, {@code key = value}, in the form the host reads back
 *                    into a {@link Job} (the command line uses the keys of a jobs file);
 *                    empty for a job a host builds in code
 */
public record JobDefinition(String name, String description, Optional<String> completionEmail, LoadType loadType,
                            String schedule,
                            Map<String, String> settings) {

    /** Checks the arguments and copies the settings, sorted by key. */
    public JobDefinition {
        Job.checkName(name);
        Objects.requireNonNull(description, "description must not be null");
        Objects.requireNonNull(completionEmail, "completionEmail must not be null");
        Objects.requireNonNull(loadType, "loadType must not be null");
        Objects.requireNonNull(schedule, "schedule must not be null");
        settings = java.util.Collections.unmodifiableMap(new TreeMap<>(settings));
    }

    /**
     * @param job a job
     * @param settings its settings as text (may be empty)
     * @return the job's definition
     */
    public static JobDefinition of(Job job, Map<String, String> settings) {
        return new JobDefinition(job.name(), job.description(), job.completionEmail(), job.loadType(), job.schedule().describe(), settings);
    }
}
