package dev.rollcall.jdbc;

import javax.sql.DataSource;

/**
 * The test kit's whole contract on Moodle's tables in PostgreSQL with the custom fields and the
 * feed in a {@code jsonb} column of {@code mdl_user} ({@link MoodleSchema#jsonMapping()}): look-ups
 * by a custom field query the JSON ({@code ->>}). Skipped without a throwaway server.
 */
class PostgresJsonMoodleMappedContractTest extends PostgresMoodleMappedContractTest {

    @Override
    TableMapping mapping(DataSource db) {
        MoodleSchema.addJsonColumn(db, "jsonb");
        return MoodleSchema.jsonMapping();
    }
}
