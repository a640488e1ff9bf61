package io.sparknas.predictor.features;

import io.sparknas.hardware.Nb201Costs;
import io.sparknas.population.Architecture;
import io.sparknas.population.space.Nb201Cell;

import java.util.List;

/**
 * Analytic size of an NB201 network: log10 of its parameter count and of its FLOPs. Logs because
 * the counts span an order of magnitude and accuracy grows roughly with their logarithm.
 */
public final class CostFeatures implements Featurizer {
    private static final long serialVersionUID = 1L;
    public static final String NAME = "nb201-costs";
    private final Nb201Costs costs;

    public CostFeatures(Nb201Costs costs) {
        if (costs == null) {
            throw new IllegalArgumentException("costs must not be null");
        }
        this.costs = costs;
    }

    /** The NAS-Bench-201 CIFAR-10 network. */
    public static CostFeatures cifar10() {
        return new CostFeatures(Nb201Costs.cifar(10));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int dimension() {
        return 2;
    }

    @Override
    public List<String> featureNames() {
        return List.of("log10_params", "log10_flops");
    }

    @Override
    public double[] features(Architecture architecture) {
        Nb201Cell cell = Nb201Features.cell(architecture, NAME);
        return new double[] {Math.log10(costs.params(cell)), Math.log10(costs.flops(cell))};
    }

    @Override
    public String toString() {
        return NAME + "(" + costs + ")";
    }
}
