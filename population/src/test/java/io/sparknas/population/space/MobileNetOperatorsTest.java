package io.sparknas.population.space;

import io.sparknas.population.Genome;
import io.sparknas.population.operator.PointMutation;
import io.sparknas.population.operator.UniformCrossover;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The generic operators need nothing MobileNet-specific: every gene is an independent choice and
 * inactive slots are ordinary genes. A mutation that lands on an inactive gene gives a new genome
 * with the parent's canonical key; the search loop drops it as already evaluated (its cache is keyed
 * by canonical key), so such a mutation costs no evaluation, only a slot in the batch.
 */
class MobileNetOperatorsTest {
    private final MobileNetSpace space = MobileNetSpace.imagenet(1000);

    @Test
    void sampledMutatedAndCrossedGenomesAreValid() {
        Random rng = new Random(21);
        PointMutation mutation = new PointMutation(space);
        UniformCrossover crossover = new UniformCrossover();
        for (int i = 0; i < 2_000; i++) {
            Genome first = space.sample(rng);
            Genome second = space.sample(rng);
            int[] firstBefore = first.toArray();
            Genome mutant = mutation.apply(first, rng);
            Genome child = crossover.apply(first, second, rng);
            space.validate(mutant);
            space.validate(child);
            space.decode(child);
            assertEquals(1, differences(first, mutant));
            for (int gene = 0; gene < space.length(); gene++) {
                assertTrue(child.get(gene) == first.get(gene) || child.get(gene) == second.get(gene));
            }
            assertEquals(Genome.of(firstBefore), first, "operators never modify a parent");
        }
    }

    @Test
    void mutatingAnInactiveGeneKeepsTheKeyAndAnActiveOneChangesIt() {
        Random rng = new Random(22);
        PointMutation mutation = new PointMutation(space);
        int inactive = 0;
        int total = 20_000;
        for (int i = 0; i < total; i++) {
            Genome parent = space.sample(rng);
            Genome child = mutation.apply(parent, rng);
            int gene = changedGene(parent, child);
            if (space.isActive(parent, gene)) {
                assertNotEquals(space.canonicalKey(parent), space.canonicalKey(child));
            } else {
                inactive++;
                assertEquals(space.canonicalKey(parent), space.canonicalKey(child));
            }
        }
        // a uniform parent leaves 2 of its 8 block-slot genes per stage inactive on average (depth 3 of max 4)
        double share = (double) inactive / total;
        System.out.printf("mobilenet point mutations landing on an inactive gene: %.3f%n", share);
        assertEquals(0.8 * 0.25, share, 0.02);
    }

    private static int differences(Genome a, Genome b) {
        int count = 0;
        for (int gene = 0; gene < a.length(); gene++) {
            count += a.get(gene) != b.get(gene) ? 1 : 0;
        }
        return count;
    }

    private static int changedGene(Genome parent, Genome child) {
        for (int gene = 0; gene < parent.length(); gene++) {
            if (parent.get(gene) != child.get(gene)) {
                return gene;
            }
        }
        throw new AssertionError("mutation changed nothing");
    }
}
