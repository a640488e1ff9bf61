package io.sparknas.population.strategy;

import io.sparknas.population.Genome;
import io.sparknas.population.SearchState;
import io.sparknas.population.SearchStrategy;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RegularizedEvolutionTest extends StrategyContract {
    @Override
    protected SearchStrategy strategy() {
        return new RegularizedEvolution(SPACE, SCORE, 10, 3);
    }

    @Test
    void findsTheToyOptimumThatRandomSearchMisses() {
        int solvedByEvolution = 0;
        int solvedByRandom = 0;
        for (long seed = 0; seed < 20; seed++) {
            SearchState evolution = strategy().start(seed);
            run(strategy(), evolution, 300, 1);
            solvedByEvolution += evolution.getBest().metrics().get("score") == 6.0 ? 1 : 0;
            SearchState random = new RandomSearch(SPACE, SCORE).start(seed);
            run(new RandomSearch(SPACE, SCORE), random, 300, 1);
            solvedByRandom += random.getBest().metrics().get("score") == 6.0 ? 1 : 0;
        }
        // one optimum in 15,625 cells: 300 random draws find it about 2% of the time
        assertTrue(solvedByEvolution >= 12, "evolution solved " + solvedByEvolution + "/20");
        assertTrue(solvedByRandom <= 2, "random solved " + solvedByRandom + "/20");
    }

    @Test
    void keepsAFixedSizePopulationAndRemovesTheOldest() {
        SearchState state = strategy().start(5);
        run(strategy(), state, 3, 4); // 12 told, population of 10
        assertEquals(10, state.getPopulation().size());
        assertEquals(0, state.getPopulation().get(0).generation(), "two of generation 0 died, two remain");
        assertEquals(2, state.getPopulation().stream().filter(i -> i.generation() == 0).count());
        List<Genome> children = strategy().ask(state, 5);
        assertEquals(5, children.size());
    }

    @Test
    void rejectsImpossibleSettings() {
        assertThrows(IllegalArgumentException.class, () -> new RegularizedEvolution(SPACE, SCORE, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new RegularizedEvolution(SPACE, SCORE, 5, 6));
    }
}
