package io.sparknas.jobs.search;

import io.sparknas.jobs.testing.Tags;
import io.sparknas.jobs.engine.GenerationListener;
import io.delta.tables.DeltaTable;
import io.sparknas.hardware.Nb201Costs;
import io.sparknas.jobs.config.NasConfig;
import io.sparknas.jobs.store.ResultStore;
import io.sparknas.jobs.store.Tables;
import io.sparknas.jobs.testing.LocalSpark;
import io.sparknas.jobs.testing.StoreSnapshot;
import io.sparknas.population.SearchState;
import io.sparknas.population.testing.SharedBenchmarks;
import io.sparknas.population.space.Nb201Space;
import io.sparknas.population.strategy.MapElites;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The search job end to end on the real NB201 tables: tables written, crash and resume, re-runs, the cache. The Spark
 * 3.5 leg runs two of these tests (resume, and the cache across runs): each search costs it minutes.
 */
@Tag("slow")
class SearchJobTest extends LocalSpark {
    private static final GenerationListener QUIET = new GenerationListener() { };

    private static NasConfig config(Path store) {
        List<String> sets = new ArrayList<>(nb201Cifar10());
        sets.addAll(List.of("store.path=\"" + store + "\"", "search.budget=20", "search.batch=10", "search.seed=3",
                "strategy.regularized-evolution.population=10", "strategy.regularized-evolution.sample=3"));
        return NasConfig.load(null, sets);
    }

    /** Fails the run after generation {@code crashAt}'s evaluations are committed, before its state is. */
    private static GenerationListener crashAfterEvaluations(int crashAt) {
        return new GenerationListener() {
            @Override
            public void evaluated(String runId, int generation) {
                if (generation == crashAt) {
                    throw new IllegalStateException("simulated driver crash in generation " + generation);
                }
            }
        };
    }

    private static List<String> table(ResultStore store, Tables table, String runId, String... columns) {
        return store.read(table).filter(col("run_id").equalTo(runId)).select(columns[0], Arrays.copyOfRange(columns, 1, columns.length))
                .collectAsList().stream().map(Row::toString).sorted().toList();
    }

    private static Map<Tables, Long> versions(ResultStore store) {
        return Arrays.stream(Tables.values()).collect(Collectors.toMap(t -> t,
                t -> DeltaTable.forPath(spark(), store.path(t)).history(1).select("version").first().getLong(0)));
    }

