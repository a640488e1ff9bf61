package io.sparknas.jobs.supernet;

import io.sparknas.evaluation.Candidate;
import io.sparknas.evaluation.EvaluationResult;
import io.sparknas.evaluation.data.DatasetSource;
import io.sparknas.evaluation.data.ImageDataset;
import io.sparknas.evaluation.dl4j.Dl4jNatives;
import io.sparknas.evaluation.dl4j.Dl4jTrainingEvaluator;
import io.sparknas.evaluation.dl4j.Nb201Macro;
import io.sparknas.evaluation.dl4j.NetworkFactory;
import io.sparknas.evaluation.dl4j.TrainingRecipe;
import io.sparknas.evaluation.supernet.Nb201Supernet;
import io.sparknas.evaluation.supernet.SupernetEvaluator;
import io.sparknas.evaluation.supernet.SupernetFiles;
import io.sparknas.evaluation.supernet.SupernetManifest;
import io.sparknas.evaluation.supernet.SupernetTraining;
import io.sparknas.population.Genome;
import io.sparknas.population.space.Nb201Space;
import org.apache.commons.math3.stat.correlation.KendallsCorrelation;
import org.apache.commons.math3.stat.correlation.SpearmansCorrelation;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The weight-sharing measurement (issue 25, deliverable 4), without Spark: trains the NB201 supernet on a
 * Fashion-MNIST subset, then scores K cells drawn uniformly from the space (distinct canonical keys; the
 * all-nor_conv_3x3 and all-skip cells included) twice — by inherited weights ({@code supernet} evaluator: BN
 * recalibrated per cell) and by stand-alone training ({@code dl4j-train}, the same recipe, data and split) — and
 * prints Kendall τ-b and Spearman ρ between the two with percentile bootstrap intervals (over cells), the
 * supernet evaluator's sub-networks per second per core (one native thread), the supernet's training time and
 * the process's peak resident memory while it trained. Every native op runs on one thread.
 *
 * <p>Usage: {@code SupernetBench key=value…} with keys data, subset, epochs, cells, stem, cells-per-stage, batch,
 * lr, seed, calibration-batches, bootstrap, out (a folder for the supernet), supernet (a trained supernet's folder:
 * no training), masked (true: also score the cells with the masked supernet, the reference, and compare),
 * validation-fraction (default 0.2), repeat-seed (train every cell stand-alone again with this recipe seed: the
 * ground truth's own agreement across training seeds), supernet-epochs (default: epochs; the
 * stand-alone trainings always run {@code epochs}), standalone (false: inherited weights only). See
 * benchmarks/scripts/supernet-bench.sh.
 */
public final class SupernetBench {
    private SupernetBench() {
    }

    /** Sets each {@code key=value} argument into {@code settings}, whose keys (with their defaults) are the only ones allowed. */
    static void overrides(Map<String, String> settings, String[] args) {
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq < 0 || !settings.containsKey(arg.substring(0, eq))) {
                throw new IllegalArgumentException("expected key=value with a key of " + settings.keySet() + ", got " + arg);
            }
            settings.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new LinkedHashMap<>(Map.of("data", "/usr/share/datasets/fashion-mnist", "subset", "3000",
                "epochs", "3", "cells", "30", "stem", "8", "cells-per-stage", "1", "batch", "64", "lr", "0.01", "seed", "1",
                "calibration-batches", "4"));
        a.put("bootstrap", "2000");
        a.put("supernet-epochs", "");
        a.put("standalone", "true");
        a.put("out", "/tmp/sparknas-supernet-bench");
        a.put("supernet", "");
        a.put("validation-fraction", "0.2");
        a.put("repeat-seed", "");
        a.put("masked", "false");
        overrides(a, args);
        Dl4jNatives.useThreads(1);
        long seed = Long.parseLong(a.get("seed"));
        int epochs = Integer.parseInt(a.get("epochs"));
        int stem = Integer.parseInt(a.get("stem"));
        int cellsPerStage = Integer.parseInt(a.get("cells-per-stage"));
        int batch = Integer.parseInt(a.get("batch"));
        DatasetSource data = new DatasetSource(a.get("data"), DatasetSource.Format.FASHION_MNIST,
                Integer.parseInt(a.get("subset")), Double.parseDouble(a.get("validation-fraction")), seed);
        TrainingRecipe recipe = new TrainingRecipe(TrainingRecipe.Optimizer.ADAM, Double.parseDouble(a.get("lr")), 0.9, true,
                epochs, batch, 5e-4, seed);
        String supernetEpochs = a.get("supernet-epochs");
        TrainingRecipe supernetRecipe = supernetEpochs.isEmpty() ? recipe : recipe.withEpochs(Integer.parseInt(supernetEpochs));
        ImageDataset.Split split = data.load();
        ImageDataset train = split.train();
        Nb201Macro macro = new Nb201Macro(train.channels(), train.height(), train.width(), train.classes(), stem, cellsPerStage);
        Nb201Space space = new Nb201Space();
        System.out.println("settings " + a);
        System.out.println("data " + train.size() + " train / " + split.validation().size() + " validation images; recipe "
                + recipe + "; macro " + macro);

