package io.sparknas.jobs.predictors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparknas.jobs.cli.NasCli;
import io.sparknas.jobs.config.BadInputException;
import io.sparknas.jobs.config.NasConfig;
import io.sparknas.jobs.engine.GenerationListener;
import io.sparknas.jobs.search.SearchJob;
import io.sparknas.jobs.store.ResultStore;
import io.sparknas.jobs.store.Tables;
import io.sparknas.jobs.testing.LocalSpark;
import io.sparknas.hardware.MobileNetCosts;
import io.sparknas.population.space.MobileNetArchitecture;
import io.sparknas.population.space.MobileNetSpace;
import io.sparknas.population.space.Nb201Space;
import io.sparknas.predictor.features.MobileNetFeatures;
import org.apache.spark.sql.RowFactory;
import scala.collection.JavaConverters;
import java.sql.Timestamp;
import java.util.Random;
import io.sparknas.predictor.Predictor;
import io.sparknas.predictor.RankMetrics;
import io.sparknas.predictor.xgboost.XgboostPredictor;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** train-predictor on the evaluations a real (random-search) run wrote to real Delta tables. */
@Tag("slow")
class TrainPredictorJobTest extends LocalSpark {
    private static final String TARGET = "cifar10_valid_val_acc";
    @TempDir
    static Path dir;
    private static Path store;

    @BeforeAll
    static void aRandomSearchFillsTheStore() {
        store = dir.resolve("store");
        List<String> sets = new ArrayList<>(nb201Cifar10());
        sets.addAll(List.of("store.path=\"" + store + "\"", "search.strategy=random", "search.budget=160",
                "search.batch=80", "search.seed=11"));
        new SearchJob(spark(), new GenerationListener() { }).run(NasConfig.load(null, sets), "fill");
    }

    private record Outcome(int code, String err) {
    }

    private static Outcome trainPredictor(String... sets) {
        List<String> args = new ArrayList<>(List.of("train-predictor", "--set", "store.path=\"" + store + "\""));
        for (String set : sets) {
            args.addAll(List.of("--set", set));
        }
        StringWriter err = new StringWriter();
        int code = NasCli.execute(new PrintWriter(err, true), args.toArray(String[]::new));
        return new Outcome(code, err.toString().trim());
    }

    /** What train-predictor may write: the predictors table's version and the saved-model folders. */
    private static String written() throws IOException {
        ResultStore results = new ResultStore(spark(), store.toString());
        String table = results.exists(Tables.PREDICTORS) ? "v" + results.version(Tables.PREDICTORS) : "none";
        Path models = store.resolve(TrainPredictorJob.MODELS_FOLDER);
        List<String> folders = new ArrayList<>();
        if (Files.isDirectory(models)) {
            try (Stream<Path> list = Files.list(models)) {
                list.forEach(p -> folders.add(p.getFileName().toString()));
            }
        }
        return table + " " + folders.stream().sorted().toList();
    }

