package io.sparknas.jobs.models;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.sparknas.evaluation.ConfigDigest;
import io.sparknas.evaluation.data.DatasetSource;
import io.sparknas.evaluation.data.DecodedImages;
import io.sparknas.evaluation.data.FinalData;
import io.sparknas.evaluation.dl4j.Dl4jNatives;
import io.sparknas.evaluation.dl4j.FinalTraining;
import io.sparknas.evaluation.dl4j.InputShape;
import io.sparknas.evaluation.dl4j.NetworkFactory;
import io.sparknas.evaluation.dl4j.TrainingRecipe;
import io.sparknas.evaluation.latency.LatencyProfiler;
import io.sparknas.jobs.config.BadInputException;
import io.sparknas.jobs.config.Names;
import io.sparknas.jobs.config.NasConfig;
import io.sparknas.jobs.config.Setting;
import io.sparknas.jobs.search.Records;
import io.sparknas.jobs.search.Registry;
import io.sparknas.jobs.search.SearchJob;
import io.sparknas.jobs.search.SearchJobSettings;
import io.sparknas.jobs.search.TrainingEvaluators;
import io.sparknas.jobs.search.TrainingImages;
import io.sparknas.jobs.store.Columns;
import io.sparknas.jobs.store.ResultStore;
import io.sparknas.jobs.store.PlatformCatalog;
import io.sparknas.jobs.store.StoreSettings;
import io.sparknas.jobs.store.Tables;
import io.sparknas.population.Genome;
import io.sparknas.population.SearchSpace;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.util.SerializableConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.apache.spark.sql.functions.col;

/**
 * The {@code train-final} command: the K best architectures of a finished run (its {@code leaderboard} rows,
 * rank 1 = best, ties by canonical key) trained at full fidelity on the executors, one per Spark task, with the
 * run's stored {@code evaluator.dl4j-train} recipe for {@code final.epochs} epochs on all the training images;
 * measured on the dataset's test split and for latency at batch 1; one row each MERGEd into {@code models}.
 * Every epoch is checkpointed under the model's folder: a rerun after a kill resumes after the last saved epoch
 * and ends with the weights an uninterrupted run has. A model already in the table is not trained again.
 */
public final class TrainFinalJob {
    /** Untimed forward passes before the latency is timed. */
    private static final int LATENCY_WARMUP = 5;
    /** Room left in a model id (128 characters at most) after the run id. */
    private static final int RUN_ID_CHARS = 100;
    /** Tests stop a training after an epoch's checkpoint here (the executor runs in the test's JVM on local Spark). */
    static volatile FinalTraining.EpochListener afterEpoch = epoch -> { };

    private TrainFinalJob() {
    }

    /** One architecture to train, as shipped to its task. */
    record Pick(String modelId, String canonicalKey, String arch, Genome genome, String folder, int rank)
            implements Serializable {
    }

    /** What a task sends back. */
    record Trained(String modelId, HashMap<String, Double> metrics, double latencyMs, double[] means, double[] stds,
                   int resumedAfter, int channels, int height, int width, int classes, String executor)
            implements Serializable {
    }

    /** The run's {@code top} best architectures by its objective. */
    public static Map<String, Object> run(SparkSession spark, NasConfig config, PrintStream out, String runId, int top) {
        return run(spark, config, out, runId, top, false);
    }