        // 1. the supernet (or a trained one, given)
        Path folder;
        SupernetTraining.Outcome outcome = null;
        TrainSupernetJob.PeakMemory peak = null;
        if (a.get("supernet").isEmpty()) {
            folder = Path.of(a.get("out"), "supernet-" + System.currentTimeMillis());
            Files.createDirectories(folder);
            peak = TrainSupernetJob.PeakMemory.start();
            outcome = SupernetTraining.train(macro, train, supernetRecipe, SupernetTraining.Sampling.UNIFORM,
                    (epoch, network, loss) -> System.out.printf("supernet epoch %d: mean loss %.4f%n", epoch, loss));
            peak.stop();
            SupernetFiles.saveFinal(folder, outcome.supernet(), new SupernetManifest("bench", Nb201Space.NAME, macro,
                    data.format(), data.subsetSize(), data.validationFraction(), data.splitSeed(), supernetRecipe,
                    SupernetTraining.Sampling.UNIFORM, ""));
            System.out.printf("supernet trained: %.1f s, %d steps, peak RSS %.0f MB, peak heap %.0f MB%n", outcome.seconds(),
                    outcome.steps(), peak.peakRssBytes() / 1e6, peak.peakHeapBytes() / 1e6);
        } else {
            folder = Path.of(a.get("supernet"));
            System.out.println("supernet " + folder + " (trained before; not timed here)");
        }

        // 2. the cells: uniform draws, distinct canonical keys, plus two extremes
        List<Candidate> cells = cells(space, Integer.parseInt(a.get("cells")), seed);

        // 3. inherited weights
        SupernetEvaluator inherited = SupernetEvaluator.open(folder.toString(), Nb201Space.NAME, data,
                Integer.parseInt(a.get("calibration-batches")), batch);
        inherited.evaluate(cells.subList(0, 1)); // warm-up: JIT, first native calls
        long start = System.nanoTime();
        List<EvaluationResult> ws = inherited.evaluate(cells);
        double wsSeconds = (System.nanoTime() - start) / 1e9;

        if (Boolean.parseBoolean(a.get("masked"))) {
            masked(folder, cells, ws, split, Integer.parseInt(a.get("calibration-batches")), batch, wsSeconds);
        }
        if (!Boolean.parseBoolean(a.get("standalone"))) {
            for (int i = 0; i < cells.size(); i++) {
                System.out.printf("  %-80s inherited %5.1f%%%n", cells.get(i).arch(), ws.get(i).metrics().get("val_acc"));
            }
            System.out.printf("inherited-weights evaluation: %.2f s for %d cells = %.2f sub-networks/s on 1 core "
                    + "(%s calibration batches of %d, %d validation images each)%n", wsSeconds, cells.size(),
                    cells.size() / wsSeconds, a.get("calibration-batches"), batch, split.validation().size());
            if (outcome != null) {
                System.out.printf("supernet training: %.1f s on 1 core; peak RSS %.0f MB%n", outcome.seconds(), peak.peakRssBytes() / 1e6);
            }
            return;
        }

