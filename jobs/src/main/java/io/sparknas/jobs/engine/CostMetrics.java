package io.sparknas.jobs.engine;

import io.sparknas.hardware.AnalyticCostModel;
import io.sparknas.hardware.CostModel;
import io.sparknas.population.Architecture;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The hardware cost models a search uses as metrics (objectives, constraints, descriptors), by metric name. */
public final class CostMetrics implements Serializable {
    private static final long serialVersionUID = 1L;
    /** Metric names served by analytic cost models; any other metric comes from the evaluator. */
    public static final List<String> ANALYTIC = List.of("params", "flops", "activations");

    private final List<CostModel> models;
    private final int classes;

    private CostMetrics(List<CostModel> models, int classes) {
        this.models = List.copyOf(models);
        this.classes = classes;
    }

    /** The class count the network's costs are computed for. */
    public int classes() {
        return classes;
    }

    /** Cost models for those of {@code metrics} that are analytic costs, for a network with {@code classes} outputs. */
    public static CostMetrics forMetrics(List<String> metrics, int classes) {
        return new CostMetrics(metrics.stream().filter(ANALYTIC::contains).distinct()
                .map(name -> (CostModel) AnalyticCostModel.forName(name, classes)).toList(), classes);
    }

    public static boolean isAnalytic(String metric) {
        return ANALYTIC.contains(metric);
    }

    public Map<String, Double> of(Architecture architecture) {
        Map<String, Double> costs = new LinkedHashMap<>();
        models.forEach(model -> costs.put(model.name(), model.cost(architecture)));
        return costs;
    }

    /**
     * The evaluator's metrics with this architecture's costs added. A metric the evaluator measured
     * itself wins over the analytic cost of the same name (a trained network reports the parameters of
     * the network it trained, whose stem and depth may differ from the analytic model's).
     */
    public Map<String, Double> addTo(Map<String, Double> metrics, Architecture architecture) {
        if (models.isEmpty() || metrics.isEmpty()) {
            return metrics;
        }
        Map<String, Double> all = new LinkedHashMap<>(of(architecture));
        all.putAll(metrics);
        return all;
    }
}
