package io.sparknas.jobs.bench.predictor;

import io.sparknas.evaluation.tabular.TabularData;
import io.sparknas.jobs.config.NasConfig;
import io.sparknas.jobs.predictors.XgboostKeys;
import io.sparknas.jobs.data.BenchmarkTables;
import io.sparknas.jobs.data.TabularSettings;
import io.sparknas.jobs.search.Registry;
import io.sparknas.population.SearchSpace;
import io.sparknas.predictor.PredictorKinds;
import io.sparknas.predictor.bench.PredictorBench;
import io.sparknas.predictor.PredictorTrainer;
import io.sparknas.predictor.TrainingSet;
import io.sparknas.predictor.xgboost.XgboostSettings;
import org.apache.spark.sql.SparkSession;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code predictor-bench} command: each predictor kind trained on N architectures of a tabular
 * benchmark (the mean of the objective over seeds), ranked on every other architecture.
 */
public final class PredictorBenchJob {
    private PredictorBenchJob() {
    }

    public static List<PredictorBench.Result> run(SparkSession spark, NasConfig config, PrintStream out) {
        PredictorBenchSettings settings = PredictorBenchSettings.from(config);
        TabularSettings tabular = TabularSettings.from(config);
        SearchSpace space = Registry.space(config, PredictorBenchSettings.SPACE);
        String objective = tabular.objective();
        Map<String, PredictorTrainer> kinds = new LinkedHashMap<>();
        XgboostSettings xgboost = XgboostKeys.read(config);
        for (String kind : settings.kinds()) {
            try {
                kinds.put(kind, PredictorKinds.byKind(space, kind, xgboost));
            } catch (IllegalArgumentException e) { // a kind the space does not have
                throw PredictorBenchSettings.KINDS.error(": " + e.getMessage(), e);
            }
        }
        List<Integer> sizes = settings.trainSizes();
        int seeds = settings.seeds();
        TabularData data = BenchmarkTables.load(spark, space, tabular.tables(), objective, objective);
        for (int size : sizes) {
            if (size < 2 || size >= data.size()) {
                throw PredictorBenchSettings.TRAIN_SIZES.error(": " + size + " must be in 2.." + (data.size() - 1));
            }
        }
        List<TrainingSet.Row> rows = new ArrayList<>(data.size());
        data.entries().forEach((arch, entry) -> rows.add(new TrainingSet.Row(space.decode(space.parse(arch)),
                Arrays.stream(entry.objective()).average().orElseThrow())));
        List<PredictorBench.Result> results = new PredictorBench(kinds, sizes, seeds)
                .run(new TrainingSet(String.join(",", tabular.tables()), objective, rows));
        out.printf("%-18s %10s %16s %10s%n", "kind", "train", "kendall tau", "spearman");
        results.forEach(r -> out.printf("%-18s %10d %8.3f ± %.3f %10.3f%n", r.kind(), r.trainSize(), r.kendallTauMean(),
                r.kendallTauStd(), r.spearmanMean()));
        return results;
    }
}
