package io.sparknas.jobs.prior;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparknas.evaluation.EvaluationResult;
import io.sparknas.jobs.config.BadInputException;
import io.sparknas.jobs.config.NasConfig;
import io.sparknas.jobs.predictors.SavedPredictors;
import io.sparknas.jobs.predictors.XgboostKeys;
import io.sparknas.jobs.search.PredictorSurrogate;
import io.sparknas.jobs.search.SearchJob;
import io.sparknas.jobs.search.SearchJobSettings;
import io.sparknas.jobs.store.Columns;
import io.sparknas.jobs.store.ResultStore;
import io.sparknas.jobs.store.StoreSettings;
import io.sparknas.jobs.store.Tables;
import io.sparknas.population.Architecture;
import io.sparknas.population.Genome;
import io.sparknas.population.Individual;
import io.sparknas.population.Objective;
import io.sparknas.population.SearchSpace;
import io.sparknas.population.SearchStrategy;
import io.sparknas.population.prior.SourceTask;
import io.sparknas.population.prior.TransferPrior;
import io.sparknas.population.prior.WithPrior;
import io.sparknas.population.strategy.Surrogate;
import io.sparknas.predictor.Predictor;
import io.sparknas.predictor.PredictorKinds;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.when;

/**
 * Resolves {@code prior.*} into a {@link TransferPrior} (read only: nothing is written to the prior's
 * store) and into the record the {@code runs} table keeps of it, so that a resumed run rebuilds the same
 * prior from the same source runs or predictor, whatever was added to the store since.
 */