        // 4. stand-alone training, same recipe
        Dl4jTrainingEvaluator standAlone = new Dl4jTrainingEvaluator(new NetworkFactory(space, stem, cellsPerStage), data, recipe);
        start = System.nanoTime();
        List<EvaluationResult> trained = new ArrayList<>();
        for (Candidate cell : cells) {
            EvaluationResult r = standAlone.evaluate(List.of(cell)).get(0);
            trained.add(r);
            System.out.printf("  %-80s inherited %5.1f%%  stand-alone %5.1f%%  (%.1f s)%n", cell.arch(),
                    ws.get(trained.size() - 1).metrics().get("val_acc"), r.isOk() ? r.metrics().get("val_acc") : Double.NaN,
                    r.wallTimeS());
        }
        double saSeconds = (System.nanoTime() - start) / 1e9;

        double[] x = ws.stream().mapToDouble(r -> r.metrics().get("val_acc")).toArray();
        double[] y = trained.stream().mapToDouble(r -> r.isOk() ? r.metrics().get("val_acc") : Double.NaN).toArray();
        int boot = Integer.parseInt(a.get("bootstrap"));
        double tau = new KendallsCorrelation().correlation(x, y);
        double rho = new SpearmansCorrelation().correlation(x, y);
        double[] tauCi = bootstrap(x, y, boot, seed, true);
        double[] rhoCi = bootstrap(x, y, boot, seed, false);
        System.out.println();
        System.out.printf("cells %d; Kendall tau-b %.3f (95%% bootstrap %.3f .. %.3f); Spearman %.3f (%.3f .. %.3f)%n",
                cells.size(), tau, tauCi[0], tauCi[1], rho, rhoCi[0], rhoCi[1]);
        System.out.printf("inherited-weights evaluation: %.2f s for %d cells = %.2f sub-networks/s on 1 core "
                + "(%s calibration batches of %d, %d validation images each)%n", wsSeconds, cells.size(),
                cells.size() / wsSeconds, a.get("calibration-batches"), batch, split.validation().size());
        System.out.printf("stand-alone training: %.1f s for %d cells = %.1f s per cell on 1 core%n", saSeconds, cells.size(),
                saSeconds / cells.size());
        if (outcome != null) {
            System.out.printf("supernet training: %.1f s on 1 core; peak RSS %.0f MB%n", outcome.seconds(), peak.peakRssBytes() / 1e6);
        }
        System.out.printf("inherited val_acc range %.1f .. %.1f; stand-alone %.1f .. %.1f%n", min(x), max(x), min(y), max(y));

