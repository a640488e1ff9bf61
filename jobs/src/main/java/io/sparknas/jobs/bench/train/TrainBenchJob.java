package io.sparknas.jobs.bench.train;

import io.sparknas.evaluation.Candidate;
import io.sparknas.evaluation.EvaluationResult;
import io.sparknas.evaluation.Evaluator;
import io.sparknas.jobs.config.HardwareSettings;
import io.sparknas.jobs.config.NasConfig;
import io.sparknas.jobs.store.Columns;
import io.sparknas.jobs.engine.CostMetrics;
import io.sparknas.jobs.search.PopulationFrames;
import io.sparknas.jobs.search.Records;
import io.sparknas.jobs.search.Registry;
import io.sparknas.jobs.search.TrainingEvaluators;
import io.sparknas.population.SearchSpace;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code train-bench}: training throughput (images/s) of one network trained by the {@code dl4j-train}
 * evaluator in a plain loop on the driver thread, and the same training inside a Spark task through
 * the search job's own evaluation path. Both use {@code spark.task.cpus} threads; the two are
 * alternated {@code train-bench.repeats} times after one warm-up of each, and medians are compared.
 */
public final class TrainBenchJob {
    private TrainBenchJob() {
    }

    public static Map<String, Object> run(SparkSession spark, NasConfig config, PrintStream out) {
        TrainBenchSettings settings = TrainBenchSettings.from(config);
        SearchSpace space = Registry.space(config, TrainBenchSettings.SPACE);
        Evaluator evaluator = TrainingEvaluators.from(spark, config, space)
                .withEpochs(settings.epochs());
        Candidate candidate;
        try {
            candidate = Candidate.of(space, space.parse(settings.arch()));
        } catch (IllegalArgumentException e) {
            throw TrainBenchSettings.ARCH.error(": " + e.getMessage(), e);
        }
        int threads = spark.sparkContext().conf().getInt("spark.task.cpus", 1);
        int repeats = settings.repeats();
        Broadcast<Evaluator> shipped = JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(evaluator);
        CostMetrics noCosts = CostMetrics.forMetrics(List.of(), HardwareSettings.classes(config));

        List<Double> plain = new ArrayList<>();
        List<Double> inTask = new ArrayList<>();
        for (int round = 0; round <= repeats; round++) { // round 0 warms both up and is not counted
            evaluator.useThreads(threads);
            double p = imagesPerSecond(evaluator.evaluate(List.of(candidate)).get(0));
            Row row = PopulationFrames.evaluate(spark, List.of(candidate), shipped, space, noCosts, "train-bench", round).get(0);
            double s = Records.metrics(row).get("train_images_per_s");
            if (!"OK".equals(row.getString(row.fieldIndex(Columns.STATUS)))) {
                throw new IllegalStateException("training in the Spark task failed: " + row.getString(row.fieldIndex(Columns.REASON)));
            }
            out.printf("train-bench round %d%s: plain loop %.1f images/s, Spark task %.1f images/s%n", round,
                    round == 0 ? " (warm-up)" : "", p, s);
            if (round > 0) {
                plain.add(p);
                inTask.add(s);
            }
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("arch", candidate.arch());
        summary.put("threads", threads);
        summary.put("epochs", settings.epochs());
        summary.put("plain_images_per_s", plain);
        summary.put("spark_task_images_per_s", inTask);
        summary.put("plain_median", median(plain));
        summary.put("spark_task_median", median(inTask));
        summary.put("ratio", median(inTask) / median(plain));
        out.printf("train-bench: median plain %.1f, Spark task %.1f images/s, ratio %.3f (%d threads)%n",
                median(plain), median(inTask), median(inTask) / median(plain), threads);
        return summary;
    }

    private static double imagesPerSecond(EvaluationResult result) {
        if (!result.isOk()) {
            throw new IllegalStateException("training in the plain loop failed: " + result.reason());
        }
        return result.metrics().get("train_images_per_s");
    }

    static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
