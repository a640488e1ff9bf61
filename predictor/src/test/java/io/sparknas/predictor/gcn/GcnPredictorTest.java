package io.sparknas.predictor.gcn;

import io.sparknas.population.Architecture;
import io.sparknas.predictor.Nb201Predictors;
import io.sparknas.predictor.Predictor;
import io.sparknas.predictor.RankMetrics;
import io.sparknas.predictor.TrainingSet;
import io.sparknas.predictor.bench.PredictorBench;
import io.sparknas.predictor.features.Nb201LiveEdges;
import io.sparknas.predictor.features.Nb201OpCounts;
import io.sparknas.predictor.testing.JavaSerialization;
import io.sparknas.predictor.testing.Nb201Truth;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The GCN on real NB201 CIFAR-10 validation accuracies (mean over seeds) and on a target it can see exactly. */
class GcnPredictorTest {
    private static final int TRAIN = 100;
    private static PredictorBench.Split split;
    private static List<Architecture> probe;

    @BeforeAll
    static void sample() {
        split = PredictorBench.Split.sample(Nb201Truth.meanValidationAccuracy(), TRAIN, 42);
        probe = split.testArchitectures().subList(0, 300);
    }

    @Test
    void gcnIsDeterministicPerSeedAndRanksUnseenCells() throws Exception {
        GcnPredictor predictor = Nb201Predictors.gcn().fit(split.train(), 7);
        assertArrayEquals(predictor.predictAll(probe), Nb201Predictors.gcn().fit(split.train(), 7).predictAll(probe));
        assertArrayEquals(predictor.predictAll(probe), JavaSerialization.roundTrip(predictor).predictAll(probe));
        assertEquals("gcn", predictor.provenance().kind());
        double tau = tau(predictor);
        System.out.printf("gcn, %d training cells: Kendall tau %.3f%n", TRAIN, tau);
        assertTrue(tau >= 0.68, "Kendall tau " + tau);
    }


    @Test
    void gcnLearnsToCountConvolutionsOnAToyTarget() {
        // Convolutions on live edges: a function of node types and wiring, which the graph sees exactly.
        TrainingSet pool = Nb201Truth.meanValidationAccuracy();
        List<TrainingSet.Row> toy = pool.rows().stream().map(row -> new TrainingSet.Row(row.architecture(),
                liveConvolutions(row.architecture()))).toList();
        PredictorBench.Split toySplit = PredictorBench.Split.sample(new TrainingSet("toy", "live_convs", toy), 200, 5);
        GcnPredictor predictor = Nb201Predictors.gcn().fit(toySplit.train(), 1);
        double[] predicted = predictor.predictAll(toySplit.testArchitectures().subList(0, 2000));
        double[] truth = java.util.Arrays.copyOf(toySplit.testValues(), 2000);
        double tau = RankMetrics.kendallTau(predicted, truth);
        System.out.printf("gcn on the toy target (live convolutions): Kendall tau %.3f%n", tau);
        // The target has only 7 distinct values (many ties); 800 steps measured 0.89.
        assertTrue(tau >= 0.85, "Kendall tau " + tau);
    }


    @Test
    void settingsAreValidated() {
        var e = assertThrows(IllegalArgumentException.class, () -> GcnSettings.DEFAULTS.withL2(-1));
        assertTrue(e.getMessage().contains("l2 must be >= 0, got -1"), e.getMessage());
    }

    private static double liveConvolutions(Architecture architecture) {
        double[] counts = new Nb201LiveEdges(new Nb201OpCounts()).features(architecture);
        return counts[2] + counts[3];
    }

    private static double tau(Predictor predictor) {
        return RankMetrics.kendallTau(predictor.predictAll(split.testArchitectures()), split.testValues());
    }
}
