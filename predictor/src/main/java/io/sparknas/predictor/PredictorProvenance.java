package io.sparknas.predictor;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.sparknas.predictor.features.Featurizer;

import java.io.Serializable;

/**
 * What a predictor is and what it was trained on; the columns of the {@code predictors} table
 * come from here.
 *
 * @param kind           e.g. {@code xgboost}, {@code xgboost-ensemble}
 * @param target         the metric predicted
 * @param featurizer     {@link Featurizer#name()} of the features it reads
 * @param trainedOn      {@link TrainingSet#source()}: table version or file the rows came from
 * @param nTrain         rows it was fitted on
 * @param seed           seed of the fit
 * @param trainingTimeMs wall time of the fit
 * @param nPretrain      unlabelled architectures it was pretrained on (free labels such as
 *                       params/FLOPs); 0 when not pretrained
 */
public record PredictorProvenance(
        @JsonProperty("kind") String kind,
        @JsonProperty("target") String target,
        @JsonProperty("featurizer") String featurizer,
        @JsonProperty("trained_on") String trainedOn,
        @JsonProperty("n_train") int nTrain,
        @JsonProperty("seed") long seed,
        @JsonProperty("training_time_ms") long trainingTimeMs,
        @JsonProperty("n_pretrain") int nPretrain) implements Serializable {

    /** A predictor without pretraining. */
    public PredictorProvenance(String kind, String target, String featurizer, String trainedOn, int nTrain, long seed,
                               long trainingTimeMs) {
        this(kind, target, featurizer, trainedOn, nTrain, seed, trainingTimeMs, 0);
    }

    public PredictorProvenance {
        if (kind == null || kind.isBlank() || target == null || target.isBlank()
                || featurizer == null || featurizer.isBlank() || trainedOn == null) {
            throw new IllegalArgumentException("provenance needs kind, target, featurizer and trained_on, got kind="
                    + kind + " target=" + target + " featurizer=" + featurizer + " trained_on=" + trainedOn);
        }
        if (nPretrain < 0) {
            throw new IllegalArgumentException("provenance: n_pretrain must be >= 0, got " + nPretrain);
        }
        if (nTrain <= 0 || trainingTimeMs < 0) {
            throw new IllegalArgumentException("provenance: n_train must be positive and training_time_ms >= 0, got "
                    + nTrain + " and " + trainingTimeMs);
        }
    }

    public static PredictorProvenance of(String kind, Featurizer featurizer, TrainingSet rows, long seed, long startNanos) {
        return pretrained(kind, featurizer, rows, seed, startNanos, 0);
    }

    public static PredictorProvenance pretrained(String kind, Featurizer featurizer, TrainingSet rows, long seed,
                                          long startNanos, int nPretrain) {
        long elapsedMs = (System.nanoTime() - startNanos) / 1_000_000L;
        return new PredictorProvenance(kind, rows.target(), featurizer.name(), rows.source(), rows.size(), seed,
                elapsedMs, nPretrain);
    }
}
