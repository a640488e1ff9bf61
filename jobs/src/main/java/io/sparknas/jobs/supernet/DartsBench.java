package io.sparknas.jobs.supernet;

import io.sparknas.evaluation.Candidate;
import io.sparknas.evaluation.EvaluationResult;
import io.sparknas.evaluation.data.DatasetSource;
import io.sparknas.evaluation.data.ImageDataset;
import io.sparknas.evaluation.darts.Alphas;
import io.sparknas.evaluation.darts.DartsResult;
import io.sparknas.evaluation.darts.DartsSearch;
import io.sparknas.evaluation.darts.DartsSelection;
import io.sparknas.evaluation.darts.DartsSettings;
import io.sparknas.evaluation.dl4j.BuildOptions;
import io.sparknas.evaluation.dl4j.Dl4jNatives;
import io.sparknas.evaluation.dl4j.Dl4jTrainingEvaluator;
import io.sparknas.evaluation.dl4j.InputShape;
import io.sparknas.evaluation.dl4j.NetworkFactory;
import io.sparknas.evaluation.dl4j.ParamCounts;
import io.sparknas.evaluation.dl4j.TrainingRecipe;
import io.sparknas.evaluation.supernet.SupernetTraining;
import io.sparknas.population.Genome;
import io.sparknas.population.space.Nb201Space;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The DARTS measurement (issue 25, deliverable 3), without Spark: runs first-order DARTS (optionally PC-DARTS)
 * on the training part of a Fashion-MNIST subset, prints α per epoch and at the end, the cells the argmax rule
 * (with and without {@code none}) and the perturbation rule pick, how many edges skip_connect won, then trains
 * each picked cell stand-alone ({@code dl4j-train}, same recipe, data and split; validation images never seen by
 * the search) and R random cells per picked cell whose trainable parameter count is within {@code tolerance}
 * (relative) of the picked cell's, and prints their validation accuracies, plus search time and peak memory.
 * Every native op runs on one thread.
 *
 * <p>Usage: {@code DartsBench key=value…} with keys data, subset, epochs (search), standalone-epochs, random,
 * tolerance, stem, cells-per-stage, batch, lr, seed, k (PC-DARTS partial channels), alpha-lr,
 * perturbation-images, calibration-batches (BN recalibration in the perturbation rule, 0 = none). See benchmarks/scripts/darts-bench.sh.
 */
public final class DartsBench {
    private DartsBench() {
    }

