package io.sparknas.predictor.gcn;

import io.sparknas.population.CheckpointableRandom;
import io.sparknas.predictor.PredictorProvenance;
import io.sparknas.predictor.PredictorTrainer;
import io.sparknas.predictor.TrainingSet;
import io.sparknas.predictor.features.FeatureMatrix;
import io.sparknas.predictor.features.Featurizer;
import io.sparknas.predictor.features.Nb201GraphEncoding;
import io.sparknas.predictor.features.Standardizer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;

import java.util.Random;

/** A graph convolutional network over the node-op form of NB201 cells, trained with Adam. */
public final class GcnTrainer implements PredictorTrainer {
    public static final String KIND = "gcn";
    private final GcnSettings settings;
    private final Featurizer encoding = new Nb201GraphEncoding();

    public GcnTrainer(GcnSettings settings) {
        if (settings == null) {
            throw new IllegalArgumentException("GcnTrainer needs settings");
        }
        this.settings = settings;
    }

    public GcnSettings settings() {
        return settings;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public GcnPredictor fit(TrainingSet rows, long seed) {
        long start = System.nanoTime();
        double[][] encoded = FeatureMatrix.rows(encoding, rows.architectures());
        Standardizer target = Standardizer.fit(rows.values());
        float[] labels = target.apply(rows.values());
        GcnNetwork network = new GcnNetwork(Nb201GraphEncoding.NODE_TYPES, settings.layers(), settings.hidden());
        float[] params = network.initialParameters(seed);

        Adam adam = new Adam(settings.learningRate());
        INDArray state = Nd4j.zeros(DataType.FLOAT, 1, adam.stateSize(params.length));
        GradientUpdater<?> updater = adam.instantiate(state, true);
        Random random = CheckpointableRandom.seeded(CheckpointableRandom.mix(seed));
        int batchSize = Math.min(settings.batchSize(), rows.size());
        int[] order = new int[rows.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        int cursor = order.length;
        for (int step = 0; step < settings.steps(); step++) {
            if (cursor + batchSize > order.length) {
                shuffle(order, random);
                cursor = 0;
            }
            int[] chosen = java.util.Arrays.copyOfRange(order, cursor, cursor + batchSize);
            cursor += batchSize;
            GraphBatch batch = GraphBatch.of(encoded, chosen);
            float[] batchLabels = new float[batchSize];
            for (int i = 0; i < batchSize; i++) {
                batchLabels[i] = labels[chosen[i]];
            }
            GcnNetwork.Gradient gradient = network.gradient(params, batch.adjacency(), batch.nodes(),
                    Nd4j.create(batchLabels, new long[] {batchSize, 1}, 'c'), settings.l2());
            INDArray update = Nd4j.create(gradient.values(), new long[] {1, params.length}, 'c');
            updater.applyUpdater(update, step, 0);
            float[] delta = update.reshape(-1).toFloatVector();
            for (int i = 0; i < params.length; i++) {
                params[i] -= delta[i];
            }
        }
        return new GcnPredictor(network, params, target, encoding,
                PredictorProvenance.of(KIND, encoding, rows, seed, start));
    }

    private static void shuffle(int[] order, Random random) {
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
    }

    @Override
    public String toString() {
        return "GcnTrainer[" + settings + "]";
    }
}
