package io.sparknas.population.strategy;

import io.sparknas.population.strategy.Surrogate.Predictions;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

/** How {@link PredictorGuided} turns a surrogate's predictions into the score that picks candidates. */
public enum Acquisition {
    /** Utility plus {@code bonus} spreads: one fixed optimistic score per candidate. */
    UCB("ucb"),
    /**
     * Utility plus {@code bonus} spreads times a standard normal draw per candidate (independent
     * Thompson sampling, as in BANANAS). The picks made from one fit (a batch, or the asks between
     * two refits) by fixed optimistic scores tend to be variations of one idea; random draws spread
     * them over several, so a run is less likely to spend its budget on one region whose noisy
     * values flattered it.
     */
    THOMPSON("thompson");

    private final String configName;

    Acquisition(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }

    /** @throws IllegalArgumentException naming the known values */
    public static Acquisition byName(String name) {
        return Arrays.stream(values()).filter(a -> a.configName.equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("predictor-guided acquisition must be one of "
                        + String.join(", ", names()) + ", got '" + name + "'"));
    }

    /** @param random used by {@link #THOMPSON} only */
    public double[] scores(Predictions predictions, double bonus, Random random) {
        double[] utilities = predictions.utilities();
        double[] spreads = predictions.spreads();
        double[] scores = new double[utilities.length];
        for (int i = 0; i < scores.length; i++) {
            double weight = this == THOMPSON ? bonus * random.nextGaussian() : bonus;
            scores[i] = utilities[i] + weight * spreads[i];
        }
        return scores;
    }

    private static List<String> names() {
        return Arrays.stream(values()).map(Acquisition::configName).toList();
    }
}