public final class Priors {
    private static final Logger LOG = LoggerFactory.getLogger(Priors.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Uniform samples a predictor prior ranks for its warm start. */
    static final int PREDICTOR_POOL = 2000;
    /** Seed of the source models' fits: a prior is the same whoever builds it. */
    private static final long FIT_SEED = 20261206L;

    private Priors() {
    }

    /**
     * A resolved prior.
     *
     * @param prior       the prior, empty for a cold start
     * @param record      what {@code runs.prior} records (JSON), null for {@code prior.source = none}
     * @param description one line for the log and the summaries
     */
    public record Resolved(Optional<TransferPrior> prior, String record, String description) {
        public static Resolved none() {
            return new Resolved(Optional.empty(), null, "none");
        }

        /** The strategy, started from the prior when there is one. */
        public SearchStrategy wrap(SearchStrategy strategy, SearchSpace space, Objective objective, PriorSettings settings) {
            return prior.<SearchStrategy>map(p -> new WithPrior(strategy, space, objective, p, settings.strategy()))
                    .orElse(strategy);
        }
    }

    /**
     * @param own      the evaluator configs of the run itself: its cache, never a source task
     * @param runId    the run's id (never its own source); null for a benchmark
     * @param recorded the run's {@code runs.prior} when it is resumed, else null
     */
    public static Resolved resolve(SparkSession spark, NasConfig config, SearchSpace space, Objective objective,
                                   Collection<String> own, String runId, String recorded) {
        PriorSettings settings = PriorSettings.from(config);
        if (recorded != null) {
            return fromRecord(spark, config, space, objective, own, runId, settings, recorded);
        }
        boolean named = !settings.store().isEmpty();
        String path = named ? settings.store() : StoreSettings.path(config);
        return switch (settings.source()) {
            case PriorSettings.STORE -> fromStore(spark, config, open(spark, path, named), space, own, runId, null,
                    settings);
            case PriorSettings.PREDICTOR -> fromPredictor(spark, config, open(spark, path, named), space, objective,
                    settings.predictorId(), settings);
            default -> Resolved.none();
        };
    }

    /** The store the prior reads: must exist and be a sparknas store when named; else may be empty. */
    private static ResultStore open(SparkSession spark, String path, boolean named) {
        ResultStore store;
        try {
            store = new ResultStore(spark, path);
        } catch (BadInputException e) {
            throw PriorSettings.STORE_PATH.error("'" + path + "': " + e.getMessage(), e);
        }
        if (named) {
            if (!exists(store)) {
                throw PriorSettings.STORE_PATH.error("'" + path + "' does not exist");
            }
            if (!store.exists(Tables.RUNS)) {
                throw PriorSettings.STORE_PATH.error("'" + path + "' is not a sparknas store (no Delta table "
                        + Tables.RUNS.tableName() + " under it)");
            }
        }
        try {
            return store.checkExisting();
        } catch (BadInputException e) {
            throw PriorSettings.STORE_PATH.error("'" + path + "': " + e.getMessage(), e);
        }
    }

    private static boolean exists(ResultStore store) {
        org.apache.hadoop.fs.Path root = new org.apache.hadoop.fs.Path(store.root());
        try {
            return root.getFileSystem(store.hadoopConfiguration()).exists(root);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot list " + store.root(), e);
        }
    }

    private static Resolved fromRecord(SparkSession spark, NasConfig config, SearchSpace space, Objective objective,
                                       Collection<String> own, String runId, PriorSettings settings, String recorded) {
        JsonNode record;
        try {
            record = JSON.readTree(recorded);
        } catch (JsonProcessingException e) {
            throw new BadInputException("runs.prior of run " + runId + " is not JSON: " + e.getOriginalMessage(), e);
        }
        ResultStore store = open(spark, record.path("store").asText(), false);
        if (PriorSettings.PREDICTOR.equals(record.path("source").asText())) {
            JsonNode id = record.path("predictor_id");
            return id.isNull() || id.isMissingNode() ? new Resolved(Optional.empty(), recorded, "cold (as recorded)")
                    : fromPredictor(spark, config, store, space, objective, id.asText(), settings);
        }
        List<String> runs = new ArrayList<>();
        record.path("runs").forEach(r -> runs.add(r.asText()));
        return fromStore(spark, config, store, space, own, runId, runs, settings);
    }

    /**
     * The finished runs of the store in this space (or the {@code pinned} ones), each run's own objective
     * metric read from its evaluations, grouped into one source task per evaluator config and objective.
     */
    private static Resolved fromStore(SparkSession spark, NasConfig config, ResultStore store, SearchSpace space,
                                      Collection<String> own, String runId, List<String> pinned, PriorSettings settings) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("source", PriorSettings.STORE);
        record.put("store", store.root());
        Map<String, Objective> objectives = new TreeMap<>();
        if (store.exists(Tables.RUNS)) {
            Column finished = col(Columns.STATUS).equalTo(SearchJob.FINISHED).and(col(Columns.SPACE).equalTo(space.name()));
            if (pinned != null) {
                finished = col(Columns.RUN_ID).isin(pinned.toArray());
            }
            for (Row run : store.read(Tables.RUNS).filter(finished).collectAsList()) {
                String id = run.getString(run.fieldIndex(Columns.RUN_ID));
                if (id.equals(runId)) {
                    continue;
                }
                try {
                    objectives.put(id, SearchJobSettings.goals(NasConfig.fromRendered(run.getString(run.fieldIndex(Columns.CONFIG))))
                            .primary());
                } catch (RuntimeException e) {
                    LOG.warn("prior: run {} is left out, its stored config has no readable objective: {}", id, e.getMessage());
                }
            }
        }
        if (pinned != null && !objectives.keySet().containsAll(pinned)) {
            List<String> missing = pinned.stream().filter(r -> !objectives.containsKey(r)).toList();
            throw new BadInputException("run " + runId + " was started with a prior from run(s) " + String.join(", ", pinned)
                    + " of " + store.root() + ", and that store no longer holds " + String.join(", ", missing)
                    + ": put the store back to resume the run as it started, or start a new run id");
        }
        Map<String, TaskRows> tasks = new TreeMap<>();
        if (!objectives.isEmpty() && store.exists(Tables.EVALUATIONS)) {
            Column value = null;
            for (Map.Entry<String, Objective> run : objectives.entrySet()) {
                Column mine = col(Columns.METRICS).getItem(run.getValue().metric());
                value = value == null ? when(col(Columns.RUN_ID).equalTo(run.getKey()), mine)
                        : value.when(col(Columns.RUN_ID).equalTo(run.getKey()), mine);
            }
            Column ok = col(Columns.RUN_ID).isin(objectives.keySet().toArray())
                    .and(col(Columns.STATUS).equalTo(EvaluationResult.Status.OK.name()));
            if (!own.isEmpty()) {
                ok = ok.and(not(col(Columns.EVALUATOR_CONFIG).isin(own.toArray())));
            }
            List<Row> rows = store.read(Tables.EVALUATIONS).filter(ok)
                    .select(col(Columns.RUN_ID), col(Columns.CANONICAL_KEY), col(Columns.ARCH), col(Columns.EVALUATOR_CONFIG),
                            value.as(VALUE))
                    .filter(col(VALUE).isNotNull()).collectAsList();
            for (Row row : rows) {
                String run = row.getString(row.fieldIndex(Columns.RUN_ID));
                Objective objective = objectives.get(run);
                String evaluatorConfig = row.getString(row.fieldIndex(Columns.EVALUATOR_CONFIG));
                String task = objective.metric() + ":" + direction(objective)
                        + "@" + evaluatorConfig;
                tasks.computeIfAbsent(task, t -> new TaskRows(objective, evaluatorConfig)).add(run,
                        row.getString(row.fieldIndex(Columns.CANONICAL_KEY)), row.getString(row.fieldIndex(Columns.ARCH)),
                        row.getDouble(row.fieldIndex(VALUE)));
            }
        }
        List<SourceTask> sources = new ArrayList<>();
        List<Map<String, Object>> recordedTasks = new ArrayList<>();
        TreeSet<String> runs = new TreeSet<>();
        for (TaskRows task : tasks.values()) {
            SourceTask source = task.toSource(space);
            if (source == null) {
                continue;
            }
            sources.add(source);
            runs.addAll(task.runs);
            Map<String, Object> recordedTask = new LinkedHashMap<>();
            recordedTask.put("metric", task.objective.metric());
            recordedTask.put("direction", direction(task.objective));
            recordedTask.put("evaluator_config", task.evaluatorConfig);
            recordedTask.put("runs", List.copyOf(task.runs));
            recordedTask.put("architectures", source.observed().size());
            recordedTasks.add(recordedTask);
        }
        record.put("runs", List.copyOf(runs));
        record.put("tasks", recordedTasks);
        if (sources.isEmpty()) {
            String note = "cold: no finished " + space.name() + " run in " + store.root() + " with values of its objective"
                    + " on another evaluator config";
            record.put("note", note);
            return new Resolved(Optional.empty(), json(record), note);
        }
        Surrogate surrogate = new PredictorSurrogate(space, PredictorKinds.byKind(space, PredictorKinds.XGBOOST,
                XgboostKeys.read(config)), PredictorSurrogate.onDriver());
        TransferPrior prior = TransferPrior.fromTasks(space, sources, surrogate, FIT_SEED, settings.minObservations());
        String description = "store " + store.root() + ": " + sources.size() + " source task(s) from " + runs.size()
                + " run(s): " + String.join(", ", prior.sourceNames());
        return new Resolved(Optional.of(prior), json(record), description);
    }