    @Test
    void trainsOnTheStoreRecordsItsRowAndTheSavedModelLoads() throws IOException {
        Path json = dir.resolve("train.json");
        List<String> args = new ArrayList<>(List.of("train-predictor", "--set", "store.path=\"" + store + "\"",
                "--set", "train-predictor.target=" + TARGET, "--set", "train-predictor.holdout=0.25", "--set", "train-predictor.seed=5",
                "--summary-json", json.toString()));
        StringWriter err = new StringWriter();
        assertEquals(0, NasCli.execute(new PrintWriter(err, true), args.toArray(String[]::new)), err.toString());
        JsonNode summary = new ObjectMapper().readTree(json.toFile());
        ResultStore results = new ResultStore(spark(), store.toString());

        // 160 random cells (all distinct in 15,625 with this seed), one seed each: 120 train, 40 held out
        assertEquals(120, summary.get("n_train").asInt());
        assertEquals(40, summary.get("n_holdout").asInt());
        assertEquals("driver", summary.get("trainer").asText());
        assertEquals(results.version(Tables.EVALUATIONS), summary.get("trained_on_version").asLong());
        double tau = summary.get("kendall_tau").asDouble();
        assertTrue(tau > 0.4 && tau <= 1, "held-out Kendall tau " + tau);
        assertTrue(summary.get("spearman").asDouble() > tau, "rho exceeds tau on a monotone relation");

        String id = summary.get("predictor_id").asText();
        List<Row> rows = results.read(Tables.PREDICTORS).filter(col("predictor_id").equalTo(id)).collectAsList();
        assertEquals(1, rows.size());
        Row row = rows.get(0);
        assertEquals(summary.get("predictor_id").asText(), row.getAs("predictor_id"));
        assertEquals("xgboost", row.getAs("kind"));
        assertEquals(TARGET, row.getAs("target"));
        assertEquals(120, (int) row.getAs("n_train"));
        assertEquals(tau, row.<Double>getAs("kendall_tau"), 1e-12);
        assertEquals(summary.get("trained_on_version").asLong(), (long) row.getAs("trained_on_version"));

        // the saved model is the one measured: reload it and rank every evaluated cell with it
        Predictor loaded = SavedPredictors.load(row.getAs("path"), spark().sparkContext().hadoopConfiguration());
        assertInstanceOf(XgboostPredictor.class, loaded);
        assertEquals(TARGET, loaded.target());
        assertTrue(loaded.provenance().trainedOn().startsWith("evaluations@v" + row.getAs("trained_on_version")));
        EvaluationRows all = EvaluationRows.read(results, "nb201", "tabular", "200ep", TARGET);
        assertEquals(160, all.rows().size());
        Nb201Space space = new Nb201Space();
        double[] truth = all.rows().stream().mapToDouble(EvaluationRows.Labelled::value).toArray();
        double[] predicted = loaded.predictAll(all.rows().stream().map(r -> space.decode(space.parse(r.arch()))).toList());
        assertTrue(RankMetrics.kendallTau(predicted, truth) > tau - 0.05, "train + held-out rank at least as well");

        // the same settings on the same version replace their own row
        assertEquals(0, trainPredictor("train-predictor.target=" + TARGET, "train-predictor.holdout=0.25", "train-predictor.seed=5").code());
        assertEquals(1, results.read(Tables.PREDICTORS).filter(col("predictor_id").equalTo(id)).count());

        // predictor.xgboost shapes the booster and, not being the default, its own row: one round of
        // depth 5 has at most 32 leaves, so at most 32 distinct predictions
        List<Object> before = results.read(Tables.PREDICTORS).select("predictor_id").collectAsList().stream()
                .map(r -> r.get(0)).toList();
        assertEquals(0, trainPredictor("train-predictor.target=" + TARGET, "train-predictor.holdout=0.25", "train-predictor.seed=5",
                "predictor.xgboost.rounds=1", "predictor.xgboost.eta=1").code());
        List<Row> shaped = results.read(Tables.PREDICTORS).filter(not(col("predictor_id").isin(before.toArray())))
                .collectAsList();
        assertEquals(1, shaped.size());
        Predictor oneRound = SavedPredictors.load(shaped.get(0).getAs("path"), spark().sparkContext().hadoopConfiguration());
        var cells = all.rows().stream().map(r -> space.decode(space.parse(r.arch()))).toList();
        long distinct = Arrays.stream(oneRound.predictAll(cells)).distinct().count();
        assertTrue(distinct <= 32, distinct + " distinct predictions of one round");
        assertTrue(Arrays.stream(predicted).distinct().count() > 32, "500 rounds predict more finely");
    }

