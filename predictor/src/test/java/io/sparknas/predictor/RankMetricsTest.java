package io.sparknas.predictor;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RankMetricsTest {

    @Test
    void kendallTauCountsConcordantPairs() {
        // Pairs of (1,2,3,4) vs (1,3,2,4): only (2,3) is discordant -> (5 - 1) / 6.
        assertEquals(4.0 / 6.0, RankMetrics.kendallTau(new double[] {1, 2, 3, 4}, new double[] {1, 3, 2, 4}), 1e-12);
        assertEquals(-1.0, RankMetrics.kendallTau(new double[] {1, 2, 3}, new double[] {30, 20, 10}), 1e-12);
    }

    @Test
    void spearmanFromRankDifferences() {
        // Rank differences 0,1,1,0 -> 1 - 6*2 / (4*(16-1)) = 0.8.
        assertEquals(0.8, RankMetrics.spearman(new double[] {1, 2, 3, 4}, new double[] {10, 30, 20, 40}), 1e-12);
    }

    @Test
    void topKPrecisionIsTheShareOfTheTrueTopKFound() {
        double[] predicted = {0.9, 0.8, 0.1, 0.2};
        double[] truth = {1.0, 0.0, 0.5, 0.9};
        // True top-2 {0, 3}; predicted top-2 {0, 1} -> 1/2.
        assertEquals(0.5, RankMetrics.topKPrecision(predicted, truth, 2), 1e-12);
        assertEquals(1.0, RankMetrics.topKPrecision(predicted, truth, 1), 1e-12);
        assertEquals(1.0, RankMetrics.topKPrecision(predicted, truth, 4), 1e-12);
    }

    @Test
    void badInputsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> RankMetrics.kendallTau(new double[] {1, 2}, new double[] {1}));
        assertThrows(IllegalArgumentException.class, () -> RankMetrics.spearman(new double[] {1}, new double[] {1}));
        var e = assertThrows(IllegalArgumentException.class,
                () -> RankMetrics.topKPrecision(new double[] {1, 2}, new double[] {1, 2}, 3));
        assertEquals("k must be in 1..2, got 3", e.getMessage());
    }
}
