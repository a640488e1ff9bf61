package io.sparknas.jobs.store;

import io.sparknas.jobs.testing.Tags;
import io.delta.tables.DeltaTable;
import io.sparknas.jobs.testing.LocalSpark;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.collection.JavaConverters;

import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;

@Tag(Tags.SPARK_35)
class ResultStoreTest extends LocalSpark {

    private static Row evaluation(String key, long seed, double acc, String runId) {
        return RowFactory.create(key, "tabular", "200ep", seed, runId, 0, "arch-" + key,
                JavaConverters.mapAsScalaMap(Map.of("acc", acc)), "OK", null, 0.1, "driver", new Timestamp(0), "c0ffee");
    }

    private static Row population(int rank, String key) {
        return RowFactory.create("r1", 0, key, "arch-" + key, rank, null, JavaConverters.mapAsScalaMap(Map.of("acc", 1.0)), rank == 1);
    }

    @Test
    void mergesAreIdempotentAndKeepOneRowPerKey(@TempDir Path dir) {
        ResultStore store = new ResultStore(spark(), dir.toString()).ensureTables();
        List<Row> first = List.of(evaluation("a", 777, 90.0, "r1"), evaluation("b", 777, 91.0, "r1"), evaluation("b", 888, 92.0, "r1"));
        store.insertNew(Tables.EVALUATIONS, first);
        store.insertNew(Tables.EVALUATIONS, first); // a retried generation
        // another run writes an existing key with another value, and one new key: first writer wins
        store.insertNew(Tables.EVALUATIONS, List.of(evaluation("a", 777, 50.0, "r2"), evaluation("c", 777, 93.0, "r2")));

        List<Row> rows = store.read(Tables.EVALUATIONS).orderBy("canonical_key", "seed").collectAsList();
        assertEquals(4, rows.size());
        assertEquals(List.of("a", "b", "b", "c"), rows.stream().map(r -> r.getString(0)).toList());
        assertEquals(90.0, rows.get(0).<String, Double>getJavaMap(rows.get(0).fieldIndex("metrics")).get("acc"));
        assertEquals("r1", rows.get(0).getString(rows.get(0).fieldIndex("run_id")));

        store.upsert(Tables.POPULATIONS, List.of(population(1, "x"), population(2, "y")));
        store.upsert(Tables.POPULATIONS, List.of(population(2, "x"), population(1, "y"), population(1, "y")));
        List<Row> ranks = store.read(Tables.POPULATIONS).orderBy("canonical_key").select(col("rank")).collectAsList();
        assertEquals(List.of(2, 1), ranks.stream().map(r -> r.getInt(0)).toList());

        long version = DeltaTable.forPath(spark(), store.path(Tables.EVALUATIONS)).history(1).select("version").first().getLong(0);
        store.insertNew(Tables.EVALUATIONS, List.of());
        assertEquals(version, DeltaTable.forPath(spark(), store.path(Tables.EVALUATIONS)).history(1).select("version").first().getLong(0),
                "an empty write commits nothing");
        assertEquals(4, spark().sql("SELECT * FROM delta.`" + store.path(Tables.EVALUATIONS) + "`").count(),
                "readable with plain Spark SQL");
    }
}
