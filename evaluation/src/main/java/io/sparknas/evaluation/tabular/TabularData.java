package io.sparknas.evaluation.tabular;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A tabular benchmark held in memory: per architecture string, the objective value of each
 * training seed (one value when the tables have no {@code seed} column), the report value and any
 * extra columns the search needs as metrics, such as a device's latency (both means over the
 * architecture's rows). Small enough to broadcast: NB201 is 15,625 cells.
 */
public final class TabularData implements Serializable {
    private static final long serialVersionUID = 1L;
    /** Seed recorded for tables without a {@code seed} column. */
    public static final long NO_SEED = -1L;

    private final String objectiveColumn;
    private final String reportColumn;
    private final List<String> extraColumns;
    private final Map<String, Entry> entries;
    private transient volatile String digest;

    /** One architecture's rows; {@code extras} in the order of {@link #extraColumns()}. */
    public record Entry(long[] seeds, double[] objective, double report, double[] extras) implements Serializable {
    }

    private TabularData(String objectiveColumn, String reportColumn, List<String> extraColumns, Map<String, Entry> entries) {
        this.objectiveColumn = objectiveColumn;
        this.reportColumn = reportColumn;
        this.extraColumns = List.copyOf(extraColumns);
        this.entries = Collections.unmodifiableMap(entries);
    }

    public static Builder builder(String objectiveColumn, String reportColumn) {
        return builder(objectiveColumn, reportColumn, List.of());
    }

    public static Builder builder(String objectiveColumn, String reportColumn, List<String> extraColumns) {
        return new Builder(objectiveColumn, reportColumn, extraColumns);
    }

    public List<String> extraColumns() {
        return extraColumns;
    }

    public String objectiveColumn() {
        return objectiveColumn;
    }

    public String reportColumn() {
        return reportColumn;
    }

    public Entry get(String arch) {
        return entries.get(arch);
    }

    public Map<String, Entry> entries() {
        return entries;
    }

    /** A {@link io.sparknas.evaluation.ConfigDigest} of the columns and every architecture's values. */
    public String digest() {
        String value = digest;
        if (value == null) {
            value = io.sparknas.evaluation.ConfigDigest.of(objectiveColumn, reportColumn, extraColumns);
            for (Map.Entry<String, Entry> e : new java.util.TreeMap<>(entries).entrySet()) {
                Entry entry = e.getValue();
                value = io.sparknas.evaluation.ConfigDigest.chain(value, e.getKey(), java.util.Arrays.toString(entry.seeds()),
                        java.util.Arrays.toString(entry.objective()), entry.report(), java.util.Arrays.toString(entry.extras()));
            }
            digest = value;
        }
        return value;
    }

    public int size() {
        return entries.size();
    }

    /** The best report value of any architecture in the table. */
    public double bestReport() {
        return entries.values().stream().mapToDouble(Entry::report).max().orElse(Double.NaN);
    }

    /** Mean report value of a uniformly random architecture of the table. */
    public double meanReport() {
        return entries.values().stream().mapToDouble(Entry::report).average().orElse(Double.NaN);
    }

    /** Collects rows; {@link #build()} checks them. */
    public static final class Builder {
        private final String objectiveColumn;
        private final String reportColumn;
        private final List<String> extraColumns;
        private final Map<String, List<double[]>> rows = new LinkedHashMap<>();
        private final Map<String, List<Long>> seeds = new HashMap<>();

        private Builder(String objectiveColumn, String reportColumn, List<String> extraColumns) {
            this.objectiveColumn = Objects.requireNonNull(objectiveColumn, "objective column");
            this.reportColumn = Objects.requireNonNull(reportColumn, "report column");
            this.extraColumns = List.copyOf(extraColumns);
        }

        /**
         * @param seed the row's training seed, or {@link #NO_SEED}
         * @throws IllegalArgumentException for a non-finite value or a repeated (arch, seed) pair
         */
        public Builder add(String arch, long seed, double objective, double report, double... extras) {
            requireFinite(arch, objectiveColumn, objective);
            requireFinite(arch, reportColumn, report);
            if (extras.length != extraColumns.size()) {
                throw new IllegalArgumentException("architecture " + arch + " has " + extras.length + " extra values for "
                        + extraColumns.size() + " extra columns " + extraColumns);
            }
            for (int i = 0; i < extras.length; i++) {
                requireFinite(arch, extraColumns.get(i), extras[i]);
            }
            List<Long> archSeeds = seeds.computeIfAbsent(arch, a -> new ArrayList<>());
            if (archSeeds.contains(seed)) {
                throw new IllegalArgumentException("duplicate rows for architecture " + arch
                        + (seed == NO_SEED ? "" : " and seed " + seed));
            }
            archSeeds.add(seed);
            double[] row = new double[2 + extras.length];
            row[0] = objective;
            row[1] = report;
            System.arraycopy(extras, 0, row, 2, extras.length);
            rows.computeIfAbsent(arch, a -> new ArrayList<>()).add(row);
            return this;
        }

        private static void requireFinite(String arch, String column, double value) {
            if (!Double.isFinite(value)) {
                throw new IllegalArgumentException("column " + column + " is " + value + " for architecture " + arch);
            }
        }

        public TabularData build() {
            if (rows.isEmpty()) {
                throw new IllegalArgumentException("the benchmark tables hold no rows");
            }
            Map<String, Entry> entries = new LinkedHashMap<>();
            rows.forEach((arch, values) -> {
                List<Long> archSeeds = seeds.get(arch);
                if (archSeeds.contains(NO_SEED) && archSeeds.size() > 1) {
                    throw new IllegalArgumentException("architecture " + arch + " has rows with and without a seed");
                }
                long[] seedArray = archSeeds.stream().mapToLong(Long::longValue).toArray();
                double[] objective = values.stream().mapToDouble(v -> v[0]).toArray();
                double report = values.stream().mapToDouble(v -> v[1]).average().orElseThrow();
                double[] extras = new double[extraColumns.size()];
                for (int i = 0; i < extras.length; i++) {
                    int column = 2 + i;
                    extras[i] = values.stream().mapToDouble(v -> v[column]).average().orElseThrow();
                }
                entries.put(arch, new Entry(seedArray, objective, report, extras));
            });
            return new TabularData(objectiveColumn, reportColumn, extraColumns, entries);
        }
    }
}
