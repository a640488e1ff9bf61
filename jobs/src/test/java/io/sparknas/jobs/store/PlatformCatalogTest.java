package io.sparknas.jobs.store;

import io.delta.tables.DeltaTable;
import io.sparknas.jobs.config.NasConfig;
import io.sparknas.jobs.testing.CliRun;
import io.sparknas.jobs.testing.LocalSpark;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * store.register on the test's session catalog (in memory; the metastore case is {@code HiveMetastoreIT}): the
 * names are checked before anything is written, a table of an earlier version gains its comments, and
 * registering twice changes nothing.
 */
class PlatformCatalogTest extends LocalSpark {

    private static List<String> sets(Path store, String... more) {
        List<String> sets = new java.util.ArrayList<>(List.of("store.path=\"" + store + "\"", "search.budget=4", "search.batch=2"));
        sets.addAll(Arrays.asList(more));
        return sets;
    }

    @Test
    void badNamesAndAnUnknownCatalogAreOneLineAndWriteNothing(@TempDir Path dir) {
        Path store = dir.resolve("store");
        Map<String, String> cases = Map.of(
                "store.schema=\"bad name\"", "config key 'store.schema': 'bad name' is not a schema name",
                "store.schema=\"x`; DROP\"", "config key 'store.schema': 'x`; DROP' is not a schema name",
                "store.catalog=\"a.b\"", "config key 'store.catalog': 'a.b' is not a catalog name",
                "store.catalog=nosuch", "config key 'store.catalog': 'nosuch' is not a catalog of this Spark session");
        cases.forEach((set, expected) -> {
            List<String> all = new java.util.ArrayList<>(nb201Cifar10());
            all.addAll(sets(store, "store.register=true", set));
            CliRun run = CliRun.of(all, "search", "--run-id", "bad");
            assertEquals(2, run.code(), set + ": " + run.err());
            assertEquals(1, run.err().lines().count(), run.err());
            assertTrue(run.err().contains(expected), run.err());
            assertFalse(Files.exists(store), set + ": nothing written");
        });
    }

    @Test
    void aTableOfAnEarlierVersionGainsItsCommentsAndRegisteringAgainChangesNothing(@TempDir Path dir) {
        ResultStore store = new ResultStore(spark(), dir.resolve("store").toString());
        for (Tables table : Tables.values()) { // as an earlier version wrote them: no table or column comments
            StructType plain = new StructType(Arrays.stream(table.schema().fields())
                    .map(f -> new StructField(f.name(), f.dataType(), f.nullable(), org.apache.spark.sql.types.Metadata.empty()))
                    .toArray(StructField[]::new));
            DeltaTable.createIfNotExists(spark()).location(store.path(table)).addColumns(plain).execute();
        }
        NasConfig config = NasConfig.load(null, List.of("store.register=true", "store.schema=nas_old"));
        PlatformCatalog catalog = PlatformCatalog.of(spark(), config, store);
        assertEquals("`nas_old`", catalog.schemaName());
        catalog.register();
        long version = store.version(Tables.EVALUATIONS);
        catalog.register();
        assertEquals(version, store.version(Tables.EVALUATIONS), "a second registration commits nothing");

        Map<String, String> columns = new HashMap<>();
        String comment = null;
        for (Row r : spark().sql("DESCRIBE TABLE EXTENDED nas_old.evaluations").collectAsList()) {
            if ("Comment".equals(r.getString(0))) {
                comment = r.getString(1);
            } else if (r.getString(2) != null) {
                columns.put(r.getString(0), r.getString(2));
            }
        }
        assertEquals(Tables.EVALUATIONS.comment(), comment);
        for (String column : Tables.EVALUATIONS.schema().fieldNames()) {
            assertEquals(Tables.EVALUATIONS.columnComment(column), columns.get(column), column);
        }
        assertEquals(0, spark().sql("SELECT * FROM nas_old.leaderboard").count(), "the views over the empty tables");
    }
}
