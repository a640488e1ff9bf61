package io.sparknas.hardware;

import io.sparknas.population.Architecture;
import io.sparknas.population.space.MobileNetArchitecture;
import io.sparknas.population.space.Nb201Cell;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * One analytic quantity (params, FLOPs or activations) as a {@link CostModel}; plain counts. NB201
 * cells are priced by the model's {@link Nb201Costs}; a {@link MobileNetArchitecture} by
 * {@link MobileNetCosts}, with the input, resolution and classes its space decoded it for (the
 * {@code classes} given to {@link #forName} configure the NB201 network only).
 */
public final class AnalyticCostModel implements CostModel {
    private static final long serialVersionUID = 1L;

    /** What the model measures; {@link #modelName()} is the column-friendly name. */
    public enum Quantity {
        PARAMS, FLOPS, ACTIVATIONS;

        public String modelName() {
            return name().toLowerCase(Locale.ROOT);
        }

        static String known() {
            return Arrays.stream(values()).map(Quantity::modelName).collect(Collectors.joining(", "));
        }
    }

    private final Nb201Costs costs;
    private final Quantity quantity;

    public AnalyticCostModel(Nb201Costs costs, Quantity quantity) {
        if (costs == null || quantity == null) {
            throw new IllegalArgumentException("costs and quantity must not be null (got " + costs + ", " + quantity + ")");
        }
        this.costs = costs;
        this.quantity = quantity;
    }

    /**
     * The named model over the CIFAR NB201 network with {@code classes} outputs.
     *
     * @throws IllegalArgumentException for an unknown name, listing the known ones
     */
    public static AnalyticCostModel forName(String name, int classes) {
        for (Quantity quantity : Quantity.values()) {
            if (quantity.modelName().equals(name)) {
                return new AnalyticCostModel(Nb201Costs.cifar(classes), quantity);
            }
        }
        throw new IllegalArgumentException("unknown analytic cost model '" + name + "' (known: " + Quantity.known() + ")");
    }

    @Override
    public String name() {
        return quantity.modelName();
    }

    public Quantity quantity() {
        return quantity;
    }

    public Nb201Costs costs() {
        return costs;
    }

    @Override
    public double cost(Architecture architecture) {
        if (architecture instanceof Nb201Cell cell) {
            return switch (quantity) {
                case PARAMS -> costs.params(cell);
                case FLOPS -> costs.flops(cell);
                case ACTIVATIONS -> costs.activationMemory(cell);
            };
        }
        if (architecture instanceof MobileNetArchitecture network) {
            return switch (quantity) {
                case PARAMS -> MobileNetCosts.params(network);
                case FLOPS -> MobileNetCosts.flops(network);
                case ACTIVATIONS -> MobileNetCosts.activationMemory(network);
            };
        }
        throw new IllegalArgumentException("cost model '" + name() + "' prices NB201 cells and MobileNet architectures, got "
                + (architecture == null ? "null" : architecture.getClass().getName() + " '" + architecture.format() + "'"));
    }

    @Override
    public String toString() {
        return "AnalyticCostModel[" + name() + " over " + costs + "]";
    }
}
