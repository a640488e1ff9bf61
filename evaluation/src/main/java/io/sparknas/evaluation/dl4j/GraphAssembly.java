package io.sparknas.evaluation.dl4j;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.ScaleVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.List;

/**
 * The layer vocabulary both macro spaces are written in, over one DL4J graph builder. Every method
 * adds vertices and returns the name of the vertex holding its result, so builders read like the
 * network diagrams in the space javadocs. Names are unique by construction: callers pass a prefix
 * that identifies the position (e.g. {@code s1c0_e3}).
 *
 * <p>All convolutions are bias-free with "same" padding (kernel / 2, output ceil(H / stride)), as in
 * the reference NB201 and MobileNet code; ReLU layers are {@link #RELU_SUFFIX}-named so that
 * activation-based proxies (NASWOT) can find them.
 */
public final class GraphAssembly {
    public static final String INPUT = "input";
    public static final String OUTPUT = "output";
    static final String RELU_SUFFIX = "_relu";

    /**
     * The DL4J seed of options seed 0: ND4J's native generator seeded with 0 does not repeat (two builds with
     * seed 0 got different weights), so 0 (the default of evaluator.dl4j-train.seed) stands for this constant.
     */
    static final long SEED_FOR_ZERO = 0x5DEECE66DL;

    private final ComputationGraphConfiguration.GraphBuilder graph;
    private final BuildOptions options;

    GraphAssembly(BuildOptions options, int channels, int height, int width) {
        this(options, channels, height, width, null, 0);
    }

    /**
     * With a second graph input {@code extraInput} of {@code extraSize} features per example (e.g. the
     * supernet's operation masks), fed after the images.
     */
    public GraphAssembly(BuildOptions options, int channels, int height, int width, String extraInput, int extraSize) {
        this.options = options;
        NeuralNetConfiguration.Builder defaults = new NeuralNetConfiguration.Builder()
                .seed(options.seed() == 0 ? SEED_FOR_ZERO : options.seed())
                .dataType(options.dataType())
                .weightInit(options.weightInit())
                .convolutionMode(ConvolutionMode.Same)
                .updater(options.updater());
        if (options.weightDecay() > 0) {
            defaults.weightDecay(options.weightDecay());
        }
        InputType images = InputType.convolutional(height, width, channels);
        this.graph = extraInput == null
                ? defaults.graphBuilder().addInputs(INPUT).setInputTypes(images)
                : defaults.graphBuilder().addInputs(INPUT, extraInput).setInputTypes(images, InputType.feedForward(extraSize));
    }

    public String relu(String name, String input) {
        graph.addLayer(name + RELU_SUFFIX, new ActivationLayer.Builder().activation(Activation.RELU).build(), input);
        return name + RELU_SUFFIX;
    }

    public String conv(String name, String input, int kernel, int stride, int outChannels) {
        graph.addLayer(name, new ConvolutionLayer.Builder(kernel, kernel).stride(stride, stride).nOut(outChannels)
                .hasBias(false).activation(Activation.IDENTITY).build(), input);
        return name;
    }

    String depthwiseConv(String name, String input, int kernel, int stride, int channels) {
        graph.addLayer(name, new DepthwiseConvolution2D.Builder(kernel, kernel).stride(stride, stride)
                .depthMultiplier(1).nOut(channels).hasBias(false).activation(Activation.IDENTITY).build(), input);
        return name;
    }

    /** Affine batch norm, or nothing when the options leave BN out. */
    public String batchNorm(String name, String input) {
        if (!options.batchNorm()) {
            return input;
        }
        graph.addLayer(name, new BatchNormalization.Builder().build(), input);
        return name;
    }

    /** Conv (no bias) followed by BN: the unit every conv of both spaces is made of. */
    public String convBn(String name, String input, int kernel, int stride, int outChannels) {
        return batchNorm(name + "_bn", conv(name + "_conv", input, kernel, stride, outChannels));
    }

    /** NB201's ReLU-Conv-BN. */
    public String reluConvBn(String name, String input, int kernel, int stride, int outChannels) {
        return convBn(name, relu(name, input), kernel, stride, outChannels);
    }

    /**
     * Average pool with "same" padding. Padding is left out of the divisor, like PyTorch's
     * {@code count_include_pad=False} in the NB201 reference, so border pixels are not darkened.
     */
    public String avgPool(String name, String input, int kernel, int stride) {
        graph.addLayer(name, new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.AVG)
                .kernelSize(kernel, kernel).stride(stride, stride).avgPoolIncludePadInDivisor(false).build(), input);
        return name;
    }

    /** A custom vertex over {@code inputs}. */
    public String vertex(String name, org.deeplearning4j.nn.conf.graph.GraphVertex vertex, String... inputs) {
        graph.addVertex(name, vertex, inputs);
        return name;
    }

    public String add(String name, List<String> inputs) {
        if (inputs.size() == 1) {
            return inputs.get(0);
        }
        graph.addVertex(name, new ElementWiseVertex(ElementWiseVertex.Op.Add), inputs.toArray(String[]::new));
        return name;
    }

    /** A tensor of zeros shaped like {@code input} that still passes (zero) gradients back to it. */
    public String zeros(String name, String input) {
        graph.addVertex(name, new ScaleVertex(0.0), input);
        return name;
    }

    /** Global average pool and the linear classifier (with bias); softmax + cross-entropy unless logits are asked for. */
    public String classifierHead(String input, int classes) {
        graph.addLayer("head_pool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), input);
        if (options.logitsHead()) {
            graph.addLayer(OUTPUT, new DenseLayer.Builder().nOut(classes).activation(Activation.IDENTITY)
                    .weightInit(headInit()).build(), "head_pool");
        } else {
            graph.addLayer(OUTPUT, new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(classes)
                    .activation(Activation.SOFTMAX).weightInit(headInit()).build(), "head_pool");
        }
        graph.setOutputs(OUTPUT);
        return OUTPUT;
    }

    /** Xavier for the Kaiming-initialised (training) networks; otherwise the convolutions' own scheme. */
    private WeightInit headInit() {
        return options.weightInit() == WeightInit.RELU ? WeightInit.XAVIER : options.weightInit();
    }

    public ComputationGraph build() {
        ComputationGraph network = new ComputationGraph(graph.build());
        network.init();
        return network;
    }

    public ComputationGraphConfiguration configuration() {
        return graph.build();
    }
}
