package io.sparknas.jobs.prior;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparknas.jobs.bench.benchmark.BenchmarkJob;
import io.sparknas.jobs.bench.benchmark.StrategySummary;
import io.sparknas.jobs.config.BadInputException;
import io.sparknas.jobs.config.NasConfig;
import io.sparknas.jobs.engine.GenerationListener;
import io.sparknas.jobs.predictors.TrainPredictorJob;
import io.sparknas.jobs.search.SearchJob;
import io.sparknas.jobs.store.ResultStore;
import io.sparknas.jobs.store.Tables;
import io.sparknas.jobs.testing.LocalSpark;
import io.sparknas.jobs.testing.StoreSnapshot;
import io.sparknas.population.testing.SharedBenchmarks;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The prior end to end on the real NB201 tables: a CIFAR-100 search (12-epoch validation) that starts
 * from what a CIFAR-10 search wrote to the store, the record it keeps in {@code runs.prior}, a resume
 * that rebuilds the same prior, a benchmark that reads the store and writes nothing, and a predictor prior.
 */
@Tag("slow")
class PriorSearchTest extends LocalSpark {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final GenerationListener QUIET = new GenerationListener() { };
    private static final int WARM = 10;
    /** Fails a run after generation 1's evaluations are committed, before its state is. */
    private static final GenerationListener CRASH_IN_GENERATION_1 = new GenerationListener() {
        @Override
        public void evaluated(String runId, int generation) {
            if (generation == 1) {
                throw new IllegalStateException("simulated driver crash");
            }
        }
    };

    private static List<String> cifar10(Path store, long seed) {
        List<String> sets = new ArrayList<>(nb201Cifar10());
        sets.addAll(List.of("store.path=\"" + store + "\"", "search.budget=40", "search.batch=10", "search.seed=" + seed,
                "strategy.regularized-evolution.population=10", "strategy.regularized-evolution.sample=3"));
        return sets;
    }

    private static List<String> cifar100(Path store, String... more) {
        List<String> sets = new ArrayList<>(List.of(
                "evaluator.tabular.tables=[\"" + SharedBenchmarks.file("nb201-12epoch/nb201_12ep_cifar.csv") + "\",\""
                        + SharedBenchmarks.file(SharedBenchmarks.TEST200) + "\"]",
                "evaluator.tabular.objective=cifar100_val_acc_12ep", "search.report=cifar100_test_acc",
                "benchmark.report=cifar100_test_acc", "store.path=\"" + store + "\"", "search.budget=20", "search.batch=10",
                "search.seed=5", "strategy.regularized-evolution.population=10", "strategy.regularized-evolution.sample=3",
                "prior.source=store", "prior.warm-start=" + WARM));
        sets.addAll(List.of(more));
        return sets;
    }

    private static Map<String, Object> search(List<String> sets, String runId) {
        return new SearchJob(spark(), QUIET).run(NasConfig.load(null, sets), runId);
    }

    private static JsonNode prior(ResultStore store, String runId) throws Exception {
        String recorded = store.findRun(runId).orElseThrow().getAs("prior");
        return recorded == null ? null : JSON.readTree(recorded);
    }

    /** The canonical keys a run evaluated in one generation. */
    private static Set<String> generation(ResultStore store, String runId, int generation) {
        return store.read(Tables.EVALUATIONS).filter(col("run_id").equalTo(runId).and(col("generation").equalTo(generation)))
                .select("canonical_key").collectAsList().stream().map(r -> r.getString(0)).collect(Collectors.toSet());
    }

    /** The {@code n} keys a run measured best on {@code metric} (mean over its rows per key): the ground truth. */
    private static Set<String> best(ResultStore store, String runId, String metric, int n) {
        return store.read(Tables.EVALUATIONS).filter(col("run_id").equalTo(runId))
                .groupBy("canonical_key").agg(functions.avg(col("metrics").getItem(metric)).as("v"))
                .orderBy(col("v").desc(), col("canonical_key")).limit(n).collectAsList().stream()
                .map(r -> r.getString(0)).collect(Collectors.toSet());
    }

