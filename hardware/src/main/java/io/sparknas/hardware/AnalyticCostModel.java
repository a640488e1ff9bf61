package io.sparknas.hardware;

import io.sparknas.population.Architecture;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** One analytic quantity of {@link Nb201Costs} (params, FLOPs or activations) as a {@link CostModel}; plain counts. */
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
        var cell = CellOps.requireNb201(architecture, name());
        return switch (quantity) {
            case PARAMS -> costs.params(cell);
            case FLOPS -> costs.flops(cell);
            case ACTIVATIONS -> costs.activationMemory(cell);
        };
    }

    @Override
    public String toString() {
        return "AnalyticCostModel[" + name() + " over " + costs + "]";
    }
}
