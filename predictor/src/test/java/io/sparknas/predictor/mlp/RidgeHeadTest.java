package io.sparknas.predictor.mlp;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RidgeHeadTest {

    @Test
    void recoversALinearFunctionWithASmallPenaltyAndShrinksWithALargeOne() {
        double[][] rows = new double[40][];
        double[] target = new double[40];
        java.util.Random random = new java.util.Random(3);
        for (int i = 0; i < rows.length; i++) {
            rows[i] = new double[] {random.nextGaussian(), random.nextGaussian(), 5 + random.nextGaussian()};
            target[i] = 2 * rows[i][0] - rows[i][1] + 0.5 * rows[i][2] + 7;
        }
        RidgeHead exact = RidgeHead.fit(rows, target, 1e-9);
        assertEquals(2, exact.weights()[0], 1e-6);
        assertEquals(-1, exact.weights()[1], 1e-6);
        assertEquals(0.5, exact.weights()[2], 1e-6);
        assertEquals(7, exact.intercept(), 1e-5);

        RidgeHead shrunk = RidgeHead.fit(rows, target, 100);
        assertTrue(Math.abs(shrunk.weights()[0]) < 0.1, "weights shrink towards 0: " + shrunk.weights()[0]);
        double meanTarget = java.util.Arrays.stream(target).average().orElseThrow();
        double meanPrediction = 0;
        for (double[] row : rows) {
            meanPrediction += (shrunk.intercept() + row[0] * shrunk.weights()[0] + row[1] * shrunk.weights()[1]
                    + row[2] * shrunk.weights()[2]) / rows.length;
        }
        assertEquals(meanTarget, meanPrediction, 1e-9, "the intercept is not penalised");
    }

    @Test
    void rejectsUnpairedRowsAndANonPositivePenalty() {
        assertThrows(IllegalArgumentException.class, () -> RidgeHead.fit(new double[][] {{1}}, new double[2], 1));
        assertThrows(IllegalArgumentException.class, () -> RidgeHead.fit(new double[][] {{1}}, new double[1], 0));
    }
}