    @Test
    void aCifar100SearchStartsFromTheCifar10RunsBestAndAResumeRebuildsTheSamePrior(@TempDir Path dir) throws Exception {
        Path store = dir.resolve("store");
        search(cifar10(store, 11), "c10");
        ResultStore results = new ResultStore(spark(), store.toString());
        Path twin = StoreSnapshot.copyTree(store, dir.resolve("twin"));

        // uninterrupted, on a copy of the store that holds the CIFAR-10 run only
        Map<String, Object> straight = search(cifar100(twin), "c100");
        assertTrue(String.valueOf(straight.get("prior")).contains("1 source task(s) from 1 run(s)"), straight.toString());
        ResultStore twinResults = new ResultStore(spark(), twin.toString());
        JsonNode record = prior(twinResults, "c100");
        assertEquals("store", record.get("source").asText());
        assertEquals(List.of("c10"), List.of(record.get("runs").get(0).asText()));
        JsonNode task = record.get("tasks").get(0);
        // the source run's own objective only: its metrics maps hold cifar10_test_acc too
        assertEquals("cifar10_valid_val_acc", task.get("metric").asText());
        assertEquals("max", task.get("direction").asText());
        String sourceConfig = results.read(Tables.EVALUATIONS).filter(col("run_id").equalTo("c10"))
                .select("evaluator_config").distinct().collectAsList().get(0).getString(0);
        assertEquals(sourceConfig, task.get("evaluator_config").asText());
        assertEquals(results.read(Tables.EVALUATIONS).filter(col("run_id").equalTo("c10")).select("canonical_key")
                .distinct().count(), task.get("architectures").asLong());
        // the warm start: the first generation is the CIFAR-10 run's ten best cells
        assertEquals(best(results, "c10", "cifar10_valid_val_acc", WARM), generation(twinResults, "c100", 0));

        // interrupted after generation 1's evaluations; meanwhile another run finishes on another evaluator config
        assertThrows(IllegalStateException.class,
                () -> new SearchJob(spark(), CRASH_IN_GENERATION_1).run(NasConfig.load(null, cifar100(store)), "c100"));
        JsonNode recorded = prior(results, "c100");
        assertEquals(record.get("tasks"), recorded.get("tasks"), "the same prior as on the twin store");
        List<String> late = new ArrayList<>(cifar10(store, 12));
        late.add("search.objectives=[\"cifar10_valid_train_time_s:max\"]");
        late.add("search.budget=20");
        search(late, "late");
        assertTrue(prior(results, "late") == null, "a run without a prior records none");
        Map<String, Object> resumed = search(cifar100(store), "c100");
        assertEquals(true, resumed.get("resumed"));
        assertEquals(recorded, prior(results, "c100"), "the resumed run rebuilt the prior it recorded, not a new one");
        for (String field : List.of("queries", "best_arch", "best_objective", "best_report")) {
            assertEquals(straight.get(field), resumed.get(field), field);
        }
        for (int g = 0; g < 2; g++) {
            assertEquals(generation(twinResults, "c100", g), generation(results, "c100", g), "generation " + g);
        }

        // a new run now sees both finished runs as sources, each with its own objective
        search(cifar100(store), "c100-next");
        JsonNode next = prior(results, "c100-next");
        Set<String> metrics = new HashSet<>();
        next.get("tasks").forEach(t -> metrics.add(t.get("metric").asText()));
        assertEquals(Set.of("cifar10_valid_val_acc", "cifar10_valid_train_time_s"), metrics);
        assertTrue(!next.get("runs").toString().contains("c100"), "a CIFAR-100 run is no source of another on its config");
    }

    @Test
    void theRunsOwnEvaluatorConfigIsItsCacheNotAPrior(@TempDir Path dir) throws Exception {
        Path store = dir.resolve("store");
        search(cifar10(store, 11), "first");
        List<String> again = new ArrayList<>(cifar10(store, 12));
        again.add("prior.source=store");
        Map<String, Object> summary = search(again, "second");
        assertTrue(String.valueOf(summary.get("prior")).startsWith("cold"), summary.toString());
        JsonNode record = prior(new ResultStore(spark(), store.toString()), "second");
        assertEquals(0, record.get("tasks").size());
    }

    @Test
    void aBenchmarkReadsTheStoreAndWritesNothing(@TempDir Path dir) throws Exception {
        Path store = dir.resolve("store");
        search(cifar10(store, 11), "c10");
        Map<String, String> files = StoreSnapshot.files(store);
        List<String> sets = new ArrayList<>(cifar100(dir.resolve("elsewhere"), "prior.store=\"" + store + "\"",
                "benchmark.strategies=[regularized-evolution]", "benchmark.seeds=2", "benchmark.budget=" + WARM));
        List<StrategySummary> summaries = BenchmarkJob.run(spark(), NasConfig.load(null, sets),
                new PrintStream(java.io.OutputStream.nullOutputStream()));
        assertEquals("regularized-evolution+store-prior", summaries.get(0).strategy());
        assertEquals(files, StoreSnapshot.files(store), "the prior's store is read, never written");
        assertTrue(!dir.resolve("elsewhere").toFile().exists(), "a benchmark has no store of its own");
        // a budget of the warm start alone: both seeds evaluate the same ten cells, so they report the same
        ResultStore results = new ResultStore(spark(), store.toString());
        assertEquals(0.0, summaries.get(0).reportStd(), 1e-12);
        assertTrue(best(results, "c10", "cifar10_valid_val_acc", WARM).size() == WARM);
    }