    @Test
    @Tag(Tags.SPARK_35)
    void anInterruptedRunResumesToTheSameResultAndAFinishedRunIsANoOp(@TempDir Path dir) {
        Path straight = dir.resolve("straight");
        Path crashed = dir.resolve("crashed");
        Map<String, Object> expected = new SearchJob(spark(), QUIET).run(config(straight), "r1");
        assertEquals(20L, expected.get("queries"));
        assertNotNull(expected.get("best_arch"));

        assertThrows(IllegalStateException.class, () -> new SearchJob(spark(), crashAfterEvaluations(1)).run(config(crashed), "r1"));
        ResultStore crashedStore = new ResultStore(spark(), crashed.toString());
        assertEquals("RUNNING", crashedStore.findRun("r1").orElseThrow().getAs("status"));
        assertEquals(0, crashedStore.lastCheckpoint("r1").orElseThrow().getKey());

        // resume with a different budget on the command line: the run keeps the config it started with
        NasConfig other = NasConfig.load(null, List.of("store.path=\"" + crashed + "\"", "search.budget=999"));
        Map<String, Object> resumed = new SearchJob(spark(), QUIET).run(other, "r1");
        assertEquals(true, resumed.get("resumed"));
        for (String field : List.of("queries", "generations", "best_arch", "best_objective", "best_report")) {
            assertEquals(expected.get(field), resumed.get(field), field);
        }

        ResultStore straightStore = new ResultStore(spark(), straight.toString());
        assertEquals(SearchState.fromJson(straightStore.lastCheckpoint("r1").orElseThrow().getValue()).toJson(),
                SearchState.fromJson(crashedStore.lastCheckpoint("r1").orElseThrow().getValue()).toJson());
        assertEquals(table(straightStore, Tables.POPULATIONS, "r1", "generation", "canonical_key", "rank", "objectives", "is_pareto"),
                table(crashedStore, Tables.POPULATIONS, "r1", "generation", "canonical_key", "rank", "objectives", "is_pareto"));
        List<String> evaluations = table(crashedStore, Tables.EVALUATIONS, "r1", "canonical_key", "seed", "generation", "metrics");
        assertEquals(table(straightStore, Tables.EVALUATIONS, "r1", "canonical_key", "seed", "generation", "metrics"), evaluations);
        assertEquals(20, evaluations.size(), "one row per query, none twice");
        assertEquals("FINISHED", crashedStore.findRun("r1").orElseThrow().getAs("status"));

        // Airflow retries a finished run: exit 0 and not one table changes
        Map<Tables, Long> before = versions(crashedStore);
        Map<Tables, Long> commitsBefore = StoreSnapshot.versionCounts(spark(), crashedStore);
        Map<String, String> filesBefore = StoreSnapshot.files(crashed);
        Map<String, Object> again = new SearchJob(spark(), QUIET).run(config(crashed), "r1");
        assertEquals(true, again.get("already_finished"));
        assertEquals(before, versions(crashedStore));
        // the same through the command line, as Airflow runs it: exit 0, every table's commit count and every file as before
        java.io.StringWriter err = new java.io.StringWriter();
        assertEquals(0, io.sparknas.jobs.cli.NasCli.execute(new java.io.PrintWriter(err, true), "search", "--run-id", "r1",
                "--set", "store.path=\"" + crashed + "\""), err.toString());
        assertEquals(commitsBefore, StoreSnapshot.versionCounts(spark(), crashedStore));
        assertEquals(filesBefore, StoreSnapshot.files(crashed));
    }

    /**
     * A run started by the version before the settings were split stored its config under the old keys
     * (benchmark.tables/objective/fidelity, the search's report in benchmark.report, predictor.*): it resumes
     * (NasConfig.fromRendered migrates it) to the same result as an uninterrupted run.
     */
    @Test
    void aRunStartedByTheEarlierVersionResumesUnderTheRenamedKeys(@TempDir Path dir) {
        Map<String, Object> expected = new SearchJob(spark(), QUIET).run(config(dir.resolve("straight")), "r1");
        Path crashed = dir.resolve("crashed");
        assertThrows(IllegalStateException.class, () -> new SearchJob(spark(), crashAfterEvaluations(1)).run(config(crashed), "r1"));
        ResultStore store = new ResultStore(spark(), crashed.toString());
        String stored = store.findRun("r1").orElseThrow().getAs("config");
        com.typesafe.config.Config now = com.typesafe.config.ConfigFactory.parseString(stored);
        com.typesafe.config.Config old = now.withoutPath("evaluator.tabular").withoutPath("search.report")
                .withoutPath("benchmark.space").withoutPath("predictor-bench").withoutPath("train-predictor")
                .withoutPath("train-bench.space")
                .withValue("benchmark.tables", now.getValue("evaluator.tabular.tables"))
                .withValue("benchmark.objective", now.getValue("evaluator.tabular.objective"))
                .withValue("benchmark.fidelity", now.getValue("evaluator.tabular.fidelity"))
                .withValue("benchmark.report", now.getValue("search.report"))
                .withValue("predictor.kinds", now.getValue("predictor-bench.kinds"))
                .withValue("predictor.train_sizes", now.getValue("predictor-bench.train-sizes"))
                .withValue("predictor.kind", now.getValue("train-predictor.kind"))
                .withValue("predictor.target", now.getValue("train-predictor.target"));
        String oldText = old.root().render(com.typesafe.config.ConfigRenderOptions.concise());
        assertTrue(!oldText.contains("\"tabular\":{") && !oldText.contains("\"report\":\"\"") && oldText.contains("train_sizes"),
                oldText);
        DeltaTable.forPath(spark(), store.path(Tables.RUNS)).update(col("run_id").equalTo("r1"),
                Map.of("config", org.apache.spark.sql.functions.lit(oldText)));

        NasConfig other = NasConfig.load(null, List.of("store.path=\"" + crashed + "\"", "search.budget=999"));
        Map<String, Object> resumed = new SearchJob(spark(), QUIET).run(other, "r1");
        assertEquals(true, resumed.get("resumed"));
        for (String field : List.of("queries", "generations", "best_arch", "best_objective", "best_report")) {
            assertEquals(expected.get(field), resumed.get(field), field);
        }
        assertNotNull(resumed.get("best_report"));
        assertTrue(!resumed.get("best_report").equals(resumed.get("best_objective")), "the report column, not the objective");
    }

