package io.sparknas.jobs.bench.store;

import io.sparknas.jobs.config.BadInputException;
import io.sparknas.jobs.config.NasConfig;
import io.sparknas.jobs.store.ResultStore;
import io.sparknas.jobs.store.Tables;
import io.sparknas.jobs.testing.LocalSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** bench commit-cost fills the store to each size through the store's API and commits real generations into it. */
class CommitCostJobTest extends LocalSpark {
    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    @Test
    void itFillsToEachSizeAndCommitsTheTimedGenerationsThroughTheSearchsOwnStore(@TempDir Path dir) {
        Path store = dir.resolve("store");
        NasConfig config = NasConfig.load(null, List.of("commit-cost.sizes=[50, 120]", "commit-cost.batch=5",
                "commit-cost.repeats=2", "commit-cost.chunk=60", "commit-cost.store=\"" + store + "\""));
        List<Map<String, Object>> summary = CommitCostJob.run(spark(), config, QUIET);

        assertEquals(2, summary.size());
        assertEquals(50L, summary.get(0).get("evaluations"));
        assertEquals(120L, summary.get(1).get("evaluations"));
        for (Map<String, Object> line : summary) {
            for (String timing : List.of("lookup_s", "commit_results_s", "commit_state_s")) {
                assertTrue((Double) line.get(timing) > 0, timing + " " + line);
            }
        }
        ResultStore results = new ResultStore(spark(), store.toString());
        // filled to 50, 2 generations of 5 real candidates, filled to 120 (60 more), 2 more generations
        assertEquals(130, results.read(Tables.EVALUATIONS).count());
        assertEquals(110, results.read(Tables.EVALUATIONS).filter(col("canonical_key").startsWith("synthetic-")).count());
        assertEquals(4, results.read(Tables.CHECKPOINTS).count());
        assertEquals(20, results.read(Tables.POPULATIONS).count());
        assertEquals(20, results.read(Tables.CANDIDATES).count());
    }

    @Test
    void anExistingFolderIsRefusedAndATemporaryStoreIsRemoved(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("mine"));
        Files.writeString(dir.resolve("mine/keep.txt"), "mine");
        BadInputException refused = assertThrows(BadInputException.class, () -> CommitCostJob.run(spark(),
                NasConfig.load(null, List.of("commit-cost.store=\"" + dir.resolve("mine") + "\"")), QUIET));
        assertTrue(refused.getMessage().contains("commit-cost.store") && refused.getMessage().contains("exists"),
                refused.getMessage());
        assertEquals("mine", Files.readString(dir.resolve("mine/keep.txt")));

        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        long before;
        try (var listing = Files.list(tmp)) {
            before = listing.filter(p -> p.getFileName().toString().startsWith("sparknas-commit-cost-")).count();
        }
        CommitCostJob.run(spark(), NasConfig.load(null, List.of("commit-cost.sizes=[10]", "commit-cost.batch=2",
                "commit-cost.repeats=1")), QUIET);
        try (var listing = Files.list(tmp)) {
            assertEquals(before, listing.filter(p -> p.getFileName().toString().startsWith("sparknas-commit-cost-")).count());
        }
    }
}
