package io.sparknas.jobs.store;

import io.delta.tables.DeltaTable;
import io.sparknas.jobs.testing.LocalSpark;
import io.sparknas.jobs.testing.Tags;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.List;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A generation's MERGE names its run and generation in the condition, so Delta skips the other
 * generations' files (the ground truth: a MERGE that opened a deleted file would fail), with the same rows.
 */
@Tag(Tags.SPARK_35)
class MergePruningTest extends LocalSpark {

    private static Row checkpoint(String run, int generation, String state) {
        return RowFactory.create(run, generation, state, new Timestamp(0), null);
    }

    @Test
    void aGenerationsMergeReadsOnlyFilesThatCanHoldItsKeys(@TempDir Path dir) throws Exception {
        ResultStore store = new ResultStore(spark(), dir.resolve("store").toString()).ensureTable(Tables.CHECKPOINTS);
        for (int g = 0; g < 6; g++) {
            store.insertNew(Tables.CHECKPOINTS, List.of(checkpoint("r1", g, "s" + g)));
        }
        // the ground truth of what a MERGE reads: generation 0's data file is gone, so reading it fails
        Path folder = Path.of(java.net.URI.create(store.path(Tables.CHECKPOINTS)));
        Path generation0;
        try (var files = Files.list(folder)) {
            generation0 = files.filter(f -> f.toString().endsWith(".parquet"))
                    .filter(f -> spark().read().parquet(f.toString()).filter(col("generation").equalTo(0)).count() > 0)
                    .findFirst().orElseThrow();
        }
        Files.delete(generation0);
        // key equality alone reads every file of the table
        assertThrows(Exception.class, () -> DeltaTable.forPath(spark(), store.path(Tables.CHECKPOINTS)).as("t")
                .merge(store.rows(Tables.CHECKPOINTS, List.of(checkpoint("r2", 0, "other"))).as("s"),
                        "t.run_id = s.run_id AND t.generation = s.generation")
                .whenNotMatched().insertAll().execute());

        // the store's MERGEs name their run and generation: they never open generation 0's file
        store.insertNew(Tables.CHECKPOINTS, List.of(checkpoint("r2", 0, "other")));
        store.upsert(Tables.CHECKPOINTS, List.of(checkpoint("r1", 3, "replaced")));
        store.insertNew(Tables.CHECKPOINTS, List.of(checkpoint("r1", 4, "retried"), checkpoint("r1", 6, "s6")));
        assertEquals("other", state(store, "r2", 0));
        assertEquals("replaced", state(store, "r1", 3));
        assertEquals("s4", state(store, "r1", 4), "insertNew: the first writer's row stays");
        assertEquals("s6", state(store, "r1", 6));
    }

    private static String state(ResultStore store, String run, int generation) {
        return store.read(Tables.CHECKPOINTS).filter(col("run_id").equalTo(run).and(col("generation").equalTo(generation)))
                .first().getAs("state");
    }

    @Test
    void aKeyWithManyValuesIsLeftToTheEqualityAlone() {
        List<Row> rows = new java.util.ArrayList<>();
        for (int g = 0; g <= ResultStore.PRUNING_VALUES; g++) {
            rows.add(checkpoint("r1", g, "s"));
        }
        String condition = ResultStore.mergeCondition(Tables.CHECKPOINTS, rows).toString();
        assertEquals(List.of("r1"), inList(condition, "t.run_id"), condition);
        assertEquals(List.of(), inList(condition, "t.generation"), condition);
        String few = ResultStore.mergeCondition(Tables.CHECKPOINTS, rows.subList(0, 2)).toString();
        assertEquals(List.of("0", "1"), inList(few, "t.generation"), few);
    }

    /**
     * The values of {@code column}'s IN list in a condition's text, empty when it has none. Spark 3.5 prints
     * {@code t.run_id IN (r1)}, Spark 4 {@code in(t.run_id, 'r1')}.
     */
    private static List<String> inList(String condition, String column) {
        String quoted = java.util.regex.Pattern.quote(column);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(quoted + " IN \\(([^)]*)\\)|in\\(" + quoted + ", ([^)]*)\\)")
                .matcher(condition);
        if (!m.find()) {
            return List.of();
        }
        String values = m.group(1) != null ? m.group(1) : m.group(2);
        return java.util.Arrays.stream(values.split(",\\s*")).map(v -> v.replace("'", "")).toList();
    }
}