    /**
     * @param front instead of the {@code top} best: every architecture on the run's Pareto front (the
     *              {@code pareto_front} view: the first front of its last committed population)
     */
    public static Map<String, Object> run(SparkSession spark, NasConfig config, PrintStream out, String runId, int top,
                                          boolean front) {
        Names.check("--run-id", runId);
        if (top < 1) {
            throw new BadInputException("--top must be >= 1, got " + top);
        }
        FinalSettings settings = FinalSettings.from(config);
        ResultStore store = new ResultStore(spark, StoreSettings.path(config)).checkExisting();
        PlatformCatalog catalog = PlatformCatalog.of(spark, config, store).check(); // store.register: before anything is written
        Row run = store.findRun(runId).orElseThrow(() -> new BadInputException("--run-id " + runId
                + ": no such run in store " + store.root()));
        String status = run.getString(run.fieldIndex(Columns.STATUS));
        if (!SearchJob.FINISHED.equals(status)) {
            throw new BadInputException("--run-id " + runId + " is " + status + ", not FINISHED: finish it first with "
                    + "bin/nas search --run-id " + runId);
        }
        // the run's own recipe, skeleton and data, from the config it stored (every key rendered, defaults included)
        NasConfig stored = NasConfig.fromRendered(run.getString(run.fieldIndex(Columns.CONFIG)));
        SearchSpace space = Registry.space(stored, SearchJobSettings.SPACE);
        DatasetSource.Format format = TrainingEvaluators.format(stored);
        if (format == DatasetSource.Format.IMAGE_FOLDER) {
            throw TrainingEvaluators.DATASET.error(": run " + runId + " trained on an image folder, which has no test split: "
                    + "train-final measures on dataset files' test split or a table's 'test' rows, and does not read image "
                    + "folders yet");
        }
        TrainingEvaluators.checkShape(space, format);
        NetworkFactory networks = TrainingEvaluators.networks(stored, space);
        TrainingRecipe recipe = TrainingEvaluators.recipe(stored).withEpochs(settings.epochs());
        FinalData data;
        String dataDigest;
        if (format == DatasetSource.Format.TABLE) {
            // the run's table: its train and validation rows to train on, its 'test' rows to measure on
            DecodedImages images = TrainingImages.readTableForFinal(spark, TrainingImages.tableSpec(stored));
            TrainingEvaluators.checkShape(space, images.train());
            data = new FinalData("", format, settings.subset(), settings.testSubset(), recipe.seed(),
                    TrainingImages.broadcast(spark, images));
            dataDigest = ConfigDigest.of(format, data.trainSubset(), data.testSubset(), data.seed(), images.digest());
        } else {
            boolean ownFolder = !settings.folder().isEmpty();
            String folder = ownFolder ? settings.folder() : TrainingEvaluators.FOLDER.get(stored);
            Setting<String> folderKey = ownFolder ? FinalSettings.FOLDER : TrainingEvaluators.FOLDER;
            List<String> files = new ArrayList<>(format.trainingFiles());
            files.addAll(format.testFiles());
            TrainingEvaluators.requireFiles(stored, folderKey, folder, files);
            data = new FinalData(folder, format, settings.subset(), settings.testSubset(), recipe.seed());
            dataDigest = dataDigest(data, files);
        }

        String configDigest = ConfigDigest.of("train-final", networks.describe(), recipe, settings.subset(),
                settings.testSubset());
        List<Pick> picks = answer(spark, store, runId, top, front).stream().map(row -> {
            String key = row.getAs(Columns.CANONICAL_KEY);
            String arch = row.getAs(Columns.ARCH);
            String id = modelId(runId, key, configDigest, dataDigest);
            return new Pick(id, key, arch, space.parse(arch), ModelFiles.folder(store.root(), id),
                    ((Number) row.getAs(Columns.RANK)).intValue());
        }).toList();

        Map<String, Row> existing = existingModels(store, picks);
        List<Pick> toTrain = picks.stream().filter(p -> !existing.containsKey(p.modelId())).toList();
        Map<String, Trained> trained = new HashMap<>();
        if (!toTrain.isEmpty()) {
            var hadoop = new SerializableConfiguration(store.hadoopConfiguration());
            int repeats = settings.latencyRepeats();
            List<Trained> results = JavaSparkContext.fromSparkContext(spark.sparkContext())
                    .parallelize(toTrain, toTrain.size())
                    .map(pick -> trainOne(pick, networks, recipe, data, hadoop, repeats)).collect();
            List<Row> rows = new ArrayList<>();
            Timestamp now = new Timestamp(System.currentTimeMillis());
            for (Trained result : results) {
                Pick pick = toTrain.stream().filter(p -> p.modelId().equals(result.modelId())).findFirst().orElseThrow();
                writeDescriptions(store, space, stored, recipe, data, pick, result);
                rows.add(row(pick, runId, result, configDigest, dataDigest, now));
                trained.put(result.modelId(), result);
            }
            store.ensureTable(Tables.MODELS).upsert(Tables.MODELS, rows);
        }
        catalog.register();

        List<Map<String, Object>> models = new ArrayList<>();
        for (Pick pick : picks) {
            Map<String, Object> model = new LinkedHashMap<>();
            Map<String, Double> metrics;
            Double latency;
            if (trained.containsKey(pick.modelId())) {
                Trained t = trained.get(pick.modelId());
                metrics = t.metrics();
                latency = t.latencyMs();
                model.put("status", t.resumedAfter() > 0 ? "resumed after epoch " + t.resumedAfter() : "trained");
            } else {
                Row row = existing.get(pick.modelId());
                metrics = Records.metrics(row);
                latency = row.getAs(Columns.LATENCY_MS);
                model.put("status", "already trained");
            }
            model.put("model_id", pick.modelId());
            model.put("rank", pick.rank());
            model.put("canonical_key", pick.canonicalKey());
            model.put("arch", pick.arch());
            model.put("test_acc", metrics.get("test_acc"));
            model.put("params", metrics.get("params"));
            model.put("latency_ms", latency);
            model.put("path", pick.folder() + "/" + ModelFiles.MODEL);
            models.add(model);
            out.printf("model %s (rank %d, %s): test_acc %.2f%% on %.0f test images, %.0f params, latency %.2f ms [%s]%n",
                    pick.modelId(), pick.rank(), pick.arch(), metrics.get("test_acc"), metrics.get("test_total"),
                    metrics.get("params"), latency, model.get("status"));
            out.println("  export it with: bin/nas export --model-id " + pick.modelId() + " --out DIR --set store.path=\""
                    + store.root() + "\"");
        }
        out.flush();
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("run_id", runId);
        summary.put("epochs", settings.epochs());
        summary.put("config_digest", configDigest);
        summary.put("data_digest", dataDigest);
        summary.put("models", models);
        return summary;
    }

