package io.sparknas.jobs.report;

import io.sparknas.jobs.config.BadInputException;
import io.sparknas.jobs.predictors.SavedPredictors;
import io.sparknas.jobs.search.Registry;
import io.sparknas.jobs.search.SearchJobSettings;
import io.sparknas.jobs.store.Columns;
import io.sparknas.jobs.store.ResultStore;
import io.sparknas.jobs.store.Tables;
import io.sparknas.population.Architecture;
import io.sparknas.population.SearchSpace;
import io.sparknas.population.space.Nb201Space;
import io.sparknas.predictor.Predictor;
import io.sparknas.predictor.RankMetrics;
import org.apache.spark.sql.Row;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import static org.apache.spark.sql.functions.col;

/**
 * Predicted against measured for a run's architectures, when the store has a {@code predictors}
 * table (written by train-predictor) with an XGBoost model whose target the run measured: the
 * newest such model is loaded from its path and scored on every architecture the run evaluated.
 */
final class PredictorCheck {

    /** @param measured the run's mean value of the target per architecture, paired with predicted */
    record Outcome(String predictorId, String kind, String target, int nTrain, double[] measured, double[] predicted,
                   double kendallTau) {
    }

    /** @param note why there is no outcome, or where it came from */
    record Result(Optional<Outcome> outcome, String note) {
    }

    private PredictorCheck() {
    }

    static Result of(ResultStore store, RunData run) {
        if (!store.exists(Tables.PREDICTORS)) {
            return new Result(Optional.empty(), "no predictors table in the store: no predictor plot");
        }
        Set<String> measuredMetrics = run.evaluations().stream().flatMap(e -> e.metrics().keySet().stream()).collect(Collectors.toSet());
        List<Row> candidates = store.read(Tables.PREDICTORS)
                .orderBy(col(Columns.CREATED_AT).desc()).collectAsList().stream()
                .filter(r -> measuredMetrics.contains(r.getString(r.fieldIndex(Columns.TARGET)))).toList();
        if (candidates.isEmpty()) {
            return new Result(Optional.empty(), "no predictor in the predictors table predicts a metric this run measured");
        }
        if (!Nb201Space.NAME.equals(SearchJobSettings.SPACE.get(run.config()))) {
            return new Result(Optional.empty(), "the stored predictors read NB201 features; this run searched "
                    + SearchJobSettings.SPACE.get(run.config()));
        }
        Row row = candidates.get(0);
        String id = String.valueOf(row.get(row.fieldIndex(Columns.PREDICTOR_ID)));
        String target = row.getString(row.fieldIndex(Columns.TARGET));
        int nTrain = ((Number) row.get(row.fieldIndex(Columns.N_TRAIN))).intValue();
        String path = row.getString(row.fieldIndex(Columns.PATH));
        Predictor predictor;
        try {
            predictor = SavedPredictors.load(path, store.hadoopConfiguration());
        } catch (BadInputException e) {
            return new Result(Optional.empty(), "predictor " + id + " could not be loaded: " + e.getMessage());
        }

        // one point per architecture: the mean over the seeds the run drew
        Map<String, List<Double>> values = new LinkedHashMap<>();
        Map<String, String> archs = new LinkedHashMap<>();
        for (RunData.Evaluation e : run.evaluations()) {
            Double value = e.metrics().get(target);
            if (value != null && Double.isFinite(value)) {
                values.computeIfAbsent(e.canonicalKey(), k -> new ArrayList<>()).add(value);
                archs.putIfAbsent(e.canonicalKey(), e.arch());
            }
        }
        if (values.size() < 2) {
            return new Result(Optional.empty(), "predictor " + id + ": fewer than 2 of this run's architectures measured " + target);
        }
        SearchSpace space = Registry.space(run.config(), SearchJobSettings.SPACE);
        List<Architecture> architectures = archs.values().stream().map(a -> space.decode(space.parse(a))).toList();
        double[] measured = values.values().stream().mapToDouble(v -> v.stream().mapToDouble(Double::doubleValue).average().orElseThrow()).toArray();
        double[] predicted = predictor.predictAll(architectures);
        double tau = RankMetrics.kendallTau(predicted, measured);
        return new Result(Optional.of(new Outcome(id, row.getString(row.fieldIndex(Columns.KIND)), target, nTrain, measured, predicted, tau)),
                "predictor " + id + " (" + path + ")");
    }
}
