package io.sparknas.jobs.predictors;

import io.sparknas.jobs.config.BadInputException;
import io.sparknas.jobs.config.HardwareSettings;
import io.sparknas.jobs.config.NasConfig;
import io.sparknas.jobs.store.StoreSettings;
import io.sparknas.jobs.search.Registry;
import io.sparknas.jobs.store.OutputFolder;
import io.sparknas.jobs.store.ResultStore;
import io.sparknas.jobs.store.Tables;
import io.sparknas.population.Architecture;
import io.sparknas.population.SearchSpace;
import io.sparknas.predictor.Predictor;
import io.sparknas.predictor.PredictorKinds;
import io.sparknas.predictor.PredictorTrainer;
import io.sparknas.predictor.RankMetrics;
import io.sparknas.predictor.TrainingSet;
import io.sparknas.predictor.xgboost.XgboostSettings;
import io.sparknas.predictor.xgboost.XgboostTrainer;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The {@code train-predictor} command: fits one predictor on the store's evaluations, measures it on
 * a seeded hold-out, saves it under {@code <store>/predictors/<predictor_id>/} and MERGEs its row
 * into the {@code predictors} table. Everything that can be bad input is checked before anything is
 * written; if recording the row fails, the saved model is removed again.
 */
public final class TrainPredictorJob {
    static final String MODELS_FOLDER = "predictors";

    private TrainPredictorJob() {
    }

    public static Map<String, Object> run(SparkSession spark, NasConfig config, PrintStream out) {
        TrainPredictorSettings settings = TrainPredictorSettings.from(config);
        SearchSpace space = Registry.space(settings.space(), config);
        PredictorTrainer kindTrainer = kindTrainer(space, settings);
        ResultStore store = new ResultStore(spark, StoreSettings.path(config));
        EvaluationRows read = EvaluationRows.read(store, space.name(), settings.evaluator(), settings.fidelity(),
                settings.target());

        List<TrainingSet.Row> all = new ArrayList<>(read.rows().size());
        for (EvaluationRows.Labelled row : read.rows()) {
            Architecture architecture;
            try {
                architecture = space.decode(space.parse(row.arch()));
            } catch (IllegalArgumentException e) {
                throw new BadInputException("candidates: arch of " + row.canonicalKey() + " is not a " + space.name()
                        + " architecture: " + e.getMessage(), e);
            }
            all.add(new TrainingSet.Row(architecture, row.value()));
        }
        Split split = Split.of(all, settings.holdout(), settings.seed());
        if (split.train().size() < settings.minTrain()) {
            // too few rows yet (the first day of a pipeline): nothing to train, nothing written, not an error
            return skipped(settings, space, read, out, "only " + split.train().size() + " training architectures ("
                    + all.size() + " with " + settings.target() + " and space=" + space.name() + ", evaluator="
                    + settings.evaluator() + ", fidelity=" + settings.fidelity() + " in " + read.source() + ", "
                    + split.heldOut().size() + " held out) but " + TrainPredictorSettings.MIN_TRAIN.key() + " is "
                    + settings.minTrain());
        }
        if (settings.holdout() > 0 && split.heldOut().size() < 2) {
            throw new BadInputException(TrainPredictorSettings.HOLDOUT.key() + " " + settings.holdout() + " of " + all.size()
                    + " architectures leaves " + split.heldOut().size() + " to measure on (need >= 2); "
                    + "raise it or set it to 0");
        }

        TrainingSet training = new TrainingSet(read.source(), settings.target(), split.train());
        PredictorTrainer trainer = forSize(kindTrainer, spark, space, settings, training.size());
        Predictor predictor = trainer.fit(training, settings.seed());
        Double tau = null;
        Double rho = null;
        if (!split.heldOut().isEmpty()) {
            double[] truth = split.heldOut().stream().mapToDouble(TrainingSet.Row::value).toArray();
            double[] predicted = predictor.predictAll(split.heldOut().stream().map(TrainingSet.Row::architecture).toList());
            tau = RankMetrics.kendallTau(predicted, truth);
            rho = RankMetrics.spearman(predicted, truth);
        }

        String id = settings.id().isEmpty() ? derivedId(settings, read) : settings.id();
        String path = store.root() + "/" + MODELS_FOLDER + "/" + id;
        var hadoop = spark.sparkContext().hadoopConfiguration();
        boolean replacing = replacesEarlierPredictor(path, hadoop);
        SavedPredictors.save(predictor, path, hadoop);
        try {
            Row row = RowFactory.create(id, trainer.kind(), settings.target(), read.evaluationsVersion(), training.size(),
                    tau, rho, path, new Timestamp(System.currentTimeMillis()), space.name());
            store.ensureTable(Tables.PREDICTORS).upsert(Tables.PREDICTORS, List.of(row));
        } catch (RuntimeException e) {
            if (!replacing) { // a folder this job created; an earlier predictor's folder is never deleted
                SavedPredictors.delete(path, hadoop);
            }
            throw e;
        }

        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("status", "trained");
        summary.put("predictor_id", id);
        summary.put("kind", trainer.kind());
        summary.put("trainer", trainer instanceof SparkXgboostTrainer ? "xgboost4j-spark" : "driver");
        summary.put("target", settings.target());
        summary.put("space", space.name());
        summary.put("trained_on", read.source());
        summary.put("trained_on_version", read.evaluationsVersion());
        summary.put("n_train", training.size());
        summary.put("n_holdout", split.heldOut().size());
        summary.put("kendall_tau", tau);
        summary.put("spearman", rho);
        summary.put("training_time_ms", predictor.provenance().trainingTimeMs());
        summary.put("path", path);
        out.printf("predictor %s (%s, %s) on %d architectures of %s: held-out (%d) kendall tau %s, spearman %s -> %s%n",
                id, trainer.kind(), settings.target(), training.size(), read.source(), split.heldOut().size(),
                format(tau), format(rho), path);
        return summary;
    }