    @Test
    void aTableLargerThanTheThresholdTrainsWithXgboost4jSpark() throws IOException {
        Path json = dir.resolve("spark.json");
        StringWriter err = new StringWriter();
        int code = NasCli.execute(new PrintWriter(err, true), "train-predictor", "--set", "store.path=\"" + store + "\"",
                "--set", "train-predictor.target=" + TARGET, "--set", "train-predictor.holdout=0.25", "--set", "train-predictor.seed=5",
                "--set", "train-predictor.spark-threshold=50", "--set", "train-predictor.id=on-spark", "--summary-json", json.toString());
        assertEquals(0, code, err.toString());
        JsonNode summary = new ObjectMapper().readTree(json.toFile());
        assertEquals("xgboost4j-spark", summary.get("trainer").asText());
        assertEquals("xgboost", summary.get("kind").asText());
        assertEquals(120, summary.get("n_train").asInt());
        double tau = summary.get("kendall_tau").asDouble();
        assertTrue(tau > 0.4, "held-out Kendall tau " + tau);
        Predictor loaded = SavedPredictors.load(summary.get("path").asText(), spark().sparkContext().hadoopConfiguration());
        assertInstanceOf(XgboostPredictor.class, loaded);
    }

    @Test
    void theMacroSpaceTrainsOnItsOwnFeaturizer() throws IOException {
        // evaluations written through the ResultStore API: two seeds per architecture of a real analytic
        // target (log10 activation memory) the featurizer does not contain, +-0.01 per seed
        Path macro = dir.resolve("macro-store");
        ResultStore results = new ResultStore(spark(), macro.toString()).ensureTables();
        MobileNetSpace space = MobileNetSpace.cifar(10);
        Random random = new Random(8);
        List<Row> candidates = new ArrayList<>();
        List<Row> evaluations = new ArrayList<>();
        java.util.Set<String> keys = new java.util.HashSet<>();
        while (keys.size() < 400) {
            MobileNetArchitecture network = space.decode(space.sample(random));
            if (!keys.add(network.canonicalKey())) {
                continue;
            }
            double value = Math.log10(MobileNetCosts.activationMemory(network));
            candidates.add(RowFactory.create(network.canonicalKey(), space.name(), network.format(), network.genome().toArray(),
                    MobileNetCosts.params(network), MobileNetCosts.flops(network), "synthetic"));
            for (long seed = 0; seed < 2; seed++) {
                evaluations.add(RowFactory.create(network.canonicalKey(), "dl4j-train", "1ep", seed, "synthetic", 0, network.format(),
                        JavaConverters.mapAsScalaMap(java.util.Map.of("log10_activations", value + (seed == 0 ? -0.01 : 0.01))),
                        "OK", null, 1.0, "driver", new Timestamp(0), "synthetic"));
            }
        }
        results.insertNew(Tables.CANDIDATES, candidates);
        results.insertNew(Tables.EVALUATIONS, evaluations);
        assertEquals(400, EvaluationRows.read(results, "mobilenet", "dl4j-train", "1ep", "log10_activations").rows().size());

        Path json = dir.resolve("macro.json");
        StringWriter err = new StringWriter();
        int code = NasCli.execute(new PrintWriter(err, true), "train-predictor", "--set", "store.path=\"" + macro + "\"",
                "--set", "train-predictor.space=mobilenet", "--set", "train-predictor.evaluator=dl4j-train", "--set", "train-predictor.fidelity=1ep",
                "--set", "train-predictor.target=log10_activations", "--set", "train-predictor.holdout=0.25", "--summary-json", json.toString());
        assertEquals(0, code, err.toString());
        JsonNode summary = new ObjectMapper().readTree(json.toFile());
        assertEquals(300, summary.get("n_train").asInt());
        double tau = summary.get("kendall_tau").asDouble();
        assertTrue(tau > 0.8, "held-out Kendall tau on the macro space " + tau);
        Predictor loaded = SavedPredictors.load(summary.get("path").asText(), spark().sparkContext().hadoopConfiguration());
        assertEquals(MobileNetFeatures.NAME, loaded.featurizer().name());
    }

    @Test
    void badInputIsOneLineExitTwoAndWritesNothing() throws IOException {
        String before = written();
        assertBadInput(trainPredictor("train-predictor.target=no_such_metric"), "train-predictor.target 'no_such_metric'");
        assertBadInput(trainPredictor("train-predictor.target=" + TARGET, "train-predictor.kind=forest"), "unknown predictor kind 'forest'");
        assertBadInput(trainPredictor(), "train-predictor.target");
        assertEquals(before, written(), "nothing written by a bad input");
    }

