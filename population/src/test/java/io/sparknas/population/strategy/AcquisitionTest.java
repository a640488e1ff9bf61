package io.sparknas.population.strategy;

import io.sparknas.population.strategy.Surrogate.Predictions;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class AcquisitionTest {

    @Test
    void ucbAddsTheBonusTimesTheSpread() {
        Predictions predictions = new Predictions(new double[]{90, 91, 92}, new double[]{0.5, 0, 2});
        assertArrayEquals(new double[]{90.625, 91, 94.5}, Acquisition.UCB.scores(predictions, 1.25, new Random(1)), 1e-12);
    }

    @Test
    void thompsonDrawsEachScoreFromANormalAroundTheUtilityWithTheSpreadTimesTheBonus() {
        int n = 20_000;
        double[] utilities = new double[n];
        double[] spreads = new double[n];
        Arrays.fill(utilities, 91.0);
        Arrays.fill(spreads, 0.4);
        double[] scores = Acquisition.THOMPSON.scores(new Predictions(utilities, spreads), 1.25, new Random(7));
        double mean = Arrays.stream(scores).average().orElseThrow();
        double sd = Math.sqrt(Arrays.stream(scores).map(s -> (s - mean) * (s - mean)).sum() / (n - 1));
        assertEquals(91.0, mean, 0.02);
        assertEquals(0.5, sd, 0.02);
        assertArrayEquals(scores, Acquisition.THOMPSON.scores(new Predictions(utilities, spreads), 1.25, new Random(7)),
                "the same draws give the same scores");
        assertFalse(Arrays.equals(scores, Acquisition.THOMPSON.scores(new Predictions(utilities, spreads), 1.25, new Random(8))));
    }

    @Test
    void withoutSpreadOrBonusBothRankByThePredictionAlone() {
        Predictions certain = new Predictions(new double[]{3, 1, 2}, new double[3]);
        assertArrayEquals(new double[]{3, 1, 2}, Acquisition.THOMPSON.scores(certain, 1.25, new Random(3)), 0);
        Predictions uncertain = new Predictions(new double[]{3, 1, 2}, new double[]{1, 1, 1});
        assertArrayEquals(new double[]{3, 1, 2}, Acquisition.THOMPSON.scores(uncertain, 0, new Random(3)), 0);
    }

    @Test
    void namesAreTheConfigSpellingAndAnUnknownNameListsTheKnownOnes() {
        assertEquals(Acquisition.THOMPSON, Acquisition.byName("thompson"));
        assertEquals(Acquisition.UCB, Acquisition.byName("ucb"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Acquisition.byName("ei"));
        assertEquals("predictor-guided acquisition must be one of ucb, thompson, got 'ei'", e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new Predictions(new double[2], new double[1]));
        assertEquals(0, Acquisition.UCB.scores(new Predictions(new double[0], new double[0]), 1, new Random(1)).length);
    }
}
