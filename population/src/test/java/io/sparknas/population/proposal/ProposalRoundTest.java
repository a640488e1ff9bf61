package io.sparknas.population.proposal;

import io.sparknas.population.Genome;
import io.sparknas.population.Individual;
import io.sparknas.population.Objective;
import io.sparknas.population.SearchSpace;
import io.sparknas.population.SearchState;
import io.sparknas.population.space.Nb201Space;
import io.sparknas.population.strategy.Acquisition;
import io.sparknas.population.strategy.PredictorGuided;
import io.sparknas.population.strategy.RegularizedEvolution;
import io.sparknas.population.strategy.Surrogate;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProposalRoundTest {
    private static final SearchSpace SPACE = new Nb201Space();
    private static final Objective SCORE = Objective.maximize("score");

    /** Predicts the number of 3x3 convolutions, claiming a spread of 0.5 everywhere (a Thompson bonus has work). */
    private static final Surrogate.Fitted CONVS = genomes -> {
        double[] utilities = new double[genomes.size()];
        double[] spreads = new double[genomes.size()];
        for (int i = 0; i < utilities.length; i++) {
            for (int edge = 0; edge < 6; edge++) {
                utilities[i] += genomes.get(i).get(edge) == 3 ? 1 : 0;
            }
            spreads[i] = 0.5;
        }
        return new Surrogate.Predictions(utilities, spreads);
    };

    private static ProposalRound round(long count, int keep, Set<String> evaluated, Breeder breeder) {
        return new ProposalRound(7, 3, count, 0.25, keep, ProposalRound.partitionsFor(count), 100, SPACE, breeder,
                evaluated, CONVS, Acquisition.THOMPSON, 1.0);
    }

    @Test
    void theRoundsBestAreTheBestOfEveryProposalItScored() {
        Set<String> evaluated = Set.of(SPACE.canonicalKey(Genome.of(3, 3, 3, 3, 3, 3)));
        ProposalRound top = round(250_000, 20, evaluated, SPACE::sample);
        assertEquals(3, top.partitions());
        // keep every proposal: the partitions' scores are the same draws, so the top 20 of all is the answer
        ProposalRound all = new ProposalRound(7, 3, 250_000, 0.25, Integer.MAX_VALUE, 3, 100, SPACE, SPACE::sample,
                evaluated, CONVS, Acquisition.THOMPSON, 1.0);
        List<Proposal> every = new ArrayList<>();
        for (int p = 0; p < 3; p++) {
            every.addAll(all.partition(p));
        }
        List<Proposal> expected = ProposalRound.merge(every, 20);
        List<Proposal> got = Proposing.local().propose(top);
        assertEquals(expected, got);
        assertEquals(20, got.size());
        assertEquals(20, got.stream().map(Proposal::key).distinct().count());
        assertTrue(got.stream().noneMatch(p -> evaluated.contains(p.key())), "an evaluated cell came back");
        assertTrue(got.stream().allMatch(p -> p.key().equals(SPACE.canonicalKey(p.genome()))));
        for (int i = 1; i < got.size(); i++) {
            assertTrue(got.get(i - 1).score() >= got.get(i).score());
        }
        // 15,625 cells, 250,000 draws: nearly all of the space was seen, and the Thompson draws reach past 6 convs
        assertTrue(got.get(0).score() > 6, "best score " + got.get(0).score());
    }

    @Test
    void theSameRoundProposesTheSameInAnyPartitionOrderAndAnotherRoundDoesNot() {
        ProposalRound round = round(30_000, 10, Set.of(), SPACE::sample);
        List<Proposal> forward = Proposing.local().propose(round);
        List<Proposal> tops = new ArrayList<>();
        for (int p = round.partitions() - 1; p >= 0; p--) {
            tops.addAll(round.partition(p));
        }
        Collections.shuffle(tops, new java.util.Random(1));
        assertEquals(forward, ProposalRound.merge(tops, 10));
        ProposalRound next = new ProposalRound(7, 4, 30_000, 0.25, 10, 1, 100, SPACE, SPACE::sample, Set.of(), CONVS,
                Acquisition.THOMPSON, 1.0);
        assertNotEquals(forward.stream().map(Proposal::key).toList(),
                Proposing.local().propose(next).stream().map(Proposal::key).toList());
    }

    @Test
    void partitionsAreAFunctionOfTheCountAloneAndShareItExactly() {
        assertEquals(1, ProposalRound.partitionsFor(1));
        assertEquals(1, ProposalRound.partitionsFor(100_000));
        assertEquals(2, ProposalRound.partitionsFor(100_001));
        assertEquals(10, ProposalRound.partitionsFor(1_000_000));
        assertEquals(100, ProposalRound.partitionsFor(10_000_000));
        ProposalRound round = round(1_000_003, 1, Set.of(), SPACE::sample);
        long total = 0;
        for (int p = 0; p < round.partitions(); p++) {
            total += round.share(p);
        }
        assertEquals(1_000_003, total);
    }

    @Test
    void predictorGuidedAsksTheRoundsBestAndCountsWhatItScored() {
        RegularizedEvolution inner = new RegularizedEvolution(SPACE, SCORE, 10, 3);
        PredictorGuided.Settings settings = new PredictorGuided.Settings(1000, 200, 10, 0.0, Acquisition.UCB, 5, 1.0, 0);
        List<ProposalRound> rounds = new ArrayList<>();
        Proposing recording = round -> {
            rounds.add(round);
            return Proposing.local().propose(round);
        };
        Surrogate convs = (evaluated, objective, seed) -> CONVS;
        PredictorGuided guided = new PredictorGuided(inner, SPACE, SCORE, convs, settings, recording);
        SearchState state = guided.start(5);
        Set<String> told = new HashSet<>();
        for (int generation = 0; generation < 6; generation++) {
            List<Genome> asked = guided.ask(state, 4);
            assertEquals(4, asked.size());
            for (Genome genome : asked) {
                assertTrue(told.add(SPACE.canonicalKey(genome)) || generation < 3, "asked an evaluated cell again");
            }
            int g = state.getGeneration();
            guided.tell(state, asked.stream().map(x -> new Individual(x, SPACE.format(x), SPACE.canonicalKey(x),
                    Map.of("score", convs(x)), g)).toList());
        }
        assertFalse(rounds.isEmpty());
        assertEquals(4 * 1200L * rounds.size(), state.counter(PredictorGuided.PROPOSALS));
        ProposalRound last = rounds.get(rounds.size() - 1);
        assertEquals(4 * 1200L, last.count());
        assertEquals(200 / 1200.0, last.randomShare(), 1e-12);
        // with the surrogate's ranking and 4,800 proposals a generation, the asks are all-convolution cells
        assertTrue(state.getHistory().stream().filter(i -> i.generation() >= 3)
                .allMatch(i -> i.metrics().get("score") >= 5), "late asks were not the surrogate's best");
    }

    private static double convs(Genome genome) {
        double n = 0;
        for (int edge = 0; edge < 6; edge++) {
            n += genome.get(edge) == 3 ? 1 : 0;
        }
        return n;
    }
}