    /** The run's K best architectures by its objective, or its Pareto front, best first. */
    private static List<Row> answer(SparkSession spark, ResultStore store, String runId, int top, boolean front) {
        store.registerViews();
        Dataset<Row> board = spark.table(Tables.LEADERBOARD).filter(col(Columns.RUN_ID).equalTo(runId));
        if (front) {
            board = board.join(spark.table(Tables.PARETO_FRONT).filter(col(Columns.RUN_ID).equalTo(runId))
                    .select(Columns.CANONICAL_KEY).distinct(), Columns.CANONICAL_KEY);
        }
        board = board.orderBy(col(Columns.RANK), col(Columns.CANONICAL_KEY));
        List<Row> best = (front ? board : board.limit(top)).select(Columns.RANK, Columns.CANONICAL_KEY, Columns.ARCH)
                .collectAsList();
        if (best.isEmpty() && front) {
            throw new BadInputException("--front: run " + runId + " has no architecture on its Pareto front (a strategy "
                    + "without a population, such as random, keeps none): use --top");
        }
        if (best.isEmpty()) {
            throw new BadInputException("--run-id " + runId + " has no successful evaluation to train");
        }
        return best;
    }

    private static Map<String, Row> existingModels(ResultStore store, List<Pick> picks) {
        if (!store.exists(Tables.MODELS)) {
            return Map.of();
        }
        Object[] ids = picks.stream().map(Pick::modelId).toArray();
        return store.read(Tables.MODELS).filter(col(Columns.MODEL_ID).isin(ids)).collectAsList().stream()
                .collect(Collectors.toMap(r -> r.<String>getAs(Columns.MODEL_ID), r -> r));
    }

