package io.sparknas.predictor;

import io.sparknas.population.Architecture;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * An immutable list of (architecture, target value) rows plus where they came from, so every
 * predictor fitted on it can say what it was trained on.
 *
 * @param source where the rows came from, e.g. {@code evaluations@v12} or a benchmark file name
 * @param target the metric the values measure, e.g. {@code cifar10_valid_val_acc}
 */
public record TrainingSet(String source, String target, List<Row> rows) {

    /** One labelled architecture. */
    public record Row(Architecture architecture, double value) {
        public Row {
            if (architecture == null) {
                throw new IllegalArgumentException("training row without an architecture");
            }
            if (!Double.isFinite(value)) {
                throw new IllegalArgumentException("training row " + architecture.format()
                        + " has a non-finite target value " + value);
            }
        }
    }

    public TrainingSet {
        requireText("source", source);
        requireText("target", target);
        if (rows == null || rows.isEmpty()) {
            throw new IllegalArgumentException("training set from " + source + " has no rows");
        }
        rows = List.copyOf(rows);
    }

    public int size() {
        return rows.size();
    }

    public List<Architecture> architectures() {
        return rows.stream().map(Row::architecture).toList();
    }

    public double[] values() {
        return rows.stream().mapToDouble(Row::value).toArray();
    }

    /** The rows at {@code indices} (repeats allowed: a bootstrap resample), with the source annotated. */
    public TrainingSet select(int[] indices, String how) {
        List<Row> chosen = new ArrayList<>(indices.length);
        for (int index : indices) {
            chosen.add(rows.get(index));
        }
        return new TrainingSet(source + " " + how, target, chosen);
    }

    /** {@link #size()} rows drawn with replacement. */
    public TrainingSet bootstrap(Random random) {
        int[] indices = new int[size()];
        for (int i = 0; i < indices.length; i++) {
            indices[i] = random.nextInt(size());
        }
        return select(indices, "(bootstrap)");
    }

    private static void requireText(String what, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("training set " + what + " must be named");
        }
    }

    @Override
    public String toString() {
        return "TrainingSet[" + target + " from " + source + ", " + size() + " rows]";
    }
}
