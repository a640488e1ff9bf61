package io.sparknas.population.space;

import io.sparknas.population.Genome;

import java.util.ArrayList;
import java.util.List;

/** Small {@link MobileNetSpace}s whose every genome can be enumerated, for exhaustive checks. */
final class MobileNetSpaces {
    private MobileNetSpaces() {
    }

    /** Two stages on an 8×8 input, two choices per gene and nothing that collapses: 4,096 genomes. */
    static MobileNetSpace small() {
        return new MobileNetSpace(3, 8, 10, 8, 1, List.of(new StageSpec(16, 2), new StageSpec(24, 1)), 32,
                new MobileNetChoices(List.of(1, 2), List.of(1.0, 2.0), List.of(3, 5), List.of(3, 6)));
    }

    /**
     * One stage where different genes build the same network: width 8 at ×0.75 rounds up to 8 like
     * ×1.0, and on a 2×2 map a 5×5 depthwise kernel has only 3×3 weights that ever see the input.
     */
    static MobileNetSpace collapsing() {
        return new MobileNetSpace(3, 2, 10, 8, 1, List.of(new StageSpec(8, 1)), 16,
                new MobileNetChoices(List.of(1, 2), List.of(0.75, 1.0), List.of(3, 5), List.of(1, 2)));
    }

    static List<Genome> allGenomes(MobileNetSpace space) {
        List<Genome> all = new ArrayList<>();
        int[] genes = new int[space.length()];
        while (true) {
            all.add(Genome.of(genes));
            int gene = 0;
            while (gene < genes.length && ++genes[gene] == space.choices(gene)) {
                genes[gene++] = 0;
            }
            if (gene == genes.length) {
                return all;
            }
        }
    }
}
