package io.sparknas.predictor.features;

import io.sparknas.population.Architecture;
import io.sparknas.population.CheckpointableRandom;
import io.sparknas.population.Genome;
import io.sparknas.population.space.Nb201Cell;
import io.sparknas.population.space.Nb201Space;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Labels that cost nothing to compute: the analytic log-params and log-FLOPs of NB201 cells that
 * were never trained. FBNetV3-style pretraining fits them first, so the network arrives at the
 * accuracy task already knowing which cells are big.
 */
public final class Nb201FreeLabels {
    private static final Nb201Space SPACE = new Nb201Space();
    private static final CostFeatures COSTS = CostFeatures.cifar10();

    private Nb201FreeLabels() {
    }

    /**
     * {@code count} distinct cells drawn by {@code seed} from the whole space, none functionally
     * equal to a training cell (same canonical key), so no accuracy-labelled cell is seen twice.
     */
    public static List<Architecture> untrainedCells(List<? extends Architecture> trained, int count, long seed) {
        Set<String> excluded = new HashSet<>();
        trained.forEach(cell -> excluded.add(cell.canonicalKey()));
        List<Architecture> candidates = new ArrayList<>();
        int ops = Nb201Space.OPS.size();
        int total = (int) Math.pow(ops, Nb201Features.EDGES);
        for (int code = 0; code < total; code++) {
            int[] choices = new int[Nb201Features.EDGES];
            int rest = code;
            for (int edge = 0; edge < choices.length; edge++) {
                choices[edge] = rest % ops;
                rest /= ops;
            }
            Nb201Cell cell = SPACE.decode(Genome.of(choices));
            if (!excluded.contains(cell.canonicalKey())) {
                candidates.add(cell);
            }
        }
        if (candidates.size() < count) {
            throw new IllegalArgumentException("pretraining wants " + count + " untrained NB201 cells, only "
                    + candidates.size() + " of " + total + " are not functionally equal to a training cell");
        }
        Collections.shuffle(candidates, CheckpointableRandom.seeded(seed));
        return List.copyOf(candidates.subList(0, count));
    }

    /**
     * {@code [cell][log10 params, log10 FLOPs]} of the cell's functional equivalent: the network
     * reads live-edge features, and a dead convolution's parameters (counted in the raw cell) are
     * invisible to it, which capped the pretraining fit at Spearman ≈ 0.89.
     */
    public static double[][] labels(List<? extends Architecture> cells) {
        double[][] out = new double[cells.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = COSTS.features(Nb201LiveEdges.live(cells.get(i)));
        }
        return out;
    }
}