    private static final String VALUE = "prior_value";

    /** One source task's rows: the objective's value averaged per architecture over its seeds. */
    private static final class TaskRows {
        final Objective objective;
        final String evaluatorConfig;
        final TreeSet<String> runs = new TreeSet<>();
        final Map<String, double[]> sums = new TreeMap<>();
        final Map<String, String> archs = new TreeMap<>();

        TaskRows(Objective objective, String evaluatorConfig) {
            this.objective = objective;
            this.evaluatorConfig = evaluatorConfig;
        }

        void add(String run, String key, String arch, double value) {
            if (!Double.isFinite(value)) {
                return;
            }
            runs.add(run);
            double[] sum = sums.computeIfAbsent(key, k -> new double[2]);
            sum[0] += value;
            sum[1]++;
            archs.putIfAbsent(key, arch);
        }

        SourceTask toSource(SearchSpace space) {
            List<Individual> observed = new ArrayList<>();
            sums.forEach((key, sum) -> {
                Genome genome;
                try {
                    genome = space.parse(archs.get(key));
                } catch (RuntimeException e) {
                    return; // an arch this space cannot read is no evidence about it
                }
                observed.add(new Individual(genome, archs.get(key), key, Map.of(objective.metric(), sum[0] / sum[1]), 0));
            });
            if (observed.size() < 2) {
                return null; // nothing to rank with
            }
            return new SourceTask(objective.metric() + "@" + evaluatorConfig.substring(0, Math.min(8, evaluatorConfig.length()))
                    + " (" + runs.size() + " runs)", objective, observed);
        }
    }