    @Test
    @Tag(Tags.SPARK_35)
    void aSecondRunIsServedFromTheFirstRunsEvaluations(@TempDir Path dir) {
        NasConfig config = config(dir);
        Map<String, Object> first = new SearchJob(spark(), QUIET).run(config, "first");
        assertEquals(20L, first.get("queries"));
        // same seed: the second run asks the same candidates at first, all of them already evaluated
        new SearchJob(spark(), QUIET).run(config, "second");
        ResultStore store = new ResultStore(spark(), dir.toString());
        List<Row> secondRows = store.read(Tables.EVALUATIONS).filter(col("run_id").equalTo("second")).collectAsList();
        assertEquals(20, secondRows.size(), "the second run still spends its own budget on new candidates");
        assertTrue(secondRows.stream().allMatch(r -> r.<Integer>getAs("generation") >= 2),
                "the first generations replay the first run and are served from the cache");
        long rows = store.read(Tables.EVALUATIONS).count();
        assertEquals(rows, store.read(Tables.EVALUATIONS).select("canonical_key", "evaluator", "fidelity").distinct().count());
        assertEquals(40, rows);
        assertEquals(rows, store.read(Tables.CANDIDATES).count());
        for (Row candidate : store.read(Tables.CANDIDATES).limit(5).collectAsList()) {
            var cell = new Nb201Space().decode(new Nb201Space().parse(candidate.getAs("arch")));
            assertEquals(Nb201Costs.cifar(10).params(cell), candidate.<Double>getAs("params"));
            assertEquals(Nb201Costs.cifar(10).flops(cell), candidate.<Double>getAs("flops"));
        }
        assertEquals(2, spark().read().format("delta").load(store.path(Tables.RUNS)).filter("status = 'FINISHED'").count());
    }

    @Test
    void aRunOnOtherBenchmarkDataIsNeverServedTheFirstRunsEvaluations(@TempDir Path dir) {
        new SearchJob(spark(), QUIET).run(config(dir), "cifar10");
        // same seed, same space, same evaluator name and fidelity, but CIFAR-100 columns: other numbers
        List<String> sets = new ArrayList<>(List.of(nb201Tables(), "evaluator.tabular.objective=cifar100_valtest_acc",
                "search.report=cifar100_test_acc", "store.path=\"" + dir + "\"", "search.budget=20", "search.batch=10",
                "search.seed=3", "strategy.regularized-evolution.population=10", "strategy.regularized-evolution.sample=3"));
        new SearchJob(spark(), QUIET).run(NasConfig.load(null, sets), "cifar100");

        ResultStore store = new ResultStore(spark(), dir.toString());
        List<Row> rows = store.read(Tables.EVALUATIONS).filter(col("run_id").equalTo("cifar100")).collectAsList();
        assertEquals(20, rows.size(), "the second run evaluated (and wrote) every one of its queries");
        // generation 0 asks exactly the cells the CIFAR-10 run's generation 0 evaluated: none may come from the cache
        assertEquals(10, rows.stream().filter(r -> r.<Integer>getAs("generation") == 0).count());
        for (Row row : rows) {
            Map<String, Double> metrics = Records.metrics(row);
            assertTrue(metrics.containsKey("cifar100_valtest_acc") && !metrics.containsKey("cifar10_valid_val_acc"), metrics.toString());
        }
        List<Row> digests = store.read(Tables.EVALUATIONS).select("run_id", "evaluator_config").distinct().collectAsList();
        assertEquals(2, digests.size(), digests.toString());
        assertTrue(digests.stream().map(r -> r.getString(1)).distinct().count() == 2, digests.toString());
        // the first generation asks the same cells as the CIFAR-10 run did: both rows are kept, side by side
        long shared = store.read(Tables.EVALUATIONS).groupBy("canonical_key", "evaluator", "fidelity").count()
                .filter(col("count").gt(1)).count();
        assertTrue(shared >= 10, "cells evaluated by both runs keep a row each: " + shared);
    }

