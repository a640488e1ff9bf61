package io.sparknas.population.space;

import java.io.Serializable;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * The searchable values of a {@link MobileNetSpace}: per stage a depth and a width multiplier, per
 * block a depthwise kernel size and an expansion ratio. A gene's value is an index into one of
 * these lists, so their order is part of the genome encoding.
 */
public record MobileNetChoices(List<Integer> depths, List<Double> widthMultipliers, List<Integer> kernels,
                               List<Integer> expansions) implements Serializable {

    public MobileNetChoices {
        depths = requireDistinct("depths", depths);
        widthMultipliers = requireDistinct("widthMultipliers", widthMultipliers);
        kernels = requireDistinct("kernels", kernels);
        expansions = requireDistinct("expansions", expansions);
        for (int depth : depths) {
            if (depth < 1) {
                throw new IllegalArgumentException("depths must be >= 1, got " + depths);
            }
        }
        for (double multiplier : widthMultipliers) {
            if (!(multiplier > 0) || Double.isInfinite(multiplier)) {
                throw new IllegalArgumentException("widthMultipliers must be positive and finite, got " + widthMultipliers);
            }
        }
        for (int kernel : kernels) {
            // "same" padding of kernel / 2 keeps a block's resolution only for odd kernels
            if (kernel < 1 || kernel % 2 == 0) {
                throw new IllegalArgumentException("kernels must be positive and odd, got " + kernels);
            }
        }
        for (int expansion : expansions) {
            if (expansion < 1) {
                throw new IllegalArgumentException("expansions must be >= 1, got " + expansions);
            }
        }
    }

    /** Once-for-all's choices: depth {2,3,4}, width ×{0.75,1.0,1.25}, kernel {3,5,7}, expansion {3,4,6}. */
    public static MobileNetChoices standard() {
        return new MobileNetChoices(List.of(2, 3, 4), List.of(0.75, 1.0, 1.25), List.of(3, 5, 7), List.of(3, 4, 6));
    }

    /** The largest depth: every stage reserves this many block slots in the genome. */
    public int maxDepth() {
        return depths.stream().mapToInt(Integer::intValue).max().orElseThrow();
    }

    /**
     * Two equal values would give two genes the same string form, and the string form must invert
     * to exactly one genome.
     */
    private static <T> List<T> requireDistinct(String name, List<T> values) {
        Objects.requireNonNull(values, name);
        if (values.isEmpty()) {
            throw new IllegalArgumentException(name + " must offer at least one choice");
        }
        if (values.stream().anyMatch(Objects::isNull)) { // List.of(...).contains(null) would throw
            throw new IllegalArgumentException(name + " must not contain null, got " + values);
        }
        if (new HashSet<>(values).size() != values.size()) {
            throw new IllegalArgumentException(name + " must not repeat a value, got " + values);
        }
        return List.copyOf(values);
    }
}
