package io.sparknas.evaluation.dl4j;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.LUDecomposition;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Training-free scores of a freshly initialised network (Abdelfattah et al., "Zero-Cost Proxies for
 * Lightweight NAS", 2021; Mellor et al., "Neural Architecture Search without Training", 2021).
 * Like the reference code, the gradient-based proxies sum over the weight tensors of the
 * convolution and linear layers ({@code W}); biases and BN affine parameters are left out.
 */
public final class ZeroCostProxies {
    private static final String WEIGHTS = "W";

    private ZeroCostProxies() {
    }

    /**
     * SynFlow: every weight replaced by its absolute value, an all-ones input, R = sum of the logits,
     * score = Σ |θ ⊙ ∂R/∂θ|. The network must be built with {@code batchNorm=false} (BN removed, as in
     * the paper's data-free setting: batch statistics of a single constant input are degenerate) and a
     * logits head, in DOUBLE: products of |θ| over ~20 layers overflow float.
     */
    public static double synflow(ComputationGraph network, InputShape shape) {
        network.params().assign(Transforms.abs(network.params(), true));
        INDArray ones = Nd4j.ones(network.params().dataType(), 1, shape.channels(), shape.height(), shape.width());
        Map<String, INDArray> activations = network.feedForward(new INDArray[] {ones}, true, false);
        Gradient gradient = network.backpropGradient(Nd4j.onesLike(activations.get(GraphAssembly.OUTPUT)));
        return sumOverWeights(network, gradient, true);
    }

    /**
     * NASWOT, grad_norm and snip of one network on one labelled mini-batch: a training-mode forward
     * for NASWOT's ReLU codes, then one forward/backward of the network's own cross-entropy loss for
     * both gradient proxies (they need the same gradient). The loss pass goes through
     * {@code computeGradientAndScore}: a hand-made backward after {@code feedForward} would read BN's
     * batch statistics from a workspace DL4J has already closed.
     *
     * @return {@code naswot}, {@code grad_norm}, {@code snip}
     */
    public static Map<String, Double> dataProxies(ComputationGraph network, INDArray features, INDArray labels) {
        Map<String, Double> scores = new LinkedHashMap<>();
        scores.put("naswot", naswot(network, features));
        Gradient gradient = lossGradient(network, features, labels);
        scores.put("grad_norm", sumOverWeights(network, gradient, false));
        scores.put("snip", sumOverWeights(network, gradient, true));
        return scores;
    }

    /** SNIP: Σ |θ ⊙ ∂L/∂θ| for the cross-entropy loss L of one labelled mini-batch. */
    public static double snip(ComputationGraph network, INDArray features, INDArray labels) {
        return sumOverWeights(network, lossGradient(network, features, labels), true);
    }

    /** grad_norm: Σ over weight tensors of the L2 norm of ∂L/∂θ, for one labelled mini-batch. */
    public static double gradNorm(ComputationGraph network, INDArray features, INDArray labels) {
        return sumOverWeights(network, lossGradient(network, features, labels), false);
    }

    /**
     * NASWOT: for every ReLU unit and each of the N inputs the binary code "active or not"; the N×N
     * kernel K[i][j] counts the units on which inputs i and j agree; score = log |det K|. BN runs in
     * training mode (batch statistics), as in the reference code. −∞ when two inputs share a code.
     */
    public static double naswot(ComputationGraph network, INDArray features) {
        return naswotKernelLogDet(network.feedForward(features, true), (int) features.size(0));
    }

    private static double naswotKernelLogDet(Map<String, INDArray> activations, int n) {
        INDArray kernel = Nd4j.zeros(DataType.DOUBLE, n, n);
        for (Map.Entry<String, INDArray> entry : activations.entrySet()) {
            if (!entry.getKey().endsWith(GraphAssembly.RELU_SUFFIX)) {
                continue;
            }
            INDArray codes = entry.getValue().reshape(n, -1).gt(0).castTo(DataType.DOUBLE);
            INDArray inverse = codes.rsub(1.0);
            kernel.addi(codes.mmul(codes.transpose())).addi(inverse.mmul(inverse.transpose()));
        }
        return logAbsDeterminant(kernel.toDoubleMatrix());
    }

    static double logAbsDeterminant(double[][] matrix) {
        // LU rather than Cholesky: K is only positive semi-definite, and the log of each pivot avoids
        // the overflow of det itself (entries are unit counts, up to millions, for N = 64).
        LUDecomposition lu = new LUDecomposition(new Array2DRowRealMatrix(matrix, false), 0.0);
        double[][] u = lu.getU().getData();
        double sum = 0;
        for (int i = 0; i < u.length; i++) {
            sum += Math.log(Math.abs(u[i][i]));
        }
        return sum;
    }

    private static Gradient lossGradient(ComputationGraph network, INDArray features, INDArray labels) {
        network.setInputs(features);
        network.setLabels(labels);
        network.computeGradientAndScore();
        return network.gradient();
    }

    private static double sumOverWeights(ComputationGraph network, Gradient gradient, boolean weightTimesGradient) {
        double sum = 0;
        for (Layer layer : network.getLayers()) {
            INDArray weights = layer.paramTable().get(WEIGHTS);
            if (weights == null) {
                continue;
            }
            INDArray grad = gradient.getGradientFor(layer.conf().getLayer().getLayerName() + "_" + WEIGHTS);
            if (grad == null) {
                continue;
            }
            sum += weightTimesGradient
                    ? Transforms.abs(weights.castTo(DataType.DOUBLE).mul(grad.castTo(DataType.DOUBLE)), false).sumNumber().doubleValue()
                    : grad.castTo(DataType.DOUBLE).norm2Number().doubleValue();
        }
        return sum;
    }
}
