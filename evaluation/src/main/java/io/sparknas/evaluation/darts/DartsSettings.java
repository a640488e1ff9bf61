package io.sparknas.evaluation.darts;

import java.io.Serializable;

/**
 * How a first-order DARTS search runs, besides the network-weight recipe ({@code TrainingRecipe}, the
 * {@code dl4j-train} one: optimiser, lr, cosine, epochs, batch, weight decay, seed).
 *
 * @param stemChannels       C of the NB201 skeleton (cells at C, 2C, 4C)
 * @param cellsPerStage      N of the skeleton
 * @param alphaLearningRate  Adam lr of α (DARTS: 3e-4)
 * @param alphaBeta1         Adam β1 of α (DARTS: 0.5)
 * @param alphaBeta2         Adam β2 of α (DARTS: 0.999)
 * @param alphaWeightDecay   L2 on α added to its gradient (DARTS: 1e-3)
 * @param alphaFraction      share of the training images held out for the α steps and the perturbation
 *                           selection (DARTS: half); the network weights never train on them
 * @param partialChannels    PC-DARTS' K: 1/K of each edge's channels go through its mixed op (1 = plain DARTS)
 * @param argmaxIncludesNone whether the argmax rule may pick {@code none} (NAS-Bench-201's DARTS does; the
 *                           original DARTS, on its own space, does not)
 * @param perturbationImages held-out images the perturbation rule scores each perturbed network on (0 = all)
 * @param calibrationBatches training batches (of the w part) on which the perturbation rule recalibrates BN
 *                           running statistics for each mixture it scores (0 = keep the search's statistics)
 */
public record DartsSettings(int stemChannels, int cellsPerStage, double alphaLearningRate, double alphaBeta1,
                            double alphaBeta2, double alphaWeightDecay, double alphaFraction, int partialChannels,
                            boolean argmaxIncludesNone, int perturbationImages, int calibrationBatches)
        implements Serializable {

    public DartsSettings {
        if (stemChannels <= 0 || cellsPerStage <= 0) {
            throw new IllegalArgumentException("stem channels and cells per stage must be positive, got " + stemChannels
                    + " and " + cellsPerStage);
        }
        if (!(alphaFraction > 0 && alphaFraction < 1)) {
            throw new IllegalArgumentException("alpha fraction must be in (0, 1), got " + alphaFraction);
        }
        if (partialChannels < 1 || stemChannels % partialChannels != 0) {
            throw new IllegalArgumentException("partial channels K must be >= 1 and divide the stem channels " + stemChannels
                    + ", got " + partialChannels);
        }
        if (perturbationImages < 0) {
            throw new IllegalArgumentException("perturbation images must be >= 0 (0 = all), got " + perturbationImages);
        }
        if (calibrationBatches < 0) {
            throw new IllegalArgumentException("calibration batches must be >= 0, got " + calibrationBatches);
        }
        new AlphaAdam(alphaLearningRate, alphaBeta1, alphaBeta2, alphaWeightDecay); // validates the optimiser settings
    }

    /** DARTS' α optimiser and split, plain DARTS (K = 1), argmax over all five ops, every held-out image, 4 BN calibration batches. */
    public static DartsSettings defaults(int stemChannels, int cellsPerStage) {
        return new DartsSettings(stemChannels, cellsPerStage, 3e-4, 0.5, 0.999, 1e-3, 0.5, 1, true, 0, 4);
    }

    public DartsSettings withPartialChannels(int k) {
        return new DartsSettings(stemChannels, cellsPerStage, alphaLearningRate, alphaBeta1, alphaBeta2, alphaWeightDecay,
                alphaFraction, k, argmaxIncludesNone, perturbationImages, calibrationBatches);
    }

    public DartsSettings withAlphaLearningRate(double lr) {
        return new DartsSettings(stemChannels, cellsPerStage, lr, alphaBeta1, alphaBeta2, alphaWeightDecay,
                alphaFraction, partialChannels, argmaxIncludesNone, perturbationImages, calibrationBatches);
    }

    public DartsSettings withArgmaxIncludesNone(boolean include) {
        return new DartsSettings(stemChannels, cellsPerStage, alphaLearningRate, alphaBeta1, alphaBeta2, alphaWeightDecay,
                alphaFraction, partialChannels, include, perturbationImages, calibrationBatches);
    }

    public DartsSettings withPerturbationImages(int images) {
        return new DartsSettings(stemChannels, cellsPerStage, alphaLearningRate, alphaBeta1, alphaBeta2, alphaWeightDecay,
                alphaFraction, partialChannels, argmaxIncludesNone, images, calibrationBatches);
    }

    public DartsSettings withCalibrationBatches(int batches) {
        return new DartsSettings(stemChannels, cellsPerStage, alphaLearningRate, alphaBeta1, alphaBeta2, alphaWeightDecay,
                alphaFraction, partialChannels, argmaxIncludesNone, perturbationImages, batches);
    }
}
