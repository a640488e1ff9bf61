package io.sparknas.jobs.predictors;

import io.sparknas.population.SearchSpace;
import io.sparknas.predictor.features.Featurizer;
import io.sparknas.predictor.PredictorProvenance;
import io.sparknas.predictor.PredictorTrainer;
import io.sparknas.predictor.TrainingSet;
import io.sparknas.predictor.xgboost.XgboostPredictor;
import io.sparknas.predictor.xgboost.XgboostSettings;
import io.sparknas.predictor.xgboost.XgboostTrainer;
import ml.dmlc.xgboost4j.java.XGBoostError;
import ml.dmlc.xgboost4j.scala.spark.XGBoostRegressionModel;
import ml.dmlc.xgboost4j.scala.spark.XGBoostRegressor;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.util.ArrayList;
import java.util.List;

/**
 * XGBoost trained by xgboost4j-spark's {@link XGBoostRegressor} on a DataFrame whose features are
 * computed on the executors (a {@code VectorUDT} column), for training tables too large for the
 * driver-side Booster. The trained booster is taken out of the Spark model ({@code nativeBooster})
 * into the same {@link XgboostPredictor} the driver path gives, so prediction stays a broadcast
 * byte array. Same hyperparameters as {@link XgboostTrainer}; the result differs only in how rows
 * are split between workers.
 */
public final class SparkXgboostTrainer implements PredictorTrainer {
    static final String FEATURES = "features";
    static final String LABEL = "label";
    private static final String ARCH = "arch";
    private static final StructType INPUT = new StructType()
            .add(ARCH, DataTypes.StringType, false).add(LABEL, DataTypes.DoubleType, false);
    private static final StructType FEATURIZED = new StructType()
            .add(FEATURES, SQLDataTypes.VectorType(), false).add(LABEL, DataTypes.DoubleType, false);

    private final SparkSession spark;
    private final SearchSpace space;
    private final Featurizer featurizer;
    private final XgboostSettings settings;
    private final int workers;

    /** @param workers xgboost4j-spark workers; 0 = Spark's default parallelism */
    public SparkXgboostTrainer(SparkSession spark, SearchSpace space, Featurizer featurizer, XgboostSettings settings,
                               int workers) {
        if (spark == null || space == null || featurizer == null || settings == null || workers < 0) {
            throw new IllegalArgumentException("SparkXgboostTrainer needs a session, space, featurizer, settings and workers >= 0");
        }
        this.spark = spark;
        this.space = space;
        this.featurizer = featurizer;
        this.settings = settings;
        this.workers = workers;
    }

    @Override
    public String kind() {
        return XgboostTrainer.KIND;
    }

    @Override
    public XgboostPredictor fit(TrainingSet rows, long seed) {
        long start = System.nanoTime();
        int parallelism = workers > 0 ? workers : spark.sparkContext().defaultParallelism();
        XGBoostRegressionModel model = regressor(seed, parallelism).fit(featurized(rows, parallelism));
        try {
            byte[] booster = model.nativeBooster().toByteArray("ubj");
            return XgboostPredictor.ofModel(booster, featurizer, PredictorProvenance.of(kind(), featurizer, rows, seed, start));
        } catch (XGBoostError e) {
            throw new IllegalStateException("cannot serialise the booster xgboost4j-spark trained on " + rows, e);
        }
    }

    /** (features, label) with the features computed where the partition lives. */
    Dataset<Row> featurized(TrainingSet rows, int partitions) {
        List<Row> input = new ArrayList<>(rows.size());
        for (TrainingSet.Row row : rows.rows()) {
            input.add(RowFactory.create(row.architecture().format(), row.value()));
        }
        SearchSpace space = this.space;
        Featurizer featurizer = this.featurizer;
        return spark.createDataFrame(input, INPUT).repartition(partitions)
                .mapPartitions((MapPartitionsFunction<Row, Row>) it -> {
                    List<Row> out = new ArrayList<>();
                    it.forEachRemaining(r -> out.add(RowFactory.create(
                            Vectors.dense(featurizer.features(space.decode(space.parse(r.getString(r.fieldIndex(ARCH)))))),
                            r.getDouble(r.fieldIndex(LABEL)))));
                    return out.iterator();
                }, Encoders.row(FEATURIZED));
    }

    /** Setters return {@code Params} from Java (no chaining); the tracker listens on loopback like Spark. */
    private XGBoostRegressor regressor(long seed, int parallelism) {
        XGBoostRegressor regressor = new XGBoostRegressor();
        regressor.setFeaturesCol(FEATURES);
        regressor.setLabelCol(LABEL);
        regressor.setObjective("reg:squarederror");
        regressor.setTreeMethod("hist");
        regressor.setNumRound(settings.rounds());
        regressor.setMaxDepth(settings.maxDepth());
        regressor.setEta(settings.eta());
        regressor.setSubsample(settings.subsample());
        regressor.setColsampleBytree(settings.colsampleByTree());
        regressor.setMinChildWeight(settings.minChildWeight());
        regressor.setLambda(settings.lambda());
        regressor.setNthread(settings.threads());
        regressor.setSeed(seed ^ (seed >>> 32));
        regressor.setVerbosity(0);
        regressor.setNumWorkers(parallelism);
        regressor.setRabitTrackerHostIp("127.0.0.1");
        return regressor;
    }

    @Override
    public String toString() {
        return "SparkXgboostTrainer[" + featurizer.name() + ", " + settings + "]";
    }
}
