package io.sparknas.jobs.bench.throughput;

import io.sparknas.hardware.MobileNetCosts;
import io.sparknas.jobs.config.HardwareSettings;
import io.sparknas.jobs.config.NasConfig;
import io.sparknas.population.space.MobileNetArchitecture;
import io.sparknas.population.space.MobileNetSpace;
import io.sparknas.predictor.features.MobileNetFeatures;
import io.sparknas.predictor.RankMetrics;
import io.sparknas.predictor.TrainingSet;
import io.sparknas.predictor.xgboost.XgboostPredictor;
import io.sparknas.predictor.xgboost.XgboostSettings;
import io.sparknas.predictor.xgboost.XgboostTrainer;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The {@code throughput} command: how many macro-space candidates per second and core Spark can
 * generate, key (canonical identity), price (analytic params and FLOPs) and predict (XGBoost on
 * {@link MobileNetFeatures}, broadcast), as one Dataset job with one partition per core. The
 * predictor is trained first on {@code throughput.train} sampled architectures with a real analytic
 * target (log10 activation memory). One warm-up pass, then {@code throughput.repeats} measured
 * passes; the fastest is reported (the machine is shared), all are listed.
 */
public final class ThroughputJob {
    private ThroughputJob() {
    }

    public static Map<String, Object> run(SparkSession spark, NasConfig config, PrintStream out) {
        ThroughputSettings read = ThroughputSettings.from(config);
        long candidates = read.candidates();
        int cores = spark.sparkContext().defaultParallelism();
        int partitions = read.partitions() > 0 ? read.partitions() : cores;
        int batch = read.batch();
        int repeats = read.repeats();
        long seed = read.seed();
        MacroScoringTask.Stage stage = read.stages();
        MacroScoringTask.Scorer scorer = read.scorer();
        boolean stringKeys = read.stringKeys();
        MobileNetSpace space = MobileNetSpace.cifar(HardwareSettings.classes(config));
        XgboostSettings settings = read.xgboost();
        Set<String> seen = new HashSet<>();
        XgboostPredictor predictor = train(space, settings,
                sample(space, read.train(), seed, seen), seed);
        // ranking quality on architectures the model never saw: a faster model only counts if it still ranks
        double heldOutTau = heldOutKendallTau(predictor, sample(space, read.heldOut(),
                seed + 1, seen));

        Broadcast<XgboostPredictor> model = JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(predictor);
        List<Double> seconds = new ArrayList<>();
        List<Double> cpuSeconds = new ArrayList<>();
        List<MacroScoringTask.Result> last = List.of();
        for (int pass = 0; pass <= repeats; pass++) {
            long start = System.nanoTime();
            List<Row> rows = spark.range(0, partitions, 1, partitions).as(Encoders.LONG())
                    .mapPartitions(new MacroScoringTask(space, model, candidates, partitions, batch, stage, scorer,
                            stringKeys, seed + pass), Encoders.row(MacroScoringTask.RESULT))
                    .collectAsList();
            double elapsed = (System.nanoTime() - start) / 1e9;
            last = rows.stream().map(MacroScoringTask.Result::of).toList();
            if (pass > 0) { // pass 0 warms up the JIT, the native library and the broadcast
                seconds.add(elapsed);
                cpuSeconds.add(last.stream().mapToDouble(MacroScoringTask.Result::cpuSeconds).sum());
            }
        }
        model.destroy();
        long counted = last.stream().mapToLong(MacroScoringTask.Result::candidates).sum();
        if (counted != candidates) {
            throw new IllegalStateException("tasks scored " + counted + " candidates, expected " + candidates);
        }
        double best = seconds.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("candidates", candidates);
        summary.put("seconds", best);
        summary.put("per_core_per_s", candidates / best / cores);
        summary.put("per_s", candidates / best);
        summary.put("cores", cores);
        summary.put("partitions", partitions);
        summary.put("stages", stage.name().toLowerCase(Locale.ROOT));
        summary.put("key", stringKeys ? "string" : "packed");
        summary.put("batch", batch);
        summary.put("scorer", scorer.name().toLowerCase(Locale.ROOT));
        summary.put("rounds", settings.rounds());
        summary.put("eta", settings.eta());
        summary.put("max_depth", settings.maxDepth());
        summary.put("held_out_kendall_tau", heldOutTau);
        summary.put("features", predictor.featurizer().dimension());
        summary.put("all_seconds", seconds);
        // candidates per second of task CPU time: per core, independent of other load on the machine
        double cpu = cpuSeconds.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        summary.put("task_cpu_seconds", cpu);
        summary.put("per_cpu_s", candidates / cpu);
        MacroScoringTask.Result winner = last.stream().max(Comparator.comparingDouble(MacroScoringTask.Result::best))
                .orElseThrow();
        summary.put("best_predicted", winner.best());
        summary.put("best_key", List.of(winner.bestKeyHigh(), winner.bestKeyLow()));
        if (stage == MacroScoringTask.Stage.PREDICT) {
            // the bounded scorer stops a candidate once it cannot beat the best so far; the native one runs every tree
            long visited = last.stream().mapToLong(MacroScoringTask.Result::treesVisited).sum();
            summary.put("trees_per_candidate", scorer == MacroScoringTask.Scorer.BOUNDED
                    ? (double) visited / candidates : settings.rounds());
        }
        out.printf(Locale.ROOT, "throughput (%s, %s scorer, %s keys, batch %d, %d rounds of depth %d at eta %s, "
                        + "held-out tau %.3f): %d candidates in %.3f s on %d cores = %.0f per core per second (passes: %s); "
                        + "task CPU %.3f s = %.0f per CPU-second%n", summary.get("stages"), summary.get("scorer"),
                summary.get("key"), batch, settings.rounds(), settings.maxDepth(), settings.eta(), heldOutTau, candidates,
                best, cores, candidates / best / cores, seconds, cpu, candidates / cpu);
        return summary;
    }

    /**
     * Sampled architectures labelled with a real analytic target, log10 of their activation memory,
     * none of them in {@code seen} (by canonical key), which receives their keys: the held-out set
     * then shares no architecture with the training set.
     */
    static List<TrainingSet.Row> sample(MobileNetSpace space, int rows, long seed, Set<String> seen) {
        Random random = new Random(seed);
        List<TrainingSet.Row> labelled = new ArrayList<>(rows);
        for (long draws = 0; labelled.size() < rows; draws++) {
            if (draws == 100L * rows) {
                throw new IllegalStateException("found only " + labelled.size() + " unseen architectures in "
                        + draws + " draws of the " + space.name() + " space, " + rows + " wanted");
            }
            MobileNetArchitecture network = space.decode(space.sample(random));
            if (seen.add(network.canonicalKey())) {
                labelled.add(new TrainingSet.Row(network, Math.log10(MobileNetCosts.activationMemory(network))));
            }
        }
        return labelled;
    }

    private static XgboostPredictor train(MobileNetSpace space, XgboostSettings settings, List<TrainingSet.Row> rows,
                                          long seed) {
        return new XgboostTrainer(new MobileNetFeatures(space), settings)
                .fit(new TrainingSet("sampled " + space.name(), "log10_activations", rows), seed);
    }

    private static double heldOutKendallTau(XgboostPredictor predictor, List<TrainingSet.Row> rows) {
        double[] predicted = predictor.predictAll(rows.stream().map(TrainingSet.Row::architecture).toList());
        double[] truth = rows.stream().mapToDouble(TrainingSet.Row::value).toArray();
        return RankMetrics.kendallTau(predicted, truth);
    }
}
