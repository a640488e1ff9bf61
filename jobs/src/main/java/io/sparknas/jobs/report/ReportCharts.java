package io.sparknas.jobs.report;

import io.sparknas.population.Objective;
import io.sparknas.population.pareto.Hypervolume;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.IntStream;

/** The report's plots, built from a run's rows with XChart. */
final class ReportCharts {
    static final int WIDTH = 800;
    static final int HEIGHT = 520;
    /** Fronts drawn in the Pareto plot: the first and last generation and evenly spaced ones between. */
    private static final int FRONTS_SHOWN = 5;
    static final String PARAMS = "params";

    private ReportCharts() {
    }

    private static XYChart chart(String title, String x, String y) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(x).yAxisTitle(y).build();
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideSE);
        chart.getStyler().setMarkerSize(6);
        return chart;
    }

    private static XYSeries scatter(XYChart chart, String name, List<Double> x, List<Double> y) {
        XYSeries series = chart.addSeries(name, x, y);
        series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        return series;
    }

    /**
     * Multi-objective: the first front of a few generations in the plane of the first two
     * objectives. Single-objective: every evaluation's objective against its parameter count, the
     * last population and the best marked.
     */
    static XYChart pareto(RunData run) {
        List<Objective> objectives = run.goals().objectives();
        if (objectives.size() > 1) {
            Objective a = objectives.get(0);
            Objective b = objectives.get(1);
            XYChart chart = chart("Pareto front over generations", axis(b), axis(a));
            for (int generation : shownGenerations(run.populations())) {
                List<RunData.Member> front = run.populations().get(generation).stream().filter(RunData.Member::pareto)
                        .filter(m -> finite(m.objectives(), a, b))
                        .sorted(Comparator.comparingDouble(m -> m.objectives().get(b.metric()))).toList();
                if (!front.isEmpty()) {
                    XYSeries series = chart.addSeries("generation " + generation,
                            front.stream().map(m -> m.objectives().get(b.metric())).toList(),
                            front.stream().map(m -> m.objectives().get(a.metric())).toList());
                    series.setMarker(SeriesMarkers.CIRCLE);
                }
            }
            return chart;
        }
        Objective objective = run.goals().primary();
        XYChart chart = chart(objective.metric() + " against parameters (single-objective run)", "params", axis(objective));
        addAgainstParams(chart, "evaluated", run.evaluations().stream().map(e -> Map.entry(e.canonicalKey(), e.metrics())).toList(),
                objective, run.params());
        if (!run.populations().isEmpty()) {
            var last = run.populations().lastEntry();
            addAgainstParams(chart, "population of generation " + last.getKey(),
                    last.getValue().stream().map(m -> Map.entry(m.canonicalKey(), m.objectives())).toList(), objective, run.params());
        }
        run.best().ifPresent(best -> addAgainstParams(chart, "best", List.of(Map.entry(best.canonicalKey(), best.metrics())),
                objective, run.params()).ifPresent(s -> s.setMarker(SeriesMarkers.DIAMOND)));
        return chart;
    }

    private static Optional<XYSeries> addAgainstParams(XYChart chart, String name, List<Map.Entry<String, Map<String, Double>>> rows,
                                                       Objective objective, Map<String, Double> params) {
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        for (var row : rows) {
            Double value = row.getValue().get(objective.metric());
            Double p = params.get(row.getKey());
            if (value != null && Double.isFinite(value) && p != null) {
                x.add(p);
                y.add(value);
            }
        }
        return x.isEmpty() ? Optional.empty() : Optional.of(scatter(chart, name, x, y));
    }

    /** The best primary-objective value seen after each evaluation, with every evaluation's own value. */
    static XYChart bestSoFar(RunData run) {
        Objective objective = run.goals().primary();
        XYChart chart = chart("Best so far against evaluations", "evaluations", axis(objective));
        List<Double> index = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        List<Double> best = new ArrayList<>();
        double bestUtility = Double.NEGATIVE_INFINITY;
        Double bestValue = null;
        for (RunData.Evaluation e : run.evaluations()) {
            Double value = e.metrics().get(objective.metric());
            if (value == null || !Double.isFinite(value)) {
                continue;
            }
            if (objective.utility(e.metrics()) > bestUtility) {
                bestUtility = objective.utility(e.metrics());
                bestValue = value;
            }
            index.add((double) index.size() + 1);
            values.add(value);
            best.add(bestValue);
        }
        if (!index.isEmpty()) {
            scatter(chart, "each evaluation", index, values).setMarkerColor(new java.awt.Color(150, 150, 150));
            chart.addSeries("best so far", index, best).setMarker(SeriesMarkers.NONE);
        }
        return chart;
    }

    /**
     * The hypervolume of each generation's population. A single-objective run is measured in the
     * plane (objective, params) it did not optimise, so the plot still shows the trade-off it found.
     * The reference point is the worst value of each objective over all generations.
     */
    static XYChart hypervolume(RunData run) {
        List<Objective> objectives = hypervolumeObjectives(run);
        String title = objectives.size() > 3 ? "Hypervolume (not computed: more than 3 objectives)"
                : "Hypervolume per generation (" + String.join(", ", objectives.stream().map(ReportCharts::axis).toList()) + ")";
        XYChart chart = chart(title, "generation", "hypervolume");
        if (objectives.size() > 3 || run.populations().isEmpty()) {
            return chart;
        }
        TreeMap<Integer, List<double[]>> points = new TreeMap<>();
        run.populations().forEach((generation, members) -> points.put(generation, members.stream()
                .map(m -> utilities(m, objectives, run.params())).filter(p -> p != null).toList()));
        double[] reference = new double[objectives.size()];
        java.util.Arrays.fill(reference, Double.POSITIVE_INFINITY);
        points.values().forEach(list -> list.forEach(p -> IntStream.range(0, p.length).forEach(m -> reference[m] = Math.min(reference[m], p[m]))));
        if (!Double.isFinite(reference[0])) {
            return chart;
        }
        List<Double> generations = new ArrayList<>();
        List<Double> volumes = new ArrayList<>();
        points.forEach((generation, list) -> {
            generations.add((double) generation);
            volumes.add(Hypervolume.of(list, reference));
        });
        chart.addSeries("hypervolume", generations, volumes).setMarker(SeriesMarkers.CIRCLE);
        return chart;
    }

    static List<Objective> hypervolumeObjectives(RunData run) {
        List<Objective> objectives = run.goals().objectives();
        return objectives.size() > 1 ? objectives : List.of(objectives.get(0), Objective.minimize(PARAMS));
    }

    /** Larger-is-better values of a member, or null when one is missing. */
    private static double[] utilities(RunData.Member member, List<Objective> objectives, Map<String, Double> params) {
        Map<String, Double> values = new java.util.HashMap<>(member.objectives());
        if (!values.containsKey(PARAMS) && params.containsKey(member.canonicalKey())) {
            values.put(PARAMS, params.get(member.canonicalKey()));
        }
        double[] point = new double[objectives.size()];
        for (int m = 0; m < point.length; m++) {
            point[m] = objectives.get(m).utility(values);
            if (!Double.isFinite(point[m])) {
                return null;
            }
        }
        return point;
    }

    /** Predicted against measured, with the identity line. */
    static XYChart predictor(PredictorCheck.Outcome outcome) {
        XYChart chart = chart(String.format("Predictor %s (n_train %d): Kendall tau %.3f on %d of this run's architectures",
                        outcome.kind(), outcome.nTrain(), outcome.kendallTau(), outcome.measured().length),
                "measured " + outcome.target(), "predicted " + outcome.target());
        List<Double> measured = java.util.Arrays.stream(outcome.measured()).boxed().toList();
        List<Double> predicted = java.util.Arrays.stream(outcome.predicted()).boxed().toList();
        scatter(chart, "architecture", measured, predicted);
        double lo = Math.min(min(measured), min(predicted));
        double hi = Math.max(max(measured), max(predicted));
        chart.addSeries("predicted = measured", List.of(lo, hi), List.of(lo, hi)).setMarker(SeriesMarkers.NONE);
        return chart;
    }

    private static double min(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).min().orElse(0);
    }

    private static double max(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).max().orElse(1);
    }

    private static boolean finite(Map<String, Double> values, Objective a, Objective b) {
        Double x = values.get(a.metric());
        Double y = values.get(b.metric());
        return x != null && y != null && Double.isFinite(x) && Double.isFinite(y);
    }

    static String axis(Objective objective) {
        return objective.metric() + (objective.direction() == Objective.Direction.MAXIMIZE ? " (max)" : " (min)");
    }

    static List<Integer> shownGenerations(TreeMap<Integer, List<RunData.Member>> populations) {
        List<Integer> all = new ArrayList<>(populations.keySet());
        if (all.size() <= FRONTS_SHOWN) {
            return all;
        }
        return IntStream.range(0, FRONTS_SHOWN).map(i -> all.get((int) Math.round(i * (all.size() - 1) / (double) (FRONTS_SHOWN - 1))))
                .distinct().boxed().toList();
    }
}
