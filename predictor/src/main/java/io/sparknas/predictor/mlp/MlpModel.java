package io.sparknas.predictor.mlp;

import io.sparknas.predictor.features.Standardizer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;

/**
 * A trained DL4J network with the standardisation of its inputs and outputs. Immutable: the state
 * is the serialised network (parameters and configuration, no updater) and the two
 * standardisers; the live network is rebuilt from the bytes on first use, also after Java
 * serialisation.
 */
final class MlpModel implements Serializable {
    private static final long serialVersionUID = 1L;
    private final byte[] network;
    private final Standardizer inputs;
    private final Standardizer outputs;
    private transient MultiLayerNetwork live;

    MlpModel(MultiLayerNetwork network, Standardizer inputs, Standardizer outputs) {
        this.network = toBytes(network);
        this.inputs = inputs;
        this.outputs = outputs;
    }

    int inputs() {
        return inputs.columns();
    }

    int outputs() {
        return outputs.columns();
    }

    Standardizer inputStandardizer() {
        return inputs;
    }

    /** An independent copy of the network (e.g. to replace its head and train further). */
    MultiLayerNetwork copyOfNetwork() {
        return fromBytes(network);
    }

    /** Predictions in the original units: {@code [row][output]}. */
    double[][] predict(double[][] features) {
        if (features.length == 0) {
            return new double[0][];
        }
        INDArray x = Nd4j.create(inputs.apply(features));
        INDArray y = output(x);
        double[][] out = new double[features.length][outputs.columns()];
        for (int r = 0; r < out.length; r++) {
            for (int c = 0; c < out[r].length; c++) {
                out[r][c] = outputs.invert(y.getDouble(r, c), c);
            }
        }
        return out;
    }

    /** DL4J networks keep per-call state (layer inputs), so one forward pass at a time. */
    private synchronized INDArray output(INDArray x) {
        if (live == null) {
            live = fromBytes(network);
        }
        return live.output(x, false);
    }

    private static byte[] toBytes(MultiLayerNetwork network) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            ModelSerializer.writeModel(network, bytes, false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialise the MLP", e);
        }
        return bytes.toByteArray();
    }

    private static MultiLayerNetwork fromBytes(byte[] bytes) {
        try {
            return ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(bytes), false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot restore the MLP from " + bytes.length + " bytes", e);
        }
    }
}