        // 5. the ground truth's own noise: every cell trained again with another recipe seed (init, batch order)
        if (!a.get("repeat-seed").isEmpty()) {
            long again = Long.parseLong(a.get("repeat-seed"));
            TrainingRecipe other = new TrainingRecipe(recipe.optimizer(), recipe.learningRate(), recipe.momentum(),
                    recipe.cosine(), recipe.epochs(), recipe.batchSize(), recipe.weightDecay(), again);
            Dl4jTrainingEvaluator repeat = new Dl4jTrainingEvaluator(new NetworkFactory(space, stem, cellsPerStage), data, other);
            double[] z = new double[cells.size()];
            for (int i = 0; i < cells.size(); i++) {
                EvaluationResult r = repeat.evaluate(List.of(cells.get(i))).get(0);
                z[i] = r.isOk() ? r.metrics().get("val_acc") : Double.NaN;
                System.out.printf("  %-80s stand-alone seed %d %5.1f%%  seed %d %5.1f%%%n", cells.get(i).arch(), seed, y[i],
                        again, z[i]);
            }
            double[] mean = new double[z.length];
            for (int i = 0; i < z.length; i++) {
                mean[i] = (y[i] + z[i]) / 2;
            }
            double[] seedCi = bootstrap(y, z, boot, seed, true);
            double[] meanCi = bootstrap(x, mean, boot, seed, true);
            System.out.printf("stand-alone seed %d vs seed %d (the ground truth's own agreement): Kendall tau-b %.3f "
                    + "(95%% bootstrap %.3f .. %.3f)%n", seed, again, new KendallsCorrelation().correlation(y, z), seedCi[0], seedCi[1]);
            System.out.printf("inherited vs the mean of both stand-alone seeds: Kendall tau-b %.3f (95%% bootstrap %.3f .. %.3f)%n",
                    new KendallsCorrelation().correlation(x, mean), meanCi[0], meanCi[1]);
        }
    }

    /**
     * The same cells scored the way the evaluator mirrors: the masked supernet (every op of every edge computed),
     * BN recalibrated on the same batches; prints its rate and whether every cell's val_correct agrees.
     */
    private static void masked(Path folder, List<Candidate> cells, List<EvaluationResult> ws, ImageDataset.Split split,
                               int calibrationBatches, int batch, double pathSeconds) throws Exception {
        ComputationGraph supernet = Dl4jNatives.withHelpers(() -> {
            try {
                return ModelSerializer.restoreComputationGraph(folder.resolve(SupernetManifest.WEIGHTS).toFile(), false);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        List<INDArray> calibration = SupernetEvaluator.calibrationFeatures(split.train(), calibrationBatches, batch);
        int agree = 0;
        long start = System.nanoTime();
        for (int i = 0; i < cells.size(); i++) {
            INDArray maskRow = Nd4j.create(Nb201Supernet.maskRow(cells.get(i).genome()), new long[] {1, Nb201Supernet.MASK_WIDTH}, 'c');
            if (!calibration.isEmpty()) {
                Nb201Supernet.recalibrateBatchNorm(supernet, calibration, maskRow);
            }
            int correct = SupernetEvaluator.maskedCorrect(supernet, split.validation(), maskRow, batch);
            if (correct == ws.get(i).metrics().get("val_correct").intValue()) {
                agree++;
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("masked supernet (the reference): %.2f s for %d cells = %.2f sub-networks/s on 1 core; "
                + "the sub-network path: %.2f sub-networks/s (%.1fx); val_correct agrees on %d of %d cells%n", seconds,
                cells.size(), cells.size() / seconds, cells.size() / pathSeconds, seconds / pathSeconds, agree, cells.size());
    }

    static List<Candidate> cells(Nb201Space space, int count, long seed) {
        Random random = new Random(seed * 7919 + 3);
        Set<String> keys = new LinkedHashSet<>();
        List<Candidate> cells = new ArrayList<>();
        List<Genome> fixed = List.of(Genome.of(3, 3, 3, 3, 3, 3), Genome.of(1, 1, 1, 1, 1, 1));
        for (Genome g : fixed) {
            Candidate c = Candidate.of(space, g);
            keys.add(c.canonicalKey());
            cells.add(c);
        }
        while (cells.size() < count) {
            Candidate c = Candidate.of(space, SupernetTraining.uniform(random));
            if (keys.add(c.canonicalKey())) {
                cells.add(c);
            }
        }
        return cells;
    }

    /** The 2.5 % and 97.5 % percentiles of the statistic over {@code rounds} resamples of the cells. */
    static double[] bootstrap(double[] x, double[] y, int rounds, long seed, boolean kendall) {
        Random random = new Random(seed);
        List<Double> values = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            double[] bx = new double[x.length];
            double[] by = new double[y.length];
            for (int i = 0; i < x.length; i++) {
                int j = random.nextInt(x.length);
                bx[i] = x[j];
                by[i] = y[j];
            }
            double v = kendall ? new KendallsCorrelation().correlation(bx, by) : new SpearmansCorrelation().correlation(bx, by);
            if (Double.isFinite(v)) {
                values.add(v);
            }
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return new double[] {sorted[(int) Math.floor(0.025 * (sorted.length - 1))],
                sorted[(int) Math.ceil(0.975 * (sorted.length - 1))]};
    }

    private static double min(double[] v) {
        return Arrays.stream(v).min().orElse(Double.NaN);
    }

    private static double max(double[] v) {
        return Arrays.stream(v).max().orElse(Double.NaN);
    }
}