    /** Run id, the architecture and the final recipe and data: the same command finds the same model (and its checkpoints). */
    static String modelId(String runId, String canonicalKey, String configDigest, String dataDigest) {
        String run = runId.length() > RUN_ID_CHARS ? runId.substring(0, RUN_ID_CHARS) : runId;
        return Names.check("model id", run + "-" + ConfigDigest.of(canonicalKey).substring(0, 8) + "-"
                + ConfigDigest.of(configDigest, dataDigest).substring(0, 8));
    }

    /** Format, the names and sizes of the files read, the subsets and their seed (not the folder: a copy is the same data). */
    private static String dataDigest(FinalData data, List<String> files) {
        List<Object> parts = new ArrayList<>(List.of(data.format(), data.trainSubset(), data.testSubset(), data.seed()));
        for (String file : files) {
            try {
                parts.add(file + "=" + Files.size(java.nio.file.Path.of(data.folder(), file)));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the size of " + file + " in " + data.folder(), e);
            }
        }
        return ConfigDigest.of(parts.toArray());
    }

    /** On an executor: trains (or resumes) one model, writes its zip, measures its latency. */
    private static Trained trainOne(Pick pick, NetworkFactory networks, TrainingRecipe recipe, FinalData data,
                                    SerializableConfiguration hadoop, int latencyRepeats) throws IOException {
        TaskContext task = TaskContext.get();
        Dl4jNatives.useThreads(task == null ? 1 : task.cpus());
        FinalData.Prepared prepared = data.load();
        StoreCheckpoints checkpoints = new StoreCheckpoints(pick.folder() + "/" + ModelFiles.CHECKPOINTS, hadoop.value());
        FinalTraining.Outcome outcome = FinalTraining.train(networks, pick.genome(), recipe, prepared, checkpoints,
                epoch -> afterEpoch.saved(epoch));
        ComputationGraph network = outcome.network();
        try {
            InputShape shape = new InputShape(prepared.train().channels(), prepared.train().height(),
                    prepared.train().width(), prepared.train().classes());
            double latency = new LatencyProfiler(networks, shape, LATENCY_WARMUP, latencyRepeats, recipe.seed())
                    .medianMs(network, 1);
            Path folder = new Path(pick.folder());
            FileSystem fs = folder.getFileSystem(hadoop.value());
            Path partial = new Path(folder, "." + ModelFiles.MODEL + ".partial");
            try (FSDataOutputStream out = fs.create(partial, true)) {
                ModelSerializer.writeModel(network, out, true);
            }
            Path model = new Path(folder, ModelFiles.MODEL);
            fs.delete(model, false);
            if (!fs.rename(partial, model)) {
                throw new IOException("cannot rename " + partial + " to " + model);
            }
            String executor = SparkEnv.get() == null ? "driver" : SparkEnv.get().executorId();
            return new Trained(pick.modelId(), new HashMap<>(outcome.metrics()), latency, prepared.means(), prepared.stds(),
                    outcome.resumedAfter(), shape.channels(), shape.height(), shape.width(), shape.classes(), executor);
        } finally {
            network.close();
        }
    }