    /** The predictor {@code id} ({@code latest}: the newest for the space) as a one-source prior. */
    private static Resolved fromPredictor(SparkSession spark, NasConfig config, ResultStore store, SearchSpace space,
                                          Objective objective, String id, PriorSettings settings) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("source", PriorSettings.PREDICTOR);
        record.put("store", store.root());
        boolean latest = PriorSettings.LATEST.equals(id);
        List<Row> rows = store.exists(Tables.PREDICTORS)
                ? store.read(Tables.PREDICTORS).orderBy(col(Columns.CREATED_AT).desc(), col(Columns.PREDICTOR_ID)).collectAsList()
                : List.of();
        List<String> known = rows.stream().map(r -> r.getString(r.fieldIndex(Columns.PREDICTOR_ID))).toList();
        for (Row row : rows) {
            String rowId = row.getString(row.fieldIndex(Columns.PREDICTOR_ID));
            if (!latest && !rowId.equals(id)) {
                continue;
            }
            // predictors rows written before the space column have none: whether they read the space is tried below
            String rowSpace = Columns.addedString(row, Columns.SPACE);
            if (rowSpace != null && !rowSpace.equals(space.name())) {
                if (latest) {
                    continue;
                }
                throw PriorSettings.PREDICTOR_ID.error("'" + id + "' is a " + rowSpace + " predictor; this run searches "
                        + space.name());
            }
            Predictor predictor;
            try {
                predictor = SavedPredictors.load(row.getString(row.fieldIndex(Columns.PATH)), store.hadoopConfiguration());
            } catch (BadInputException e) {
                throw PriorSettings.PREDICTOR_ID.error("'" + rowId + "': " + e.getMessage(), e);
            }
            if (!reads(predictor, space)) {
                if (latest) {
                    continue;
                }
                throw PriorSettings.PREDICTOR_ID.error("'" + id + "' does not read " + space.name() + " architectures ("
                        + predictor.featurizer().name() + " features)");
            }
            record.put("predictor_id", rowId);
            record.put("target", predictor.target());
            double sign = predictor.target().equals(objective.metric())
                    && objective.direction() == Objective.Direction.MINIMIZE ? -1 : 1;
            Surrogate.Fitted model = genomes -> {
                double[] predicted = predictor.predictAll(genomes.stream().map(g -> (Architecture) space.decode(g)).toList());
                double[] utilities = java.util.Arrays.stream(predicted).map(v -> sign * v).toArray();
                return new Surrogate.Predictions(utilities, new double[utilities.length]);
            };
            TransferPrior prior = TransferPrior.fromModel(space, "predictor " + rowId + " (" + predictor.target() + ")",
                    model, PREDICTOR_POOL, FIT_SEED, settings.minObservations());
            return new Resolved(Optional.of(prior), json(record), "predictor " + rowId + " (" + predictor.target() + ") of "
                    + store.root());
        }
        if (!latest) {
            throw PriorSettings.PREDICTOR_ID.error("'" + id + "' is not in the predictors table of " + store.root()
                    + " (known: " + (known.isEmpty() ? "none" : String.join(", ", known.subList(0, Math.min(10, known.size()))))
                    + ")");
        }
        String note = "cold: no " + space.name() + " predictor in " + store.root();
        record.put("predictor_id", null);
        record.put("note", note);
        return new Resolved(Optional.empty(), json(record), note);
    }

    /** Whether the predictor reads this space's architectures (rows written before the space column). */
    private static boolean reads(Predictor predictor, SearchSpace space) {
        try {
            predictor.predict((Architecture) space.decode(space.sample(new java.util.Random(1))));
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** As objectives are written: {@code max} or {@code min}. */
    private static String direction(Objective objective) {
        return objective.direction() == Objective.Direction.MAXIMIZE ? "max" : "min";
    }

    private static String json(Map<String, Object> record) {
        try {
            return JSON.writeValueAsString(record);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
