package io.sparknas.predictor.mlp;

import io.sparknas.population.Architecture;
import io.sparknas.predictor.Nb201Predictors;
import io.sparknas.predictor.Predictor;
import io.sparknas.predictor.RankMetrics;
import io.sparknas.predictor.bench.PredictorBench;
import io.sparknas.predictor.features.FeatureMatrix;
import io.sparknas.predictor.features.Nb201FreeLabels;
import io.sparknas.predictor.testing.JavaSerialization;
import io.sparknas.predictor.testing.Nb201Truth;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The MLP and pretrained MLP on real NB201 CIFAR-10 validation accuracies (mean over seeds). */
class MlpPredictorTest {
    private static final int TRAIN = 100;
    private static PredictorBench.Split split;
    private static List<Architecture> probe;

    @BeforeAll
    static void sample() {
        split = PredictorBench.Split.sample(Nb201Truth.meanValidationAccuracy(), TRAIN, 42);
        probe = split.testArchitectures().subList(0, 300);
    }

    @Test
    void mlpIsDeterministicPerSeedAndRanksUnseenCells() throws Exception {
        MlpPredictor predictor = Nb201Predictors.mlp().fit(split.train(), 7);
        assertArrayEquals(predictor.predictAll(probe), Nb201Predictors.mlp().fit(split.train(), 7).predictAll(probe));
        assertFalse(java.util.Arrays.equals(predictor.predictAll(probe),
                Nb201Predictors.mlp().fit(split.train(), 8).predictAll(probe)), "initialisation should depend on the seed");
        // Seed 0 once meant "seed from the clock" inside DL4J: PredictorBench's first seed.
        assertArrayEquals(Nb201Predictors.mlp().fit(split.train(), 0).predictAll(probe),
                Nb201Predictors.mlp().fit(split.train(), 0).predictAll(probe), "seed 0 is a seed too");
        assertArrayEquals(predictor.predictAll(probe), JavaSerialization.roundTrip(predictor).predictAll(probe));
        assertEquals(predictor.predictAll(probe.subList(0, 1))[0], predictor.predict(probe.get(0)), 1e-9);
        assertEquals(Nb201Predictors.networkFeaturizer().dimension(), predictor.featureMeans().length);

        double tau = tau(predictor);
        System.out.printf("mlp, %d training cells: Kendall tau %.3f%n", TRAIN, tau);
        assertTrue(tau >= 0.40, "Kendall tau " + tau);
    }

    @Test
    void pretrainingFitsParamsAndFlopsOfHeldOutCells() {
        PretrainedMlpTrainer trainer = Nb201Predictors.mlpPretrained();
        List<Architecture> heldOut = split.testArchitectures().subList(5000, 5600);
        // Passing the held-out cells as "trained" keeps them (and their equivalents) out of pretraining.
        List<Architecture> excluded = new java.util.ArrayList<>(split.train().architectures());
        excluded.addAll(heldOut);
        MlpModel pretrained = trainer.pretrain(excluded, 3);
        double[][] truth = Nb201FreeLabels.labels(heldOut);
        double[][] predicted = pretrained.predict(FeatureMatrix.rows(Nb201Predictors.networkFeaturizer(), heldOut));
        for (int output = 0; output < 2; output++) {
            double[] p = new double[heldOut.size()];
            double[] t = new double[heldOut.size()];
            for (int i = 0; i < p.length; i++) {
                p[i] = predicted[i][output];
                t[i] = truth[i][output];
            }
            double rho = RankMetrics.spearman(p, t);
            System.out.printf("pretrained head, output %d: Spearman %.3f%n", output, rho);
            assertTrue(rho >= 0.9, "output " + output + " Spearman " + rho);
        }
    }

    @Test
    void pretrainingExcludesTheTrainingCellsAndIsRecorded() {
        List<Architecture> free = Nb201FreeLabels.untrainedCells(split.train().architectures(), 10_000, 1);
        java.util.Set<String> trained = new java.util.HashSet<>();
        split.train().architectures().forEach(a -> trained.add(a.canonicalKey()));
        assertEquals(10_000, free.size());
        assertTrue(free.stream().noneMatch(a -> trained.contains(a.canonicalKey())));
        assertEquals(free.stream().map(Architecture::format).toList(),
                Nb201FreeLabels.untrainedCells(split.train().architectures(), 10_000, 1).stream()
                        .map(Architecture::format).toList());

        PretrainedMlpTrainer small = new PretrainedMlpTrainer(Nb201Predictors.networkFeaturizer(),
                MlpSettings.DEFAULTS.withSteps(20), PretrainSettings.DEFAULTS.withCells(500).withSteps(20));
        MlpPredictor predictor = small.fit(split.train(), 1);
        assertEquals("mlp-pretrained", predictor.provenance().kind());
        assertEquals(500, predictor.provenance().nPretrain());
        assertEquals(0, new MlpTrainer(Nb201Predictors.networkFeaturizer(), MlpSettings.DEFAULTS.withSteps(5)).fit(split.train(), 1).provenance().nPretrain());
    }

    @Test
    void settingsAreValidated() {
        var e = assertThrows(IllegalArgumentException.class, () -> MlpSettings.DEFAULTS.withSteps(0));
        assertEquals("MLP settings: steps must be >= 1, got 0", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> MlpSettings.DEFAULTS.withLearningRate(0));
        var p = assertThrows(IllegalArgumentException.class, () -> PretrainSettings.DEFAULTS.withCells(1));
        assertEquals("pretraining settings: cells must be >= 2, got 1", p.getMessage());
        var tooMany = assertThrows(IllegalArgumentException.class,
                () -> Nb201FreeLabels.untrainedCells(split.train().architectures(), 20_000, 1));
        assertTrue(tooMany.getMessage().contains("20000 untrained NB201 cells"), tooMany.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> Nb201Predictors.mlp().fit(split.train(), 1).predict(new double[3]));
    }

    private static double tau(Predictor predictor) {
        return RankMetrics.kendallTau(predictor.predictAll(split.testArchitectures()), split.testValues());
    }
}
