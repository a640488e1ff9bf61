package io.sparknas.jobs.bench.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparknas.jobs.config.BadInputException;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.descriptive.DescriptiveStatistics;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * The {@code benchmark-pool} command: pools the per-seed figures of several {@code benchmark
 * --summary-json} files (e.g. seeds 0-19, 20-39, ...) per strategy, so a comparison rests on all the
 * seeds run rather than on one set of 20. Per strategy: mean ± sample std of the report and its
 * standard error, the median number of queries to the optimum (a run that never reached it counts
 * as beyond the budget) with a percentile bootstrap interval, and, paired by seed against a
 * baseline strategy, the mean difference with its 95% t interval and the seeds won, lost and tied.
 */
public final class BenchmarkPool {
    /** The baseline when none is named and the files hold it: the reference strategy. */
    public static final String DEFAULT_BASELINE = "regularized-evolution";
    /** Bootstrap resamples of the median's interval; seeded, so the command is reproducible. */
    static final int RESAMPLES = 10_000;

    private BenchmarkPool() {
    }

    /** One strategy's runs, by seed, from every file. */
    private record Pooled(String strategy, int budget, String objective, String report, String firstFile,
                          TreeMap<Long, Double> reports, TreeMap<Long, Integer> queries) {
    }

    /**
     * @param named the strategy the others are paired with; null: {@link #DEFAULT_BASELINE} when
     *              the files hold it, else none
     */
    public static List<Map<String, Object>> run(List<Path> files, String named, PrintStream out) {
        if (files.isEmpty()) {
            throw new BadInputException("benchmark-pool: no summary files given");
        }
        Map<String, Pooled> pooled = new LinkedHashMap<>();
        for (Path file : files) {
            for (JsonNode strategy : read(file)) {
                add(pooled, file, strategy);
            }
        }
        if (named != null && !pooled.containsKey(named)) {
            throw new BadInputException("benchmark-pool: baseline strategy '" + named + "' is in none of the files "
                    + "(strategies: " + String.join(", ", pooled.keySet()) + ")");
        }
        String baseline = named != null ? named : pooled.containsKey(DEFAULT_BASELINE) ? DEFAULT_BASELINE : null;
        List<Map<String, Object>> summary = new ArrayList<>();
        out.printf(Locale.ROOT, "%-24s %6s %8s %7s %7s %9s %9s %16s %26s%n", "strategy", "seeds", "mean", "std", "se",
                "reaching", "q median", "q median 95%", "paired with " + (baseline == null ? "-" : baseline));
        for (Pooled strategy : pooled.values()) {
            Map<String, Object> row = summarize(strategy, baseline == null ? null : pooled.get(baseline));
            summary.add(row);
            out.printf(Locale.ROOT, "%-24s %6d %8.3f %7.3f %7.3f %9d %9s %16s %26s%n", strategy.strategy(),
                    (Integer) row.get("seeds"), (Double) row.get("report_mean"), (Double) row.get("report_std"),
                    (Double) row.get("report_se"), (Integer) row.get("runs_reaching_optimum"),
                    number(row.get("queries_to_optimum_median")), "[" + number(row.get("queries_to_optimum_median_low"))
                            + ", " + number(row.get("queries_to_optimum_median_high")) + "]", paired(row));
        }
        return summary;
    }