    /**
     * Too few rows is the first day of a pipeline, not bad input: exit 0, "skipped: ..." and a summary
     * that says so, and nothing written (an empty store stays without tables).
     */
    @Test
    void tooFewRowsIsSkippedWithExitZeroAndWritesNothing() throws IOException {
        String before = written();
        Path json = dir.resolve("skipped.json");
        Outcome few = trainPredictor("train-predictor.target=" + TARGET, "train-predictor.min-train=500");
        assertEquals(0, few.code(), few.err());
        Outcome none = trainPredictor("train-predictor.target=" + TARGET, "train-predictor.evaluator=dl4j-train");
        assertEquals(0, none.code(), none.err());
        assertEquals(before, written(), "nothing written when skipped");

        Path empty = dir.resolve("empty-store");
        java.io.ByteArrayOutputStream stdout = new java.io.ByteArrayOutputStream();
        java.io.PrintStream saved = System.out;
        StringWriter err = new StringWriter();
        int code;
        try {
            System.setOut(new java.io.PrintStream(stdout, true, java.nio.charset.StandardCharsets.UTF_8));
            code = NasCli.execute(new PrintWriter(err, true), "train-predictor", "--set", "store.path=\"" + empty + "\"",
                    "--set", "train-predictor.target=" + TARGET, "--summary-json", json.toString());
        } finally {
            System.setOut(saved);
        }
        assertEquals(0, code, err.toString());
        assertTrue(stdout.toString(java.nio.charset.StandardCharsets.UTF_8).contains("skipped: only 0 training architectures"),
                stdout.toString(java.nio.charset.StandardCharsets.UTF_8));
        JsonNode summary = new ObjectMapper().readTree(json.toFile());
        assertEquals("skipped", summary.get("status").asText());
        assertTrue(summary.get("predictor_id").isNull());
        assertTrue(summary.get("reason").asText().contains("train-predictor.min-train is 20"), summary.toString());
        assertFalse(Files.exists(empty), "an empty store stays empty: no table, no model folder");
    }

    private static void assertBadInput(Outcome outcome, String expected) {
        assertEquals(NasCli.BAD_INPUT, outcome.code(), outcome.err());
        assertTrue(outcome.err().contains(expected), outcome.err());
        assertFalse(outcome.err().contains("\n"), "one line: " + outcome.err());
    }

    @Test
    void aMissingOrCorruptModelFileIsBadInputNamingThePath() throws IOException {
        var hadoop = spark().sparkContext().hadoopConfiguration();
        Path missing = dir.resolve("nowhere/predictor.ser");
        BadInputException notFound = assertThrows(BadInputException.class, () -> SavedPredictors.load(missing.toString(), hadoop));
        assertTrue(notFound.getMessage().contains(missing.toString()), notFound.getMessage());

        assertEquals(0, trainPredictor("train-predictor.target=" + TARGET, "train-predictor.id=to-damage").code());
        Path model = store.resolve("predictors/to-damage/" + SavedPredictors.MODEL);
        byte[] bytes = Files.readAllBytes(model);
        Path truncated = dir.resolve("truncated/" + SavedPredictors.MODEL);
        Files.createDirectories(truncated.getParent());
        Files.write(truncated, Arrays.copyOf(bytes, bytes.length / 2));
        BadInputException corrupt = assertThrows(BadInputException.class,
                () -> SavedPredictors.load(truncated.getParent().toString(), hadoop));
        assertTrue(corrupt.getMessage().contains(truncated.toString()), corrupt.getMessage());

        Path garbage = dir.resolve("garbage.ser");
        Files.writeString(garbage, "not a model");
        BadInputException notModel = assertThrows(BadInputException.class, () -> SavedPredictors.load(garbage.toString(), hadoop));
        assertTrue(notModel.getMessage().contains(garbage.toString()), notModel.getMessage());
    }
}
