package io.sparknas.predictor.ensemble;

import io.sparknas.population.Architecture;
import io.sparknas.predictor.Predictor;
import io.sparknas.predictor.PredictorProvenance;
import io.sparknas.predictor.Uncertain;
import io.sparknas.predictor.features.Featurizer;

import java.util.List;

/** The mean of k member predictors; their spread is the uncertainty (useful for acquisition). */
public final class EnsemblePredictor implements Predictor {
    private static final long serialVersionUID = 1L;
    private final List<Predictor> members;
    private final PredictorProvenance provenance;

    EnsemblePredictor(List<? extends Predictor> members, PredictorProvenance provenance) {
        if (members == null || members.size() < 2) {
            throw new IllegalArgumentException("an ensemble needs at least 2 members, got "
                    + (members == null ? 0 : members.size()));
        }
        String featurizer = members.get(0).featurizer().name();
        for (Predictor member : members) {
            if (!member.featurizer().name().equals(featurizer)) {
                // predict(double[]) hands every member the same vector.
                throw new IllegalArgumentException("ensemble members must share a featurizer: " + featurizer
                        + " vs " + member.featurizer().name());
            }
        }
        this.members = List.copyOf(members);
        this.provenance = provenance;
    }

    public List<Predictor> members() {
        return members;
    }

    public Uncertain predictWithUncertainty(Architecture architecture) {
        double[] values = new double[members.size()];
        for (int m = 0; m < values.length; m++) {
            values[m] = members.get(m).predict(architecture);
        }
        return summarise(values);
    }

    /** Batched {@link #predictWithUncertainty(Architecture)}: each member predicts all at once. */
    public List<Uncertain> predictAllWithUncertainty(List<? extends Architecture> architectures) {
        double[][] byMember = members.stream().map(m -> m.predictAll(architectures)).toArray(double[][]::new);
        return java.util.stream.IntStream.range(0, architectures.size())
                .mapToObj(i -> {
                    double[] values = new double[byMember.length];
                    for (int m = 0; m < values.length; m++) {
                        values[m] = byMember[m][i];
                    }
                    return summarise(values);
                })
                .toList();
    }

    @Override
    public double predict(double[] features) {
        double sum = 0;
        for (Predictor member : members) {
            sum += member.predict(features);
        }
        return sum / members.size();
    }

    @Override
    public double[] predictAll(List<? extends Architecture> architectures) {
        double[] sum = new double[architectures.size()];
        for (Predictor member : members) {
            double[] values = member.predictAll(architectures);
            for (int i = 0; i < sum.length; i++) {
                sum[i] += values[i];
            }
        }
        for (int i = 0; i < sum.length; i++) {
            sum[i] /= members.size();
        }
        return sum;
    }

    private static Uncertain summarise(double[] values) {
        double mean = 0;
        for (double v : values) {
            mean += v;
        }
        mean /= values.length;
        double squares = 0;
        for (double v : values) {
            squares += (v - mean) * (v - mean);
        }
        return new Uncertain(mean, Math.sqrt(squares / values.length));
    }

    @Override
    public PredictorProvenance provenance() {
        return provenance;
    }

    @Override
    public Featurizer featurizer() {
        return members.get(0).featurizer();
    }

    @Override
    public String toString() {
        return "EnsemblePredictor[" + members.size() + " members, " + provenance + "]";
    }
}
