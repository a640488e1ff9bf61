package io.sparknas.evaluation.dl4j;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;

import java.util.Map;
import java.util.Set;

/**
 * Parameter counts comparable with the analytic cost models. DL4J stores a BatchNormalization's
 * running mean and variance (or log-std) in the parameter vector next to gamma and beta, so
 * {@code numParams()} counts 4 per BN channel; PyTorch and the cost models count only the 2 that
 * are learned (the running statistics are buffers). {@link #trainable} drops the running statistics.
 */
public final class ParamCounts {
    private static final Set<String> RUNNING_STATISTICS = Set.of(
            BatchNormalizationParamInitializer.GLOBAL_MEAN,
            BatchNormalizationParamInitializer.GLOBAL_VAR,
            BatchNormalizationParamInitializer.GLOBAL_LOG_STD);

    private ParamCounts() {
    }

    public static long trainable(ComputationGraph network) {
        long total = 0;
        for (Layer layer : network.getLayers()) {
            for (Map.Entry<String, ?> entry : layer.paramTable().entrySet()) {
                if (!isRunningStatistic(layer, entry.getKey())) {
                    total += layer.paramTable().get(entry.getKey()).length();
                }
            }
        }
        return total;
    }

    /** Whether the named parameter of {@code layer} is a BN running statistic rather than a learned weight. */
    public static boolean isRunningStatistic(Layer layer, String paramName) {
        return layer.conf().getLayer() instanceof org.deeplearning4j.nn.conf.layers.BatchNormalization
                && RUNNING_STATISTICS.contains(paramName);
    }
}
