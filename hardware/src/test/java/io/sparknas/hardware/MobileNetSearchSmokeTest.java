package io.sparknas.hardware;

import io.sparknas.population.Genome;
import io.sparknas.population.Individual;
import io.sparknas.population.Objective;
import io.sparknas.population.SearchState;
import io.sparknas.population.SearchStrategy;
import io.sparknas.population.pareto.Hypervolume;
import io.sparknas.population.space.MobileNetArchitecture;
import io.sparknas.population.space.MobileNetBlock;
import io.sparknas.population.space.MobileNetSpace;
import io.sparknas.population.space.MobileNetStage;
import io.sparknas.population.strategy.Nsga2;
import io.sparknas.population.strategy.RandomSearch;
import io.sparknas.population.strategy.RegularizedEvolution;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The existing strategies search {@link MobileNetSpace} through plain ask/tell, with a toy
 * objective: a {@code score} that rewards big blocks in late stages (to maximise) against the
 * analytic {@code flops} (to minimise). Lives in hardware because the FLOPs come from {@link MobileNetCosts}.
 */
class MobileNetSearchSmokeTest {
    private static final MobileNetSpace SPACE = MobileNetSpace.cifar(10);
    private static final Objective SCORE = Objective.maximize("score");
    private static final Objective FLOPS = Objective.minimize("flops");
    /** Score 0 and more FLOPs than the largest network of the space. */
    private static final Map<String, Double> REFERENCE = Map.of("score", 0.0, "flops", 2e9);

    private static SearchStrategy evolution() {
        return new RegularizedEvolution(SPACE, SCORE, 20, 5);
    }

    private static SearchStrategy nsga2() {
        return new Nsga2(SPACE, List.of(SCORE, FLOPS), List.of(), 20);
    }

    /** Each active block adds (stage number) · kernel · expansion / 42: at most 60 for d4, k7, e6 everywhere. */
    static double score(MobileNetArchitecture network) {
        double score = 0;
        for (MobileNetStage stage : network.stages()) {
            for (MobileNetBlock block : stage.blocks()) {
                score += (stage.index() + 1) * block.kernel() * block.expansion() / 42.0;
            }
        }
        return score;
    }

    private static Individual evaluate(Genome genome, int generation) {
        MobileNetArchitecture network = SPACE.decode(genome);
        Map<String, Double> metrics = Map.of("score", score(network), "flops", MobileNetCosts.flops(network));
        return new Individual(genome, network.format(), network.canonicalKey(), metrics, generation);
    }

    private static List<Individual> run(SearchStrategy strategy, SearchState state, int generations, int batch) {
        List<Individual> told = new ArrayList<>();
        for (int g = 0; g < generations; g++) {
            int generation = state.getGeneration();
            List<Genome> asked = strategy.ask(state, batch);
            assertEquals(batch, asked.size());
            asked.forEach(SPACE::validate);
            List<Individual> evaluated = asked.stream().map(genome -> evaluate(genome, generation)).toList();
            strategy.tell(state, evaluated);
            told.addAll(evaluated);
        }
        return told;
    }

    @Test
    void bothStrategiesAreDeterministicPerSeedAndResumeFromJson() {
        for (SearchStrategy strategy : List.of(evolution(), nsga2())) {
            List<Individual> first = run(strategy, strategy.start(42), 8, 10);
            List<Individual> again = run(strategy, strategy.start(42), 8, 10);
            List<Individual> other = run(strategy, strategy.start(43), 8, 10);
            assertEquals(first, again, strategy.name());
            assertNotEquals(first, other, strategy.name());

            SearchState interrupted = strategy.start(42);
            List<Individual> resumed = new ArrayList<>(run(strategy, interrupted, 4, 10));
            resumed.addAll(run(strategy, SearchState.fromJson(interrupted.toJson()), 4, 10));
            assertEquals(first, resumed, strategy.name());
        }
    }

    @Test
    void evolutionOutscoresRandomSearchOnTheToyScore() {
        int wins = 0;
        double[] evolutionBest = new double[10];
        double[] randomBest = new double[10];
        for (int seed = 0; seed < 10; seed++) {
            SearchState evolution = evolution().start(seed);
            run(evolution(), evolution, 30, 10);
            RandomSearch random = new RandomSearch(SPACE, SCORE);
            SearchState sampled = random.start(seed);
            run(random, sampled, 30, 10);
            evolutionBest[seed] = evolution.getBest().metrics().get("score");
            randomBest[seed] = sampled.getBest().metrics().get("score");
            wins += evolutionBest[seed] > randomBest[seed] ? 1 : 0;
        }
        String summary = String.format("best score of 300 evaluations (max 60): evolution %s, random %s",
                rounded(evolutionBest), rounded(randomBest));
        System.out.println("mobilenet " + summary);
        assertTrue(wins >= 9, summary);
    }

    private static String rounded(double[] values) {
        return Arrays.toString(Arrays.stream(values).map(v -> Math.round(v * 10) / 10.0).toArray());
    }

    @Test
    void nsga2ImprovesTheScoreVersusFlopsFront() {
        int wins = 0;
        StringBuilder summary = new StringBuilder("hypervolume after 300 evaluations, nsga2 vs random:");
        for (int seed = 0; seed < 10; seed++) {
            SearchStrategy nsga = nsga2();
            SearchState state = nsga.start(seed);
            run(nsga, state, 30, 10);
            RandomSearch random = new RandomSearch(SPACE, SCORE);
            List<Individual> sampled = run(random, random.start(seed), 30, 10);
            double nsgaVolume = Hypervolume.of(state.getPopulation(), List.of(SCORE, FLOPS), REFERENCE);
            double randomVolume = Hypervolume.of(sampled, List.of(SCORE, FLOPS), REFERENCE);
            summary.append(String.format(" %.3g/%.3g", nsgaVolume, randomVolume));
            wins += nsgaVolume > randomVolume ? 1 : 0;
        }
        System.out.println("mobilenet " + summary);
        assertTrue(wins >= 8, summary.toString());
    }
}
