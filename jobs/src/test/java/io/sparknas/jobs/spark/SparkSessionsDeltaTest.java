package io.sparknas.jobs.spark;

import io.sparknas.jobs.testing.Tags;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Delta's settings are added to what a platform configured, never put in its place (no Spark is started). */
@Tag(Tags.SPARK_35)
class SparkSessionsDeltaTest {
    private static final String ICEBERG = "org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions";

    @Test
    void deltasExtensionIsAppendedToThePlatformsAndNeverTwice() {
        assertEquals(SparkSessions.DELTA_EXTENSION, SparkSessions.withDeltaExtension(null));
        assertEquals(SparkSessions.DELTA_EXTENSION, SparkSessions.withDeltaExtension(" "));
        assertEquals(ICEBERG + "," + SparkSessions.DELTA_EXTENSION, SparkSessions.withDeltaExtension(ICEBERG));
        assertEquals(ICEBERG + "," + SparkSessions.DELTA_EXTENSION,
                SparkSessions.withDeltaExtension(" " + ICEBERG + " , " + SparkSessions.DELTA_EXTENSION + ","));
    }

    @Test
    void aPlatformsSessionCatalogStaysAndAConfWithoutOneGetsDeltas() {
        SparkConf platform = new SparkConf(false).set(SparkSessions.EXTENSIONS, ICEBERG)
                .set(SparkSessions.SESSION_CATALOG, "org.apache.iceberg.spark.SparkSessionCatalog");
        SparkSessions.withDelta(platform);
        assertEquals(ICEBERG + "," + SparkSessions.DELTA_EXTENSION, platform.get(SparkSessions.EXTENSIONS));
        assertEquals("org.apache.iceberg.spark.SparkSessionCatalog", platform.get(SparkSessions.SESSION_CATALOG));

        SparkConf bare = SparkSessions.withDelta(new SparkConf(false));
        assertEquals(SparkSessions.DELTA_EXTENSION, bare.get(SparkSessions.EXTENSIONS));
        assertEquals(SparkSessions.DELTA_CATALOG, bare.get(SparkSessions.SESSION_CATALOG));
    }
}
