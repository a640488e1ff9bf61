package io.sparknas.predictor.xgboost;

import io.sparknas.population.Architecture;
import io.sparknas.predictor.Predictor;
import io.sparknas.predictor.PredictorProvenance;
import io.sparknas.predictor.features.FeatureMatrix;
import io.sparknas.predictor.features.Featurizer;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * A trained XGBoost model. Immutable: its state is the serialised model bytes (UBJSON), the
 * featurizer and the provenance; the native Booster is rebuilt from the bytes on first use (also
 * after Java serialisation, e.g. when shipped to Spark executors).
 */
public final class XgboostPredictor implements Predictor {
    private static final long serialVersionUID = 1L;
    private final byte[] model;
    private final Featurizer featurizer;
    private final PredictorProvenance provenance;
    private transient Booster booster;
    private transient XgboostTrees trees;

    XgboostPredictor(byte[] model, Featurizer featurizer, PredictorProvenance provenance) {
        this.model = model.clone();
        this.featurizer = featurizer;
        this.provenance = provenance;
    }

    /**
     * A predictor over a booster trained elsewhere (e.g. by xgboost4j-spark), given as its
     * serialised bytes (UBJSON or JSON, as {@code Booster.toByteArray} writes them).
     */
    public static XgboostPredictor ofModel(byte[] model, Featurizer featurizer, PredictorProvenance provenance) {
        if (model == null || model.length == 0 || featurizer == null || provenance == null) {
            throw new IllegalArgumentException("an XGBoost predictor needs model bytes, a featurizer and provenance");
        }
        return new XgboostPredictor(model, featurizer, provenance);
    }

    /**
     * Reads a model written by {@link #save(Path)}. The file holds only the booster, so the caller
     * supplies the featurizer and provenance (kept in the {@code predictors} table).
     *
     * @throws IllegalArgumentException naming the path when the file is missing, unreadable or not an XGBoost model
     */
    public static XgboostPredictor load(Path path, Featurizer featurizer, PredictorProvenance provenance) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("XGBoost model file not found: " + path, e);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read XGBoost model file " + path + ": " + e.getMessage(), e);
        }
        XgboostPredictor predictor = new XgboostPredictor(bytes, featurizer, provenance);
        try {
            // Parse and check now, so a corrupt file fails here and not at the first prediction.
            predictor.checkLoadedModel();
        } catch (IllegalStateException e) {
            throw new IllegalArgumentException("not a valid XGBoost model file: " + path + " (" + e.getMessage() + ")", e);
        }
        return predictor;
    }

    /**
     * XGBoost accepts some damaged inputs (a truncated UBJSON file loads as a partial model), so
     * besides parsing, the model must read this featurizer's width, hold trees, and serialise back
     * to the very bytes it was read from.
     */
    private void checkLoadedModel() {
        try {
            Booster loaded = booster();
            long features = loaded.getNumFeature();
            if (features != featurizer.dimension()) {
                throw new IllegalStateException("model reads " + features + " features, featurizer "
                        + featurizer.name() + " has " + featurizer.dimension());
            }
            if (loaded.getNumBoostedRound() < 1) {
                throw new IllegalStateException("model has no boosting rounds");
            }
            if (!java.util.Arrays.equals(loaded.toByteArray("ubj"), model)) {
                throw new IllegalStateException("model bytes do not round-trip (truncated or not written by save)");
            }
        } catch (XGBoostError e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    public void save(Path path) {
        try {
            Path parent = path.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.write(path, model);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write XGBoost model to " + path, e);
        }
    }

    /** A copy of the serialised booster (UBJSON). */
    public byte[] modelBytes() {
        return model.clone();
    }

    @Override
    public double predict(double[] features) {
        return predictRows(FeatureMatrix.ofRow(features, featurizer.dimension(), featurizer.name()), 1)[0];
    }

    @Override
    public double[] predictAll(List<? extends Architecture> architectures) {
        if (architectures.isEmpty()) {
            return new double[0];
        }
        return predictRows(FeatureMatrix.of(featurizer, architectures), architectures.size());
    }

    private double[] predictRows(float[] matrix, int rows) {
        float[][] raw;
        try {
            raw = inplacePredict(matrix, rows);
        } catch (XGBoostError e) {
            throw new IllegalStateException("XGBoost prediction failed: " + e.getMessage(), e);
        }
        double[] out = new double[rows];
        for (int i = 0; i < rows; i++) {
            out[i] = raw[i][0];
        }
        return out;
    }

    /** The native booster is not documented as thread-safe: one prediction at a time. */
    private synchronized float[][] inplacePredict(float[] matrix, int rows) throws XGBoostError {
        return booster().inplace_predict(matrix, rows, featurizer.dimension(), Float.NaN);
    }

    private synchronized Booster booster() {
        if (booster == null) {
            try {
                booster = XGBoost.loadModel(model);
            } catch (XGBoostError | IOException e) {
                throw new IllegalStateException("cannot load XGBoost model (" + model.length + " bytes): "
                        + e.getMessage(), e);
            }
        }
        return booster;
    }

    /**
     * A scorer with its own native booster, for one thread: tasks running side by side in one executor
     * share the broadcast predictor, and its lock would make them take turns.
     */
    public MatrixScorer matrixScorer() {
        try {
            Booster own = XGBoost.loadModel(model);
            // the saved model does not carry nthread: without this a task would use every core
            own.setParam("nthread", "1");
            return new MatrixScorer(own, featurizer.dimension());
        } catch (XGBoostError | IOException e) {
            throw new IllegalStateException("cannot load XGBoost model (" + model.length + " bytes): " + e.getMessage(), e);
        }
    }

    /** The booster's trees as Java arrays, for scoring that drops candidates which cannot win early. */
    public synchronized XgboostTrees trees() {
        try {
            if (trees == null) { // read once per JVM: executors' tasks share the broadcast predictor
                trees = XgboostTrees.fromJson(booster().toByteArray("json"));
            }
            return trees;
        } catch (XGBoostError e) {
            throw new IllegalStateException("cannot export the XGBoost model as JSON: " + e.getMessage(), e);
        }
    }

    /** Predicts row-major float matrices of the featurizer's width; not thread-safe; close frees the booster. */
    public static final class MatrixScorer implements AutoCloseable {
        private final Booster booster;
        private final int columns;

        private MatrixScorer(Booster booster, int columns) {
            this.booster = booster;
            this.columns = columns;
        }

        /** Predictions of the first {@code rows} rows of {@code matrix} into {@code out[0 .. rows)}. */
        public void predict(float[] matrix, int rows, double[] out) {
            try {
                float[][] raw = booster.inplace_predict(matrix, rows, columns, Float.NaN);
                for (int i = 0; i < rows; i++) {
                    out[i] = raw[i][0];
                }
            } catch (XGBoostError e) {
                throw new IllegalStateException("XGBoost prediction failed: " + e.getMessage(), e);
            }
        }

        @Override
        public void close() {
            booster.dispose();
        }
    }

    @Override
    public PredictorProvenance provenance() {
        return provenance;
    }

    @Override
    public Featurizer featurizer() {
        return featurizer;
    }

    @Override
    public String toString() {
        return "XgboostPredictor" + provenance;
    }
}
