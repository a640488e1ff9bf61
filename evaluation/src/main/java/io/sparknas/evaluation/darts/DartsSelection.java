package io.sparknas.evaluation.darts;

import io.sparknas.evaluation.data.ImageDataset;
import io.sparknas.population.Genome;
import io.sparknas.population.space.Nb201Space;

import io.sparknas.evaluation.supernet.Nb201Supernet;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
import java.util.List;

/**
 * The two ways a DARTS search turns α into one NB201 cell.
 *
 * <ul>
 * <li>{@link #argmax}: per edge, the op of largest α. Whether {@code none} may win is a choice: NAS-Bench-201's
 *     own DARTS baseline takes the argmax over all five ops (an edge may end up empty, as in many good NB201
 *     cells); the original DARTS drops {@code none} (its space has no "empty edge" choice, it keeps the top-2
 *     inputs instead). Default here: NB201's convention ({@link DartsSettings#argmaxIncludesNone}).</li>
 * <li>{@link #perturbation} ("Rethinking Architecture Selection in Differentiable NAS", Wang et al. 2021): edges in
 *     a seeded random order; on each edge, every op is removed from the mixture in turn (its weight set to 0, the
 *     others unchanged) and the network's accuracy on held-out images is measured; the op whose removal costs the
 *     most accuracy (ties: the larger loss increase, then the lower op index) is kept, and the edge is then fixed
 *     to that op (one-hot) for the following edges. Removing {@code none} changes nothing (it adds zeros), so its
 *     drop is 0 by construction: {@code none} wins an edge only when removing any other op helps. Unlike the
 *     paper, the supernet is not fine-tuned between edges.</li>
 * </ul>
 */
public final class DartsSelection {
    private DartsSelection() {
    }

    /** Per edge the op of largest α ({@code none} excluded unless {@code includeNone}); ties: the lower op index. */
    public static Genome argmax(double[][] alpha, boolean includeNone) {
        int[] ops = new int[Alphas.EDGES];
        for (int e = 0; e < Alphas.EDGES; e++) {
            int best = -1;
            for (int op = includeNone ? 0 : 1; op < Alphas.OPS; op++) {
                if (best < 0 || alpha[e][op] > alpha[e][best]) {
                    best = op;
                }
            }
            ops[e] = best;
        }
        return Genome.of(ops);
    }

    /**
     * What the perturbation rule measured: the genome, the edge order, the held-out accuracy and loss before each
     * edge was decided, and for every edge and op the accuracy drop (percentage points) and loss increase when
     * that op was removed.
     */
    public record Perturbation(Genome genome, int[] edgeOrder, double[] baseAccuracy, double[][] accuracyDrop,
                               double[][] lossIncrease, double seconds) {
        public String describe() {
            StringBuilder out = new StringBuilder();
            for (int e : edgeOrder) {
                out.append(String.format(java.util.Locale.ROOT, "e%d (acc %.2f%%; acc/loss change when removed): ", e, baseAccuracy[e]));
                for (int op = 0; op < Alphas.OPS; op++) {
                    out.append(String.format(java.util.Locale.ROOT, "%s %+.2fpp/%+.4f  ", Nb201Space.OPS.get(op),
                            -accuracyDrop[e][op], lossIncrease[e][op]));
                }
                out.append("→ ").append(Nb201Space.OPS.get(genome.get(e))).append('\n');
            }
            return out.toString();
        }
    }

    /**
     * The perturbation rule on {@code network} (its trained w) from the mixture softmax(α), scored on
     * {@code images} (indices into {@code data}, held-out images), edges in the order of a permutation seeded by
     * {@code seed}; BN recalibrated on {@code calibration} (feature batches; empty: the search's running statistics)
     * before each score.
     */
    public static Perturbation perturbation(DartsNetwork searched, double[][] alpha, ImageDataset data, int[] images,
                                            int batchSize, long seed, List<INDArray> calibration) {
        long start = System.nanoTime();
        DartsNetwork network = calibration.isEmpty() ? searched : searched.copy();
        double[][] weights = Alphas.softmax(alpha);
        int[] order = ImageDataset.permutation(Alphas.EDGES, seed);
        double[] base = new double[Alphas.EDGES];
        double[][] drop = new double[Alphas.EDGES][Alphas.OPS];
        double[][] loss = new double[Alphas.EDGES][Alphas.OPS];
        int[] ops = new int[Alphas.EDGES];
        for (int e : order) {
            DartsNetwork.Score before = score(network, data, images, weights, batchSize, calibration);
            base[e] = 100 * before.accuracy();
            int best = 0; // none: removing it changes nothing, drop 0 and loss increase 0
            for (int op = 1; op < Alphas.OPS; op++) {
                double[][] removed = Alphas.copy(weights);
                removed[e][op] = 0;
                DartsNetwork.Score after = score(network, data, images, removed, batchSize, calibration);
                drop[e][op] = 100 * (before.accuracy() - after.accuracy());
                loss[e][op] = after.loss() - before.loss();
                if (drop[e][op] > drop[e][best] || drop[e][op] == drop[e][best] && loss[e][op] > loss[e][best]) {
                    best = op;
                }
            }
            ops[e] = best;
            Arrays.fill(weights[e], 0);
            weights[e][best] = 1;
        }
        return new Perturbation(Genome.of(ops), order, base, drop, loss, (System.nanoTime() - start) / 1e9);
    }

    private static DartsNetwork.Score score(DartsNetwork network, ImageDataset data, int[] images, double[][] weights,
                                            int batchSize, List<INDArray> calibration) {
        if (!calibration.isEmpty()) {
            INDArray row = DartsNetwork.weightsInput(weights, 1, network.graph().getConfiguration().getDataType());
            Nb201Supernet.recalibrateBatchNorm(network.graph(), calibration, row);
        }
        return network.score(data, images, weights, batchSize);
    }
}
