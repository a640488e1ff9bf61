package io.sparknas.predictor.gcn;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The GCN's shape and its forward and backward passes in ND4J ops, over a batch of graphs of the
 * same node count: Â is {@code [batch, nodes, nodes]}, H is {@code [batch, nodes, features]}.
 * Parameters are one flat float vector (weights then bias per layer, then the head) so Adam can
 * update them in one piece and a predictor can keep them as a plain array.
 */
final class GcnNetwork implements Serializable {
    private static final long serialVersionUID = 1L;
    private final int features;
    private final int layers;
    private final int hidden;
    /** Rows and columns of every weight matrix, in layout order: graph layers, head, output. */
    private final int[][] shapes;
    private final int parameterCount;

    GcnNetwork(int features, int layers, int hidden) {
        this.features = features;
        this.layers = layers;
        this.hidden = hidden;
        this.shapes = new int[layers + 2][];
        for (int l = 0; l < layers; l++) {
            shapes[l] = new int[] {l == 0 ? features : hidden, hidden};
        }
        shapes[layers] = new int[] {hidden, hidden};
        shapes[layers + 1] = new int[] {hidden, 1};
        int count = 0;
        for (int[] shape : shapes) {
            count += shape[0] * shape[1] + shape[1];
        }
        this.parameterCount = count;
    }

    int parameterCount() {
        return parameterCount;
    }

    int features() {
        return features;
    }

    /** Glorot-uniform weights (ReLU layers get the He range), zero biases. */
    float[] initialParameters(long seed) {
        Random random = io.sparknas.population.CheckpointableRandom.seeded(seed);
        float[] params = new float[parameterCount];
        int at = 0;
        for (int[] shape : shapes) {
            double limit = Math.sqrt(6.0 / (shape[0] + shape[1]));
            for (int i = 0; i < shape[0] * shape[1]; i++) {
                params[at++] = (float) ((2 * random.nextDouble() - 1) * limit);
            }
            at += shape[1];
        }
        return params;
    }

    /** Predictions {@code [batch]} in standardised target units. */
    float[] predict(float[] params, INDArray adjacency, INDArray nodes) {
        return forward(params, adjacency, nodes).output.reshape(-1).toFloatVector();
    }

    /**
     * Mean squared error plus {@code l2}/2·|W|² and its gradient with respect to every parameter,
     * in the flat layout.
     */
    Gradient gradient(float[] params, INDArray adjacency, INDArray nodes, INDArray targets, double l2) {
        Pass pass = forward(params, adjacency, nodes);
        long batch = nodes.size(0);
        long count = nodes.size(1);
        INDArray error = pass.output.sub(targets.reshape(batch, 1));
        double loss = error.mul(error).meanNumber().doubleValue();
        INDArray[] weightGrads = new INDArray[shapes.length];
        INDArray[] biasGrads = new INDArray[shapes.length];

        INDArray dOut = error.mul(2.0 / batch);                                     // [B,1]
        weightGrads[layers + 1] = pass.headActivation.transpose().mmul(dOut);
        biasGrads[layers + 1] = dOut.sum(0);
        INDArray dHead = dOut.mmul(pass.weights[layers + 1].transpose()).muli(reluMask(pass.headPre));
        weightGrads[layers] = pass.pooled.transpose().mmul(dHead);
        biasGrads[layers] = dHead.sum(0);
        INDArray dPooled = dHead.mmul(pass.weights[layers].transpose());             // [B,D]
        // Mean pooling hands every node 1/nodes of the pooled gradient.
        INDArray dNodes = dPooled.reshape(batch, 1, hidden).broadcast(batch, count, hidden).div(count);
        for (int l = layers - 1; l >= 0; l--) {
            INDArray dPre = dNodes.reshape(batch * count, hidden).mul(reluMask(pass.preActivations.get(l)));
            INDArray propagated = pass.propagated.get(l);                            // [B*N, in]
            weightGrads[l] = propagated.transpose().mmul(dPre);
            biasGrads[l] = dPre.sum(0);
            if (l > 0) {
                INDArray dPropagated = dPre.mmul(pass.weights[l].transpose()).reshape(batch, count, hidden);
                // Â is symmetric, so its transpose in the backward pass is Â itself.
                dNodes = Nd4j.matmul(adjacency, dPropagated);
            }
        }
        float[] flat = new float[parameterCount];
        int at = 0;
        double penalty = 0;
        for (int m = 0; m < shapes.length; m++) {
            INDArray w = pass.weights[m];
            penalty += 0.5 * l2 * w.mul(w).sumNumber().doubleValue();
            float[] dw = weightGrads[m].addi(w.mul(l2)).reshape(-1).toFloatVector();
            System.arraycopy(dw, 0, flat, at, dw.length);
            at += dw.length;
            float[] db = biasGrads[m].reshape(-1).toFloatVector();
            System.arraycopy(db, 0, flat, at, db.length);
            at += db.length;
        }
        return new Gradient(loss + penalty, flat);
    }

    record Gradient(double loss, float[] values) {
    }

    private Pass forward(float[] params, INDArray adjacency, INDArray nodes) {
        if (params.length != parameterCount) {
            throw new IllegalArgumentException("GCN expects " + parameterCount + " parameters, got " + params.length);
        }
        if (nodes.rank() != 3 || nodes.size(2) != features) {
            throw new IllegalArgumentException("GCN expects node features [batch, nodes, " + features + "], got "
                    + java.util.Arrays.toString(nodes.shape()));
        }
        long batch = nodes.size(0);
        long count = nodes.size(1);
        Pass pass = new Pass(shapes.length);
        int at = 0;
        INDArray[] biases = new INDArray[shapes.length];
        for (int m = 0; m < shapes.length; m++) {
            int[] shape = shapes[m];
            pass.weights[m] = Nd4j.create(slice(params, at, shape[0] * shape[1]), new long[] {shape[0], shape[1]}, 'c');
            at += shape[0] * shape[1];
            biases[m] = Nd4j.create(slice(params, at, shape[1]), new long[] {1, shape[1]}, 'c');
            at += shape[1];
        }
        INDArray h = nodes;
        for (int l = 0; l < layers; l++) {
            INDArray propagated = Nd4j.matmul(adjacency, h).reshape(batch * count, h.size(2));
            INDArray pre = propagated.mmul(pass.weights[l]).addiRowVector(biases[l]);
            pass.propagated.add(propagated);
            pass.preActivations.add(pre);
            h = relu(pre).reshape(batch, count, hidden);
        }
        pass.pooled = h.mean(1);                                                      // [B,D]
        pass.headPre = pass.pooled.mmul(pass.weights[layers]).addiRowVector(biases[layers]);
        pass.headActivation = relu(pass.headPre);
        pass.output = pass.headActivation.mmul(pass.weights[layers + 1]).addiRowVector(biases[layers + 1]);
        return pass;
    }

    /** What the backward pass needs from the forward pass. */
    private static final class Pass {
        final INDArray[] weights;
        final List<INDArray> propagated = new ArrayList<>();
        final List<INDArray> preActivations = new ArrayList<>();
        INDArray pooled;
        INDArray headPre;
        INDArray headActivation;
        INDArray output;

        Pass(int matrices) {
            weights = new INDArray[matrices];
        }
    }

    private static INDArray relu(INDArray x) {
        return x.mul(reluMask(x));
    }

    private static INDArray reluMask(INDArray x) {
        return x.gt(0).castTo(DataType.FLOAT);
    }

    private static float[] slice(float[] values, int from, int length) {
        float[] out = new float[length];
        System.arraycopy(values, from, out, 0, length);
        return out;
    }
}
