package io.sparknas.predictor.gcn;

import io.sparknas.population.Architecture;
import io.sparknas.predictor.Predictor;
import io.sparknas.predictor.PredictorProvenance;
import io.sparknas.predictor.features.FeatureMatrix;
import io.sparknas.predictor.features.Featurizer;
import io.sparknas.predictor.features.Standardizer;

import java.util.List;

/**
 * A trained {@link GcnTrainer} model. Immutable: the network shape, the flat parameter vector
 * and the target standardisation; ND4J arrays are rebuilt per call.
 */
public final class GcnPredictor implements Predictor {
    private static final long serialVersionUID = 1L;
    /** Large prediction requests go through in slices to bound the size of Â. */
    private static final int CHUNK = 4096;
    private final GcnNetwork network;
    private final float[] parameters;
    private final Standardizer target;
    private final Featurizer featurizer;
    private final PredictorProvenance provenance;

    GcnPredictor(GcnNetwork network, float[] parameters, Standardizer target, Featurizer featurizer,
                 PredictorProvenance provenance) {
        if (parameters.length != network.parameterCount()) {
            throw new IllegalArgumentException("GCN needs " + network.parameterCount() + " parameters, got "
                    + parameters.length);
        }
        this.network = network;
        this.parameters = parameters.clone();
        this.target = target;
        this.featurizer = featurizer;
        this.provenance = provenance;
    }

    @Override
    public double predict(double[] features) {
        return predictEncoded(new double[][] {features})[0];
    }

    @Override
    public double[] predictAll(List<? extends Architecture> architectures) {
        return predictEncoded(FeatureMatrix.rows(featurizer, architectures));
    }

    private double[] predictEncoded(double[][] encoded) {
        double[] out = new double[encoded.length];
        for (int from = 0; from < encoded.length; from += CHUNK) {
            int to = Math.min(encoded.length, from + CHUNK);
            int[] rows = new int[to - from];
            for (int i = 0; i < rows.length; i++) {
                rows[i] = from + i;
            }
            GraphBatch batch = GraphBatch.of(encoded, rows);
            float[] standardised = network.predict(parameters, batch.adjacency(), batch.nodes());
            for (int i = 0; i < rows.length; i++) {
                out[from + i] = target.invert(standardised[i], 0);
            }
        }
        return out;
    }

    /** A copy of the flat parameter vector. */
    public float[] parameters() {
        return parameters.clone();
    }

    @Override
    public PredictorProvenance provenance() {
        return provenance;
    }

    @Override
    public Featurizer featurizer() {
        return featurizer;
    }

    @Override
    public String toString() {
        return "GcnPredictor" + provenance;
    }
}
