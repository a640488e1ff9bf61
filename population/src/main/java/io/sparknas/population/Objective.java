package io.sparknas.population;

import java.io.Serializable;
import java.util.Comparator;
import java.util.Map;
import java.util.Objects;

/** A metric the search optimises, and in which direction. */
public record Objective(String metric, Direction direction) implements Serializable {

    public enum Direction { MAXIMIZE, MINIMIZE }

    public Objective {
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(direction, "direction");
    }

    public static Objective maximize(String metric) {
        return new Objective(metric, Direction.MAXIMIZE);
    }

    public static Objective minimize(String metric) {
        return new Objective(metric, Direction.MINIMIZE);
    }

    /** The value with its sign turned so that larger is always better; missing or NaN is worst. */
    public double utility(Map<String, Double> metrics) {
        Double value = metrics.get(metric);
        if (value == null || value.isNaN()) {
            return Double.NEGATIVE_INFINITY;
        }
        return direction == Direction.MAXIMIZE ? value : -value;
    }

    /** Orders individuals best first. */
    public Comparator<Individual> bestFirst() {
        return Comparator.comparingDouble((Individual i) -> utility(i.metrics())).reversed();
    }
}
