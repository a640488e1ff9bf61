package io.sparknas.evaluation.darts;

import io.sparknas.population.space.Nb201Space;

import java.util.Locale;
import java.util.Random;

/**
 * The architecture parameters α of the NB201 cell: one row of five logits per edge (six edges, edge order of the
 * cell string, ops in {@link Nb201Space#OPS} order), shared by every cell of the network. Plain {@code double[6][5]}
 * helpers: the softmax that becomes the mixed ops' weights, and the chain rule back from those weights to α.
 */
public final class Alphas {
    public static final int EDGES = DartsNetwork.EDGES;
    public static final int OPS = DartsNetwork.OPS;

    private Alphas() {
    }

    /** DARTS' initialisation: {@code 1e-3 · N(0, 1)} per entry, from {@code seed}. */
    public static double[][] initial(long seed) {
        Random random = new Random(seed);
        double[][] alpha = new double[EDGES][OPS];
        for (double[] row : alpha) {
            for (int op = 0; op < OPS; op++) {
                row[op] = 1e-3 * random.nextGaussian();
            }
        }
        return alpha;
    }

    /** softmax per edge. */
    public static double[][] softmax(double[][] alpha) {
        double[][] out = new double[alpha.length][];
        for (int e = 0; e < alpha.length; e++) {
            double max = Double.NEGATIVE_INFINITY;
            for (double v : alpha[e]) {
                max = Math.max(max, v);
            }
            double sum = 0;
            out[e] = new double[alpha[e].length];
            for (int op = 0; op < alpha[e].length; op++) {
                out[e][op] = Math.exp(alpha[e][op] - max);
                sum += out[e][op];
            }
            for (int op = 0; op < alpha[e].length; op++) {
                out[e][op] /= sum;
            }
        }
        return out;
    }

    /**
     * dL/dα from dL/dw where {@code w = softmax(α)} per edge: {@code dα_j = w_j (g_j − Σ_k w_k g_k)}.
     */
    public static double[][] chainSoftmax(double[][] alpha, double[][] weightGradient) {
        double[][] w = softmax(alpha);
        double[][] out = new double[alpha.length][];
        for (int e = 0; e < alpha.length; e++) {
            double mean = 0;
            for (int op = 0; op < w[e].length; op++) {
                mean += w[e][op] * weightGradient[e][op];
            }
            out[e] = new double[w[e].length];
            for (int op = 0; op < w[e].length; op++) {
                out[e][op] = w[e][op] * (weightGradient[e][op] - mean);
            }
        }
        return out;
    }

    /** One-hot weights of a cell genome (six op indices). */
    public static double[][] oneHot(int[] ops) {
        double[][] w = new double[EDGES][OPS];
        for (int e = 0; e < EDGES; e++) {
            w[e][ops[e]] = 1;
        }
        return w;
    }

    public static double[][] copy(double[][] m) {
        double[][] out = new double[m.length][];
        for (int i = 0; i < m.length; i++) {
            out[i] = m[i].clone();
        }
        return out;
    }

    /** One line per edge: {@code e0 (1<-0): none 0.201 skip_connect 0.197 …}. */
    public static String format(double[][] weights) {
        StringBuilder out = new StringBuilder();
        int[] from = {0, 0, 1, 0, 1, 2};
        int[] to = {1, 2, 2, 3, 3, 3};
        for (int e = 0; e < weights.length; e++) {
            out.append(String.format(Locale.ROOT, "e%d (%d<-%d):", e, to[e], from[e]));
            for (int op = 0; op < weights[e].length; op++) {
                out.append(String.format(Locale.ROOT, " %s %.3f", Nb201Space.OPS.get(op), weights[e][op]));
            }
            out.append('\n');
        }
        return out.toString();
    }
}
