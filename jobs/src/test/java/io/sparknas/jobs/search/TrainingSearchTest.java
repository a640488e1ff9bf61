package io.sparknas.jobs.search;

import io.sparknas.jobs.engine.GenerationListener;
import io.sparknas.jobs.config.BadInputException;
import io.sparknas.jobs.config.NasConfig;
import io.sparknas.jobs.store.ResultStore;
import io.sparknas.jobs.store.Tables;
import io.sparknas.jobs.testing.LocalSpark;
import io.sparknas.population.testing.StripesIdx;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The search job with real DL4J training on executors and successive halving over epochs. */
@Tag("slow")
class TrainingSearchTest extends LocalSpark {

    private static NasConfig config(Path store, Path data, String... more) {
        List<String> sets = new java.util.ArrayList<>(List.of("store.path=\"" + store + "\"",
                "search.evaluator=dl4j-train", "search.strategy=random", "search.budget=4", "search.batch=4",
                "search.objectives=[\"val_acc:max\", \"params:min\"]", "search.report=val_acc",
                "evaluator.dl4j-train.folder=\"" + data + "\"", "evaluator.dl4j-train.subset=0",
                "evaluator.dl4j-train.validation-fraction=0.25", "evaluator.dl4j-train.stem-channels=4",
                "evaluator.dl4j-train.cells-per-stage=1", "evaluator.dl4j-train.optimizer=adam",
                "evaluator.dl4j-train.learning-rate=0.01", "evaluator.dl4j-train.batch-size=30",
                "evaluator.dl4j-train.fidelities=[1, 2]", "successive-halving.eta=2"));
        sets.addAll(List.of(more));
        return NasConfig.load(null, sets);
    }

    @Test
    void successiveHalvingTrainsAllAtOneEpochAndTheBetterHalfAtTwo(@TempDir Path dir) throws Exception {
        Path data = StripesIdx.write(java.nio.file.Files.createDirectories(dir.resolve("stripes")), 120, 12, 5);
        Map<String, Object> summary = new SearchJob(spark(), new GenerationListener() { }).run(config(dir.resolve("store"), data), "sh");
        assertEquals(4L, summary.get("queries"), "budget counts first-rung evaluations");

        List<Row> rows = new ResultStore(spark(), dir.resolve("store").toString()).read(Tables.EVALUATIONS)
                .filter(col("run_id").equalTo("sh")).collectAsList();
        Map<String, List<Row>> byFidelity = rows.stream().collect(Collectors.groupingBy(r -> r.getAs("fidelity")));
        assertEquals(Set.of("1ep", "2ep"), byFidelity.keySet());
        List<Row> first = byFidelity.get("1ep");
        List<Row> second = byFidelity.get("2ep");
        assertEquals(4, first.stream().map(r -> r.<String>getAs("canonical_key")).distinct().count());
        assertEquals(2, second.size(), "floor(4 / eta 2) promoted");
        assertTrue(rows.stream().allMatch(r -> "dl4j-train".equals(r.getAs("evaluator")) && "OK".equals(r.getAs("status"))),
                rows.toString());
        // the promoted are the best two of the first rung by validation accuracy (ties: smaller key)
        List<String> expected = first.stream().sorted(Comparator.<Row>comparingDouble(r -> -Records.metrics(r).get("val_acc"))
                .thenComparing(r -> r.<String>getAs("canonical_key"))).limit(2).map(r -> r.<String>getAs("canonical_key")).sorted().toList();
        assertEquals(expected, second.stream().map(r -> r.<String>getAs("canonical_key")).sorted().toList());
        for (Row row : rows) {
            Map<String, Double> metrics = Records.metrics(row);
            int epochs = row.<String>getAs("fidelity").equals("1ep") ? 1 : 2;
            assertTrue(metrics.containsKey("loss_epoch_" + epochs) && !metrics.containsKey("loss_epoch_" + (epochs + 1)), metrics.toString());
            assertTrue(metrics.get("params") > 0 && metrics.get("val_acc") >= 0 && metrics.get("val_acc") <= 100, metrics.toString());
        }
        // (that such networks learn is Dl4jTrainingEvaluatorTest's; 90 images x 2 epochs are too few to assert it here)

        // the leaderboard holds each cell at the last rung it reached, not the mean of its rungs, and its rank 1
        // is the run's answer the search printed
        ResultStore store = new ResultStore(spark(), dir.resolve("store").toString());
        store.registerViews();
        List<Row> board = spark().sql("SELECT * FROM leaderboard WHERE run_id = 'sh' ORDER BY rank, canonical_key")
                .collectAsList();
        assertEquals(4, board.size());
        for (Row entry : board) {
            String key = entry.getAs("canonical_key");
            Row last = second.stream().filter(r -> key.equals(r.getAs("canonical_key"))).findFirst()
                    .orElseGet(() -> first.stream().filter(r -> key.equals(r.getAs("canonical_key"))).findFirst().orElseThrow());
            assertEquals(Records.metrics(last).get("val_acc"), entry.<Double>getAs("objective_value"), 1e-9, key);
            assertEquals(1L, entry.<Long>getAs("evaluations"), key);
        }
        assertEquals(summary.get("best_objective"), board.get(0).<Double>getAs("objective_value"));
    }

    @Test
    void aMissingDatasetIsBadInputNamingThePath(@TempDir Path dir) {
        BadInputException e = assertThrows(BadInputException.class,
                () -> new SearchJob(spark(), new GenerationListener() { }).run(config(dir.resolve("store"), dir.resolve("absent")), "x"));
        assertTrue(e.getMessage().contains(dir.resolve("absent").resolve("train-images-idx3-ubyte.gz").toString()), e.getMessage());
    }
}
