package io.sparknas.evaluation.darts;

import io.sparknas.population.Genome;
import io.sparknas.population.space.Nb201Space;

import java.util.List;

/**
 * What a DARTS search found.
 *
 * @param alphas             final α, [6 edges][5 ops] ({@link Nb201Space#OPS} order)
 * @param argmaxGenome       the argmax rule's cell ({@link DartsSettings#argmaxIncludesNone} decides about none)
 * @param perturbationGenome the perturbation rule's cell
 * @param perturbation       what the perturbation rule measured
 * @param lossPerEpoch       mean training loss of the w steps, per epoch
 * @param alphaLossPerEpoch  mean loss of the α steps (held-out batches, before each α update), per epoch
 * @param weightsPerEpoch    softmax(α) after each epoch
 * @param seconds            wall time of the alternating training (without the selection)
 * @param steps              w steps (= α steps)
 * @param network            the trained search network (its w), e.g. to score mixtures or sub-networks
 */
public record DartsResult(double[][] alphas, Genome argmaxGenome, Genome perturbationGenome,
                          DartsSelection.Perturbation perturbation, List<Double> lossPerEpoch,
                          List<Double> alphaLossPerEpoch, List<double[][]> weightsPerEpoch, double seconds, long steps,
                          DartsNetwork network) {

    /** softmax(α) per edge. */
    public double[][] weights() {
        return Alphas.softmax(alphas);
    }

    public String argmaxCell() {
        return new Nb201Space().decode(argmaxGenome).format();
    }

    public String perturbationCell() {
        return new Nb201Space().decode(perturbationGenome).format();
    }
}
