package io.sparknas.population.operator;

import io.sparknas.population.Genome;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UniformCrossoverTest {
    private final Genome zeros = Genome.of(0, 0, 0, 0, 0, 0);
    private final Genome fours = Genome.of(4, 4, 4, 4, 4, 4);

    @Test
    void everyGeneComesFromOneParentAboutHalfFromEach() {
        UniformCrossover crossover = new UniformCrossover();
        Random rng = new Random(12);
        int fromSecond = 0;
        int trials = 10_000;
        for (int i = 0; i < trials; i++) {
            Genome child = crossover.apply(zeros, fours, rng);
            for (int gene = 0; gene < child.length(); gene++) {
                assertTrue(child.get(gene) == 0 || child.get(gene) == 4);
                fromSecond += child.get(gene) == 4 ? 1 : 0;
            }
        }
        assertEquals(0.5, fromSecond / (6.0 * trials), 0.01);
        assertEquals(Genome.of(0, 0, 0, 0, 0, 0), zeros, "parents are never modified");
        assertEquals(Genome.of(4, 4, 4, 4, 4, 4), fours);
    }

    @Test
    void theMixingRatioSetsTheShareOfTheSecondParent() {
        UniformCrossover crossover = new UniformCrossover(0.2);
        Random rng = new Random(3);
        int fromSecond = 0;
        for (int i = 0; i < 10_000; i++) {
            Genome child = crossover.apply(zeros, fours, rng);
            for (int gene = 0; gene < 6; gene++) {
                fromSecond += child.get(gene) == 4 ? 1 : 0;
            }
        }
        assertEquals(0.2, fromSecond / 60_000.0, 0.01);
    }

    @Test
    void crossingAGenomeWithItselfGivesItBack() {
        Genome parent = Genome.of(1, 2, 3, 4, 0, 1);
        assertEquals(parent, new UniformCrossover().apply(parent, parent, new Random(1)));
    }

    @Test
    void rejectsBadSettingsAndMismatchedParents() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new UniformCrossover(1.0));
        assertTrue(e.getMessage().contains("mixing") && e.getMessage().contains("1.0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new UniformCrossover(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new UniformCrossover().apply(zeros, Genome.of(1, 2), new Random(1)));
    }
}