    @Test
    void aTrainedPredictorIsAPriorAndABadOneIsRefusedNamingTheKey(@TempDir Path dir) throws Exception {
        Path store = dir.resolve("store");
        search(cifar10(store, 11), "c10");
        List<String> train = new ArrayList<>(cifar10(store, 11));
        train.addAll(List.of("train-predictor.id=p1", "train-predictor.target=cifar10_valid_val_acc",
                "train-predictor.kind=xgboost", "train-predictor.holdout=0", "train-predictor.min-train=10"));
        TrainPredictorJob.run(spark(), NasConfig.load(null, train), new PrintStream(java.io.OutputStream.nullOutputStream()));
        ResultStore results = new ResultStore(spark(), store.toString());
        assertEquals("nb201", results.read(Tables.PREDICTORS).filter(col("predictor_id").equalTo("p1")).first().getAs("space"));

        search(cifar100(store, "prior.source=predictor", "prior.predictor-id=latest"), "guided");
        JsonNode record = prior(results, "guided");
        assertEquals("p1", record.get("predictor_id").asText());
        assertEquals("cifar10_valid_val_acc", record.get("target").asText());

        Map<String, String> before = StoreSnapshot.files(store);
        BadInputException unknown = assertThrows(BadInputException.class,
                () -> search(cifar100(store, "prior.source=predictor", "prior.predictor-id=p9"), "bad1"));
        assertTrue(unknown.getMessage().contains("prior.predictor-id") && unknown.getMessage().contains("p9")
                && unknown.getMessage().contains("known: p1"), unknown.getMessage());
        // a predictors row of another space (as a mobilenet train-predictor would write it)
        Row p1 = results.read(Tables.PREDICTORS).filter(col("predictor_id").equalTo("p1")).first();
        Object[] values = new Object[p1.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = p1.get(i);
        }
        values[p1.fieldIndex("predictor_id")] = "m1";
        values[p1.fieldIndex("space")] = "mobilenet";
        results.upsert(Tables.PREDICTORS, List.of(new org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema(values,
                p1.schema())));
        Map<String, String> withM1 = StoreSnapshot.files(store);
        BadInputException space = assertThrows(BadInputException.class,
                () -> search(cifar100(store, "prior.source=predictor", "prior.predictor-id=m1"), "bad2"));
        assertTrue(space.getMessage().contains("'m1' is a mobilenet predictor; this run searches nb201"), space.getMessage());
        assertEquals(withM1, StoreSnapshot.files(store), "a refused prior writes nothing");
        assertTrue(!before.equals(withM1));
    }

    /**
     * A resumed run rebuilds the prior it recorded; when the source runs it names are gone (their store
     * was moved or deleted) it cannot ask what the uninterrupted run asked, so it is refused, not started cold.
     */
    @Test
    void aResumedRunWhosePriorStoreIsGoneIsRefusedAndWritesNothing(@TempDir Path dir) throws Exception {
        Path source = dir.resolve("source");
        search(cifar10(source, 11), "c10");
        Path store = dir.resolve("store");
        List<String> sets = cifar100(store, "prior.store=\"" + source + "\"");
        assertThrows(IllegalStateException.class,
                () -> new SearchJob(spark(), CRASH_IN_GENERATION_1).run(NasConfig.load(null, sets), "c100"));
        StoreSnapshot.copyTree(source, dir.resolve("moved"));
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(source)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        Map<String, String> before = StoreSnapshot.files(store);
        BadInputException gone = assertThrows(BadInputException.class, () -> search(sets, "c100"));
        assertTrue(gone.getMessage().contains("run c100") && gone.getMessage().contains(source.toString())
                && gone.getMessage().contains("c10"), gone.getMessage());
        assertEquals(before, StoreSnapshot.files(store), "a refused resume writes nothing");

        // the source store back where it was: the resume goes on with the prior it recorded
        StoreSnapshot.copyTree(dir.resolve("moved"), source);
        Map<String, Object> resumed = search(sets, "c100");
        assertEquals(true, resumed.get("resumed"));
        assertEquals("FINISHED", new ResultStore(spark(), store.toString()).findRun("c100").orElseThrow().getAs("status"));
    }

    /** A RUNNING run of a store written before runs.prior existed resumes (the column is added, read as null). */
    @Test
    void aRunStartedBeforeTheStoreHadAPriorColumnResumes(@TempDir Path dir) throws Exception {
        Path store = dir.resolve("store");
        assertThrows(IllegalStateException.class,
                () -> new SearchJob(spark(), CRASH_IN_GENERATION_1).run(NasConfig.load(null, cifar10(store, 11)), "old"));
        ResultStore results = new ResultStore(spark(), store.toString());
        org.apache.spark.sql.Dataset<Row> runs = results.read(Tables.RUNS).drop("prior");
        List<Row> rows = runs.collectAsList();
        spark().createDataFrame(rows, runs.schema()).write().format("delta").mode("overwrite")
                .option("overwriteSchema", "true").save(results.path(Tables.RUNS));
        assertTrue(!Arrays.asList(results.read(Tables.RUNS).schema().fieldNames()).contains("prior"));

        Map<String, Object> resumed = search(cifar10(store, 11), "old");
        assertEquals(true, resumed.get("resumed"));
        assertEquals("FINISHED", results.findRun("old").orElseThrow().getAs("status"));
        assertEquals(null, prior(results, "old"));
    }
}
