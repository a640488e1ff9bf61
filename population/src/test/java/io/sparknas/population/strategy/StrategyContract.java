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
import java.util.function.BiFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every strategy must do, run by each implementation's test: valid genomes, same seed same
 * run, a checkpointed state that resumes bit for bit, and progress on a toy problem.
 *
 * <p>The toy problem gives every individual the metrics a single- or multi-objective strategy may
 * need: {@code score} (to maximise), {@code edges} (to minimise) and a params-like cost.
 */
public abstract class StrategyContract {
    protected static final SearchSpace SPACE = new Nb201Space();
    /** Toy objective with a known optimum: the number of edges equal to nor_conv_3x3 (max 6). */
    protected static final Objective SCORE = Objective.maximize("score");
    /** Toy cost objective: the number of edges that are not none (min 0). */
    protected static final Objective EDGES = Objective.minimize("edges");
    /** Toy parameter count, shaped like NB201's: a 3x3 conv edge costs 9, a 1x1 conv edge 1, the rest 0. */
    protected static final String PARAMS = "params";

    protected abstract SearchStrategy strategy();

    protected static Individual evaluate(Genome genome, int generation) {
        double score = 0;
        double edges = 0;
        for (int edge = 0; edge < genome.length(); edge++) {
            score += genome.get(edge) == 3 ? 1 : 0;
            edges += genome.get(edge) != Nb201Space.NONE ? 1 : 0;
        }
        Map<String, Double> metrics = Map.of("score", score, "edges", edges, PARAMS, toyParams(genome));
        return new Individual(genome, SPACE.format(genome), SPACE.canonicalKey(genome), metrics, generation);
    }

    protected static double toyParams(Genome genome) {
        double params = 0;
        for (int edge = 0; edge < genome.length(); edge++) {
            params += genome.get(edge) == 3 ? 9 : genome.get(edge) == 2 ? 1 : 0;
        }
        return params;
    }

    /**
     * Spends exactly {@code budget} evaluations in asks of at most {@code batch}, scoring each genome
     * with {@code evaluate(genome, generation)}; returns every individual told, in order.
     */
    static List<Individual> runBudget(SearchStrategy strategy, SearchState state, int budget, int batch,
                                      BiFunction<Genome, Integer, Individual> evaluate) {
        List<Individual> told = new ArrayList<>();
        while (told.size() < budget) {
            int generation = state.getGeneration();
            List<Individual> evaluated = strategy.ask(state, Math.min(batch, budget - told.size())).stream()
                    .map(g -> evaluate.apply(g, generation)).toList();
            strategy.tell(state, evaluated);
            told.addAll(evaluated);
        }
        return told;
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

    /**
     * A breeder (when the strategy has one) leaves the state as it was, breeds valid genomes, and
     * survives Java serialization (what shipping it to an executor does) breeding the same children
     * from the same seed.
     */
    @Test
    void aBreederFreezesTheStateAndTravelsToExecutors() throws Exception {
        SearchState state = strategy().start(4);
        run(strategy(), state, 6, 5);
        String before = state.toJson();
        var breeder = strategy().breeder(state);
        assertEquals(before, state.toJson(), "breeder() changed the state");
        if (breeder.isEmpty()) {
            return;
        }
        var bytes = new java.io.ByteArrayOutputStream();
        try (var out = new java.io.ObjectOutputStream(bytes)) {
            out.writeObject(breeder.get());
        }
        io.sparknas.population.proposal.Breeder shipped;
        try (var in = new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
            shipped = (io.sparknas.population.proposal.Breeder) in.readObject();
        }
        java.util.Random here = new java.util.Random(9);
        java.util.Random there = new java.util.Random(9);
        for (int i = 0; i < 50; i++) {
            Genome child = breeder.get().breed(here);
            SPACE.validate(child);
            assertEquals(child, shipped.breed(there));
        }
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
    void everyGenerationSurvivesAJsonRoundTrip() {
        // the loop commits the state after every generation: nothing may live outside it
        SearchState uninterrupted = strategy().start(11);
        List<Genome> expected = run(strategy(), uninterrupted, 12, 4);
        SearchState state = strategy().start(11);
        List<Genome> resumed = new ArrayList<>();
        for (int g = 0; g < 12; g++) {
            state = SearchState.fromJson(state.toJson());
            resumed.addAll(run(strategy(), state, 1, 4));
        }
        assertEquals(expected, resumed);
        assertEquals(uninterrupted.toJson(), state.toJson());
    }

    @Test
    void toleratesEmptyAsksAndTellsThatLeaveFailuresOut() {
        SearchState state = strategy().start(4);
        assertEquals(List.of(), strategy().ask(state, 0));
        strategy().tell(state, List.of()); // every evaluation of a generation failed
        assertEquals(1, state.getGeneration());
        for (int g = 0; g < 8; g++) {
            List<Genome> genomes = strategy().ask(state, 1 + g % 3);
            int generation = state.getGeneration();
            List<Individual> survivors = new ArrayList<>();
            for (int i = 0; i < genomes.size(); i += 2) {
                survivors.add(evaluate(genomes.get(i), generation));
            }
            strategy().tell(state, survivors);
        }
        assertEquals(9, state.getGeneration());
        strategy().ask(state, 5).forEach(SPACE::validate);
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