    public static void main(String[] args) {
        Map<String, String> a = new LinkedHashMap<>();
        a.put("data", "/usr/share/datasets/fashion-mnist");
        a.put("subset", "2000");
        a.put("epochs", "8");
        a.put("standalone-epochs", "3");
        a.put("random", "4");
        a.put("tolerance", "0.15");
        a.put("stem", "8");
        a.put("cells-per-stage", "1");
        a.put("batch", "64");
        a.put("lr", "0.01");
        a.put("seed", "1");
        a.put("k", "1");
        a.put("alpha-lr", "3e-4");
        a.put("perturbation-images", "0");
        a.put("calibration-batches", "4");
        SupernetBench.overrides(a, args);
        Dl4jNatives.useThreads(1);
        long seed = Long.parseLong(a.get("seed"));
        int stem = Integer.parseInt(a.get("stem"));
        int cellsPerStage = Integer.parseInt(a.get("cells-per-stage"));
        DatasetSource data = new DatasetSource(a.get("data"), DatasetSource.Format.FASHION_MNIST,
                Integer.parseInt(a.get("subset")), 0.2, seed);
        TrainingRecipe recipe = new TrainingRecipe(TrainingRecipe.Optimizer.ADAM, Double.parseDouble(a.get("lr")), 0.9, true,
                Integer.parseInt(a.get("epochs")), Integer.parseInt(a.get("batch")), 5e-4, seed);
        TrainingRecipe standAloneRecipe = recipe.withEpochs(Integer.parseInt(a.get("standalone-epochs")));
        DartsSettings settings = DartsSettings.defaults(stem, cellsPerStage)
                .withPartialChannels(Integer.parseInt(a.get("k")))
                .withAlphaLearningRate(Double.parseDouble(a.get("alpha-lr")))
                .withPerturbationImages(Integer.parseInt(a.get("perturbation-images")))
                .withCalibrationBatches(Integer.parseInt(a.get("calibration-batches")));
        ImageDataset.Split split = data.load();
        Nb201Space space = new Nb201Space();
        System.out.println("settings " + a);
        System.out.println("data " + split.train().size() + " train (half of them held out for α) / "
                + split.validation().size() + " validation images; search recipe " + recipe + "; " + settings);

        // 1. the search
        TrainSupernetJob.PeakMemory peak = TrainSupernetJob.PeakMemory.start();
        long start = System.nanoTime();
        DartsResult result = DartsSearch.run(split.train(), recipe, settings, (epoch, loss, alphaLoss, weights) ->
                System.out.printf(Locale.ROOT, "epoch %d: w loss %.4f, held-out loss %.4f, largest weight per edge %s%n",
                        epoch, loss, alphaLoss, largest(weights)));
        double total = (System.nanoTime() - start) / 1e9;
        peak.stop();
        System.out.println();
        System.out.println("final softmax(α):\n" + Alphas.format(result.weights()));
        System.out.println("perturbation rule (held-out images):\n" + result.perturbation().describe());
        Map<String, Genome> picked = new LinkedHashMap<>();
        picked.put("argmax (with none)", DartsSelection.argmax(result.alphas(), true));
        picked.put("argmax (without none)", DartsSelection.argmax(result.alphas(), false));
        picked.put("perturbation", result.perturbationGenome());
        for (Map.Entry<String, Genome> p : picked.entrySet()) {
            System.out.printf(Locale.ROOT, "%-22s %s  skip_connect on %d of 6 edges%n", p.getKey(),
                    space.decode(p.getValue()).format(), count(p.getValue(), 1));
        }
        int skipLargest = 0;
        for (double[] row : result.weights()) {
            skipLargest += argmax(row) == 1 ? 1 : 0;
        }
        System.out.printf(Locale.ROOT, "skip_connect has the largest α on %d of 6 edges%n", skipLargest);
        System.out.printf(Locale.ROOT, "search: %.1f s alternating training (%d w steps + %d α steps), %.1f s perturbation "
                + "selection, %.1f s in all on 1 core; peak RSS %.0f MB, peak heap %.0f MB%n", result.seconds(), result.steps(),
                result.steps(), result.perturbation().seconds(), total, peak.peakRssBytes() / 1e6, peak.peakHeapBytes() / 1e6);

        // 2. stand-alone: the picked cells and random cells of matching parameter count
        NetworkFactory networks = new NetworkFactory(space, stem, cellsPerStage);
        InputShape shape = Dl4jTrainingEvaluator.shapeOf(split.train());
        Dl4jTrainingEvaluator standAlone = new Dl4jTrainingEvaluator(networks, data, standAloneRecipe);
        Map<String, Long> params = new HashMap<>();
        Map<String, EvaluationResult> trained = new HashMap<>();
        int random = Integer.parseInt(a.get("random"));
        double tolerance = Double.parseDouble(a.get("tolerance"));
        Random draws = new Random(seed * 7919 + 11);
        System.out.println();
        System.out.println("stand-alone " + standAloneRecipe.epochs() + " epochs at the search's recipe, validation accuracy:");
        for (Map.Entry<String, Genome> p : picked.entrySet()) {
            Candidate cell = Candidate.of(space, p.getValue());
            long target = params(networks, shape, cell, params);
            EvaluationResult own = train(standAlone, cell, trained);
            List<Candidate> matches = new ArrayList<>();
            Set<String> seen = new LinkedHashSet<>(List.of(cell.canonicalKey()));
            for (int tries = 0; matches.size() < random && tries < 20_000; tries++) {
                Candidate c = Candidate.of(space, SupernetTraining.uniform(draws));
                if (seen.add(c.canonicalKey()) && Math.abs(params(networks, shape, c, params) - target) <= tolerance * target) {
                    matches.add(c);
                }
            }
            double sum = 0;
            int better = 0;
            List<String> lines = new ArrayList<>();
            for (Candidate c : matches) {
                EvaluationResult r = train(standAlone, c, trained);
                double acc = acc(r);
                sum += acc;
                better += acc > acc(own) ? 1 : 0;
                lines.add(String.format(Locale.ROOT, "    random %-78s %6d params  %5.1f%%", c.arch(), params.get(c.canonicalKey()), acc));
            }
            System.out.printf(Locale.ROOT, "  %-22s %-78s %6d params  %5.1f%%%n", p.getKey(), cell.arch(), target, acc(own));
            lines.forEach(System.out::println);
            System.out.printf(Locale.ROOT, "    -> %d random cells within %.0f%% of its parameters: mean %.1f%%, %d of them better%n",
                    matches.size(), 100 * tolerance, matches.isEmpty() ? Double.NaN : sum / matches.size(), better);
        }
    }

    private static EvaluationResult train(Dl4jTrainingEvaluator evaluator, Candidate cell, Map<String, EvaluationResult> cache) {
        return cache.computeIfAbsent(cell.canonicalKey(), k -> evaluator.evaluate(List.of(cell)).get(0));
    }

    private static double acc(EvaluationResult r) {
        return r.isOk() ? r.metrics().get("val_acc") : Double.NaN;
    }

    private static long params(NetworkFactory networks, InputShape shape, Candidate cell, Map<String, Long> cache) {
        return cache.computeIfAbsent(cell.canonicalKey(),
                k -> ParamCounts.trainable(networks.build(cell.genome(), shape, BuildOptions.defaults(1))));
    }

    private static int count(Genome genome, int op) {
        int n = 0;
        for (int e = 0; e < genome.length(); e++) {
            n += genome.get(e) == op ? 1 : 0;
        }
        return n;
    }

    private static int argmax(double[] row) {
        int best = 0;
        for (int i = 1; i < row.length; i++) {
            if (row[i] > row[best]) {
                best = i;
            }
        }
        return best;
    }

    private static String largest(double[][] weights) {
        StringBuilder out = new StringBuilder();
        for (double[] row : weights) {
            int best = argmax(row);
            out.append(String.format(Locale.ROOT, "%s%s %.3f", out.length() == 0 ? "" : ", ", Nb201Space.OPS.get(best), row[best]));
        }
        return out.toString();
    }
}
