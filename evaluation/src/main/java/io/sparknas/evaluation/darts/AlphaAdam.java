package io.sparknas.evaluation.darts;

/**
 * Adam over α (as PyTorch's {@code torch.optim.Adam} with {@code weight_decay}: the L2 term {@code wd · α} is
 * added to the gradient before the moments; bias-corrected moments; ε = 1e-8). DARTS: lr 3e-4, betas (0.5, 0.999),
 * weight decay 1e-3. Kept apart from the network's updater so that α and w have their own optimisers and
 * learning rates.
 */
public final class AlphaAdam {
    private final double lr;
    private final double beta1;
    private final double beta2;
    private final double weightDecay;
    private final double epsilon = 1e-8;
    private final double[][] m;
    private final double[][] v;
    private int t;

    public AlphaAdam(double lr, double beta1, double beta2, double weightDecay) {
        if (!(lr > 0) || !(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1) || !(weightDecay >= 0)) {
            throw new IllegalArgumentException("alpha Adam needs lr > 0, betas in [0, 1) and weight decay >= 0, got "
                    + lr + ", " + beta1 + ", " + beta2 + ", " + weightDecay);
        }
        this.lr = lr;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.weightDecay = weightDecay;
        this.m = new double[Alphas.EDGES][Alphas.OPS];
        this.v = new double[Alphas.EDGES][Alphas.OPS];
    }

    /** Updates {@code alpha} in place with its gradient. */
    public void step(double[][] alpha, double[][] gradient) {
        t++;
        double c1 = 1 - Math.pow(beta1, t);
        double c2 = 1 - Math.pow(beta2, t);
        for (int e = 0; e < alpha.length; e++) {
            for (int op = 0; op < alpha[e].length; op++) {
                double g = gradient[e][op] + weightDecay * alpha[e][op];
                m[e][op] = beta1 * m[e][op] + (1 - beta1) * g;
                v[e][op] = beta2 * v[e][op] + (1 - beta2) * g * g;
                alpha[e][op] -= lr * (m[e][op] / c1) / (Math.sqrt(v[e][op] / c2) + epsilon);
            }
        }
    }

    public int steps() {
        return t;
    }
}
