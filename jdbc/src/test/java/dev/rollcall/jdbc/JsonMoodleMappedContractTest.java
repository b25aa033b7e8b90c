package dev.rollcall.jdbc;

import javax.sql.DataSource;

/**
 * The test kit's whole contract on Moodle's tables (H2) with the custom fields and the feed in a
 * JSON column of {@code mdl_user} (a {@code CLOB}; H2's own {@code JSON} type is not supported)
 * instead of {@code mdl_user_info_data}: {@link MoodleSchema#jsonMapping()}.
 */
class JsonMoodleMappedContractTest extends MoodleMappedContractTest {

    @Override
    TableMapping mapping(DataSource db) {
        MoodleSchema.addJsonColumn(db, "CLOB");
        return MoodleSchema.jsonMapping();
    }
}
