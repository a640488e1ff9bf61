package io.sparknas.jobs.search;

import io.sparknas.population.Genome;
import io.sparknas.population.SearchSpace;
import io.sparknas.predictor.Predictor;
import io.sparknas.predictor.Uncertain;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.util.ArrayList;
import java.util.List;

/**
 * Scores a generation's k·n proposals as a Dataset: the model is broadcast and every partition
 * decodes and predicts its share on an executor.
 */
final class SparkScoring implements PredictorSurrogate.Scoring {
    private static final String MEAN = "mean";
    private static final String STD = "std";
    private static final StructType SCORED = new StructType()
            .add(PopulationFrames.INDEX, DataTypes.IntegerType, false)
            .add(MEAN, DataTypes.DoubleType, false)
            .add(STD, DataTypes.DoubleType, false);
    private final SparkSession spark;

    SparkScoring(SparkSession spark) {
        this.spark = spark;
    }

    @Override
    public List<Uncertain> score(Predictor predictor, SearchSpace space, List<Genome> genomes) {
        Broadcast<Predictor> model = JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(predictor);
        List<Row> asked = new ArrayList<>(genomes.size());
        for (int i = 0; i < genomes.size(); i++) {
            asked.add(RowFactory.create(i, genomes.get(i).toArray()));
        }
        List<Row> scored = spark.createDataFrame(asked, PopulationFrames.ASKED)
                .repartition(spark.sparkContext().defaultParallelism())
                .mapPartitions((MapPartitionsFunction<Row, Row>) it -> {
                    List<Integer> index = new ArrayList<>();
                    List<Genome> part = new ArrayList<>();
                    it.forEachRemaining(row -> {
                        index.add(row.getInt(row.fieldIndex(PopulationFrames.INDEX)));
                        part.add(PopulationFrames.genome(row));
                    });
                    List<Uncertain> predicted = PredictorSurrogate.predictWithUncertainty(model.value(), space, part);
                    List<Row> out = new ArrayList<>(part.size());
                    for (int i = 0; i < part.size(); i++) {
                        out.add(RowFactory.create(index.get(i), predicted.get(i).mean(), predicted.get(i).std()));
                    }
                    return out.iterator();
                }, Encoders.row(SCORED))
                .orderBy(PopulationFrames.INDEX).collectAsList();
        model.destroy();
        return scored.stream().map(r -> new Uncertain(r.getDouble(r.fieldIndex(MEAN)), r.getDouble(r.fieldIndex(STD)))).toList();
    }
}
