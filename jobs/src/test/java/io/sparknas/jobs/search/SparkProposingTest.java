package io.sparknas.jobs.search;

import io.sparknas.jobs.testing.LocalSpark;
import io.sparknas.population.CheckpointableRandom;
import io.sparknas.population.Genome;
import io.sparknas.population.Individual;
import io.sparknas.population.Objective;
import io.sparknas.population.SearchSpace;
import io.sparknas.population.SearchState;
import io.sparknas.population.proposal.Proposal;
import io.sparknas.population.proposal.ProposalRound;
import io.sparknas.population.proposal.Proposing;
import io.sparknas.population.space.MobileNetSpace;
import io.sparknas.population.space.Nb201Space;
import io.sparknas.population.strategy.Acquisition;
import io.sparknas.population.strategy.Nsga2;
import io.sparknas.population.strategy.RegularizedEvolution;
import io.sparknas.population.strategy.Surrogate;
import io.sparknas.predictor.Nb201Predictors;
import io.sparknas.predictor.PredictorKinds;
import io.sparknas.predictor.xgboost.XgboostSettings;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SparkProposingTest extends LocalSpark {
    private static final Objective ACC = Objective.maximize("acc");

    /** {@code n} sampled individuals with a value that rewards 3x3 convolutions (NB201) or deep stages (macro). */
    private static List<Individual> history(SearchSpace space, int n, long seed) {
        CheckpointableRandom rng = CheckpointableRandom.seeded(seed);
        List<Individual> told = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Genome genome = space.sample(rng);
            double value = 0;
            for (int gene = 0; gene < genome.length(); gene++) {
                value += genome.get(gene) == space.choices(gene) - 1 ? 1 : 0;
            }
            told.add(new Individual(genome, space.format(genome), space.canonicalKey(genome),
                    Map.of("acc", value + 0.1 * rng.nextGaussian()), 0));
        }
        return told;
    }

    private static void executorsAgreeWithTheDriver(SearchSpace space, Surrogate surrogate, Acquisition acquisition) {
        List<Individual> told = history(space, 40, 3);
        RegularizedEvolution inner = new RegularizedEvolution(space, ACC, 20, 5);
        SearchState state = inner.start(9);
        inner.tell(state, told);
        Set<String> evaluated = new HashSet<>();
        told.forEach(i -> evaluated.add(i.canonicalKey()));
        Surrogate.Fitted fitted = surrogate.fit(told, ACC, 5);
        ProposalRound round = new ProposalRound(9, 2, 30_000, 0.3, 12, 3, 1000, space,
                inner.breeder(state).orElseThrow(), evaluated, fitted.local(), acquisition, 1.0);

        List<Proposal> onExecutors = new SparkProposing(spark()).propose(round);
        List<Proposal> onDriver = Proposing.local().propose(round);
        assertEquals(onDriver, onExecutors);
        assertEquals(12, onExecutors.size());
        assertTrue(onExecutors.stream().noneMatch(p -> evaluated.contains(p.key())));
        for (int i = 1; i < onExecutors.size(); i++) {
            assertTrue(onExecutors.get(i - 1).score() >= onExecutors.get(i).score(), "best first");
        }
        if (acquisition == Acquisition.UCB) { // a score is the fitted surrogate's own: mean plus one spread
            List<Genome> asked = onExecutors.stream().map(Proposal::genome).toList();
            Surrogate.Predictions predicted = fitted.predict(asked);
            for (int i = 0; i < asked.size(); i++) {
                assertEquals(space.canonicalKey(asked.get(i)), onExecutors.get(i).key());
                assertEquals(predicted.utilities()[i] + predicted.spreads()[i], onExecutors.get(i).score(), 1e-6);
            }
        }
    }

    @Test
    void nb201ProposalsOnTheExecutorsAreTheDriversWithAnXgboostEnsemble() {
        Nb201Space space = new Nb201Space();
        executorsAgreeWithTheDriver(space, new PredictorSurrogate(space, Nb201Predictors.xgboostEnsemble(),
                PredictorSurrogate.onDriver()), Acquisition.UCB);
    }

    @Test
    void macroProposalsOnTheExecutorsAreTheDriversWithAnXgboostEnsemble() {
        MobileNetSpace space = MobileNetSpace.cifar(10);
        executorsAgreeWithTheDriver(space, new PredictorSurrogate(space,
                PredictorKinds.byKind(space, "xgboost-ensemble", XgboostSettings.DEFAULTS), PredictorSurrogate.onDriver()),
                Acquisition.THOMPSON);
    }

    @Test
    void nsga2ParentsBreedOnTheExecutorsAsOnTheDriver() {
        Nb201Space space = new Nb201Space();
        Nsga2 nsga2 = new Nsga2(space, List.of(ACC, Objective.minimize("params")), List.of(), 10);
        SearchState state = nsga2.start(2);
        List<Individual> told = history(space, 30, 8).stream().map(i -> new Individual(i.genome(), i.arch(),
                i.canonicalKey(), Map.of("acc", i.metrics().get("acc"), "params", (double) i.genome().get(0)), 0)).toList();
        nsga2.tell(state, told);
        Surrogate.Fitted fitted = new PredictorSurrogate(space, Nb201Predictors.xgboostEnsemble(),
                PredictorSurrogate.onDriver()).fit(told, ACC, 1).local();
        ProposalRound round = new ProposalRound(2, 1, 20_001, 0, 5, 3, 1000, space,
                nsga2.breeder(state).orElseThrow(), Set.of(), fitted, Acquisition.UCB, 0.5);
        assertEquals(Proposing.local().propose(round), new SparkProposing(spark()).propose(round));
    }

    @Test
    void oneXgboostModelWithoutBonusStopsEarlyAndProposesWhatFullScoringProposes() {
        MobileNetSpace space = MobileNetSpace.cifar(10);
        List<Individual> told = history(space, 60, 6);
        RegularizedEvolution inner = new RegularizedEvolution(space, ACC, 20, 5);
        SearchState state = inner.start(1);
        inner.tell(state, told);
        Surrogate.Fitted bounded = new PredictorSurrogate(space, PredictorKinds.byKind(space, "xgboost",
                XgboostSettings.DEFAULTS), PredictorSurrogate.onDriver()).fit(told, ACC, 2).local();
        Surrogate.Fitted full = bounded::predict; // no early stop: the default utilitiesAbove
        Set<String> evaluated = new HashSet<>();
        told.forEach(i -> evaluated.add(i.canonicalKey()));
        ProposalRound fast = new ProposalRound(3, 4, 40_000, 0.5, 8, 2, 4096, space,
                inner.breeder(state).orElseThrow(), evaluated, bounded, Acquisition.UCB, 0);
        ProposalRound slow = new ProposalRound(3, 4, 40_000, 0.5, 8, 2, 4096, space,
                inner.breeder(state).orElseThrow(), evaluated, full, Acquisition.UCB, 0);
        List<Proposal> expected = Proposing.local().propose(slow);
        assertEquals(8, expected.size());
        List<Proposal> got = new SparkProposing(spark()).propose(fast);
        assertEquals(expected.stream().map(Proposal::key).toList(), got.stream().map(Proposal::key).toList());
        for (int i = 0; i < got.size(); i++) {
            assertEquals(expected.get(i).score(), got.get(i).score(), 1e-5);
        }
    }
}