    /** The summary of a run that had too few rows to train on: it wrote nothing. */
    private static Map<String, Object> skipped(TrainPredictorSettings settings, SearchSpace space, EvaluationRows read,
                                               PrintStream out, String reason) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("status", "skipped");
        summary.put("reason", reason);
        summary.put("predictor_id", null);
        summary.put("target", settings.target());
        summary.put("space", space.name());
        summary.put("trained_on", read.source());
        out.println("skipped: " + reason + "; nothing written");
        return summary;
    }

    /** Whether the predictor's folder holds an earlier predictor; refused when it holds anything else. */
    private static boolean replacesEarlierPredictor(String path, org.apache.hadoop.conf.Configuration hadoop) {
        org.apache.hadoop.fs.Path folder = new org.apache.hadoop.fs.Path(path);
        try {
            return OutputFolder.check(folder.getFileSystem(hadoop), folder, SavedPredictors.KIND, "predictor folder");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot open " + path, e);
        }
    }

    private static PredictorTrainer kindTrainer(SearchSpace space, TrainPredictorSettings settings) {
        try {
            return PredictorKinds.byKind(space, settings.kind(), settings.xgboost());
        } catch (IllegalArgumentException e) {
            throw TrainPredictorSettings.KIND.error(": " + e.getMessage(), e);
        }
    }

    /** XGBoost on more rows than {@code train-predictor.spark-threshold} trains on the executors. */
    static PredictorTrainer forSize(PredictorTrainer trainer, SparkSession spark, SearchSpace space,
                                    TrainPredictorSettings settings, int rows) {
        if (trainer instanceof XgboostTrainer xgboost && rows > settings.sparkThreshold()) {
            return new SparkXgboostTrainer(spark, space, xgboost.featurizer(), xgboost.settings(), settings.sparkWorkers());
        }
        return trainer;
    }

    private static String format(Double value) {
        return value == null ? "n/a" : String.format("%.3f", value);
    }

    /**
     * Same settings on the same table version give the same id, so a re-run replaces its own row; a
     * booster shape other than the default is part of the id (and the default's ids stay as they were).
     */
    private static String derivedId(TrainPredictorSettings settings, EvaluationRows read) {
        String what = String.join("|", settings.space(), settings.evaluator(), settings.fidelity(), settings.target(),
                settings.kind(), Long.toString(settings.seed()), Double.toString(settings.holdout()), read.source());
        boolean boosted = settings.kind().equals(PredictorKinds.XGBOOST)
                || settings.kind().equals(PredictorKinds.XGBOOST_ENSEMBLE);
        if (boosted && !settings.xgboost().equals(XgboostSettings.DEFAULTS)) {
            what += "|" + settings.xgboost().rounds() + "/" + settings.xgboost().eta() + "/" + settings.xgboost().maxDepth();
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(what.getBytes(StandardCharsets.UTF_8));
            return settings.kind() + "-" + HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A seeded hold-out over rows in key order. */
    record Split(List<TrainingSet.Row> train, List<TrainingSet.Row> heldOut) {
        static Split of(List<TrainingSet.Row> rows, double holdout, long seed) {
            List<TrainingSet.Row> shuffled = new ArrayList<>(rows);
            Collections.shuffle(shuffled, new Random(seed));
            int held = (int) Math.round(holdout * rows.size());
            return new Split(List.copyOf(shuffled.subList(held, shuffled.size())), List.copyOf(shuffled.subList(0, held)));
        }
    }
}
