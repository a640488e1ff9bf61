package io.sparknas.predictor.mlp;

import io.sparknas.population.CheckpointableRandom;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.List;
import java.util.Random;

/** Building and training the MLPs of {@link MlpTrainer} and {@link PretrainedMlpTrainer}. */
final class MlpNetworks {
    private MlpNetworks() {
    }

    static MultiLayerNetwork build(int inputs, int outputs, MlpSettings settings, long seed) {
        NeuralNetConfiguration.ListBuilder layers = new NeuralNetConfiguration.Builder()
                .seed(networkSeed(seed))
                .dataType(DataType.FLOAT)
                .updater(new Adam(settings.learningRate()))
                .weightInit(WeightInit.RELU)
                .l2(settings.l2())
                .list();
        int in = inputs;
        for (int layer = 0; layer < settings.hiddenLayers(); layer++) {
            layers.layer(new DenseLayer.Builder().nIn(in).nOut(settings.width()).activation(Activation.RELU).build());
            in = settings.width();
        }
        layers.layer(outputLayer(in, outputs));
        MultiLayerConfiguration conf = layers.build();
        MultiLayerNetwork network = new MultiLayerNetwork(conf);
        network.init();
        return network;
    }

    /**
     * DL4J treats seed 0 as "not set" and initialises from the clock, which made seed 0 of every
     * PredictorBench run irreproducible (Kendall τ 0.59-0.64 for the same split); a mixed seed is
     * never 0 in practice and keeps distinct seeds distinct.
     */
    static long networkSeed(long seed) {
        long mixed = CheckpointableRandom.mix(seed);
        return mixed == 0 ? 1 : mixed;
    }

    static OutputLayer outputLayer(int inputs, int outputs) {
        return new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(inputs).nOut(outputs)
                .activation(Activation.IDENTITY).weightInit(WeightInit.XAVIER).build();
    }

    /**
     * {@code steps} Adam updates on minibatches drawn epoch by epoch from a seeded shuffle, so the
     * same seed replays the same batches.
     */
    static void train(MultiLayerNetwork network, float[][] x, float[][] y, int steps, int batchSize, long seed) {
        Random random = CheckpointableRandom.seeded(seed);
        int rows = x.length;
        int batch = Math.min(batchSize, rows);
        int[] order = identity(rows);
        int cursor = rows;
        for (int step = 0; step < steps; step++) {
            if (cursor + batch > rows) {
                shuffle(order, random);
                cursor = 0;
            }
            float[][] bx = new float[batch][];
            float[][] by = new float[batch][];
            for (int i = 0; i < batch; i++) {
                bx[i] = x[order[cursor + i]];
                by[i] = y[order[cursor + i]];
            }
            cursor += batch;
            network.fit(new DataSet(Nd4j.create(bx), Nd4j.create(by)));
        }
    }

    /** The activations of the last hidden layer (the input of the output layer), {@code [row][unit]}. */
    static double[][] lastHidden(MultiLayerNetwork network, float[][] x) {
        int outputLayer = network.getnLayers() - 1;
        List<INDArray> activations = network.feedForwardToLayer(outputLayer - 1, Nd4j.create(x), false);
        return activations.get(outputLayer).castTo(DataType.DOUBLE).toDoubleMatrix();
    }

    /** Overwrites the 1-unit output layer's weights and bias. */
    static void setHead(MultiLayerNetwork network, RidgeHead head) {
        Layer output = network.getLayer(network.getnLayers() - 1);
        double[][] w = new double[head.weights().length][];
        for (int i = 0; i < w.length; i++) {
            w[i] = new double[] {head.weights()[i]};
        }
        output.setParam("W", Nd4j.create(w).castTo(DataType.FLOAT));
        output.setParam("b", Nd4j.create(new double[][] {{head.intercept()}}).castTo(DataType.FLOAT));
    }

    static float[][] column(float[] values) {
        float[][] out = new float[values.length][];
        for (int i = 0; i < values.length; i++) {
            out[i] = new float[] {values[i]};
        }
        return out;
    }

    private static int[] identity(int n) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        return order;
    }

    private static void shuffle(int[] order, Random random) {
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
    }
}