    /** genome.json and recipe.json beside the model: what an export hands over with it. */
    private static void writeDescriptions(ResultStore store, SearchSpace space, NasConfig stored, TrainingRecipe recipe,
                                          FinalData data, Pick pick, Trained result) {
        Map<String, Object> genome = new LinkedHashMap<>();
        genome.put("space", space.name());
        genome.put("arch", pick.arch());
        genome.put("canonical_key", pick.canonicalKey());
        genome.put("genome", pick.genome().toArray());

        Map<String, Object> training = new LinkedHashMap<>();
        training.put("optimizer", recipe.optimizer().name().toLowerCase(java.util.Locale.ROOT));
        training.put("learning_rate", recipe.learningRate());
        training.put("momentum", recipe.momentum());
        training.put("cosine", recipe.cosine());
        training.put("epochs", recipe.epochs());
        training.put("batch_size", recipe.batchSize());
        training.put("weight_decay", recipe.weightDecay());
        training.put("seed", recipe.seed());
        Map<String, Object> skeleton = new LinkedHashMap<>();
        skeleton.put("stem_channels", TrainingEvaluators.STEM_CHANNELS.get(stored));
        skeleton.put("cells_per_stage", TrainingEvaluators.CELLS_PER_STAGE.get(stored));
        Map<String, Object> dataset = new LinkedHashMap<>();
        dataset.put("name", TrainingEvaluators.DATASET.get(stored));
        if (data.format() == DatasetSource.Format.TABLE) {
            dataset.put("table", TrainingEvaluators.TABLE.get(stored));
            dataset.put("test_rows", TrainingEvaluators.SPLIT_COLUMN.get(stored) + " = '" + TrainingImages.TEST + "'");
        }
        dataset.put("train_images", result.metrics().get("train_images").intValue());
        dataset.put("test_images", result.metrics().get("test_total").intValue());
        dataset.put("train_subset", data.trainSubset());
        dataset.put("test_subset", data.testSubset());
        dataset.put("subset_seed", data.seed());
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("layout", "NCHW");
        input.put("dtype", "float32");
        input.put("channels", result.channels());
        input.put("height", result.height());
        input.put("width", result.width());
        Map<String, Object> normalisation = new LinkedHashMap<>();
        normalisation.put("pixel_scale", "byte / 255");
        normalisation.put("means", result.means());
        normalisation.put("stds", result.stds());
        normalisation.put("formula", "x[c] = (byte / 255 - means[c]) / stds[c] in float32 (a std of 0 only centres)");

        Map<String, Object> recipeJson = new LinkedHashMap<>();
        recipeJson.put("model_id", pick.modelId());
        recipeJson.put("space", space.name());
        recipeJson.put("skeleton", skeleton);
        recipeJson.put("recipe", training);
        recipeJson.put("input", input);
        recipeJson.put("classes", result.classes());
        recipeJson.put("normalisation", normalisation);
        recipeJson.put("dataset", dataset);
        recipeJson.put("eval_batch_size", recipe.batchSize());
        writeJson(store, pick.folder() + "/" + ModelFiles.GENOME, genome);
        writeJson(store, pick.folder() + "/" + ModelFiles.RECIPE, recipeJson);
    }

    private static void writeJson(ResultStore store, String file, Object value) {
        Path path = new Path(file);
        try (FSDataOutputStream out = path.getFileSystem(store.hadoopConfiguration()).create(path, true)) {
            out.write(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(value));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static Row row(Pick pick, String runId, Trained result, String configDigest, String dataDigest, Timestamp now) {
        Object[] values = new Object[Tables.MODELS.schema().size()];
        Map<String, Object> byName = new LinkedHashMap<>();
        byName.put(Columns.MODEL_ID, pick.modelId());
        byName.put(Columns.RUN_ID, runId);
        byName.put(Columns.CANONICAL_KEY, pick.canonicalKey());
        byName.put(Columns.ARCH, pick.arch());
        byName.put(Columns.METRICS, Records.scalaMap(result.metrics()));
        byName.put(Columns.LATENCY_MS, result.latencyMs());
        byName.put(Columns.PATH, pick.folder() + "/" + ModelFiles.MODEL);
        byName.put(Columns.CONFIG_DIGEST, configDigest);
        byName.put(Columns.CODE_VERSION, SearchJob.codeVersion());
        byName.put(Columns.DATA_DIGEST, dataDigest);
        byName.put(Columns.CREATED_AT, now);
        byName.forEach((column, value) -> values[Tables.MODELS.schema().fieldIndex(column)] = value);
        return new GenericRowWithSchema(values, Tables.MODELS.schema());
    }
}
