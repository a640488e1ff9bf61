package io.sparknas.jobs.search;

import io.sparknas.jobs.engine.CostMetrics;
import io.sparknas.jobs.config.NasConfig;
import io.sparknas.jobs.config.Setting;
import io.sparknas.jobs.data.TabularSettings;
import io.sparknas.population.Objective;
import io.sparknas.population.pareto.Constraint;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a search optimises: objectives ({@code metric:max} / {@code metric:min}, the first is the
 * primary one), constraints ({@code metric<=value}) and the metrics strategies need besides them
 * (MAP-Elites descriptors). Without objectives, the tabular objective column is maximised.
 */
public record SearchGoals(List<Objective> objectives, List<Constraint> constraints, List<String> descriptorMetrics) {
    private static final Pattern OBJECTIVE = Pattern.compile("\\s*([A-Za-z0-9_.\\-]+)\\s*:\\s*(max|min)\\s*");
    private static final Pattern CONSTRAINT = Pattern.compile("\\s*([A-Za-z0-9_.\\-]+)\\s*<=\\s*(\\S+)\\s*");

    /**
     * Reads a command's objectives and constraints (e.g. {@link SearchJobSettings#OBJECTIVES}); without
     * objectives, {@code evaluator.tabular.objective} is maximised.
     */
    public static SearchGoals from(NasConfig config, Setting<List<String>> objectiveSetting,
                                   Setting<List<String>> constraintSetting) {
        List<Objective> objectives = new ArrayList<>();
        for (String text : objectiveSetting.get(config)) {
            Matcher m = OBJECTIVE.matcher(text);
            if (!m.matches()) {
                throw objectiveSetting.error(": '" + text + "' must read metric:max or metric:min");
            }
            objectives.add(m.group(2).equals("max") ? Objective.maximize(m.group(1)) : Objective.minimize(m.group(1)));
        }
        if (objectives.isEmpty()) {
            objectives.add(Objective.maximize(TabularSettings.OBJECTIVE.get(config)));
        }
        List<Constraint> constraints = new ArrayList<>();
        for (String text : constraintSetting.get(config)) {
            Matcher m = CONSTRAINT.matcher(text);
            double max;
            try {
                max = m.matches() ? Double.parseDouble(m.group(2)) : Double.NaN;
            } catch (NumberFormatException e) {
                max = Double.NaN;
            }
            if (!Double.isFinite(max)) {
                throw constraintSetting.error(": '" + text + "' must read metric<=number");
            }
            constraints.add(Constraint.atMost(m.group(1), max));
        }
        List<String> descriptors = StrategySettings.mapElitesDescriptors(config).stream().map(d -> d.metric()).toList();
        return new SearchGoals(List.copyOf(objectives), List.copyOf(constraints), descriptors);
    }

    public Objective primary() {
        return objectives.get(0);
    }

    public boolean isMultiObjective() {
        return objectives.size() > 1;
    }

    /** Every metric the goals name, in order, once. */
    public List<String> metrics() {
        Set<String> metrics = new LinkedHashSet<>();
        objectives.forEach(o -> metrics.add(o.metric()));
        constraints.forEach(c -> metrics.add(c.metric()));
        metrics.addAll(descriptorMetrics);
        return List.copyOf(metrics);
    }

    /** The metrics that must come from the tables: neither analytic costs nor the two columns already read. */
    public List<String> tableColumns(String objectiveColumn, String reportColumn) {
        return metrics().stream().filter(m -> !CostMetrics.isAnalytic(m))
                .filter(m -> !m.equals(objectiveColumn) && !m.equals(reportColumn)).toList();
    }
}
