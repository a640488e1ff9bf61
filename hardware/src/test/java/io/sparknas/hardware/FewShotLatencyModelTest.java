package io.sparknas.hardware;

import org.apache.commons.math3.stat.correlation.SpearmansCorrelation;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FewShotLatencyModelTest {
    private static final List<String> SOURCES = List.of("gpu_a", "gpu_b", "gpu_c");

    /** 500 made-up cells: three source devices, each a noisy power of a hidden cost. */
    private static double[][] sources(Random rng, double[] hidden) {
        double[][] ms = new double[hidden.length][3];
        for (int i = 0; i < hidden.length; i++) {
            ms[i][0] = 2 * hidden[i];
            ms[i][1] = Math.pow(hidden[i], 0.5) * Math.exp(0.3 * rng.nextGaussian());
            ms[i][2] = 1 + rng.nextDouble(); // unrelated to the hidden cost
        }
        return ms;
    }

    private static double[] hidden(Random rng, int n) {
        double[] hidden = new double[n];
        Arrays.setAll(hidden, i -> 1 + 9 * rng.nextDouble());
        return hidden;
    }

    @Test
    void aTargetThatIsAPowerOfASourceIsLearntFromTenCells() {
        Random rng = new Random(3);
        double[] hidden = hidden(rng, 500);
        double[][] ms = sources(rng, hidden);
        LatencyPrior prior = LatencyPrior.of(SOURCES, ms);
        double[] target = Arrays.stream(hidden).map(h -> 0.5 * Math.pow(h, 1.5)).toArray(); // = c · gpu_a^1.5
        FewShotLatencyModel model = FewShotLatencyModel.fit("gpu_new", prior, Arrays.copyOf(ms, 10), Arrays.copyOf(target, 10));
        assertEquals(10, model.nTrain());
        double[] predicted = Arrays.stream(ms).mapToDouble(model::predict).toArray();
        assertTrue(new SpearmansCorrelation().correlation(predicted, target) > 0.99);
        for (int i = 10; i < 500; i += 49) { // close in ms too, on cells it never saw
            assertEquals(target[i], predicted[i], 0.1 * target[i]);
        }
    }

    /**
     * The guard against the target's own latencies leaking into its prior: named, the fit refuses it;
     * and a target of pure noise is unpredictable from honest sources, but perfectly predicted once its
     * own column is among them under another name (what a leak would look like in the figures).
     */
    @Test
    void theTargetIsNeverItsOwnPrior() {
        Random rng = new Random(5);
        double[] hidden = hidden(rng, 2000);
        double[][] ms = sources(rng, hidden);
        var e = assertThrows(IllegalArgumentException.class, () -> FewShotLatencyModel.fit("gpu_b",
                LatencyPrior.of(SOURCES, ms), Arrays.copyOf(ms, 10), new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}));
        assertTrue(e.getMessage().contains("include the target device itself"), e.getMessage());

        double[] noise = new double[hidden.length];
        Arrays.setAll(noise, i -> 1 + rng.nextDouble());
        FewShotLatencyModel honest = FewShotLatencyModel.fit("noise", LatencyPrior.of(SOURCES, ms),
                Arrays.copyOf(ms, 10), Arrays.copyOf(noise, 10));
        double[][] leaky = new double[ms.length][];
        for (int i = 0; i < ms.length; i++) {
            leaky[i] = new double[] {ms[i][0], ms[i][1], ms[i][2], noise[i]};
        }
        FewShotLatencyModel leaked = FewShotLatencyModel.fit("noise", LatencyPrior.of(List.of("gpu_a", "gpu_b", "gpu_c",
                "renamed"), leaky), Arrays.copyOf(leaky, 10), Arrays.copyOf(noise, 10));
        double[] held = Arrays.copyOfRange(noise, 10, noise.length);
        double honestRho = new SpearmansCorrelation().correlation(
                Arrays.stream(ms).skip(10).mapToDouble(honest::predict).toArray(), held);
        double leakedRho = new SpearmansCorrelation().correlation(
                Arrays.stream(leaky).skip(10).mapToDouble(leaked::predict).toArray(), held);
        assertTrue(Math.abs(honestRho) < 0.2, "honest " + honestRho);
        assertTrue(leakedRho > 0.95, "leaked " + leakedRho);
    }

    @Test
    void badInputsAreRefused() {
        double[][] ms = {{1, 2}, {2, 3}, {3, 5}};
        LatencyPrior prior = LatencyPrior.of(List.of("a", "b"), ms);
        assertThrows(IllegalArgumentException.class, () -> LatencyPrior.of(List.of(), ms));
        assertThrows(IllegalArgumentException.class, () -> LatencyPrior.of(List.of("a", "a"), ms));
        assertThrows(IllegalArgumentException.class, () -> LatencyPrior.of(List.of("a", "b"), new double[][] {{1, -2}}));
        assertThrows(IllegalArgumentException.class, () -> LatencyPrior.of(List.of("a", "b", "c"), ms));
        assertThrows(IllegalArgumentException.class, () -> FewShotLatencyModel.fit(" ", prior, ms, new double[] {1, 2, 3}));
        assertThrows(IllegalArgumentException.class, () -> FewShotLatencyModel.fit("t", prior, ms, new double[] {1, 2}));
        assertThrows(IllegalArgumentException.class, () -> FewShotLatencyModel.fit("t", prior, ms, new double[] {1, 0, 3}));
        assertThrows(IllegalArgumentException.class, () -> FewShotLatencyModel.fit("t", prior, new double[][] {{1}}, new double[] {1}));
        FewShotLatencyModel two = FewShotLatencyModel.fit("t", prior, Arrays.copyOf(ms, 2), new double[] {1, 2});
        assertEquals(FewShotLatencyModel.FALLBACK_LAMBDA, two.lambda());
        assertThrows(IllegalArgumentException.class, () -> two.predict(new double[] {1}));
    }
}
