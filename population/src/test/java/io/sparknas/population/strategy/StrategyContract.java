package io.sparknas.population.strategy;

import io.sparknas.population.Genome;
import io.sparknas.population.Individual;
import io.sparknas.population.Objective;
import io.sparknas.population.SearchSpace;
import io.sparknas.population.SearchState;
import io.sparknas.population.SearchStrategy;
import io.sparknas.population.space.Nb201Space;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every strategy must do, run by each implementation's test: valid genomes, same seed same
 * run, a checkpointed state that resumes bit for bit, and progress on a toy problem.
 */
public abstract class StrategyContract {
    protected static final SearchSpace SPACE = new Nb201Space();
    /** Toy objective with a known optimum: the number of edges equal to nor_conv_3x3 (max 6). */
    protected static final Objective SCORE = Objective.maximize("score");

    protected abstract SearchStrategy strategy();

    protected static Individual evaluate(Genome genome, int generation) {
        double score = 0;
        for (int edge = 0; edge < genome.length(); edge++) {
            score += genome.get(edge) == 3 ? 1 : 0;
        }
        return new Individual(genome, SPACE.format(genome), SPACE.canonicalKey(genome), Map.of("score", score), generation);
    }

    /** Runs {@code generations} ask/tell rounds of {@code batch}, returning every genome asked in order. */
    protected static List<Genome> run(SearchStrategy strategy, SearchState state, int generations, int batch) {
        List<Genome> asked = new ArrayList<>();
        for (int g = 0; g < generations; g++) {
            List<Genome> genomes = strategy.ask(state, batch);
            asked.addAll(genomes);
            int generation = state.getGeneration();
            strategy.tell(state, genomes.stream().map(x -> evaluate(x, generation)).toList());
        }
        return asked;
    }

    @Test
    void asksForValidGenomesOfTheRequestedCount() {
        SearchState state = strategy().start(1);
        for (int g = 0; g < 5; g++) {
            List<Genome> genomes = strategy().ask(state, 7);
            assertEquals(7, genomes.size());
            genomes.forEach(SPACE::validate);
            int generation = state.getGeneration();
            strategy().tell(state, genomes.stream().map(x -> evaluate(x, generation)).toList());
            assertEquals(g + 1, state.getGeneration());
        }
    }

    @Test
    void sameSeedGivesTheSameRunAndAnotherSeedAnotherRun() {
        List<Genome> first = run(strategy(), strategy().start(42), 30, 4);
        List<Genome> again = run(strategy(), strategy().start(42), 30, 4);
        List<Genome> other = run(strategy(), strategy().start(43), 30, 4);
        assertEquals(first, again);
        assertNotEquals(first, other);
    }

    @Test
    void aCheckpointedStateResumesBitForBit() {
        SearchState uninterrupted = strategy().start(9);
        List<Genome> expected = run(strategy(), uninterrupted, 20, 3);

        SearchState firstHalf = strategy().start(9);
        List<Genome> resumed = new ArrayList<>(run(strategy(), firstHalf, 10, 3));
        SearchState restored = SearchState.fromJson(firstHalf.toJson());
        resumed.addAll(run(strategy(), restored, 10, 3));

        assertEquals(expected, resumed);
        assertEquals(uninterrupted.toJson(), restored.toJson());
    }

    @Test
    void tracksTheBestIndividualItWasTold() {
        SearchState state = strategy().start(3);
        List<Genome> asked = run(strategy(), state, 10, 5);
        double bestAsked = asked.stream().mapToDouble(g -> evaluate(g, 0).metrics().get("score")).max().orElseThrow();
        assertEquals(bestAsked, state.getBest().metrics().get("score"));
        assertTrue(asked.contains(state.getBest().genome()));
    }
}