    private static JsonNode read(Path file) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            throw new BadInputException("benchmark-pool: summary file not found: " + file, e);
        } catch (IOException e) {
            throw new BadInputException("benchmark-pool: " + file + " is not JSON: "
                    + e.getMessage().lines().findFirst().orElse(""), e);
        }
        if (root == null || !root.isArray() || root.isEmpty()) {
            throw new BadInputException("benchmark-pool: " + file + " is not a benchmark --summary-json (an array of "
                    + "strategies)");
        }
        return root;
    }

    private static void add(Map<String, Pooled> pooled, Path file, JsonNode strategy) {
        for (String field : List.of("strategy", "budget", "first_seed", "objective", "report", "per_seed_report",
                "per_seed_queries_to_optimum")) {
            if (!strategy.hasNonNull(field)) {
                throw new BadInputException("benchmark-pool: " + file + " has a strategy without '" + field
                        + "' (written by benchmark --summary-json of this version?)");
            }
        }
        String name = strategy.get("strategy").asText();
        checkTypes(file, name, strategy);
        Pooled into = pooled.computeIfAbsent(name, n -> new Pooled(n, strategy.get("budget").asInt(),
                strategy.get("objective").asText(), strategy.get("report").asText(), file.toString(),
                new TreeMap<>(), new TreeMap<>()));
        for (String field : List.of("budget", "objective", "report")) {
            String mine = strategy.get(field).asText();
            String first = switch (field) {
                case "budget" -> Integer.toString(into.budget());
                case "objective" -> into.objective();
                default -> into.report();
            };
            if (!mine.equals(first)) {
                throw new BadInputException("benchmark-pool: " + file + ": " + name + " has " + field + " " + mine
                        + " but " + into.firstFile() + " has " + first + "; pool like with like");
            }
        }
        long firstSeed = strategy.get("first_seed").asLong();
        JsonNode reports = strategy.get("per_seed_report");
        JsonNode queries = strategy.get("per_seed_queries_to_optimum");
        if (queries.size() != reports.size()) {
            throw new BadInputException("benchmark-pool: " + file + ": " + name + " has " + reports.size()
                    + " per_seed_report values but " + queries.size() + " per_seed_queries_to_optimum");
        }
        for (int i = 0; i < reports.size(); i++) {
            long seed = firstSeed + i;
            if (into.reports().put(seed, reports.get(i).asDouble()) != null) {
                throw new BadInputException("benchmark-pool: " + file + ": seed " + seed + " of " + name
                        + " is already in another file");
            }
            JsonNode query = queries.get(i);
            into.queries().put(seed, query.isNull() ? null : query.asInt());
        }
    }

    /**
     * Every field is read only after its type is checked: Jackson's {@code asInt} and {@code asDouble}
     * read {@code "abc"} and {@code null} as 0, which would pool a made-up seed result.
     */
    private static void checkTypes(Path file, String name, JsonNode strategy) {
        for (String field : List.of("strategy", "objective", "report")) {
            if (!strategy.get(field).isTextual()) {
                throw wrongType(file, name, field, "a string", strategy.get(field));
            }
        }
        for (String field : List.of("budget", "first_seed")) {
            JsonNode value = strategy.get(field);
            if (!value.isIntegralNumber() || !value.canConvertToLong() || (field.equals("budget") && !value.canConvertToInt())) {
                throw wrongType(file, name, field, "a whole number", value);
            }
        }
        JsonNode reports = strategy.get("per_seed_report");
        JsonNode queries = strategy.get("per_seed_queries_to_optimum");
        if (!reports.isArray()) {
            throw wrongType(file, name, "per_seed_report", "an array", reports);
        }
        if (!queries.isArray()) {
            throw wrongType(file, name, "per_seed_queries_to_optimum", "an array", queries);
        }
        for (int i = 0; i < reports.size(); i++) {
            JsonNode value = reports.get(i);
            if (!value.isNumber() || !Double.isFinite(value.asDouble())) {
                throw wrongType(file, name, "per_seed_report[" + i + "]", "a finite number", value);
            }
        }
        for (int i = 0; i < queries.size(); i++) {
            JsonNode value = queries.get(i);
            if (!value.isNull() && !(value.isIntegralNumber() && value.canConvertToInt() && value.asInt() >= 1)) {
                throw wrongType(file, name, "per_seed_queries_to_optimum[" + i + "]", "a query number >= 1 or null", value);
            }
        }
    }

    private static BadInputException wrongType(Path file, String name, String field, String expected, JsonNode value) {
        return new BadInputException("benchmark-pool: " + file + ": " + name + "'s " + field + " must be " + expected
                + ", got " + value);
    }

    private static Map<String, Object> summarize(Pooled strategy, Pooled baseline) {
        double[] reports = strategy.reports().values().stream().mapToDouble(Double::doubleValue).toArray();
        DescriptiveStatistics stats = new DescriptiveStatistics(reports);
        double[] queries = strategy.queries().values().stream()
                .mapToDouble(q -> q == null ? Double.POSITIVE_INFINITY : q).toArray();
        double[] interval = bootstrapMedian(queries);
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("strategy", strategy.strategy());
        row.put("budget", strategy.budget());
        row.put("seeds", reports.length);
        row.put("report_mean", stats.getMean());
        row.put("report_std", stats.getStandardDeviation());
        row.put("report_se", stats.getStandardDeviation() / Math.sqrt(reports.length));
        row.put("runs_reaching_optimum", (int) Arrays.stream(queries).filter(Double::isFinite).count());
        row.put("queries_to_optimum_median", finiteOrNull(median(queries)));
        row.put("queries_to_optimum_median_low", finiteOrNull(interval[0]));
        row.put("queries_to_optimum_median_high", finiteOrNull(interval[1]));
        if (baseline != null && baseline != strategy) {
            row.putAll(paired(strategy, baseline));
        }
        return row;
    }

    /** Mean difference over the seeds both strategies ran, with Student's t 95% interval. */
    private static Map<String, Object> paired(Pooled strategy, Pooled baseline) {
        List<Double> differences = new ArrayList<>();
        strategy.reports().forEach((seed, value) -> {
            Double other = baseline.reports().get(seed);
            if (other != null) {
                differences.add(value - other);
            }
        });
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("baseline", baseline.strategy());
        row.put("paired_seeds", differences.size());
        if (differences.size() < 2) {
            return row;
        }
        DescriptiveStatistics stats = new DescriptiveStatistics(differences.stream().mapToDouble(Double::doubleValue).toArray());
        double t = new TDistribution(differences.size() - 1).inverseCumulativeProbability(0.975);
        row.put("paired_difference_mean", stats.getMean());
        row.put("paired_difference_ci95", t * stats.getStandardDeviation() / Math.sqrt(differences.size()));
        row.put("seeds_better", (int) differences.stream().filter(d -> d > 0).count());
        row.put("seeds_worse", (int) differences.stream().filter(d -> d < 0).count());
        row.put("seeds_tied", (int) differences.stream().filter(d -> d == 0).count());
        return row;
    }

    /** The median's 2.5% and 97.5% percentiles over resamples of the seeds (seeded). */
    static double[] bootstrapMedian(double[] values) {
        SplittableRandom random = new SplittableRandom(1);
        double[] medians = new double[RESAMPLES];
        double[] resample = new double[values.length];
        for (int r = 0; r < RESAMPLES; r++) {
            for (int i = 0; i < values.length; i++) {
                resample[i] = values[random.nextInt(values.length)];
            }
            medians[r] = median(resample);
        }
        Arrays.sort(medians);
        return new double[] {medians[(int) (0.025 * RESAMPLES)], medians[(int) (0.975 * RESAMPLES) - 1]};
    }

    /** The middle value, or the mean of the two middle ones; infinities (never reached) sort last. */
    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static Double finiteOrNull(double value) {
        return Double.isFinite(value) ? value : null;
    }

    private static String number(Object value) {
        return value == null ? "never" : String.format(Locale.ROOT, "%.1f", (Double) value);
    }

    private static String paired(Map<String, Object> row) {
        if (!row.containsKey("paired_difference_mean")) {
            return "";
        }
        return String.format(Locale.ROOT, "%+.3f ± %.3f (%d/%d/%d)", (Double) row.get("paired_difference_mean"),
                (Double) row.get("paired_difference_ci95"), (Integer) row.get("seeds_better"),
                (Integer) row.get("seeds_worse"), (Integer) row.get("seeds_tied"));
    }
}
