package io.sparknas.jobs.predictors;

import io.sparknas.jobs.testing.Tags;
import io.sparknas.evaluation.tabular.TabularData;
import io.sparknas.jobs.data.BenchmarkTables;
import io.sparknas.jobs.testing.LocalSpark;
import io.sparknas.population.Architecture;
import io.sparknas.population.space.Nb201Space;
import io.sparknas.population.testing.SharedBenchmarks;
import io.sparknas.predictor.Nb201Predictors;
import io.sparknas.predictor.RankMetrics;
import io.sparknas.predictor.TrainingSet;
import io.sparknas.predictor.xgboost.XgboostPredictor;
import io.sparknas.predictor.xgboost.XgboostTrainer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** xgboost4j-spark against the driver-side Booster on the real NB201 CIFAR-10 validation accuracies. */
@Tag("slow")
@Tag(Tags.SPARK_35)
class SparkXgboostTrainerTest extends LocalSpark {

    @Test
    void theSparkTrainedModelRanksUnseenCellsAsWellAsTheBoosterPath() {
        Nb201Space space = new Nb201Space();
        String objective = "cifar10_valid_val_acc";
        TabularData data = BenchmarkTables.load(spark(), space,
                List.of(SharedBenchmarks.file(SharedBenchmarks.PERSEED).toString()), objective, objective);
        List<TrainingSet.Row> rows = new ArrayList<>();
        data.entries().forEach((arch, entry) -> rows.add(new TrainingSet.Row(space.decode(space.parse(arch)),
                Arrays.stream(entry.objective()).average().orElseThrow())));
        rows.sort((a, b) -> a.architecture().format().compareTo(b.architecture().format()));
        Collections.shuffle(rows, new Random(21));
        TrainingSet train = new TrainingSet("nb201 perseed", objective, rows.subList(0, 1000));
        List<TrainingSet.Row> test = rows.subList(1000, 4000);
        List<Architecture> architectures = test.stream().map(TrainingSet.Row::architecture).toList();
        double[] truth = test.stream().mapToDouble(TrainingSet.Row::value).toArray();

        XgboostTrainer driver = Nb201Predictors.xgboost();
        XgboostPredictor onDriver = driver.fit(train, 3);
        XgboostPredictor onSpark = new SparkXgboostTrainer(spark(), space, driver.featurizer(), driver.settings(), 2)
                .fit(train, 3);
        assertEquals("xgboost", onSpark.provenance().kind());
        assertEquals(1000, onSpark.provenance().nTrain());
        double driverTau = RankMetrics.kendallTau(onDriver.predictAll(architectures), truth);
        double sparkTau = RankMetrics.kendallTau(onSpark.predictAll(architectures), truth);
        System.out.printf("1000 NB201 training cells, 3000 unseen: Kendall tau driver Booster %.3f, xgboost4j-spark %.3f%n",
                driverTau, sparkTau);
        assertTrue(sparkTau > 0.75, "xgboost4j-spark tau " + sparkTau);
        assertTrue(Math.abs(sparkTau - driverTau) < 0.03, "spark " + sparkTau + " vs driver " + driverTau);
    }
}