    @Test
    void aMultiObjectiveRunKeepsItsParetoFrontInThePopulationsTableAndView(@TempDir Path dir) {
        List<String> sets = new ArrayList<>(List.of("evaluator.tabular.tables=[\"" + SharedBenchmarks.file(SharedBenchmarks.PERSEED)
                        + "\",\"" + SharedBenchmarks.file(SharedBenchmarks.TEST200) + "\"]",
                "evaluator.tabular.objective=cifar10_valid_val_acc", "search.report=cifar10_test_acc",
                "store.path=\"" + dir + "\"", "search.strategy=nsga2", "search.budget=20", "search.batch=10",
                "search.objectives=[\"cifar10_valid_val_acc:max\", \"params:min\"]", "strategy.nsga2.population=10"));
        Map<String, Object> summary = new SearchJob(spark(), QUIET).run(NasConfig.load(null, sets), "moo");
        assertEquals(20L, summary.get("queries"));
        ResultStore store = new ResultStore(spark(), dir.toString());
        store.registerViews();
        List<Row> front = spark().sql("SELECT * FROM pareto_front").collectAsList();
        assertTrue(!front.isEmpty());
        int last = spark().sql("SELECT max(generation) FROM populations").first().getInt(0);
        for (Row row : front) {
            assertEquals(last, row.<Integer>getAs("generation"));
            assertEquals(1, row.<Integer>getAs("rank"));
            Map<String, Double> objectives = row.getJavaMap(row.fieldIndex("objectives"));
            assertEquals(2, objectives.size());
            assertTrue(objectives.get("params") > 7e4 && objectives.get("params") < 1.6e6, objectives.toString());
        }
        long dominatedInFront = spark().sql("SELECT count(*) FROM pareto_front a JOIN pareto_front b ON a.run_id = b.run_id "
                + "WHERE b.objectives['cifar10_valid_val_acc'] >= a.objectives['cifar10_valid_val_acc'] "
                + "AND b.objectives['params'] <= a.objectives['params'] AND (b.objectives['cifar10_valid_val_acc'] > "
                + "a.objectives['cifar10_valid_val_acc'] OR b.objectives['params'] < a.objectives['params'])").first().getLong(0);
        assertEquals(0, dominatedInFront, "no member of the front is dominated by another");
    }

    @Test
    void theArchiveOfRecordGroupedInSparkEqualsTheStrategysOwnArchive(@TempDir Path dir) {
        List<String> sets = new ArrayList<>(nb201Cifar10());
        sets.addAll(List.of("store.path=\"" + dir + "\"", "search.strategy=map-elites", "search.budget=30", "search.batch=10",
                "strategy.map-elites.initial-samples=10",
                "strategy.map-elites.descriptors=[{metric = cifar10_test_acc, min = 80, max = 95, bins = 15}]"));
        NasConfig config = NasConfig.load(null, sets);
        Map<String, Object> summary = new SearchJob(spark(), QUIET).run(config, "elites");
        MapElites strategy = (MapElites) Registry.strategy("map-elites", new Nb201Space(), SearchJobSettings.goals(config), config);
        SearchState state = SearchState.fromJson(new ResultStore(spark(), dir.toString()).lastCheckpoint("elites").orElseThrow().getValue());
        assertTrue(strategy.coverage(state) > 0);
        assertEquals(strategy.coverage(state), (double) summary.get("archive_coverage"), 1e-12);
        assertEquals(strategy.qdScore(state), (double) summary.get("qd_score"), 1e-9);
    }
}
